/**
 * The light account plan's review (issue #16, part 4), pure. A plan is overdue for review when its next-review date
 * has passed, or, with no date, when it was last saved more than the review interval ago. A missing plan on a tier
 * that needs one is `missing`: shown on the card and in the report, never a task by itself (the first night would
 * otherwise raise one task for every tier-1 account at once; see docs/SCORING.md, plans).
 */
import type { PlansModel } from './onboarding-model';
import type { AccountPlan, Tier } from './types';

const DAY_MS = 86_400_000;

export type PlanStatus = 'not_needed' | 'missing' | 'current' | 'review_overdue';

export interface PlanAssessment {
  status: PlanStatus;
  /** When the review is (or was) due, or null when unknown. */
  reviewDueAt: Date | null;
}

function valid(date: Date | null | undefined): Date | null {
  return date instanceof Date && Number.isFinite(date.getTime()) ? date : null;
}

/** True when the plan holds anything a person wrote or dated. */
export function hasPlan(plan: AccountPlan | undefined): plan is AccountPlan {
  if (plan === undefined) return false;
  const text = [plan.objectives, plan.currentIssues, plan.upsellPlan].some((t) => typeof t === 'string' && t.trim() !== '');
  return text || valid(plan.nextReviewAt) !== null || valid(plan.updatedAt) !== null;
}

export function assessPlan(plan: AccountPlan | undefined, tier: Tier | null, model: PlansModel, now: Date): PlanAssessment {
  const needed = tier !== null && model.tiers.includes(tier);
  if (!hasPlan(plan)) return { status: needed ? 'missing' : 'not_needed', reviewDueAt: null };
  const next = valid(plan.nextReviewAt);
  const updated = valid(plan.updatedAt);
  const reviewDueAt = next ?? (updated === null ? null : new Date(updated.getTime() + model.review_interval_days * DAY_MS));
  if (reviewDueAt !== null && reviewDueAt.getTime() < now.getTime()) return { status: 'review_overdue', reviewDueAt };
  return { status: 'current', reviewDueAt };
}
