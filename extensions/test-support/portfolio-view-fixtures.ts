/**
 * Small factories of portfolio views for the app page tests. Every view is parsed with the shared schema, so a fixture
 * can never drift from the contract.
 */
import { portfolioViewSchema, type PortfolioAccountView, type PortfolioView } from '@keyline/contract/portfolio-view';
import { aPortfolioKpisView } from './kpi-view-fixtures';

export function aPortfolioAccount(overrides: Partial<PortfolioAccountView> = {}): PortfolioAccountView {
  return {
    companyId: '9001',
    companyName: 'Northwind Traders',
    ownerId: '42',
    ownerName: 'Priya Raman',
    tier: 'tier_2',
    score: 62.5,
    nextTier: 'tier_1',
    nextTierGap: 2.5,
    nearMiss: true,
    cadenceStatus: 'on_track',
    nextTouchDue: '2026-12-01T00:00:00.000Z',
    singleThreaded: false,
    engagedStakeholders: 3,
    closeTheGap: ['Engage an executive sponsor', 'Hold the quarterly business review'],
    computedAt: '2026-11-20T02:00:00.000Z',
    ...overrides,
  };
}

export function aPortfolioView(overrides: Partial<PortfolioView> = {}): PortfolioView {
  const nearMiss = [aPortfolioAccount()];
  const overdue = [aPortfolioAccount({ companyId: '9002', companyName: 'Contoso', tier: 'tier_1', nearMiss: false, nextTier: null, nextTierGap: null, cadenceStatus: 'overdue', closeTheGap: [] })];
  const singleThreaded = [aPortfolioAccount({ companyId: '9003', companyName: 'Fabrikam', tier: 'tier_3', nearMiss: false, singleThreaded: true, engagedStakeholders: 1, closeTheGap: [] })];
  return portfolioViewSchema.parse({
    filter: { ownerId: null, tier: null },
    accounts: 120,
    tierDistribution: { tier_1: 12, tier_2: 40, tier_3: 68 },
    nearMiss,
    overdue,
    singleThreaded,
    counts: { nearMiss: 1, overdue: 1, singleThreaded: 1 },
    owners: [
      { ownerId: '42', ownerName: 'Priya Raman', tier1Accounts: 30, min: 5, max: 25, status: 'over' },
      { ownerId: '7', ownerName: 'Tom Becker', tier1Accounts: 8, min: 5, max: 25, status: 'within' },
      { ownerId: '99', ownerName: 'Owner 99', tier1Accounts: 2, min: 5, max: 25, status: 'under' },
    ],
    ownerIds: ['7', '42', '99'],
    ownerNames: { '7': 'Tom Becker', '42': 'Priya Raman', '99': 'Owner 99' },
    computedAt: '2026-11-20T02:00:00.000Z',
    kpis: aPortfolioKpisView(),
    ...overrides,
  });
}
