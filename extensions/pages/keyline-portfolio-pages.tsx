/**
 * The Keyline app page (location `pages`): the portfolio for executives, routed over four pages (see
 * portfolio-pages.tsx). The entry in app/pages passes HubSpot's context and actions; the pages read them from
 * `PortfolioHostProvider`.
 */
import type { NavigateToPageAction } from '@hubspot/ui-extensions';
import { createPageRouter, PageRoutes } from '@hubspot/ui-extensions/pages';
import { PortfolioHostProvider } from './portfolio-host';
import { AttentionPage, NearMissPage, OverviewPage, OwnersPage, PAGE_PATHS, PageNotFound } from './portfolio-pages';
import { OutcomesPage } from './outcomes-page';

const PortfolioRouter = createPageRouter(
  <PageRoutes>
    <PageRoutes.IndexRoute component={OverviewPage} id="overview" />
    <PageRoutes.Route path={PAGE_PATHS.nearMisses} component={NearMissPage} id="near-misses" />
    <PageRoutes.Route path={PAGE_PATHS.attention} component={AttentionPage} id="attention" />
    <PageRoutes.Route path={PAGE_PATHS.owners} component={OwnersPage} id="owners" />
    <PageRoutes.Route path={PAGE_PATHS.outcomes} component={OutcomesPage} id="outcomes" />
    <PageRoutes.AnyRoute component={PageNotFound} />
  </PageRoutes>,
);

export interface KeylinePagesProps {
  context: { portal: { id: number } };
  actions: { navigateToPage: NavigateToPageAction };
}

export function KeylinePortfolioPages({ context, actions }: KeylinePagesProps) {
  return (
    <PortfolioHostProvider host={{ portalId: context.portal.id, navigateToPage: actions.navigateToPage }}>
      <PortfolioRouter />
    </PortfolioHostProvider>
  );
}
