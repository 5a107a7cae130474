/**
 * PortfolioSummary → the JSON of `GET /api/v1/portfolio` (dates as ISO strings, the filter echoed back).
 * `portfolioViewSchema` documents and tests the shape.
 */
import { z } from 'zod';
import { cadenceStatusSchema, tierSchema } from '../../../extensions/api/account-view';
import type { PortfolioAccount, PortfolioSummary } from './services';

const isoDate = z.string().datetime({ offset: true });

export const portfolioAccountViewSchema = z.object({
  companyId: z.string(),
  companyName: z.string(),
  ownerId: z.string().nullable(),
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

export const portfolioViewSchema = z.object({
  filter: z.object({ ownerId: z.string().nullable(), tier: tierSchema.nullable() }),
  accounts: z.number().int().min(0),
  tierDistribution: z.object({ tier_1: z.number(), tier_2: z.number(), tier_3: z.number() }),
  nearMiss: z.array(portfolioAccountViewSchema),
  overdue: z.array(portfolioAccountViewSchema),
  singleThreaded: z.array(portfolioAccountViewSchema),
  counts: z.object({ nearMiss: z.number().int(), overdue: z.number().int(), singleThreaded: z.number().int() }),
  owners: z.array(
    z.object({
      ownerId: z.string(),
      tier1Accounts: z.number().int().min(0),
      min: z.number(),
      max: z.number(),
      status: z.enum(['under', 'within', 'over']),
    }),
  ),
  computedAt: isoDate.nullable(),
});
export type PortfolioView = z.infer<typeof portfolioViewSchema>;

function toAccount(a: PortfolioAccount): z.infer<typeof portfolioAccountViewSchema> {
  return {
    ...a,
    closeTheGap: [...a.closeTheGap],
    nextTouchDue: a.nextTouchDue ? a.nextTouchDue.toISOString() : null,
    computedAt: a.computedAt.toISOString(),
  };
}

export function toPortfolioView(
  summary: PortfolioSummary,
  filter: PortfolioView['filter'],
): PortfolioView {
  return {
    filter,
    accounts: summary.accounts,
    tierDistribution: { ...summary.tierDistribution },
    nearMiss: summary.nearMiss.map(toAccount),
    overdue: summary.overdue.map(toAccount),
    singleThreaded: summary.singleThreaded.map(toAccount),
    counts: { ...summary.counts },
    owners: summary.owners.map((o) => ({ ...o })),
    computedAt: summary.computedAt ? summary.computedAt.toISOString() : null,
  };
}
