/**
 * HubSpot's rate limits, met for real: a 429 storm at the 10-second limit, an app configured above the portal's real
 * burst limit, the search limit shared with another integration, and the DAILY limit reached mid-run. Each time the
 * full and the incremental sync end exactly as a clean run on the same portfolio, nothing is written twice, and the
 * run records say what happened. See support/fault-scenario.ts for the story every scenario follows.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DailyLimitReached } from '../../server/src/hubspot/errors';
import { openTransport } from '../../server/src/hubspot/hubspot-transport';
import { recordScenario } from './record-scenario';
import { checkAudit } from './support/audit-check';
import { compareEndStates, describeComparison, readEndState } from './support/end-state';
import { TIME_SCALE, cleanRunStates, logNightChanges, startFaultWorld, type FaultWorld } from './support/fault-world';
import { PORTFOLIO, failedCalls, runFaultScenario, totalCalls, totalFailedCalls, type FaultScenarioOutcome } from './support/fault-scenario';
import { runSync } from '../../server/src/sync';

// Several sync runs against a live sandbox: generous on a shared, busy CI machine (no assertion is about time).
jest.setTimeout(180_000);

const worlds: FaultWorld[] = [];
afterAll(async () => {
  for (const w of worlds) await w.close();
});

function expectCleanOutcome(o: FaultScenarioOutcome): void {
  expect(o.full.unexplained).toEqual([]);
  expect(o.incremental.unexplained).toEqual([]);
  expect(o.world.writes.doubleWrites).toEqual([]);
  expect(o.audit).toMatchObject({ ok: true, repeated: 0 });
  for (const r of [o.full, o.incremental]) {
    const final = r.recovery?.comparison ?? r.comparison;
    expect(describeComparison(final)).toBe('equal to the clean run');
    // The run record counts every attempt, retried ones included: exactly what HubSpot saw.
    expect(totalCalls(r.run)).toBe(r.ledger.total);
    // …and every failed attempt (429, 5xx, 423, lost connection) by kind, as HubSpot answered it.
    expect(totalFailedCalls(r.run)).toBe(r.ledger.errors);
  }
}

/**
 * The run ended without an error, or — when a call met the limit on every one of the library's attempts — paused at
 * its checkpoint saying so (see the 429-storm scenario), and the next run resumed that same run to the end.
 * expectCleanOutcome checks the end state either way.
 */
function expectDoneOrPausedAndResumed(r: FaultScenarioOutcome['full']): void {
  expect(r.run.errors).toEqual([]);
  if (r.run.status === 'paused') {
    expect(r.run.message).toMatch(/429.*paused after every retry/);
    if (r.recovery !== null) expect(r.recovery.run).toMatchObject({ id: r.run.id, status: 'succeeded', errors: [] });
  } else {
    expect(r.run.status).toBe('succeeded');
    expect(r.recovery).toBeNull();
  }
}

describe('rate limits', () => {
  it('when other apps leave Keyline 5 requests per 10 s of the shared burst limit, then the storm of TEN_SECONDLY_ROLLING 429s is waited out and both runs end as the clean run', async () => {
    const o = await runFaultScenario({ rateLimit: { burstPer10s: 5 }, limitIsTheFault: true });
    worlds.push(o.world);
    recordScenario({
      suite: 'faults',
      scenario: '429 storm at the 10-second limit, TEN_SECONDLY_ROLLING (the portal leaves 5 requests/10 s; Keyline paces for 100)',
      checked: 'full + incremental sync end state = clean run; no task lost or duplicated; nothing written twice; every retried attempt counted in the run record',
      result: o.summary,
      passed: o.passed,
      counts: { faultsInjected: o.faultsInjected, losses: o.losses, duplicates: o.duplicates, doubleWrites: o.doubleWrites },
    });
    expectCleanOutcome(o);
    for (const r of [o.full, o.incremental]) {
      expect(r.ledger.rateLimited).toBeGreaterThan(0);
      expect(Object.values(r.ledger.byEndpoint).every((e) => e.errors === e.rateLimited)).toBe(true);
      // Calls compete for 5 requests per 10 s: now and then one meets the limit on all of the library's 5 attempts.
      expectDoneOrPausedAndResumed(r);
    }
    expect(o.full.retries['429']).toBeGreaterThan(0);
  });

  it('when a 429 storm outlasts the retries of a call, then the run pauses at its checkpoint saying so, writes nothing wrong, and the next run resumes it to the clean end state', async () => {
    const o = await runFaultScenario({ faults: { storm: 30 } });
    worlds.push(o.world);
    recordScenario({
      suite: 'faults',
      scenario: '429 storm longer than the retries (30 consecutive 429s on every call at the start of each run)',
      checked: 'the run pauses (checkpoint kept) with the 429 in its message and writes nothing wrong; the next run resumes the same run and ends = clean run; nothing written twice',
      result: o.summary,
      passed: o.passed,
      counts: { faultsInjected: o.faultsInjected, losses: o.losses, duplicates: o.duplicates, doubleWrites: o.doubleWrites },
    });
    expectCleanOutcome(o);
    for (const r of [o.full, o.incremental]) {
      expect(r.run).toMatchObject({ status: 'paused', message: expect.stringMatching(/429.*ten_secondly_rolling.*paused after every retry/) });
      expect(r.recovery?.run).toMatchObject({ id: r.run.id, status: 'succeeded', errors: [] });
    }
  });

  it('when another integration uses most of the search limit (SECONDLY), then searches are retried after the second and both runs end as the clean run', async () => {
    // The portal's real search limit is lowered, and 4 searches of the touch reads meet SECONDLY for sure (fewer than the SDK's 5 attempts of one call).
    const o = await runFaultScenario({
      rateLimit: { searchPerSecond: 1 },
      limitIsTheFault: true,
      faults: { storm: 4, stormPolicy: 'SECONDLY', match: ['/calls/search', '/emails/search', '/meetings/search'] },
    });
    worlds.push(o.world);
    recordScenario({
      suite: 'faults',
      scenario: 'search limit, SECONDLY (another integration leaves 1 search/s, Keyline paces for 5; and 4 SECONDLY 429s on the touch searches of each run)',
      checked: 'full + incremental sync end state = clean run; nothing written twice; every attempt in the run record',
      result: o.summary,
      passed: o.passed,
      counts: { faultsInjected: o.faultsInjected, losses: o.losses, duplicates: o.duplicates, doubleWrites: o.doubleWrites },
    });
    expectCleanOutcome(o);
    expect(o.full.ledger.rateLimited).toBeGreaterThanOrEqual(4);
    expect(o.incremental.ledger.rateLimited).toBeGreaterThanOrEqual(4);
    expect(o.full.retries['429']).toBeGreaterThanOrEqual(4);
    expect(Object.keys(o.full.ledger.byEndpoint).filter((k) => o.full.ledger.byEndpoint[k]!.rateLimited > 0).every((k) => k.endsWith('/search'))).toBe(true);
    // Searches compete for 1 per second: now and then one meets SECONDLY on all of the library's 5 attempts.
    for (const r of [o.full, o.incremental]) expectDoneOrPausedAndResumed(r);
  });

  it('when the DAILY limit is reached mid-run, then the run pauses without retrying, and the run after the reset resumes it and ends as the clean run', async () => {
    const clean = await cleanRunStates(PORTFOLIO);
    const daily = clean.calls.full + clean.calls.incremental + 100;
    const world = await startFaultWorld({ ...PORTFOLIO, rateLimit: { daily } });
    worlds.push(world);
    const { sandbox, keyline } = world;
    /** Another integration has used today's budget but `left` calls. */
    const leave = async (left: number) => {
      sandbox.resetLimits();
      for (let remaining = daily; remaining > left; ) {
        const res = await fetch(`${sandbox.baseUrl}/crm/owners/2026-09?limit=1`, { headers: { authorization: `Bearer ${sandbox.token}` } });
        await res.arrayBuffer();
        // The other integration respects the burst limit too: it waits out a refused window.
        if (res.status === 429) await new Promise((r) => setTimeout(r, 10_000 / TIME_SCALE));
        else remaining = Number(res.headers.get('x-hubspot-ratelimit-daily-remaining'));
      }
    };
    /** A run that meets the limit, then the next "day" (budget back): the same run resumes to the end. */
    const pauseThenResume = async (mode: 'full' | 'incremental', left: number) => {
      await leave(left);
      const start = sandbox.ledger.snapshot();
      const paused = await runSync(keyline, { mode });
      const refused = sandbox.ledger.snapshot().rateLimited - start.rateLimited;
      sandbox.resetLimits();
      const resumed = await runSync(keyline, { mode });
      return { paused, resumed, refused };
    };

    // Enough budget left for the read phase and most writes: the limit is met while writing.
    const full = await pauseThenResume('full', clean.calls.full - 6);
    const fullState = compareEndStates(readEndState(sandbox), clean.full);
    logNightChanges(sandbox, readEndState(sandbox));
    const incremental = await pauseThenResume('incremental', Math.ceil(clean.calls.incremental / 2));
    const incState = compareEndStates(readEndState(sandbox), clean.incremental);
    const dailyRefusals = full.refused + incremental.refused;
    const audit = await checkAudit(keyline, world.writes);
    const runs = [full, incremental];
    const passed =
      fullState.equal &&
      incState.equal &&
      runs.every((r) => r.paused.status === 'paused' && r.resumed.status === 'succeeded' && r.resumed.id === r.paused.id) &&
      world.writes.doubleWrites.length === 0 &&
      audit.ok;
    recordScenario({
      suite: 'faults',
      scenario: 'DAILY limit mid-run (full: 6 calls short of a whole run, met while writing; incremental: half its budget left)',
      checked: 'the run pauses (status paused, message says why, no retry loop); after the reset the same run resumes from its checkpoint; end state = clean run; nothing written twice; audit = values written',
      result:
        runs.map((r) => `${r.paused.mode}: ${r.paused.status} → same run ${r.resumed.status}`).join('; ') +
        `; full ${describeComparison(fullState)}; incremental ${describeComparison(incState)}; ${dailyRefusals} DAILY 429s; ${world.writes.doubleWrites.length} double writes`,
      passed,
      counts: {
        faultsInjected: dailyRefusals,
        runsPaused: runs.filter((r) => r.paused.status === 'paused').length,
        runsResumed: runs.filter((r) => r.resumed.id === r.paused.id).length,
        losses: fullState.lost.length + incState.lost.length,
        duplicates: fullState.duplicates.length + incState.duplicates.length,
        doubleWrites: world.writes.doubleWrites.length,
      },
    });

    for (const r of runs) {
      expect(r.paused).toMatchObject({ status: 'paused', message: expect.stringMatching(/daily API limit/) });
      // The run record says what it met: the DAILY 429s among its failed attempts.
      expect(failedCalls(r.paused)['429']).toBeGreaterThan(0);
      expect(r.resumed).toMatchObject({ id: r.paused.id, status: 'succeeded', details: expect.objectContaining({ resumedAt: expect.any(String) }) });
      // Never retried in a loop: only the requests already in flight met the limit (≤ the limiter's concurrency).
      expect(r.refused).toBeGreaterThan(0);
      expect(r.refused).toBeLessThanOrEqual(10);
    }
    expect(incremental.paused.mode).toBe('incremental');
    expect(describeComparison(fullState)).toBe('equal to the clean run');
    expect(describeComparison(incState)).toBe('equal to the clean run');
    expect(world.writes.doubleWrites).toEqual([]);
    expect(audit).toMatchObject({ ok: true, repeated: 0 });
  });

  it('when a DAILY 429 of the previous run arrives after the next run began, then the next run is not refused', async () => {
    // A stand-in HubSpot that holds its first answer (a DAILY 429) until the test lets it go.
    let release: () => void = () => undefined;
    const hits: string[] = [];
    const server = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (hits.length === 1) release = () => answer(429, { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' });
      else answer(200, { results: [] });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const c = openTransport({ accessToken: 'daily-epoch-test', basePath: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, burstPer10s: 100, timeScale: TIME_SCALE });
      const get = () => c.request({ method: 'GET', path: '/crm/pipelines/2026-09/deals' });
      const straggler = get();
      while (hits.length === 0) await new Promise((r) => setTimeout(r, 5));
      c.clearDailyLimit(); // the next run begins (gateway.beginRun)
      release();
      await expect(straggler).rejects.toBeInstanceOf(DailyLimitReached);
      await expect(get()).resolves.toBeDefined();
      expect(hits).toHaveLength(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
