/**
 * HubSpot and the network on a bad day: 5xx errors, added latency, connection resets, 423 locks and partial batch
 * failures (207 with per-record errors). Each time the full and the incremental sync end exactly as a clean run on
 * the same portfolio — at once, or the next night for what the run record lists as not done — nothing is written
 * twice, and the run records say what happened. See support/fault-scenario.ts for the story every scenario follows.
 */
import { recordScenario } from './record-scenario';
import { describeComparison } from './support/end-state';
import { cleanRunStates, type FaultWorld } from './support/fault-world';
import { PORTFOLIO, runFaultScenario, totalCalls, totalFailedCalls, type FaultScenario, type FaultScenarioOutcome } from './support/fault-scenario';

// Several sync runs against a live sandbox: generous on a shared, busy CI machine (no assertion is about time).
jest.setTimeout(180_000);

const worlds: FaultWorld[] = [];
afterAll(async () => {
  for (const w of worlds) await w.close();
});

const CRM = ['/crm/objects/2026-09', '/crm/associations/2026-09'];

async function scenario(name: string, checked: string, s: FaultScenario, opts: { allowFailedRun?: boolean } = {}): Promise<FaultScenarioOutcome> {
  const o = await runFaultScenario(s);
  worlds.push(o.world);
  recordScenario({
    suite: 'faults',
    scenario: name,
    checked,
    result: o.summary,
    passed: o.passed,
    counts: { faultsInjected: o.faultsInjected, losses: o.losses, duplicates: o.duplicates, doubleWrites: o.doubleWrites },
  });
  expect(o.full.unexplained).toEqual([]);
  expect(o.incremental.unexplained).toEqual([]);
  expect(o.world.writes.doubleWrites).toEqual([]);
  expect(o.audit).toMatchObject({ ok: true, repeated: 0 });
  for (const r of [o.full, o.incremental]) {
    expect(describeComparison(r.recovery?.comparison ?? r.comparison)).toBe('equal to the clean run');
    // The run record counts every attempt, retried ones included: exactly what HubSpot saw.
    expect(totalCalls(r.run)).toBe(r.ledger.total);
    // …and every failed attempt (429, 5xx, 423, lost connection) by kind, as HubSpot answered it.
    expect(totalFailedCalls(r.run)).toBe(r.ledger.errors);
    // A run that cannot tell what changed fails (and says so) rather than skip a change.
    expect(r.run.status).toBe(opts.allowFailedRun && r.run.status === 'failed' && r.run.message ? 'failed' : 'succeeded');
    expect(r.recovery?.run.status ?? 'succeeded').toBe('succeeded');
  }
  expect(o.faultsInjected).toBeGreaterThan(0);
  return o;
}

const SAME = 'full + incremental sync end state = clean run (now, or the next night for what the run record lists as not done); no wrong value, no task lost or duplicated; nothing written twice; audit = values written; every attempt in the run record';

describe('errors and a slow network', () => {
  it('when HubSpot answers 500/502/503 to one call in five, then reads and writes are retried, task creations of unknown outcome are checked by marker, and both runs end as the clean run', async () => {
    const o = await scenario('5xx errors (20% of CRM calls answer 500, 502 or 503, seeded)', SAME, { faults: { seed: 4, errorRate: 0.2, match: CRM } });
    const retried = (r: typeof o.full) => (r.retries['500'] ?? 0) + (r.retries['502'] ?? 0) + (r.retries['503'] ?? 0);
    expect(retried(o.full) + retried(o.incremental)).toBeGreaterThan(0);
    const errors = [...o.full.run.errors, ...o.incremental.run.errors];
    // A task creation answered 5xx is never retried blindly: it is checked by marker and, when absent, sent once more;
    // only what still fails is reported (and done the next night).
    expect(errors.every((e) => /task .* not (created|closed)|properties not written/.test(e.message))).toBe(true);
  });

  it('when every call is slowed by 20–80 ms, then both runs end as the clean run with no error', async () => {
    const o = await scenario('added latency (20–80 ms on every call)', SAME, { faults: { seed: 5, latencyMs: [20, 80] }, everyCallIsAFault: true });
    for (const r of [o.full, o.incremental]) {
      expect(r.run.errors).toEqual([]);
      expect(r.recovery).toBeNull();
    }
  });

  it('when connections are reset without an answer, then calls are retried, unknown task creations are checked by marker, and both runs end as the clean run', async () => {
    const o = await scenario('connection resets (10% of CRM calls: socket destroyed, no answer)', SAME, { faults: { seed: 6, resetRate: 0.1, match: CRM } });
    const errors = [...o.full.run.errors, ...o.incremental.run.errors];
    expect(errors.every((e) => /connection lost|task .* not (created|closed)|properties not written/.test(e.message))).toBe(true);
  });

  it('when records are locked (423), then writes wait out the lock and retry, and both runs end as the clean run', async () => {
    const o = await scenario('423 Locked (30% of writes)', SAME, { faults: { seed: 7, lockRate: 0.3, match: CRM } });
    // Task creation too waits out a lock and sends the same batch again (a 423 was not processed): each lock costs
    // exactly one more call — the batch is never split as if it had been rejected — and no task is left undone.
    const create = 'POST /crm/objects/2026-09/tasks/batch/create';
    const clean = await cleanRunStates(PORTFOLIO);
    const creates = o.full.ledger.byEndpoint[create];
    expect(creates?.faults).toBeGreaterThan(0);
    expect((creates?.calls ?? 0) - (creates?.faults ?? 0)).toBe(clean.callsByEndpoint.full[create]);
    // The sandbox locks each write at random (30%), independently of the last answer, so now and then a property write
    // meets the lock on all four attempts (one and three waits): it is listed in the run record and written the next
    // night (scenario() checks that end state). Nothing else is left undone.
    expect(o.full.run.errors.every((e) => /properties not written: .*\(423\)/.test(e.message))).toBe(true);
  });

  it('when batch writes fail for some of their inputs (207 multi-status), then the failed inputs are sent once more or reported, and both runs end as the clean run', async () => {
    const o = await scenario('partial batch failures on writes (207: 20% of the inputs of batch creates and updates fail)', SAME, {
      faults: { seed: 8, partialBatchFailureRate: 0.2, match: ['batch/create', 'batch/update'] },
    });
    expect(o.full.ledger.faults).toBeGreaterThan(0);
  });

  // Found by this suite: inputs that failed twice used to be dropped silently, and the account was scored without
  // those contacts, deals or touches (wrong values written, nothing in the run record). Now such an account is not
  // scored that run and is listed in the run's errors; a change whose company cannot be told fails the incremental run.
  // 10% of inputs, not 15% as before issue #15: each account now also depends on its won deals' line items and its
  // contacts' survey answers, so at 15% most owners had more unread accounts than their daily task budget, and the
  // budget's one-task-per-owner floor (docs/SCORING.md §5) then made a task that a complete picture ranks lower.
  it('when batch reads fail for some of their inputs twice in a row (207 multi-status), then no account is scored on partial data: it is reported and done the next night', async () => {
    const o = await scenario(
      'partial batch failures on reads (207: 10% of the inputs of batch reads and association reads fail)',
      SAME,
      { faults: { seed: 8, partialBatchFailureRate: 0.1, match: ['batch/read'] } },
      { allowFailedRun: true },
    );
    expect(o.full.run.errors.some((e) => /not scored|not read/.test(e.message))).toBe(true);
  });
});
