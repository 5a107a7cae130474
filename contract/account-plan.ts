/**
 * `PUT /api/v1/accounts/:id/plan` body (issue #16): the light account plan a person edits on the card. Every text is
 * optional (empty clears it), at most 2,000 characters; the next review is a calendar day (YYYY-MM-DD) or null.
 */
import { z } from 'zod';

export const PLAN_TEXT_MAX = 2000;

const planText = z
  .string({ error: 'must be text' })
  .max(PLAN_TEXT_MAX, `must be at most ${PLAN_TEXT_MAX} characters`)
  .transform((s) => s.trim());

const day = z
  .string({ error: 'must be a date (YYYY-MM-DD)' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00.000Z`);
    return Number.isFinite(d.getTime()) && d.toISOString().startsWith(s);
  }, 'must be a real calendar day');

export const saveAccountPlanRequestSchema = z.strictObject({
  objectives: planText.default(''),
  currentIssues: planText.default(''),
  upsellPlan: planText.default(''),
  nextReviewDate: day.nullable().default(null),
});
export type SaveAccountPlanRequest = z.output<typeof saveAccountPlanRequestSchema>;
