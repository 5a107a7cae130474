/**
 * The account view's `plan` block (issue #16, part 4): the light account plan as HubSpot holds it (the
 * `keyline_plan_*` company properties, read by the last sync or recompute), whether the account's tier needs one, and
 * where its review stands as of the view's `computedAt`. Texts are '' when empty; the card edits them through
 * `PUT /api/v1/accounts/:companyId/plan` (contract/account-plan.ts).
 */
import { z } from 'zod';

export const PLAN_REVIEW_STATUSES = ['not_needed', 'missing', 'current', 'due_soon', 'overdue'] as const;
export type PlanReviewStatus = (typeof PLAN_REVIEW_STATUSES)[number];

export const accountPlanViewSchema = z.object({
  objectives: z.string(),
  currentIssues: z.string(),
  upsellPlan: z.string(),
  /** The next review as a calendar day (YYYY-MM-DD), or null when none is set (or HubSpot holds no valid date). */
  nextReviewDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  /** Whether the scoring model's `plans.tiers` include the account's tier. */
  needed: z.boolean(),
  status: z.enum(PLAN_REVIEW_STATUSES),
  /** When the review is (or was) due: the next review date, else the last save plus the review interval. */
  reviewDueAt: z.string().datetime({ offset: true }).nullable(),
  /** Why the status is what it is, in a sentence a person reads. */
  reason: z.string(),
  /** When the plan was last saved from the card (`keyline_plan_updated_at`), or null. */
  lastSavedAt: z.string().datetime({ offset: true }).nullable(),
});
export type AccountPlanView = z.infer<typeof accountPlanViewSchema>;
