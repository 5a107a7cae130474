/**
 * The portfolio view: what `GET /api/v1/portfolio` returns and what the Keyline app page renders. One schema, used by
 * the backend (to type and test its responses) and by the app page (to validate what arrives). Dates travel as
 * ISO-8601 strings.
 */
import { z } from 'zod';
import { cadenceStatusSchema, tierSchema } from './account-view';
import { portfolioKpisViewSchema } from './kpi-view';
import { attentionViewSchema } from './attention-view';
import { portfolioOnboardingViewSchema } from './onboarding-view';

const isoDate = z.string().datetime({ offset: true });

export const portfolioAccountViewSchema = z.object({
  companyId: z.string(),
  companyName: z.string(),
  ownerId: z.string().nullable(),
  /** The owner as a person reads it: HubSpot's name, else the email, else "Owner <id>"; null when no owner. */
  ownerName: z.string().nullable(),
  tier: tierSchema,
  score: z.number(),
  nextTier: tierSchema.nullable(),
  nextTierGap: z.number().nullable(),
  nearMiss: z.boolean(),
  cadenceStatus: cadenceStatusSchema,
  nextTouchDue: isoDate.nullable(),
  singleThreaded: z.boolean(),
  engagedStakeholders: z.number(),
  closeTheGap: z.array(z.string()),
  computedAt: isoDate,
});
export type PortfolioAccountView = z.infer<typeof portfolioAccountViewSchema>;

export const ownerCapacityViewSchema = z.object({
  ownerId: z.string(),
  ownerName: z.string(),
  tier1Accounts: z.number().int().min(0),
  min: z.number(),
  max: z.number(),
  status: z.enum(['under', 'within', 'over']),
});
export type OwnerCapacityView = z.infer<typeof ownerCapacityViewSchema>;

export const portfolioViewSchema = z.object({
  filter: z.object({ ownerId: z.string().nullable(), tier: tierSchema.nullable() }),
  accounts: z.number().int().min(0),
  tierDistribution: z.object({ tier_1: z.number(), tier_2: z.number(), tier_3: z.number() }),
  nearMiss: z.array(portfolioAccountViewSchema),
  overdue: z.array(portfolioAccountViewSchema),
  singleThreaded: z.array(portfolioAccountViewSchema),
  /** Full sizes of the three lists (each list holds at most its 100 highest-scoring accounts). */
  counts: z.object({ nearMiss: z.number().int(), overdue: z.number().int(), singleThreaded: z.number().int() }),
  owners: z.array(ownerCapacityViewSchema),
  /** Every owner with at least one scored account, whatever the filter (what the owner filter offers). */
  ownerIds: z.array(z.string()),
  /** The display name of each id in `ownerIds` (name, else email, else "Owner <id>"). */
  ownerNames: z.record(z.string(), z.string()),
  computedAt: isoDate.nullable(),
  /** The outcome KPIs by tier, by owner, in total and by month, under the same filter (issue #15; kpi-view.ts). */
  kpis: portfolioKpisViewSchema,
  /** Our people's time against the accounts' value (issue #16); absent when nothing is stored. */
  attention: attentionViewSchema.optional(),
  /** New customers in onboarding (issue #16, part 3; onboarding-view.ts); absent when nothing is stored. */
  onboarding: portfolioOnboardingViewSchema.optional(),
});
export type PortfolioView = z.infer<typeof portfolioViewSchema>;

/** The query of `GET /api/v1/portfolio`: both filters are optional. */
export interface PortfolioFilterView {
  tier: z.infer<typeof tierSchema> | null;
  ownerId: string | null;
}
