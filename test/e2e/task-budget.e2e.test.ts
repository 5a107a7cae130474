/**
 * Few and ranked, against the sandbox: the first night gives no owner more than the daily budget, the most important
 * gaps first, the rest queued with their rank; over the following days, as owners do the work, queued gaps become
 * tasks — never twice.
 */
import { compareCandidates, taskCandidatesOf, taskKeyOf, type TaskCandidate } from '../../server/src/domain';
import { runSync } from '../../server/src/sync';
import { taskOwner } from '../../server/src/sync/plan-writes';
import { keylineTasks, saveModel, startWorld, storedResults, NOW, type World } from './harness';

jest.setTimeout(300_000);

const DAY_MS = 86_400_000;

const results = storedResults;

/** Keyline tasks in the sandbox by owner (gap and onboarding tasks share the daily budget and the open cap): open, all. */
function tasksByOwner(world: World): Map<string, { open: number; all: number }> {
  const out = new Map<string, { open: number; all: number }>();
  for (const t of world.sandbox.store.list('tasks')) {
    if (!/^keyline:gap=/.test(t.properties['keyline_task_key'] ?? '')) continue;
    const owner = t.properties['hubspot_owner_id'] ?? '';
    const line = out.get(owner) ?? { open: 0, all: 0 };
    line.all += 1;
    if (t.properties['hs_task_status'] !== 'COMPLETED') line.open += 1;
    out.set(owner, line);
  }
  return out;
}

describe('the daily task budget against the sandbox', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when the first full sync runs, then no owner gets more new tasks than the budget, the most important first, and every other gap is queued with its rank', async () => {
    world = await startWorld({ size: 'S' });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    await saveModel(k, { tasks: { daily_budget: 4 } });
    const run = await runSync(k, { mode: 'full' });
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });

    const byOwner = tasksByOwner(world);
    expect([...byOwner.values()].every((o) => o.all <= 4)).toBe(true);
    expect(run.counts.tasksCreated).toBe([...byOwner.values()].reduce((n, o) => n + o.all, 0));
    expect(run.counts.tasksCreated).toBeGreaterThan(0);

    // The gaps as the snapshots show them: each is "task open" or "queued, rank N"; per person the new tasks rank above
    // every queued gap, and the ranks count 1, 2, 3…
    const ownerIds = await k.gateway.listOwnerIds();
    const queues = new Map<string | null, { candidate: TaskCandidate; rank: number }[]>();
    const withTask = new Map<string | null, TaskCandidate[]>();
    for (const r of await results(k)) {
      const assignee = taskOwner(r.ownerId, { knownOwnerIds: ownerIds, fallbackOwnerId: null });
      const candidates = taskCandidatesOf(r, assignee);
      r.gaps.forEach((gap, i) => {
        const candidate = candidates[i] as TaskCandidate;
        if (gap.kind === 'onboarding') return; // new customers' checklists wait in their own queue (onboarding.e2e.test.ts)
        expect(gap.task).toBeDefined();
        if (gap.task?.state === 'queued') queues.set(assignee, [...(queues.get(assignee) ?? []), { candidate, rank: gap.task.rank }]);
        else withTask.set(assignee, [...(withTask.get(assignee) ?? []), candidate]);
      });
    }
    expect([...queues.values()].flat().length).toBeGreaterThan(0);
    for (const [assignee, queue] of queues) {
      const sorted = [...queue].sort((a, b) => a.rank - b.rank);
      expect(sorted.map((q) => q.rank)).toEqual(sorted.map((_, i) => i + 1));
      for (const task of withTask.get(assignee) ?? []) expect(compareCandidates(task, (sorted[0] as { candidate: TaskCandidate }).candidate)).toBeLessThan(0);
    }
    const recorded = run.details['taskBudget'] as { queued: number };
    expect(recorded.queued).toBe([...queues.values()].flat().length);

    // A second run the same day finds the day's budget spent: nothing new.
    const again = await runSync(k, { mode: 'full' });
    expect(again.counts.tasksCreated).toBe(0);
  });

  it('when owners do the work day after day, then queued gaps become tasks as earlier ones close, within the budget, never twice', async () => {
    let now = NOW;
    world = await startWorld({ size: 'S', keyline: { now: () => now } });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    await saveModel(k, { tasks: { daily_budget: 3, max_open_per_owner: 4 } });

    const createdPerDay: number[] = [];
    for (let day = 0; day < 4; day += 1) {
      const before = tasksByOwner(world);
      const run = await runSync(k, { mode: 'full' });
      expect(run).toMatchObject({ status: 'succeeded', errors: [] });
      createdPerDay.push(run.counts.tasksCreated);
      const byOwner = tasksByOwner(world);
      for (const [owner, o] of byOwner) {
        expect(o.open).toBeLessThanOrEqual(4);
        expect(o.all - (before.get(owner)?.all ?? 0)).toBeLessThanOrEqual(3);
      }
      // One task per company and gap, ever.
      expect([...keylineTasks(world.sandbox).values()].every((t) => t.ids.length === 1)).toBe(true);

      // The day's work: every open "touch overdue" task's account gets a call, so its task closes on the next run.
      for (const s of await k.store.listSnapshotSummaries(k.portalId)) {
        for (const t of await k.store.listOpenTasks(k.portalId, s.companyId)) {
          if (t.gapKey !== 'touch_overdue') continue;
          world.sandbox.store.create(
            'calls',
            { hs_timestamp: new Date(now.getTime() + 3_600_000).toISOString(), hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND', hs_call_title: 'Check-in' },
            [{ toType: 'companies', toId: s.companyId }],
          );
        }
      }
      now = new Date(now.getTime() + DAY_MS);
    }
    // Tasks were made on later days too (the queue moved), and no day gave an owner more than the budget.
    expect(createdPerDay[0]).toBeGreaterThan(0);
    expect(createdPerDay.slice(1).some((n) => n > 0)).toBe(true);
    // Every still-open gap is marked, and no gap is both a task and queued.
    for (const r of await results(k)) {
      const open = new Set((await k.store.listOpenTasks(k.portalId, r.companyId)).map((t) => t.gapKey));
      for (const gap of r.gaps) expect(gap.task?.state === 'open').toBe(open.has(gap.key));
      expect(new Set(r.gaps.map((g) => taskKeyOf(r.companyId, g.key))).size).toBe(r.gaps.length);
    }
  });
});
