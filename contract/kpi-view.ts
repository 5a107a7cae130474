/**
 * The portfolio KPIs as the API, the report and the app page show them (issue #15): GRR, NRR, ARPA, NPS, CSAT, upsell
 * revenue and conversion, churned accounts and share of wallet, each with the sample it stands on; by tier, by owner,
 * in total and month by month. A KPI is null when its sample is empty. Definitions: docs/SCORING.md, "Portfolio KPIs".
 */
import { z } from 'zod';
import { tierSchema } from './account-view';
import { TIERS } from './vocabulary';

const ratio = z.number().nullable();

export const kpisViewSchema = z.object({
  /** Gross and net revenue retention of recurring revenue, fractions (0.95 = 95 %). */
  grr: ratio,
  nrr: ratio,
  /** Average trailing-12-month revenue (recurring + one-off) per account with revenue, in the portal's currency. */
  arpa: ratio,
  /** −100…100, pooled over every valid answer. */
  nps: ratio,
  /** 0–100: % of 4–5 answers, pooled. */
  csat: ratio,
  upsellRevenue: z.number(),
  /** Won ÷ (won + lost) expansion deals. */
  upsellConversion: ratio,
  churnedAccounts: z.number().int().min(0),
  /** Σ spend ÷ Σ wallet over accounts with a known wallet, 0–1. */
  shareOfWallet: ratio,
});
export type KpisView = z.infer<typeof kpisViewSchema>;

export const kpiSamplesViewSchema = z.object({
  accounts: z.number().int().min(0),
  withOutcomes: z.number().int().min(0),
  retention: z.number().int().min(0),
  arpa: z.number().int().min(0),
  npsResponses: z.number().int().min(0),
  csatResponses: z.number().int().min(0),
  upsellDeals: z.number().int().min(0),
  wallet: z.number().int().min(0),
});

export const kpiGroupViewSchema = z.object({ kpis: kpisViewSchema, samples: kpiSamplesViewSchema });
export type KpiGroupView = z.infer<typeof kpiGroupViewSchema>;

export const portfolioKpisViewSchema = z.object({
  /** The month (YYYY-MM) the current figures are of (the last completed sync's), null before any. */
  month: z.string().nullable(),
  byTier: z.array(kpiGroupViewSchema.extend({ tier: tierSchema })),
  byOwner: z.array(kpiGroupViewSchema.extend({ ownerId: z.string().nullable(), ownerName: z.string().nullable() })),
  total: kpiGroupViewSchema,
  /** Month by month, oldest first (the last 12 months kept). */
  history: z.array(
    z.object({ month: z.string(), total: kpiGroupViewSchema, byTier: z.array(kpiGroupViewSchema.extend({ tier: tierSchema })) }),
  ),
});
export type PortfolioKpisView = z.infer<typeof portfolioKpisViewSchema>;

/** The KPIs of a portal with no history yet (no completed sync since outcomes exist): every KPI null, every sample 0. */
export function noKpisView(): PortfolioKpisView {
  const group: KpiGroupView = {
    kpis: { grr: null, nrr: null, arpa: null, nps: null, csat: null, upsellRevenue: 0, upsellConversion: null, churnedAccounts: 0, shareOfWallet: null },
    samples: { accounts: 0, withOutcomes: 0, retention: 0, arpa: 0, npsResponses: 0, csatResponses: 0, upsellDeals: 0, wallet: 0 },
  };
  return { month: null, byTier: TIERS.map((tier) => ({ tier, ...group })), byOwner: [], total: group, history: [] };
}
