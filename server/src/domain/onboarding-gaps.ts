/**
 * Onboarding items as task gaps (issue #16, part 3), pure. Each open item of a new customer's checklist is a gap keyed
 * `onboarding:<item>`, so the sync's task machinery (ledger, adoption, self-closing) carries it; the onboarding ledger
 * (store) makes each item's task once per customer, and the task phase gives onboarding the first share of the daily budget (its allowance).
 *
 * Closing: a task is completed by Keyline only when its item is done by evidence (a held kickoff meeting after the win,
 * …). A manual item, or an account that left the onboarding window, keeps its task until the person closes it.
 */
import { assessOnboarding } from './assess-onboarding';
import { formatDay } from './format-values';
import type { ScoringModel } from './scoring-model';
import type { AccountResult, Activity, Deal, Gap, OnboardingItemState, OnboardingState } from './types';

export const ONBOARDING_KEY_PREFIX = 'onboarding:';

const isObject = <T>(value: T | null | undefined): value is T => typeof value === 'object' && value !== null;

export function isOnboardingKey(gapKey: string): boolean {
  return gapKey.startsWith(ONBOARDING_KEY_PREFIX);
}

/** The account's onboarding under the model (the cadence section's meeting rules tell held meetings and reviews). */
export function onboardingOf(deals: readonly Deal[] | undefined, activities: readonly Activity[] | undefined, model: ScoringModel, now: Date): OnboardingState | null {
  return assessOnboarding(
    // Junk in, no exception: null entries in the lists are skipped (junk-input.test.ts).
    { deals: Array.isArray(deals) ? deals.filter(isObject) : [], activities: Array.isArray(activities) ? activities.filter(isObject) : [] },
    model.onboarding,
    {
      meetingExcludedOutcomes: model.cadence.meeting_excluded_outcomes,
      reviewTitlePatterns: model.cadence.qbr_title_patterns,
      reviewActivityTypes: model.cadence.qbr_activity_types,
    },
    now,
  );
}

function itemGap(item: OnboardingItemState, wonAt: Date): Gap {
  const how = item.manual
    ? 'Keyline cannot see this in HubSpot: complete this task when it is done.'
    : 'Keyline completes this task itself when it sees it done in HubSpot.';
  return {
    key: item.taskKey,
    kind: 'onboarding',
    title: `Onboarding: ${item.label}`,
    detail: `New customer since ${formatDay(wonAt.getTime())}: ${item.label.toLowerCase()} due by ${formatDay(item.dueAt.getTime())}. ${how}`,
    dueAt: item.dueAt,
  };
}

/** The open items of an onboarding as gaps (none done by evidence or by the person). */
export function onboardingGaps(state: OnboardingState | null | undefined): Gap[] {
  if (state === null || state === undefined) return [];
  return state.items.filter((i) => i.doneAt === null).map((i) => itemGap(i, state.wonAt));
}

/**
 * Whether the plan may complete the task of an onboarding gap key that is no longer a gap: only when its item is done
 * by evidence. Other keys: always (the plan's usual rule).
 */
export function mayCloseTask(result: AccountResult, gapKey: string): boolean {
  if (!isOnboardingKey(gapKey)) return true;
  const item = result.onboarding?.items.find((i) => i.taskKey === gapKey);
  return item !== undefined && item.doneAt !== null && item.doneBy !== 'person';
}

/** Why Keyline completed an onboarding task (the note appended to it). */
export function onboardingClosedWhy(result: AccountResult, itemKey: string): string {
  const item = result.onboarding?.items.find((i) => i.key === itemKey);
  if (item?.doneAt instanceof Date) return `the onboarding item "${item.label}" is done: seen in HubSpot on ${formatDay(item.doneAt.getTime())}.`;
  return 'the onboarding item is done.';
}

/** What the onboarding ledger knows of one item (store): its task made once, done by the person, or deleted. */
export interface OnboardingLedgerItem {
  companyId: string;
  itemKey: string;
  /** The first won deal's close date the item belongs to. */
  wonAt: Date;
  taskId: string | null;
  status: 'task_open' | 'done' | 'task_deleted';
  taskCreatedAt: Date;
  doneAt: Date | null;
}

/**
 * The account's onboarding with what the ledger knows: an item whose task the person completed is done (by the
 * person, at that time) and no longer a gap; an item whose task was deleted is marked so (still open, never a task
 * again). A new result (or the same one when nothing changes).
 */
export function withOnboardingLedger(result: AccountResult, ledger: readonly OnboardingLedgerItem[]): AccountResult {
  const state = result.onboarding;
  if (state === undefined || ledger.length === 0) return result;
  const byKey = new Map(ledger.map((l) => [l.itemKey, l])); // once per customer, whatever its first win's date became
  let changed = false;
  const items = state.items.map((item): OnboardingItemState => {
    const l = byKey.get(item.key);
    if (l === undefined || item.doneAt !== null) return item;
    if (l.status === 'done') {
      changed = true;
      return { ...item, doneAt: l.doneAt ?? l.taskCreatedAt, doneBy: 'person', overdue: false };
    }
    if (l.status === 'task_deleted' && item.taskDeleted !== true) {
      changed = true;
      return { ...item, taskDeleted: true };
    }
    return item;
  });
  if (!changed) return result;
  const open = items.filter((i) => i.doneAt === null).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const onboarding: OnboardingState = { ...state, items, done: items.length - open.length, next: open[0] ?? null };
  const doneKeys = new Set(items.filter((i) => i.doneAt !== null).map((i) => i.taskKey));
  return { ...result, onboarding, gaps: result.gaps.filter((g) => !doneKeys.has(g.key)) };
}

/** Counts of one onboarding for the report: done, open (not yet due) and overdue items. */
export function onboardingCounts(state: OnboardingState, now: Date): { done: number; open: number; overdue: number } {
  let done = 0;
  let overdue = 0;
  for (const i of state.items) {
    if (i.doneAt !== null) done += 1;
    else if (i.dueAt.getTime() < now.getTime()) overdue += 1;
  }
  return { done, open: state.items.length - done - overdue, overdue };
}
