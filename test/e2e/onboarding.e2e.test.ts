/**
 * Onboarding after the handoff (#16, part 3), against the sandbox: a newly won customer gets its checklist as tasks
 * once; a second sync makes none; a kickoff meeting logged in HubSpot closes the kickoff task; a task the person
 * deleted or completed never comes back; and on a first night each person gets at most the onboarding allowance, out
 * of the same daily budget as the gap tasks, the rest waiting for the next nights; a run that dies after HubSpot made the tasks, or a store lost, makes none twice.
 */
import { portfolioViewSchema } from '@keyline/contract/portfolio-view';
import { formatReport } from '../../server/src/cli/format-report';
import type { AccountResult } from '../../server/src/domain/types';
import { createKeyline, type Keyline } from '../../server/src/keyline';
import { runSync } from '../../server/src/sync';
import { readCurrentPortfolio } from '../../server/src/use-cases/read-portfolio';
import { configFor, keylineTasks, saveModel, startWorld, storedResults, NOW, TIME_SCALE, type World } from './harness';

jest.setTimeout(300_000);

const DAY_MS = 86_400_000;

/** The stored results of the accounts in onboarding. */
async function onboarding(k: Keyline): Promise<AccountResult[]> {
  return (await storedResults(k)).filter((r) => r.onboarding !== undefined);
}

/** Keyline's onboarding tasks in the sandbox (archived ones left out), by marker. */
function onboardingTasks(world: World): Map<string, { ids: string[]; statuses: string[] }> {
  return new Map([...keylineTasks(world.sandbox)].filter(([marker]) => marker.includes('/onboarding:')));
}

const markerOf = (companyId: string, item: string) => `keyline:gap=${companyId}/onboarding:${item}`;

describe('onboarding tasks against the sandbox', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when new customers are synced, then each open checklist item gets one task, once; evidence closes its task; a deleted or completed task never comes back', async () => {
    let now = NOW;
    world = await startWorld({ size: 'S', keyline: { now: () => now } });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    // Room for every item tonight (the allowance never goes above the daily budget nor the open cap).
    await saveModel(k, { onboarding: { daily_allowance: 50 }, tasks: { daily_budget: 100, max_open_per_owner: 1000 } });

    const first = await runSync(k, { mode: 'full' });
    expect(first).toMatchObject({ status: 'succeeded', errors: [] });
    const customers = await onboarding(k);
    expect(customers.length).toBeGreaterThanOrEqual(3);
    // Some held their kickoff already (the sandbox's new customers): done by evidence, no task for it.
    expect(customers.some((r) => r.onboarding?.items.find((i) => i.key === 'kickoff')?.doneBy === 'evidence')).toBe(true);

    // One task per open item, none for the items already done.
    const tasks = onboardingTasks(world);
    for (const r of customers) {
      for (const item of r.onboarding?.items ?? []) {
        const task = tasks.get(markerOf(r.companyId, item.key));
        if (item.doneAt === null) expect({ item: item.key, ids: task?.ids.length }).toEqual({ item: item.key, ids: 1 });
        else expect({ item: item.key, task }).toEqual({ item: item.key, task: undefined });
      }
    }
    const made = [...tasks.values()].length;
    expect(made).toBeGreaterThan(0);
    expect(await k.store.listOnboardingItems(k.portalId)).toHaveLength(made);

    // A second sync the same night makes none.
    const second = await runSync(k, { mode: 'full' });
    expect(second.status).toBe('succeeded');
    expect(onboardingTasks(world).size).toBe(made);

    // The person logs a kickoff meeting: the next sync completes the kickoff task, saying why.
    const waiting = customers.find((r) => r.onboarding?.items.find((i) => i.key === 'kickoff')?.doneAt === null) as AccountResult;
    expect(waiting).toBeDefined();
    world.sandbox.store.create(
      'meetings',
      {
        hs_timestamp: new Date(NOW.getTime() - 3_600_000).toISOString(),
        hs_meeting_start_time: new Date(NOW.getTime() - 3_600_000).toISOString(),
        hs_meeting_end_time: new Date(NOW.getTime() - 1_800_000).toISOString(),
        hs_meeting_outcome: 'COMPLETED',
        hs_meeting_title: 'Kickoff',
      },
      [{ toType: 'companies', toId: waiting.companyId }],
    );
    // …deletes one of its manual items' task and completes another.
    const channels = onboardingTasks(world).get(markerOf(waiting.companyId, 'channels'))?.ids[0] as string;
    const criteria = onboardingTasks(world).get(markerOf(waiting.companyId, 'success_criteria'))?.ids[0] as string;
    expect(world.sandbox.store.archive('tasks', channels)).toBe(true);
    world.sandbox.store.update('tasks', criteria, { hs_task_status: 'COMPLETED' });

    now = new Date(NOW.getTime() + DAY_MS);
    const third = await runSync(k, { mode: 'full' });
    expect(third).toMatchObject({ status: 'succeeded', errors: [] });
    const kickoff = onboardingTasks(world).get(markerOf(waiting.companyId, 'kickoff'));
    expect(kickoff?.statuses).toEqual(['COMPLETED']);
    const kickoffBody = world.sandbox.store.get('tasks', kickoff?.ids[0] as string)?.properties['hs_task_body'] ?? '';
    expect(kickoffBody).toContain('is done: seen in HubSpot');
    expect(third.details['onboardingTasks']).toMatchObject({ doneByPerson: 1, deleted: 1 });

    const after = (await onboarding(k)).find((r) => r.companyId === waiting.companyId);
    const item = (key: string) => after?.onboarding?.items.find((i) => i.key === key);
    expect(item('kickoff')).toMatchObject({ doneBy: 'evidence' });
    expect(item('success_criteria')).toMatchObject({ doneBy: 'person' });
    expect(item('channels')).toMatchObject({ doneAt: null, taskDeleted: true });
    expect(after?.gaps.map((g) => g.key)).not.toContain('onboarding:success_criteria');

    // Neither comes back, that night or the next; nothing is duplicated.
    now = new Date(NOW.getTime() + 2 * DAY_MS);
    await runSync(k, { mode: 'full' });
    const final = onboardingTasks(world);
    expect(final.get(markerOf(waiting.companyId, 'channels'))).toBeUndefined();
    expect(final.get(markerOf(waiting.companyId, 'success_criteria'))?.statuses).toEqual(['COMPLETED']);
    expect([...final.values()].every((t) => t.ids.length === 1)).toBe(true);
    expect(final.size).toBe(made - 1);
  });

  it('when the store is lost after the first night, then a sync on an empty store makes no onboarding task again and its onboarding ledger learns the tasks HubSpot holds', async () => {
    // The sandbox stamps tasks on Keyline's day (a task made "today" counts against today's allowance however learnt).
    const wallStart = Date.now();
    world = await startWorld({ size: 'S', sandboxClock: () => NOW.getTime() + (Date.now() - wallStart) });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    expect((await runSync(k, { mode: 'full' })).status).toBe('succeeded');
    const made = onboardingTasks(world);
    expect(made.size).toBeGreaterThan(0);

    const fresh = await createKeyline(configFor(world.sandbox, 'sqlite::memory:'), { timeScale: TIME_SCALE, now: () => NOW });
    try {
      const run = await runSync(fresh, { mode: 'full' });
      expect(run).toMatchObject({ status: 'succeeded', errors: [] });
      expect(onboardingTasks(world)).toEqual(made);
      const ledger = await fresh.store.listOnboardingItems(fresh.portalId);
      expect(ledger.map((l) => markerOf(l.companyId, l.itemKey)).sort()).toEqual([...made.keys()].sort());
      expect(run.details['onboardingTasks']).toMatchObject({ doneByPerson: 0, deleted: 0 });
    } finally {
      await fresh.close();
    }
  });

  it('when a run dies right after HubSpot created onboarding tasks, then the resumed run creates none of them again and the ledger holds each once', async () => {
    world = await startWorld({ size: 'S' });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    let dead = false;
    const dying = {
      ...k,
      gateway: {
        ...k.gateway,
        createTasks: async (tasks: Parameters<Keyline['gateway']['createTasks']>[0]) => {
          const created = await k.gateway.createTasks(tasks);
          if (tasks.some((t) => t.gapKey.startsWith('onboarding:'))) {
            dead = true;
            throw new Error('the process died before recording the answer');
          }
          return created;
        },
      },
    };
    const failed = await runSync(dying, { mode: 'full' });
    expect(dead).toBe(true);
    expect(failed.status).toBe('failed');
    // HubSpot holds tasks the onboarding ledger does not know yet (their create's answer was never recorded).
    expect((await k.store.listOnboardingItems(k.portalId)).length).toBeLessThan(onboardingTasks(world).size);
    const resumed = await runSync(k, { mode: 'full' });
    expect(resumed).toMatchObject({ id: failed.id, status: 'succeeded' });
    const tasks = onboardingTasks(world);
    expect(tasks.size).toBeGreaterThan(0);
    expect([...tasks.values()].every((t) => t.ids.length === 1)).toBe(true);
    const ledger = await k.store.listOnboardingItems(k.portalId);
    expect(ledger.map((l) => markerOf(l.companyId, l.itemKey)).sort()).toEqual([...tasks.keys()].sort());
  });

  it('when the allowance is 2 a person a day, then the first night makes at most 2 onboarding tasks per person within the daily budget of 10, the rest wait visibly and follow on later nights', async () => {
    let now = NOW;
    world = await startWorld({ size: 'S', keyline: { now: () => now } });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    await saveModel(k, { onboarding: { daily_allowance: 2 } });

    const perOwner = () => {
      const out = new Map<string, number>();
      for (const t of world.sandbox.store.list('tasks')) {
        if (!(t.properties['keyline_task_key'] ?? '').includes('/onboarding:')) continue;
        const owner = t.properties['hubspot_owner_id'] ?? '';
        out.set(owner, (out.get(owner) ?? 0) + 1);
      }
      return out;
    };
    const first = await runSync(k, { mode: 'full' });
    expect(first).toMatchObject({ status: 'succeeded', errors: [] });
    const night1 = perOwner();
    expect([...night1.values()].every((n) => n <= 2)).toBe(true);
    // Onboarding and gap tasks share one daily budget (10): nobody gets more new Keyline tasks than that in a night.
    const allPerOwner = new Map<string, number>();
    for (const t of world.sandbox.store.list('tasks')) {
      if (!t.properties['keyline_task_key']) continue;
      const owner = t.properties['hubspot_owner_id'] ?? '';
      allPerOwner.set(owner, (allPerOwner.get(owner) ?? 0) + 1);
    }
    expect(Math.max(...allPerOwner.values())).toBe(10);
    const withOnboarding = [...night1.keys()].filter((o) => (night1.get(o) ?? 0) > 0 && (allPerOwner.get(o) ?? 0) === 10);
    expect(withOnboarding.length).toBeGreaterThan(0);
    const recorded = first.details['onboardingTasks'] as { owners: { creating: number; waiting: number }[] };
    const waiting = recorded.owners.reduce((n, o) => n + o.waiting, 0);
    expect(waiting).toBeGreaterThan(0);
    expect(recorded.owners.reduce((n, o) => n + o.creating, 0)).toBe([...night1.values()].reduce((a, b) => a + b, 0));
    // The waiting items are marked on the account (queued, with their rank).
    const queued = (await onboarding(k)).flatMap((r) => r.gaps.filter((g) => g.kind === 'onboarding' && g.task?.state === 'queued'));
    expect(queued).toHaveLength(waiting);

    // The report and GET /api/v1/portfolio (one shape) say the same: new customers, items, what waits, per owner.
    const portfolio = portfolioViewSchema.parse(await readCurrentPortfolio(k));
    const customers = await onboarding(k);
    expect(portfolio.onboarding).toMatchObject({ customers: customers.length, waiting });
    const items = portfolio.onboarding?.items ?? { done: 0, open: 0, overdue: 0 };
    expect(items.done + items.open + items.overdue).toBe(customers.reduce((n, r) => n + (r.onboarding?.total ?? 0), 0));
    expect(portfolio.onboarding?.owners.reduce((n, o) => n + o.waiting, 0)).toBe(waiting);
    const report = formatReport(portfolio, first);
    expect(report).toContain(`Onboarding: ${customers.length} new customers — items ${items.done} done, ${items.open} open, ${items.overdue} overdue; ${waiting} tasks waiting for the daily allowance`);

    // The same night again: nothing more. The next night: up to 2 more per person.
    await runSync(k, { mode: 'full' });
    expect(perOwner()).toEqual(night1);
    now = new Date(NOW.getTime() + DAY_MS);
    await runSync(k, { mode: 'full' });
    const night2 = perOwner();
    for (const [owner, n] of night2) expect(n - (night1.get(owner) ?? 0)).toBeLessThanOrEqual(2);
    expect([...night2.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan([...night1.values()].reduce((a, b) => a + b, 0));
  });
});
