/**
 * The plan-review gap (issue #16, part 4): an account plan overdue for review is a cadence gap like the others, kept
 * by the task policy (`tasks.gap_kinds`) and the daily budget. A missing plan is never a gap (see assess-plan.ts).
 */
import { assessPlan } from './assess-plan';
import { formatDay } from './format-values';
import type { PlansModel } from './onboarding-model';
import type { AccountPlan, Gap, Tier } from './types';

export function planReviewGap(plan: AccountPlan | undefined, tier: Tier, model: PlansModel, now: Date): Gap | null {
  const review = assessPlan(plan, tier, model, now);
  if (review.status !== 'review_overdue' || review.reviewDueAt === null) return null;
  const saved = plan?.updatedAt instanceof Date && Number.isFinite(plan.updatedAt.getTime()) ? ` (last saved ${formatDay(plan.updatedAt.getTime())})` : '';
  return {
    key: 'plan_review_overdue',
    kind: 'plan_review_overdue',
    title: 'Account plan review overdue',
    detail: `The account plan${saved} was due for review on ${formatDay(review.reviewDueAt.getTime())}: review the objectives, issues and upsell plan with the team, then save it from the Keyline card with the next review date.`,
  };
}
