/**
 * The app page's filter (tier, owner) lives in the page route's params, so every page of the app keeps it and a link
 * to a filtered page can be shared: `?tier=tier_1&owner=42`. Unknown or malformed params mean "no filter".
 */
import { tierSchema } from '@keyline/contract/account-view';
import type { PortfolioFilterView } from '@keyline/contract/portfolio-view';

export const ALL = 'all';

export function filterFromParams(params: Record<string, string | undefined>): PortfolioFilterView {
  const tier = tierSchema.safeParse(params['tier']);
  const owner = params['owner'];
  return {
    tier: tier.success ? tier.data : null,
    ownerId: owner !== undefined && /^\d{1,20}$/.test(owner) ? owner : null,
  };
}

export function paramsFromFilter(filter: PortfolioFilterView): Record<string, string> {
  return {
    ...(filter.tier === null ? {} : { tier: filter.tier }),
    ...(filter.ownerId === null ? {} : { owner: filter.ownerId }),
  };
}
