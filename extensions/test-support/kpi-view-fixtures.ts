/** Portfolio KPIs for the app page tests (issue #15), parsed with the shared schema so they never drift from it. */
import { portfolioKpisViewSchema, type KpiGroupView, type PortfolioKpisView } from '@keyline/contract/kpi-view';

export function aKpiGroup(kpis: Partial<KpiGroupView['kpis']> = {}, samples: Partial<KpiGroupView['samples']> = {}): KpiGroupView {
  return {
    kpis: { grr: 0.92, nrr: 1.08, arpa: 48_250, nps: 31.5, csat: 82, upsellRevenue: 120_000, upsellConversion: 0.4, churnedAccounts: 2, shareOfWallet: 0.27, ...kpis },
    samples: { accounts: 40, withOutcomes: 40, retention: 35, arpa: 38, npsResponses: 120, csatResponses: 60, upsellDeals: 10, wallet: 22, ...samples },
  };
}

export function aPortfolioKpisView(overrides: Partial<PortfolioKpisView> = {}): PortfolioKpisView {
  return portfolioKpisViewSchema.parse({
    month: '2026-11',
    byTier: [
      { tier: 'tier_1', ...aKpiGroup({ grr: 0.97, nrr: 1.21, nps: 45 }, { accounts: 12 }) },
      { tier: 'tier_2', ...aKpiGroup({ grr: 0.9, nrr: 1.02, nps: 20 }, { accounts: 40 }) },
      { tier: 'tier_3', ...aKpiGroup({ grr: 0.81, nrr: 0.84, nps: null }, { accounts: 68, npsResponses: 0 }) },
    ],
    byOwner: [{ ownerId: '42', ownerName: 'Priya Raman', ...aKpiGroup() }],
    total: aKpiGroup({}, { accounts: 120 }),
    history: [
      { month: '2026-10', total: aKpiGroup({ nrr: 1.03 }), byTier: [] },
      { month: '2026-11', total: aKpiGroup(), byTier: [] },
    ],
    ...overrides,
  });
}
