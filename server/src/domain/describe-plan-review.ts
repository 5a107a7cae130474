/**
 * The account plan as the card shows it (issue #16, part 4), pure: the plan's texts, whether the tier needs a plan,
 * and its review status with the reason — `assessPlan`'s verdict, with one more step for the card: a review due within
 * `PLAN_REVIEW_DUE_SOON_DAYS` reads "due soon" (a heads-up only: never a gap or a task). Assessed as of the moment
 * given (the snapshot's computedAt), so the status agrees with the plan-review gap of the same result.
 */
import { assessPlan } from './assess-plan';
import { formatDay } from './format-values';
import type { PlansModel } from './onboarding-model';
import type { AccountPlan, Tier } from './types';

const DAY_MS = 86_400_000;
/** A review due within this many days is shown as due soon. */
export const PLAN_REVIEW_DUE_SOON_DAYS = 14;

export type PlanReviewStatus = 'not_needed' | 'missing' | 'current' | 'due_soon' | 'overdue';

export interface PlanReview {
  objectives: string;
  currentIssues: string;
  upsellPlan: string;
  nextReviewAt: Date | null;
  needed: boolean;
  status: PlanReviewStatus;
  reviewDueAt: Date | null;
  reason: string;
  lastSavedAt: Date | null;
}

const TIER_WORDS: Record<Tier, string> = { tier_1: 'tier 1', tier_2: 'tier 2', tier_3: 'tier 3' };

function validDate(d: Date | null | undefined): Date | null {
  return d instanceof Date && Number.isFinite(d.getTime()) ? d : null;
}

function text(t: string | null | undefined): string {
  return typeof t === 'string' ? t.trim() : '';
}

function daysWord(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}

export function describePlanReview(plan: AccountPlan | undefined, tier: Tier, model: PlansModel, asOf: Date): PlanReview {
  const needed = model.tiers.includes(tier);
  const assessed = assessPlan(plan, tier, model, asOf);
  const nextReviewAt = validDate(plan?.nextReviewAt);
  const lastSavedAt = validDate(plan?.updatedAt);
  const base = { objectives: text(plan?.objectives), currentIssues: text(plan?.currentIssues), upsellPlan: text(plan?.upsellPlan), nextReviewAt, needed, reviewDueAt: assessed.reviewDueAt, lastSavedAt };
  const needWords = model.tiers.length === 0 ? 'no tier' : model.tiers.map((t) => TIER_WORDS[t]).join(', ');
  switch (assessed.status) {
    case 'not_needed':
      return { ...base, status: 'not_needed', reason: `No plan yet; plans are kept for ${needWords} accounts, and this one is ${TIER_WORDS[tier]}.` };
    case 'missing':
      return { ...base, status: 'missing', reason: `${TIER_WORDS[tier][0]!.toUpperCase()}${TIER_WORDS[tier].slice(1)} accounts need an account plan; none is saved yet.` };
    case 'review_overdue': {
      const due = assessed.reviewDueAt as Date;
      const why = nextReviewAt !== null ? `the next review date ${formatDay(due.getTime())} has passed` : `no next review date, and it was last saved on ${formatDay((lastSavedAt as Date).getTime())} (review every ${model.review_interval_days} days)`;
      return { ...base, status: 'overdue', reason: `Review overdue: ${why}.` };
    }
    case 'current': {
      const due = assessed.reviewDueAt;
      if (due === null) return { ...base, status: 'current', reason: 'No review date set: add one so the review is not forgotten.' };
      const days = Math.ceil((due.getTime() - asOf.getTime()) / DAY_MS);
      const source = nextReviewAt !== null ? 'next review date' : `${model.review_interval_days} days after the last save`;
      if (days <= PLAN_REVIEW_DUE_SOON_DAYS) {
        return { ...base, status: 'due_soon', reason: `Review due ${days <= 0 ? 'today' : `in ${daysWord(days)}`}, on ${formatDay(due.getTime())} (${source}).` };
      }
      return { ...base, status: 'current', reason: `Next review on ${formatDay(due.getTime())} (${source}).` };
    }
  }
}
