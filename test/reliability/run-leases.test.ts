/**
 * Runs that fail, stall or share a store (issue #14, items 6 and 7): a run that FAILED is resumed by the next run like
 * a paused one (its unsettled audit rows settled first); a chunk slower than the sync lock's lease does not let a
 * second run start (the lease is renewed on a timer, not only at checkpoints); a run whose lease was taken over
 * sends nothing more and leaves the run record to the new holder; two portals sharing one store have independent
 * locks.
 *
 * The lease is made short through `tuning.lockTtlMs`; the waits below only make the stall outlast it — no assertion
 * is about time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HubSpotGateway } from '../../server/src/hubspot/gateway';
import type { Keyline } from '../../server/src/keyline';
import { runSync, SyncAlreadyRunning, syncLockName } from '../../server/src/sync';
import { recordScenario } from './record-scenario';
import { checkAudit } from './support/audit-check';
import { compareEndStates, describeComparison, readEndState } from './support/end-state';
import { cleanRunStates, startFaultWorld, type FaultWorld, type FaultWorldOptions } from './support/fault-world';

jest.setTimeout(120_000);

const PORTFOLIO = { size: 'XS', seed: 43 } as const;
/** A short lease, so that a stalled chunk outlasts it several times over. */
const LOCK_TTL_MS = 1_500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = mkdtempSync(path.join(tmpdir(), 'keyline-leases-'));
const worlds: FaultWorld[] = [];
afterAll(async () => {
  for (const w of worlds) await w.close();
  rmSync(dir, { recursive: true, force: true });
});

async function world(opts: Partial<FaultWorldOptions> = {}): Promise<FaultWorld> {
  const w = await startFaultWorld({ ...PORTFOLIO, keyline: { tuning: { readChunk: 10, writePage: 5, lockTtlMs: LOCK_TTL_MS } }, ...opts });
  worlds.push(w);
  return w;
}

/** A gateway whose first portfolio chunk waits until `release` is called (`stalled` resolves when it starts waiting). */
function stallingGateway(gateway: HubSpotGateway): { gateway: HubSpotGateway; stalled: Promise<void>; release: () => void } {
  let onStall!: () => void;
  let release!: () => void;
  const stalled = new Promise<void>((r) => (onStall = r));
  const gate = new Promise<void>((r) => (release = r));
  return {
    stalled,
    release,
    gateway: {
      ...gateway,
      streamPortfolio: (opts) =>
        (async function* () {
          let n = 0;
          for await (const chunk of gateway.streamPortfolio(opts)) {
            n += 1;
            if (n === 1) {
              onStall();
              await gate;
            }
            yield chunk;
          }
        })(),
    },
  };
}

describe('a failed run', () => {
  it('when a full run fails in the middle of its writes, then the next run resumes the same run, settles the audit rows the failure left and ends as a clean run; a failed targeted run is not resumed', async () => {
    const clean = await cleanRunStates(PORTFOLIO);
    const { sandbox, keyline, writes } = await world();
    let updates = 0;
    const failing: HubSpotGateway = {
      ...keyline.gateway,
      updateCompanyProperties: async (u) => {
        updates += 1;
        // Not a HubSpot fault the run could wait out: a failure of the run itself, after the audit intents.
        if (updates === 2) throw new Error('the write path broke');
        return keyline.gateway.updateCompanyProperties(u);
      },
    };
    const failed = await runSync({ ...keyline, gateway: failing }, { mode: 'full' });
    const leftSent = (await keyline.store.listAudit(keyline.portalId, { status: 'sent' })).length;
    const resumable = await keyline.store.findResumableRun(keyline.portalId);

    const resumed = await runSync(keyline, { mode: 'full' });
    const comparison = compareEndStates(readEndState(sandbox), clean.full);
    const audit = await checkAudit(keyline, writes);

    // A targeted run that fails is not resumed: the next run is a new one.
    const companyId = sandbox.store.list('companies')[0]?.id ?? '';
    const targeted = await runSync({ ...keyline, gateway: { ...failing, readAccounts: () => Promise.reject(new Error('the read path broke')) } }, { mode: 'incremental', companyIds: [companyId] });
    const afterTargeted = await keyline.store.findResumableRun(keyline.portalId);

    const passed =
      failed.status === 'failed' &&
      resumable?.id === failed.id &&
      resumed.id === failed.id &&
      resumed.status === 'succeeded' &&
      comparison.equal &&
      audit.ok &&
      leftSent > 0 &&
      targeted.status === 'failed' &&
      afterTargeted === null;
    recordScenario({
      suite: 'faults',
      scenario: 'full sync failed in the middle of its writes (not a HubSpot fault), then the next run',
      checked: 'the failed run is resumed like a paused one (same run, from its checkpoint); the audit rows its failed call left `sent` are settled; end state = clean run; a failed targeted run is not resumed',
      result: `failed → resumed the same run: ${resumed.status}; ${describeComparison(comparison)}; ${leftSent} rows left \`sent\`, settled (${audit.notWritten} not applied); audit ${audit.audited} applied lines for ${audit.changedInHubSpot} values changed; targeted failed run resumed: ${afterTargeted !== null}`,
      passed,
      counts: { runsResumed: 1, losses: comparison.lost.length, duplicates: comparison.duplicates.length, doubleWrites: writes.doubleWrites.length },
    });
    expect(failed).toMatchObject({ status: 'failed', message: 'the write path broke' });
    expect(resumable?.id).toBe(failed.id);
    expect(leftSent).toBeGreaterThan(0);
    expect(resumed).toMatchObject({ id: failed.id, status: 'succeeded', details: expect.objectContaining({ resumedAt: expect.any(String) }) });
    expect(describeComparison(comparison)).toBe('equal to the clean run');
    expect(writes.doubleWrites).toEqual([]);
    expect(audit).toMatchObject({ ok: true, unsettled: 0 });
    expect(audit.notWritten).toBeGreaterThan(0);
    expect(targeted.status).toBe('failed');
    expect(afterTargeted).toBeNull();
  });
});

describe('the sync lock', () => {
  it('when one chunk takes longer than the lease, then the lease is still held and a second run cannot start', async () => {
    const clean = await cleanRunStates(PORTFOLIO);
    const { sandbox, keyline } = await world();
    const stall = stallingGateway(keyline.gateway);
    const first = runSync({ ...keyline, gateway: stall.gateway }, { mode: 'full' });
    await stall.stalled;
    await sleep(LOCK_TTL_MS * 4); // the chunk outlasts the lease four times
    const lease = await keyline.store.inspectLock(syncLockName(keyline.portalId));
    const second = await runSync(keyline, { mode: 'full' }).catch((err: unknown) => err);
    stall.release();
    const done = await first;
    const comparison = compareEndStates(readEndState(sandbox), clean.full);
    const runs = await keyline.store.listRuns(keyline.portalId);

    const passed = lease !== null && second instanceof SyncAlreadyRunning && done.status === 'succeeded' && runs.length === 1 && comparison.equal;
    recordScenario({
      suite: 'faults',
      scenario: 'a read chunk stalled for 4 lease lengths (lease shortened for the test)',
      checked: 'the lease is renewed on a timer during the stall (still held when it would have expired); a second run is refused; the first run finishes as a clean run',
      result: `lease held: ${lease !== null}; second run: ${second instanceof SyncAlreadyRunning ? 'refused (another sync is running)' : 'started'}; first run ${done.status}; ${runs.length} run recorded; ${describeComparison(comparison)}`,
      passed,
      counts: { runsResumed: 0 },
    });
    expect(lease).not.toBeNull();
    expect(second).toBeInstanceOf(SyncAlreadyRunning);
    expect(done.status).toBe('succeeded');
    expect(runs.map((r) => r.id)).toEqual([done.id]);
    expect(describeComparison(comparison)).toBe('equal to the clean run');
  });

  it('when the lease is taken over while a chunk stalls, then the run sends nothing more and leaves the run record to the new holder', async () => {
    const { sandbox, keyline, writes } = await world();
    let noticed!: () => void;
    const takenOver = new Promise<void>((r) => (noticed = r));
    const logger = Object.create(keyline.logger) as Keyline['logger'];
    logger.warn = ((message: string, ...meta: unknown[]) => {
      if (/taken over/.test(message)) noticed();
      return (keyline.logger.warn as (m: string, ...x: unknown[]) => unknown)(message, ...meta);
    }) as Keyline['logger']['warn'];
    const stall = stallingGateway(keyline.gateway);
    const first = runSync({ ...keyline, logger, gateway: stall.gateway }, { mode: 'full' });
    await stall.stalled;
    // Another host's process takes the lease over (as after the lease expired while this run was unreachable).
    const name = syncLockName(keyline.portalId);
    const held = await keyline.store.inspectLock(name);
    await keyline.store.releaseLock(name, held?.holder ?? '');
    expect(await keyline.store.acquireLock(name, 'other-host:1:new-holder', 60_000)).toBe(true);
    await takenOver; // the heartbeat saw it
    const sentBefore = writes.propertyChanges;
    stall.release();
    const stopped = await first;
    const sentAfter = writes.propertyChanges - sentBefore;
    const stored = await keyline.store.getRun(keyline.portalId, stopped.id);
    const lock = await keyline.store.inspectLock(name);

    const passed = stopped.status === 'failed' && sentAfter === 0 && stored?.status === 'running' && lock?.holder === 'other-host:1:new-holder';
    recordScenario({
      suite: 'faults',
      scenario: 'the sync lease taken over by another process during a stalled chunk',
      checked: 'the heartbeat sees the lease lost; the run writes nothing more to HubSpot, stops, leaves the run record (still `running`) and the lock to the new holder',
      result: `run stopped (${stopped.message ?? ''}); ${sentAfter} values sent after the takeover; stored run ${stored?.status ?? 'missing'}; lock held by the new holder: ${lock?.holder === 'other-host:1:new-holder'}`,
      passed,
      counts: { doubleWrites: writes.doubleWrites.length },
    });
    expect(stopped).toMatchObject({ status: 'failed', message: 'the sync lock was lost to another process' });
    expect(sentAfter).toBe(0);
    expect(stored?.status).toBe('running');
    expect(lock?.holder).toBe('other-host:1:new-holder');
    expect(sandbox.store.list('companies').length).toBeGreaterThan(0);
  });

  it("when two portals share one store, then each portal's sync has its own lock: one portal's stalled run neither blocks nor is disturbed by the other's", async () => {
    const clean = await cleanRunStates(PORTFOLIO);
    const databaseUrl = `sqlite:${path.join(dir, 'shared.sqlite')}`;
    const a = await world({ databaseUrl });
    const b = await world({ databaseUrl });
    // The second installation serves another portal (its own sandbox), in the same store.
    const portalB: Keyline = { ...b.keyline, portalId: 'portal-b' };
    const stall = stallingGateway(a.keyline.gateway);
    const first = runSync({ ...a.keyline, gateway: stall.gateway }, { mode: 'full' });
    await stall.stalled;
    const other = await runSync(portalB, { mode: 'full' });
    const againA = await runSync(a.keyline, { mode: 'full' }).catch((err: unknown) => err);
    stall.release();
    const done = await first;
    const equalA = compareEndStates(readEndState(a.sandbox), clean.full);
    const equalB = compareEndStates(readEndState(b.sandbox), clean.full);

    const passed = other.status === 'succeeded' && againA instanceof SyncAlreadyRunning && done.status === 'succeeded' && equalA.equal && equalB.equal;
    recordScenario({
      suite: 'faults',
      scenario: "two portals' syncs on one store, one of them stalled",
      checked: "the locks are per portal (sync:<portalId>): portal B's run completes while portal A's is stalled; a second run of A is still refused; both end as clean runs",
      result: `B: ${other.status}; second run of A: ${againA instanceof SyncAlreadyRunning ? 'refused' : 'started'}; A: ${done.status}; A ${describeComparison(equalA)}; B ${describeComparison(equalB)}`,
      passed,
      counts: {},
    });
    expect(other.status).toBe('succeeded');
    expect(againA).toBeInstanceOf(SyncAlreadyRunning);
    expect(done.status).toBe('succeeded');
    expect(describeComparison(equalA)).toBe('equal to the clean run');
    expect(describeComparison(equalB)).toBe('equal to the clean run');
  });
});
