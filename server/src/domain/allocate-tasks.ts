/**
 * Few and ranked (SPEC §3.2): which of the portfolio's gaps become Keyline tasks today. Pure: the candidate gaps of
 * the whole portfolio, the Keyline tasks already open and the tasks made earlier today in; the tasks to create now and
 * the queue of the rest out.
 *
 * Each owner gets at most `tasks.daily_budget` new tasks a day and holds at most `tasks.max_open_per_owner` open
 * Keyline tasks; within that room the owner's gaps are taken in priority order: the account's tier (Tier 1 first),
 * then the gap's severity, then the account's value (trailing revenue, then score), then the company id and gap key
 * (so the same portfolio gives the same tasks every time). A gap over the budget is queued with its rank in its
 * owner's queue, and becomes a task on a later day as earlier tasks close. A gap that already has an open (or pending)
 * task is never a candidate again: one task per company and gap.
 */
import type { ScoringModel } from './scoring-model';
import { TIERS, type AccountResult, type Gap, type GapTaskState, type Tier } from './types';

/** One gap of one account that could become a task. */
export interface TaskCandidate {
  readonly companyId: string;
  readonly gapKey: string;
  /** Who the task would be assigned to (the owner, else the fallback owner); null: unassigned (one queue for those). */
  readonly assignee: string | null;
  /** The account's effective tier. */
  readonly tier: Tier;
  /** The account's value: trailing-12-month won revenue in dollars, 0 when unknown. */
  readonly value: number;
  readonly score: number;
  /** When the gap's task is due, if it has a date (an onboarding item): onboarding tasks are made earliest due first. */
  readonly dueAt?: number;
}

/** A Keyline task open (or pending) in HubSpot now, with the person it counts against. */
export interface OpenTask {
  readonly companyId: string;
  readonly gapKey: string;
  readonly assignee: string | null;
}

export interface TaskBudget {
  /** New Keyline tasks per owner and day. */
  readonly dailyBudget: number;
  /** Open Keyline tasks per owner. */
  readonly maxOpenPerOwner: number;
  /**
   * Room kept back for gaps Keyline could not see tonight (accounts it failed to read), by assignee; `anyone` for
   * accounts whose owner is not known either. Every owner with room still gets at least one task.
   */
  readonly keepBack?: { readonly byAssignee: ReadonlyMap<string | null, number>; readonly anyone: number };
}

export interface QueuedGap {
  readonly candidate: TaskCandidate;
  /** Position in the assignee's queue: 1 = the next gap to become a task. */
  readonly rank: number;
}

export interface OwnerTasks {
  readonly assignee: string | null;
  /** Open Keyline tasks before today's new ones. */
  readonly open: number;
  /** Made earlier today (an earlier run of the same day). */
  readonly createdEarlierToday: number;
  /** To create now. */
  readonly creating: number;
  readonly queued: number;
}

export interface TaskAllocation {
  /** The tasks to create now, in priority order (owner by owner, each owner's best first). */
  readonly create: readonly TaskCandidate[];
  /** The gaps left for later days, by `taskKeyOf(companyId, gapKey)`. */
  readonly queued: ReadonlyMap<string, QueuedGap>;
  /** One line per assignee with a task or a gap, ordered by assignee id (unassigned last). */
  readonly owners: readonly OwnerTasks[];
}

/** The identity of a company's gap: one task at most per key. */
export function taskKeyOf(companyId: string, gapKey: string): string {
  return `${companyId}/${gapKey}`;
}

/**
 * How urgent a gap kind is, lower first. Silence first: without a touch nothing else happens. Then a champion
 * going cold (a relationship at risk now) or a key contact only a colleague who left knew, then the reviews that keep an account on course (QBR, meeting), then the
 * mapping work: a missing decision maker, executive sponsor, champion, budget holder, then any other role. Mapping takes
 * weeks and is rarely a one-day task.
 */
const SEVERITY: Readonly<Record<string, number>> = {
  touch_overdue: 0,
  champion_dark: 1,
  departed_contact: 1.5,
  qbr_overdue: 2,
  meeting_overdue: 3,
  'missing_role:DECISION_MAKER': 4,
  'missing_role:EXECUTIVE_SPONSOR': 5,
  'missing_role:CHAMPION': 6,
  'missing_role:BUDGET_HOLDER': 7,
};
const OTHER_SEVERITY = 8;

export function gapSeverity(gapKey: string): number {
  return SEVERITY[gapKey] ?? OTHER_SEVERITY;
}

const TIER_ORDER: Readonly<Record<Tier, number>> = { tier_1: 0, tier_2: 1, tier_3: 2 };

/** Company ids are numeric strings in HubSpot: shorter first, then by text (numeric order without parsing). */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Priority order of two candidates: negative when `a` comes first. */
export function compareCandidates(a: TaskCandidate, b: TaskCandidate): number {
  return (
    TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
    gapSeverity(a.gapKey) - gapSeverity(b.gapKey) ||
    b.value - a.value ||
    b.score - a.score ||
    compareIds(a.companyId, b.companyId) ||
    (a.gapKey < b.gapKey ? -1 : a.gapKey > b.gapKey ? 1 : 0)
  );
}

const UNASSIGNED = '\u0000unassigned';
const bucketOf = (assignee: string | null): string => assignee ?? UNASSIGNED;

/**
 * Decides today's new tasks. `createdToday` counts the Keyline tasks made earlier the same day per assignee (null key:
 * unassigned); they count against the daily budget, and (being open) against the open cap too.
 */
export function allocateTasks(
  candidates: readonly TaskCandidate[],
  open: readonly OpenTask[],
  createdToday: ReadonlyMap<string | null, number>,
  budget: TaskBudget,
): TaskAllocation {
  const taken = new Set<string>();
  const openBy = new Map<string, number>();
  for (const t of open) {
    taken.add(taskKeyOf(t.companyId, t.gapKey));
    openBy.set(bucketOf(t.assignee), (openBy.get(bucketOf(t.assignee)) ?? 0) + 1);
  }
  const queues = new Map<string, TaskCandidate[]>();
  const seen = new Set<string>();
  for (const c of candidates) {
    const key = taskKeyOf(c.companyId, c.gapKey);
    if (taken.has(key) || seen.has(key)) continue; // one task per company and gap; a candidate listed twice counts once
    seen.add(key);
    const bucket = bucketOf(c.assignee);
    const list = queues.get(bucket);
    if (list === undefined) queues.set(bucket, [c]);
    else list.push(c);
  }

  const create: TaskCandidate[] = [];
  const queued = new Map<string, QueuedGap>();
  const owners: OwnerTasks[] = [];
  const buckets = new Set<string>([...queues.keys(), ...openBy.keys()]);
  for (const [key, n] of createdToday) if (n > 0) buckets.add(bucketOf(key));
  const ordered = [...buckets].sort((a, b) => (a === UNASSIGNED ? 1 : b === UNASSIGNED ? -1 : compareIds(a, b)));
  for (const bucket of ordered) {
    const assignee = bucket === UNASSIGNED ? null : bucket;
    const queue = (queues.get(bucket) ?? []).sort(compareCandidates);
    const openNow = openBy.get(bucket) ?? 0;
    const earlier = Math.max(0, createdToday.get(assignee) ?? 0);
    const full = Math.max(0, Math.min(budget.dailyBudget - earlier, budget.maxOpenPerOwner - openNow));
    const held = Math.min((budget.keepBack?.byAssignee.get(assignee) ?? 0) + (budget.keepBack?.anyone ?? 0), Math.max(0, full - 1));
    const room = full - held;
    const creating = Math.min(room, queue.length);
    for (let i = 0; i < queue.length; i += 1) {
      const c = queue[i] as TaskCandidate;
      if (i < creating) create.push(c);
      else queued.set(taskKeyOf(c.companyId, c.gapKey), { candidate: c, rank: i - creating + 1 });
    }
    owners.push({ assignee, open: openNow, createdEarlierToday: earlier, creating, queued: queue.length - creating });
  }
  return { create, queued, owners };
}

/** The most gaps one account can have under the model's task policy (for the room kept back for unread accounts). */
export function maxGapsPerAccount(model: ScoringModel): number {
  let most = 0;
  for (const tier of TIERS) {
    const kinds = model.tasks.gap_kinds[tier];
    const rules = model.cadence[tier];
    let n = kinds.includes('touch_overdue') ? 1 : 0;
    if (kinds.includes('meeting_overdue') && rules.meeting_every_days !== null) n += 1;
    if (kinds.includes('qbr_overdue') && rules.qbr_every_days !== null) n += 1;
    if (kinds.includes('missing_role')) n += model.stakeholders.required_roles[tier].length;
    if (kinds.includes('champion_dark')) n += 1;
    if (kinds.includes('plan_review_overdue')) n += 1;
    if (kinds.includes('departed_contact')) n += 1;
    most = Math.max(most, n);
  }
  return most;
}

/** The candidates of one scored account: each of its gaps, with the account's tier, value and score. */
export function taskCandidatesOf(result: AccountResult, assignee: string | null): TaskCandidate[] {
  const revenue = result.tier.criteria.find((c) => c.criterion === 'recurring_revenue')?.value;
  const value = typeof revenue === 'number' && Number.isFinite(revenue) && revenue > 0 ? revenue : 0;
  return result.gaps.map((gap) => ({
    companyId: result.companyId,
    gapKey: gap.key,
    assignee,
    tier: result.tier.tier,
    value,
    score: result.tier.score,
    ...(gap.dueAt instanceof Date ? { dueAt: gap.dueAt.getTime() } : {}),
  }));
}

/**
 * A new result whose gaps say what became of them: a Keyline task is open (`hasTask`), or the gap waits in the queue
 * with its rank. Gaps the allocation did not see keep what they had.
 */
export function markGapTasks(
  result: AccountResult,
  hasTask: (gapKey: string) => boolean,
  queued: ReadonlyMap<string, QueuedGap>,
): AccountResult {
  let changed = false;
  const gaps = result.gaps.map((gap): Gap => {
    const q = queued.get(taskKeyOf(result.companyId, gap.key));
    const task: GapTaskState | undefined = hasTask(gap.key) ? { state: 'open' } : q !== undefined ? { state: 'queued', rank: q.rank } : undefined;
    if (task === undefined || sameTaskState(gap.task, task)) return gap;
    changed = true;
    return { ...gap, task };
  });
  return changed ? { ...result, gaps } : result;
}

function sameTaskState(a: GapTaskState | undefined, b: GapTaskState): boolean {
  if (a === undefined || a.state !== b.state) return false;
  return a.state === 'open' || (b.state === 'queued' && a.rank === b.rank);
}
