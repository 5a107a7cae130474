/**
 * Onboarding after the handoff (issue #16, part 3), pure: is the account a new customer (its first won deal closed
 * within the window, no earlier won deal), which template items are done by evidence seen in HubSpot, and which are
 * open or overdue. Items with no visible evidence (`none`) are never done here: the person closes their task.
 */
import type { OnboardingItem, OnboardingModel } from './onboarding-model';
import type { Activity, Deal, OnboardingItemState, OnboardingState } from './types';

export type { OnboardingItemState, OnboardingState } from './types';

const DAY_MS = 86_400_000;

export interface OnboardingRules {
  /** Meeting outcomes that mean the meeting was not held (the cadence section's list). */
  meetingExcludedOutcomes: readonly string[];
  /** Phrases and activity types that make a meeting a review (the cadence section's QBR lists). */
  reviewTitlePatterns: readonly string[];
  reviewActivityTypes: readonly string[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordsRegex(words: readonly string[]): RegExp | null {
  const parts = words.map((w) => w.trim()).filter((w) => w !== '');
  if (parts.length === 0) return null;
  return new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${parts.map(escape).join('|')})(?=$|[^\\p{L}\\p{N}])`, 'iu');
}

function validMs(date: Date | null | undefined): number | null {
  return date instanceof Date && Number.isFinite(date.getTime()) ? date.getTime() : null;
}

/** The close date of the account's first won deal when it is within the window (and not in the future), else null. */
export function onboardingTrigger(deals: readonly Deal[], windowDays: number, now: Date): Date | null {
  let first: Date | null = null;
  for (const deal of deals) {
    if (deal.status !== 'won') continue;
    const ms = validMs(deal.closeDate);
    if (ms === null || deal.closeDate === null) continue;
    if (first === null || ms < first.getTime()) first = deal.closeDate;
  }
  if (first === null) return null;
  const age = now.getTime() - first.getTime();
  return age >= 0 && age <= windowDays * DAY_MS ? first : null;
}

function heldMeetingsSince(activities: readonly Activity[], sinceMs: number, nowMs: number, excluded: ReadonlySet<string>): Activity[] {
  const held: Activity[] = [];
  for (const a of activities) {
    if (a.kind !== 'meeting') continue;
    const ms = validMs(a.occurredAt);
    if (ms === null || ms < sinceMs || ms > nowMs) continue;
    if (typeof a.status === 'string' && excluded.has(a.status.trim().toUpperCase())) continue;
    held.push(a);
  }
  return held.sort((x, y) => (x.occurredAt?.getTime() ?? 0) - (y.occurredAt?.getTime() ?? 0));
}

function evidenceFor(item: OnboardingItem, held: readonly Activity[], rules: OnboardingRules): Date | null {
  switch (item.evidence) {
    case 'held_meeting':
      return held[0]?.occurredAt ?? null;
    case 'titled_meeting': {
      const re = wordsRegex(item.title_words);
      if (re === null) return null;
      return held.find((a) => typeof a.title === 'string' && re.test(a.title))?.occurredAt ?? null;
    }
    case 'review_meeting': {
      const re = wordsRegex(rules.reviewTitlePatterns);
      const types = new Set(rules.reviewActivityTypes.map((t) => t.trim().toLowerCase()));
      return (
        held.find(
          (a) =>
            (typeof a.activityType === 'string' && types.has(a.activityType.trim().toLowerCase())) ||
            (re !== null && typeof a.title === 'string' && re.test(a.title)),
        )?.occurredAt ?? null
      );
    }
    default:
      return null;
  }
}

/** The account's onboarding, or null when it is not a new customer (or onboarding is turned off). */
export function assessOnboarding(
  input: { deals: readonly Deal[]; activities: readonly Activity[] },
  model: OnboardingModel,
  rules: OnboardingRules,
  now: Date,
): OnboardingState | null {
  if (!model.enabled || model.items.length === 0) return null;
  const wonAt = onboardingTrigger(input.deals, model.window_days, now);
  if (wonAt === null) return null;
  const nowMs = now.getTime();
  const excluded = new Set(rules.meetingExcludedOutcomes.map((s) => s.trim().toUpperCase()));
  const held = heldMeetingsSince(input.activities, wonAt.getTime(), nowMs, excluded);
  const items = model.items.map((item): OnboardingItemState => {
    const dueAt = new Date(wonAt.getTime() + item.due_days * DAY_MS);
    const doneAt = evidenceFor(item, held, rules);
    return {
      key: item.key,
      label: item.label,
      taskKey: `onboarding:${item.key}`,
      dueAt,
      doneAt,
      ...(doneAt !== null ? { doneBy: 'evidence' as const } : {}),
      manual: item.evidence === 'none',
      overdue: doneAt === null && dueAt.getTime() < nowMs,
    };
  });
  const open = items.filter((i) => i.doneAt === null).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  return { wonAt, items, done: items.length - open.length, total: items.length, next: open[0] ?? null };
}
