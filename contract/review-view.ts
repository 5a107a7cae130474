/**
 * The model review (issue #15) as `GET /api/v1/review` answers it and `keyline review --json` prints it: each tier
 * against the rest of the portfolio, how well each criterion's points separate accounts that grew from accounts that
 * shrank (AUC, with sample sizes and a warning under 30 a group), the accounts whose tier and outcome disagree most,
 * and suggestions, each with its reason and a model patch the settings preview can run. Method: docs/SCORING.md,
 * "The model review". Dates travel as ISO-8601 strings.
 */
import { z } from 'zod';
import { criterionSchema, tierSchema } from './account-view';
import { kpiGroupViewSchema } from './kpi-view';

const isoDate = z.string().datetime({ offset: true });
const share = z.number().min(0).max(1).nullable();

export const criterionSeparationViewSchema = z.object({
  criterion: criterionSchema,
  label: z.string(),
  weight: z.number(),
  /** Share of all weights, 0–100. */
  weightShare: z.number(),
  grown: z.number().int().min(0),
  shrunk: z.number().int().min(0),
  /** P(a grown account has more points than a shrunk one), ties half; 0.5 = no signal; null without both groups. */
  auc: share,
  meanPointsGrown: z.number().nullable(),
  meanPointsShrunk: z.number().nullable(),
  verdict: z.enum(['separates', 'weak', 'reversed', 'too_few', 'circular']),
  warning: z.string().nullable(),
});

export const disagreementViewSchema = z.object({
  companyId: z.string(),
  companyName: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  tier: tierSchema,
  movement: z.enum(['expanded', 'churned', 'contracted']),
  amount: z.number(),
  reason: z.string(),
});

export const reviewSuggestionViewSchema = z.object({
  criterion: criterionSchema,
  change: z.enum(['raise', 'lower']),
  from: z.number(),
  to: z.number(),
  reason: z.string(),
  /** Merge into the model in force and POST it to /api/v1/settings/preview to see the tiers it would change. */
  patch: z.object({ weights: z.record(z.string(), z.number()) }),
});

export const reviewViewSchema = z.object({
  reviewedAt: isoDate,
  modelVersion: z.string(),
  /** The review before this one, and when the next is due (cadence: the model's `review.cadence_months`). */
  previousReview: isoDate.nullable(),
  nextDue: isoDate.nullable(),
  accounts: z.number().int().min(0),
  withOutcomes: z.number().int().min(0),
  grown: z.number().int().min(0),
  shrunk: z.number().int().min(0),
  tiers: z.array(z.object({ tier: tierSchema, kpis: kpiGroupViewSchema, rest: kpiGroupViewSchema, expandedShare: z.object({ tier: share, rest: share }) })),
  criteria: z.array(criterionSeparationViewSchema),
  disagreements: z.object({ lowTierGrew: z.array(disagreementViewSchema), topTierShrank: z.array(disagreementViewSchema) }),
  findings: z.array(z.string()),
  suggestions: z.array(reviewSuggestionViewSchema),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;
