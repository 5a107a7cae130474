/**
 * Onboarding in the task phase (#16, part 3): load → settle → decide.
 *
 *   load:   the onboarding ledger (store): each new customer's items whose task Keyline made, once
 *   settle: the ledger learns the tasks made (also those a killed run left only in the task ledger) and, by reading
 *           the open onboarding tasks back by id (⌈open onboarding tasks ÷ 100⌉ batch reads, not the lagging search),
 *           which ones the person completed (the item is done, by the person) or deleted (never made again); both
 *           leave the task ledger so they no longer count as open
 *   decide: an item with a ledger row is never a task candidate again; the rest go through their own per-owner daily
 *           allowance (`onboarding.daily_allowance`), apart from the gap tasks' budget; over it they wait, ranked
 * A dry run reads the ledger and writes nothing.
 */
import { allocateTasks, compareCandidates, taskKeyOf, type OpenTask, type QueuedGap, type TaskAllocation, type TaskCandidate } from '../domain';
import { isOnboardingKey, ONBOARDING_KEY_PREFIX, withOnboardingLedger, type OnboardingLedgerItem } from '../domain/onboarding-gaps';
import type { AccountResult } from '../domain/types';
import type { TaskLedgerEntry } from '../store/store';
import type { KeylineDeps } from './deps';

const PAGE = 1_000;

/** The onboarding ledger by company. */
export type OnboardingLedger = ReadonlyMap<string, readonly OnboardingLedgerItem[]>;

function indexLedger(items: readonly OnboardingLedgerItem[]): Map<string, OnboardingLedgerItem[]> {
  const out = new Map<string, OnboardingLedgerItem[]>();
  for (const i of items) out.set(i.companyId, [...(out.get(i.companyId) ?? []), i]);
  return out;
}

const itemKeyOf = (gapKey: string): string => gapKey.slice(ONBOARDING_KEY_PREFIX.length);

/** What settling found: items done by their person, tasks deleted, items recorded from the task ledger. */
export interface OnboardingSettled {
  ledger: OnboardingLedger;
  doneByPerson: number;
  deleted: number;
  recorded: number;
}

/** load + settle (see the file's comment). */
export async function settleOnboarding(deps: KeylineDeps, opts: { dryRun: boolean; now: Date }): Promise<OnboardingSettled> {
  const { store, portalId, gateway } = deps;
  const ledger = indexLedger(await store.listOnboardingItems(portalId));
  const settled: OnboardingSettled = { ledger, doneByPerson: 0, deleted: 0, recorded: 0 };
  if (opts.dryRun) return settled;
  const ids = (await store.listSnapshotSummaries(portalId)).map((s) => s.companyId);
  const open: TaskLedgerEntry[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    for (const t of await store.listOpenTasksFor(portalId, ids.slice(i, i + PAGE))) {
      if (t.status === 'open' && t.taskId !== null && isOnboardingKey(t.gapKey)) open.push(t);
    }
  }
  if (open.length === 0) return settled;

  // Tasks made but not yet in the onboarding ledger (a run killed between the two): recorded now.
  const missing = open.filter((t) => !(ledger.get(t.companyId) ?? []).some((l) => l.itemKey === itemKeyOf(t.gapKey)));
  if (missing.length > 0) {
    const snaps = await store.getSnapshots(portalId, [...new Set(missing.map((t) => t.companyId))]);
    await store.recordOnboardingTasks(
      portalId,
      missing.map((t) => ({
        companyId: t.companyId,
        itemKey: itemKeyOf(t.gapKey),
        wonAt: snaps.get(t.companyId)?.result.onboarding?.wonAt ?? t.createdAt,
        taskId: t.taskId,
        createdAt: t.createdAt,
      })),
    );
    settled.recorded = missing.length;
  }

  // Tasks the person completed or deleted in HubSpot.
  const statuses = await gateway.readTaskStatuses(open.map((t) => t.taskId as string));
  const closed: { companyId: string; itemKey: string; status: 'done' | 'task_deleted'; doneAt: Date | null }[] = [];
  for (const t of open) {
    const s = statuses.get(t.taskId as string);
    if (s === undefined || s.state === 'open') continue;
    closed.push({ companyId: t.companyId, itemKey: itemKeyOf(t.gapKey), status: s.state === 'completed' ? 'done' : 'task_deleted', doneAt: s.state === 'completed' ? (s.at ?? opts.now) : null });
  }
  await store.settleOnboardingItems(portalId, closed);
  await store.markTasksCompleted(portalId, closed.map((c) => ({ companyId: c.companyId, gapKey: `${ONBOARDING_KEY_PREFIX}${c.itemKey}` })));
  settled.doneByPerson = closed.filter((c) => c.status === 'done').length;
  settled.deleted = closed.length - settled.doneByPerson;
  settled.ledger = indexLedger(await store.listOnboardingItems(portalId));
  return settled;
}

/** The account's result with what the onboarding ledger knows (items done by the person are no longer gaps). */
export function withLedgerOf(ledger: OnboardingLedger | undefined, result: AccountResult): AccountResult {
  return ledger === undefined ? result : withOnboardingLedger(result, ledger.get(result.companyId) ?? []);
}

/** False for an onboarding candidate whose task was made before (the ledger has its item): never made twice. */
export function notMadeBefore(ledger: OnboardingLedger | undefined): (c: TaskCandidate) => boolean {
  return (c) => !isOnboardingKey(c.gapKey) || !(ledger?.get(c.companyId) ?? []).some((l) => l.itemKey === itemKeyOf(c.gapKey));
}

export interface OnboardingOwnerLine {
  assignee: string | null;
  createdToday: number;
  creating: number;
  waiting: number;
}

/**
 * decide: the onboarding tasks first, at most `allowance` a day, within the daily budget and the open cap; then the
 * gap tasks under what is left of both (`allocateTasks`, which counts the onboarding tasks made today among the day's
 * tasks and the open onboarding tasks among the open ones), merged into one allocation.
 */
export function allocateWithOnboarding(
  candidates: readonly TaskCandidate[],
  open: readonly OpenTask[],
  createdToday: ReadonlyMap<string | null, number>,
  onboardingToday: ReadonlyMap<string | null, number>,
  budget: Parameters<typeof allocateTasks>[3],
  allowance: number,
): { allocation: TaskAllocation; onboarding: OnboardingOwnerLine[] } {
  // Onboarding first (a new customer's checklist is time-bound), at most `allowance` a day; then the gap tasks. Both
  // share one daily budget and one open cap, so nobody gets more than `dailyBudget` new Keyline tasks a day nor holds
  // more than `maxOpenPerOwner` open (README, SCORING §5).
  const gapCandidates = candidates.filter((c) => !isOnboardingKey(c.gapKey));
  const openBy = new Map<string | null, number>();
  for (const t of open) openBy.set(t.assignee, (openBy.get(t.assignee) ?? 0) + 1);
  const room = (assignee: string | null) =>
    Math.max(
      0,
      Math.min(
        allowance - Math.max(0, onboardingToday.get(assignee) ?? 0),
        budget.dailyBudget - Math.max(0, onboardingToday.get(assignee) ?? 0) - Math.max(0, createdToday.get(assignee) ?? 0),
        budget.maxOpenPerOwner - (openBy.get(assignee) ?? 0),
      ),
    );
  const onboarding = allocateOnboarding(
    candidates.filter((c) => isOnboardingKey(c.gapKey)),
    open.filter((t) => isOnboardingKey(t.gapKey)),
    onboardingToday,
    room,
  );
  const madeToday = new Map(createdToday);
  for (const o of onboarding.owners) madeToday.set(o.assignee, (madeToday.get(o.assignee) ?? 0) + o.createdToday + o.creating);
  // The onboarding tasks made now are open tasks from here on: the gap tasks' open cap counts them.
  const openNow: OpenTask[] = [...open, ...onboarding.create.map((c) => ({ companyId: c.companyId, gapKey: c.gapKey, assignee: c.assignee }))];
  const regular = allocateTasks(gapCandidates, openNow, madeToday, budget);
  return {
    allocation: { create: [...regular.create, ...onboarding.create], queued: new Map([...regular.queued, ...onboarding.queued]), owners: regular.owners },
    onboarding: onboarding.owners,
  };
}

/**
 * Each owner's onboarding tasks for today: earliest due first (a kickoff before a first review, whichever customer),
 * then the gap tasks' priority order; at most `roomFor(assignee)` now (the allowance left today within the shared
 * daily budget and open cap). The rest wait with their rank.
 */
export function allocateOnboarding(
  candidates: readonly TaskCandidate[],
  open: readonly OpenTask[],
  createdToday: ReadonlyMap<string | null, number>,
  /** How many onboarding tasks the assignee may get now (the allowance left today, within the shared budget and cap). */
  roomFor: (assignee: string | null) => number,
): { create: TaskCandidate[]; queued: Map<string, QueuedGap>; owners: OnboardingOwnerLine[] } {
  const taken = new Set(open.map((t) => taskKeyOf(t.companyId, t.gapKey)));
  const queues = new Map<string | null, TaskCandidate[]>();
  for (const c of candidates) {
    const key = taskKeyOf(c.companyId, c.gapKey);
    if (taken.has(key)) continue;
    taken.add(key);
    queues.set(c.assignee, [...(queues.get(c.assignee) ?? []), c]);
  }
  for (const [assignee, n] of createdToday) if (n > 0 && !queues.has(assignee)) queues.set(assignee, []);
  const create: TaskCandidate[] = [];
  const queued = new Map<string, QueuedGap>();
  const owners: OnboardingOwnerLine[] = [];
  const ordered = [...queues.keys()].sort((a, b) => (a === null ? 1 : b === null ? -1 : a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)));
  for (const assignee of ordered) {
    const queue = (queues.get(assignee) ?? []).sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || compareCandidates(a, b));
    const earlier = Math.max(0, createdToday.get(assignee) ?? 0);
    const creating = Math.min(Math.max(0, roomFor(assignee)), queue.length);
    queue.forEach((c, i) => {
      if (i < creating) create.push(c);
      else queued.set(taskKeyOf(c.companyId, c.gapKey), { candidate: c, rank: i - creating + 1 });
    });
    owners.push({ assignee, createdToday: earlier, creating, waiting: queue.length - creating });
  }
  return { create, queued, owners };
}

/** After the creates: the onboarding items whose task was made now, into the ledger (once). */
export async function recordMadeOnboardingTasks(
  deps: KeylineDeps,
  taskIds: ReadonlyMap<string, string>,
  results: ReadonlyMap<string, AccountResult>,
  now: Date,
): Promise<void> {
  const items: Parameters<KeylineDeps['store']['recordOnboardingTasks']>[1][number][] = [];
  for (const result of results.values()) {
    const state = result.onboarding;
    if (state === undefined) continue;
    for (const item of state.items) {
      const taskId = taskIds.get(taskKeyOf(result.companyId, item.taskKey));
      if (taskId !== undefined) items.push({ companyId: result.companyId, itemKey: item.key, wonAt: state.wonAt, taskId, createdAt: now });
    }
  }
  await deps.store.recordOnboardingTasks(deps.portalId, items);
}
