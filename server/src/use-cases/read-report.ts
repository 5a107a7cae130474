/**
 * `keyline report`: the portfolio (read-portfolio.ts, the very function and shape `GET /api/v1/portfolio` answers)
 * and the last run, whose task phase the report summarises. Reads only the store (no HubSpot call).
 */
import type { ScoringModel } from '../domain';
import type { RunRecord, Store } from '../store/store';
import { readPortfolio, type PortfolioView } from './read-portfolio';

export interface PortfolioReport {
  portfolio: PortfolioView;
  lastRun: RunRecord | null;
}

export async function readReport(deps: { store: Store; portalId: string; model: ScoringModel }): Promise<PortfolioReport> {
  const [portfolio, runs] = await Promise.all([readPortfolio(deps.store, deps.portalId, deps.model), deps.store.listRuns(deps.portalId, { limit: 1 })]);
  return { portfolio, lastRun: runs[0] ?? null };
}
