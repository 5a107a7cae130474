/**
 * The pages of the Keyline app page, one per question an executive asks:
 *   /              how is the portfolio spread over the tiers, and where does it need attention?
 *   /near-misses   which accounts are within reach of the next tier, and what would get them there?
 *   /attention     whose cadence is overdue, and which relationships hang on one person?
 *   /owners        who holds how many Tier 1 accounts against the capacity range?
 *   /outcomes      what came of each tier: retention, NPS, upsell, share of wallet, and the trend (outcomes-page.tsx)
 * Each page reads the filter from its route's params and loads the portfolio for it with `usePortfolio`.
 */
import type { ReactNode } from 'react';
import { BarChart, Flex, Heading, StatusTag, Statistics, StatisticsItem, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import { PageBreadcrumbs, PageLink, PageTitle, usePageRoute } from '@hubspot/ui-extensions/pages';
import type { PortfolioFilterView, PortfolioView } from '@keyline/contract/portfolio-view';
import { usePortfolio } from '../hooks/use-portfolio';
import { formatDay, TIER_ORDER, tierLabel } from '../ui/labels';
import { ownerLabel } from '../ui/record-links';
import { filterFromParams, paramsFromFilter } from './portfolio-filter';
import { usePortfolioHost } from './portfolio-host';
import {
  FilterBar,
  NearMissTable,
  NoMatch,
  OverdueTable,
  PortfolioEmpty,
  PortfolioError,
  PortfolioLoading,
  shownOf,
  SingleThreadedTable,
} from './portfolio-parts';

export const PAGE_PATHS = { overview: '/', nearMisses: '/near-misses', attention: '/attention', owners: '/owners', outcomes: '/outcomes' } as const;

export const PAGE_TITLES: Record<string, string> = {
  [PAGE_PATHS.overview]: 'Portfolio',
  [PAGE_PATHS.nearMisses]: 'Near-miss pipeline',
  [PAGE_PATHS.attention]: 'Needs attention',
  [PAGE_PATHS.owners]: 'Owners and capacity',
  [PAGE_PATHS.outcomes]: 'Outcomes',
};

/** The filter of the current route, and a way to change it (navigates to the same page with new params). */
function useRouteFilter(): { path: string; filter: PortfolioFilterView; setFilter: (filter: PortfolioFilterView) => void } {
  const route = usePageRoute();
  const { navigateToPage } = usePortfolioHost();
  return {
    path: route.path,
    filter: filterFromParams(route.params),
    setFilter: (filter) => navigateToPage({ to: route.path, params: paramsFromFilter(filter) }),
  };
}

/** Title, breadcrumbs, the links between the pages (keeping the filter) and the filter bar, around the page's content. */
export function PortfolioFrame({ title, children }: { title: string; children: (portfolio: PortfolioView, filter: PortfolioFilterView) => ReactNode }) {
  const { path, filter, setFilter } = useRouteFilter();
  const { state, retry } = usePortfolio(filter);
  const params = paramsFromFilter(filter);
  return (
    <Flex direction="column" gap="md">
      <PageBreadcrumbs>
        {path === PAGE_PATHS.overview ? (
          <PageBreadcrumbs.Current>Keyline</PageBreadcrumbs.Current>
        ) : (
          <PageBreadcrumbs.PageLink to={PAGE_PATHS.overview} params={params}>
            Keyline
          </PageBreadcrumbs.PageLink>
        )}
        {path !== PAGE_PATHS.overview && <PageBreadcrumbs.Current>{title}</PageBreadcrumbs.Current>}
      </PageBreadcrumbs>
      <PageTitle>{title}</PageTitle>
      <Flex direction="row" gap="md" wrap testId="page-navigation">
        {Object.values(PAGE_PATHS).map((to) =>
          to === path ? (
            <Text key={to} format={{ fontWeight: 'bold' }}>
              {PAGE_TITLES[to] ?? to}
            </Text>
          ) : (
            <PageLink key={to} to={to} params={params}>
              {PAGE_TITLES[to] ?? to}
            </PageLink>
          ),
        )}
      </Flex>
      {state.status === 'loading' && <PortfolioLoading />}
      {state.status === 'error' && <PortfolioError message={state.message} onRetry={retry} />}
      {state.status === 'empty' && <PortfolioEmpty />}
      {state.status === 'ready' && (
        <>
          <FilterBar filter={filter} ownerIds={state.portfolio.ownerIds} ownerNames={state.portfolio.ownerNames} onChange={setFilter} />
          {state.portfolio.accounts === 0 ? <NoMatch /> : children(state.portfolio, filter)}
          <Text variant="microcopy" testId="computed-at">
            {`Scores as of ${formatDay(state.portfolio.computedAt)}.`}
          </Text>
        </>
      )}
    </Flex>
  );
}

export function OverviewPage() {
  return (
    <PortfolioFrame title={PAGE_TITLES[PAGE_PATHS.overview] ?? ''}>
      {(portfolio) => {
        const overCapacity = portfolio.owners.filter((owner) => owner.status === 'over').length;
        return (
          <>
            <Statistics testId="portfolio-kpis">
              <StatisticsItem label="Accounts" number={portfolio.accounts} />
              <StatisticsItem label="Tier 1 accounts" number={portfolio.tierDistribution.tier_1} />
              <StatisticsItem label="Near-misses" number={portfolio.counts.nearMiss} />
              <StatisticsItem label="Cadence overdue" number={portfolio.counts.overdue} />
              <StatisticsItem label="Single-threaded" number={portfolio.counts.singleThreaded} />
              <StatisticsItem label="Owners over capacity" number={overCapacity} />
            </Statistics>
            <Flex direction="row" gap="md" wrap>
              <BarChart
                data={TIER_ORDER.map((tier) => ({ tier: tierLabel(tier), accounts: portfolio.tierDistribution[tier] }))}
                axes={{
                  x: { field: 'tier', fieldType: 'category', label: 'Tier' },
                  y: { field: 'accounts', fieldType: 'linear', label: 'Accounts' },
                }}
                options={{ title: 'Accounts by tier', showDataLabels: true }}
                testId="tier-chart"
              />
              <BarChart
                data={[
                  { signal: 'Near-miss', accounts: portfolio.counts.nearMiss },
                  { signal: 'Cadence overdue', accounts: portfolio.counts.overdue },
                  { signal: 'Single-threaded', accounts: portfolio.counts.singleThreaded },
                ]}
                axes={{
                  x: { field: 'signal', fieldType: 'category', label: 'Signal' },
                  y: { field: 'accounts', fieldType: 'linear', label: 'Accounts' },
                }}
                options={{ title: 'Where attention is needed', showDataLabels: true }}
                testId="attention-chart"
              />
            </Flex>
            <Heading>Closest to the next tier</Heading>
            {portfolio.nearMiss.length === 0 ? (
              <Text>No account is within reach of the next tier.</Text>
            ) : (
              <NearMissTable accounts={portfolio.nearMiss.slice(0, 5)} testId="overview-near-misses" />
            )}
          </>
        );
      }}
    </PortfolioFrame>
  );
}

export function NearMissPage() {
  return (
    <PortfolioFrame title={PAGE_TITLES[PAGE_PATHS.nearMisses] ?? ''}>
      {(portfolio) => (
        <>
          <Text testId="near-miss-count">
            {`Near-misses: ${shownOf(portfolio.nearMiss.length, portfolio.counts.nearMiss)}, each with what would lift it to the next tier.`}
          </Text>
          {portfolio.nearMiss.length === 0 ? (
            <Text>No account is within reach of the next tier.</Text>
          ) : (
            <NearMissTable accounts={portfolio.nearMiss} testId="near-miss-table" />
          )}
        </>
      )}
    </PortfolioFrame>
  );
}

export function AttentionPage() {
  return (
    <PortfolioFrame title={PAGE_TITLES[PAGE_PATHS.attention] ?? ''}>
      {(portfolio) => (
        <>
          <Heading>Cadence overdue</Heading>
          <Text testId="overdue-count">{`Overdue: ${shownOf(portfolio.overdue.length, portfolio.counts.overdue)}.`}</Text>
          {portfolio.overdue.length > 0 && <OverdueTable accounts={portfolio.overdue} testId="overdue-table" />}
          <Heading>Single-threaded</Heading>
          <Text testId="single-threaded-count">
            {`Single-threaded: ${shownOf(portfolio.singleThreaded.length, portfolio.counts.singleThreaded)}.`}
          </Text>
          {portfolio.singleThreaded.length > 0 && (
            <SingleThreadedTable accounts={portfolio.singleThreaded} testId="single-threaded-table" />
          )}
        </>
      )}
    </PortfolioFrame>
  );
}

const STATUS_TAGS = {
  over: { variant: 'danger', label: 'Over capacity' },
  within: { variant: 'success', label: 'Within range' },
  under: { variant: 'warning', label: 'Under minimum' },
} as const;

export function OwnersPage() {
  return (
    <PortfolioFrame title={PAGE_TITLES[PAGE_PATHS.owners] ?? ''}>
      {(portfolio, filter) => {
        const owners = [...portfolio.owners].sort((a, b) => b.tier1Accounts - a.tier1Accounts || a.ownerId.localeCompare(b.ownerId));
        return (
          <>
            <Text>
              {`Tier 1 accounts per owner against the capacity range (${owners[0] ? `${owners[0].min}–${owners[0].max}` : 'not set'}). Capacity counts every Tier 1 account of an owner, whatever the tier filter.`}
            </Text>
            {owners.length > 0 && (
              <BarChart
                data={owners.slice(0, 20).map((owner) => ({ owner: ownerLabel(owner.ownerId, owner.ownerName), accounts: owner.tier1Accounts }))}
                axes={{
                  x: { field: 'owner', fieldType: 'category', label: 'Owner' },
                  y: { field: 'accounts', fieldType: 'linear', label: 'Tier 1 accounts' },
                }}
                options={{ title: owners.length > 20 ? 'Tier 1 load, the 20 busiest owners' : 'Tier 1 load by owner', showDataLabels: true }}
                testId="owner-chart"
              />
            )}
            <Table bordered density="condensed" testId="owner-table">
              <TableHead>
                <TableRow>
                  <TableHeader>Owner</TableHeader>
                  <TableHeader align="right">Tier 1 accounts</TableHeader>
                  <TableHeader align="right">Range</TableHeader>
                  <TableHeader>Status</TableHeader>
                  <TableHeader>Their portfolio</TableHeader>
                </TableRow>
              </TableHead>
              <TableBody>
                {owners.map((owner) => (
                  <TableRow key={owner.ownerId}>
                    <TableCell>{ownerLabel(owner.ownerId, owner.ownerName)}</TableCell>
                    <TableCell align="right">{owner.tier1Accounts}</TableCell>
                    <TableCell align="right">{`${owner.min}–${owner.max}`}</TableCell>
                    <TableCell>
                      <StatusTag variant={STATUS_TAGS[owner.status].variant} testId={`owner-status-${owner.ownerId}`}>
                        {STATUS_TAGS[owner.status].label}
                      </StatusTag>
                    </TableCell>
                    <TableCell>
                      <PageLink to={PAGE_PATHS.overview} params={paramsFromFilter({ ...filter, ownerId: owner.ownerId })}>
                        Show
                      </PageLink>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        );
      }}
    </PortfolioFrame>
  );
}

export function PageNotFound() {
  return (
    <Flex direction="column" gap="sm">
      <PageTitle>Page not found</PageTitle>
      <PageLink to={PAGE_PATHS.overview}>Back to the portfolio</PageLink>
    </Flex>
  );
}
