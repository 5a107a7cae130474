/**
 * PortfolioSummary → the JSON of `GET /api/v1/portfolio` (dates as ISO strings, the filter echoed back).
 * `portfolioViewSchema` (contract/portfolio-view.ts, shared with the app page) documents and tests the shape.
 */
import type { z } from 'zod';
import {
  portfolioAccountViewSchema,
  portfolioViewSchema,
  type PortfolioView,
} from '@keyline/contract/portfolio-view';
import type { PortfolioAccount, PortfolioSummary } from './services';

export { portfolioAccountViewSchema, portfolioViewSchema, type PortfolioView };

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
    ownerIds: [...summary.ownerIds],
    computedAt: summary.computedAt ? summary.computedAt.toISOString() : null,
  };
}
