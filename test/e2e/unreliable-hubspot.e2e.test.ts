/**
 * HubSpot on a bad day: 5xx answers, lost connections, 423 locks and partial batch failures. The library retries
 * 5xx; Keyline retries 423 (after the lock's 2 s, scaled), lost connections, and failed inputs of 207 answers;
 * task creation is never retried blindly. Two nights later the portal is exactly as on a good day, without a
 * duplicate task.
 */
import { runSync } from '../../server/src/sync';
import { keylineState, keylineTasks, startWorld, type World } from './harness';

// Several sync runs against a live sandbox: generous on a shared, busy CI machine (no assertion is about time).
jest.setTimeout(180_000);

describe('an unreliable HubSpot', () => {
  const worlds: World[] = [];
  afterAll(async () => {
    for (const w of worlds) await w.close();
  });

  it('when requests fail now and then, then the runs converge to the same state as on a good day, without duplicates', async () => {
    const good = await startWorld({ seed: 5 });
    worlds.push(good);
    await good.keyline.gateway.setup({ lists: false });
    expect((await runSync(good.keyline, { mode: 'full' })).status).toBe('succeeded');

    const bad = await startWorld({ seed: 5 });
    worlds.push(bad);
    await bad.keyline.gateway.setup({ lists: false });
    bad.sandbox.setFaults({ seed: 3, errorRate: 0.05, resetRate: 0.03, lockRate: 0.1, partialBatchFailureRate: 0.05, match: ['/crm/objects/2026-09', '/crm/associations/2026-09'] });
    const first = await runSync(bad.keyline, { mode: 'full' });
    expect(first.status).toBe('succeeded');
    bad.sandbox.setFaults({});
    const second = await runSync(bad.keyline, { mode: 'full' });
    expect(second.status).toBe('succeeded');
    expect(bad.sandbox.ledger.snapshot().faults).toBeGreaterThan(0);

    expect(keylineState(bad.sandbox)).toEqual(keylineState(good.sandbox));
    const tasks = keylineTasks(bad.sandbox);
    expect([...tasks.entries()].filter(([, t]) => t.ids.length > 1)).toEqual([]);
    expect([...tasks.keys()].sort()).toEqual([...keylineTasks(good.sandbox).keys()].sort());
  });
});
