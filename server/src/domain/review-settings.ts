/**
 * The model's `review` section (issue #15): how often the segmentation is reviewed against what happened, and who is
 * reminded. A sync creates one reminder task when a review is due (sync/remind-model-review.ts); running the review
 * (`keyline review`, GET /api/v1/review) records it and closes the reminder.
 *
 *   cadence_months  a review is due this many months after the last one (default 3: quarterly). Before the first
 *                   review, it is due this many months after the first month of KPI history (a fresh installation is
 *                   not asked to review a model it has not used yet).
 *   owner_id        the HubSpot owner reminded; null → the FALLBACK_OWNER_ID of the configuration; neither (or an owner
 *                   HubSpot no longer knows) → no task: the review still reports that it is due.
 */
import { z } from 'zod';

export const reviewSettingsSchema = z
  .strictObject({
    cadence_months: z
      .number({ error: 'must be a number of months' })
      .int('must be a whole number of months')
      .min(1, 'must be at least 1 month')
      .max(24, 'must be at most 24 months')
      .default(3),
    // The settings page edits an unset id with a number input: a whole number is taken as the id it spells.
    owner_id: z
      .preprocess((v) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? String(v) : v), z.string().regex(/^\d+$/, 'must be a HubSpot owner id (digits)').nullable())
      .default(null),
  })
  .prefault({});

export type ReviewSettings = z.output<typeof reviewSettingsSchema>;

/** A moment `months` calendar months later (UTC; the day is clamped to the month's last day). */
export function addMonths(at: Date, months: number): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(at.getUTCDate(), last), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()));
}

/**
 * When the next review is due: `cadence_months` after the last review, or, before any, after the first month of KPI
 * history (YYYY-MM, its first day); null when neither exists (nothing to review yet).
 */
export function nextReviewDue(settings: ReviewSettings, lastReview: Date | null, firstKpiMonth: string | null): Date | null {
  if (lastReview !== null) return addMonths(lastReview, settings.cadence_months);
  if (firstKpiMonth === null) return null;
  return addMonths(new Date(`${firstKpiMonth}-01T00:00:00.000Z`), settings.cadence_months);
}

/** The quarter of a moment, `2026-Q4`: the reminder task's key is deduplicated per quarter. */
export function quarterOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

/** The ledger's "company" of a task about the portal itself (the model review), not about one company. */
export const PORTAL_TASK_COMPANY = 'portal';
export const MODEL_REVIEW_GAP_PREFIX = 'model_review:';
export const modelReviewGapKey = (at: Date): string => `${MODEL_REVIEW_GAP_PREFIX}${quarterOf(at)}`;
