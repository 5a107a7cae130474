import { BarChart, Button, EmptyState, ErrorState, Link, LoadingSpinner, Select, StatisticsItem, StatusTag, Table, Text } from '@hubspot/ui-extensions';
import { PageLink, PageTitle } from '@hubspot/ui-extensions/pages';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { KeylinePortfolioPages } from '../keyline-portfolio-pages';
import { aPortfolioAccount, aPortfolioView } from '../../test-support/portfolio-view-fixtures';
import { apiError, deferred, fire, respond, settle, spyOnFetch, textOf, WAIT } from '../../test-support/fetch-mocks';

/** Renders the app page at a route; navigating (filters, links) moves the test renderer's page location like HubSpot does. */
function renderPages(path = '/', params: Record<string, string> = {}) {
  const renderer = createRenderer('pages');
  const { mocks } = renderer;
  mocks.actions.navigateToPage.willCall(({ to, params: next }) => mocks.setPageLocation({ path: to, params: next ?? {} }));
  mocks.setPageLocation({ path, params });
  renderer.render(<KeylinePortfolioPages context={mocks.context} actions={mocks.actions} />);
  return renderer;
}

const BASE = 'https://keyline.example.com';

afterEach(() => jest.restoreAllMocks());

describe('the Keyline app page', () => {
  test('when the portfolio is on its way, then a spinner shows, and the portfolio of every tier and owner is asked for', async () => {
    const answer = deferred<Response>();
    const fetch = spyOnFetch().mockReturnValue(answer.promise);
    const { find, waitFor, findByTestId } = renderPages();

    expect(find(LoadingSpinner).props.label).toBe('Loading the portfolio…');
    await settle();
    expect(fetch).toHaveBeenCalledWith(`${BASE}/api/v1/portfolio`, expect.objectContaining({ method: 'GET' }));
    expect(find(LoadingSpinner)).toBeDefined();
    answer.resolve(respond(200, aPortfolioView()));
    await waitFor(() => expect(findByTestId(BarChart, 'tier-chart')).toBeDefined(), WAIT);
  });

  test('when the portfolio loads, then the overview shows the KPIs, the tiers as a chart and the closest near-misses linked to their records', async () => {
    spyOnFetch().mockResolvedValue(respond(200, aPortfolioView()));
    const { find, findAll, findByTestId, waitFor } = renderPages();

    await waitFor(() => expect(findByTestId(BarChart, 'tier-chart')).toBeDefined(), WAIT);
    expect(find(PageTitle).text).toBe('Portfolio');
    const kpis = Object.fromEntries(findAll(StatisticsItem).map((item) => [item.props.label, item.props.number]));
    expect(kpis).toEqual({
      Accounts: 120,
      'Tier 1 accounts': 12,
      'Near-misses': 1,
      'Cadence overdue': 1,
      'Single-threaded': 1,
      'Owners over capacity': 1,
    });
    expect(findByTestId(BarChart, 'tier-chart').props.data).toEqual([
      { tier: 'Tier 1 · Strategic', accounts: 12 },
      { tier: 'Tier 2 · Growth', accounts: 40 },
      { tier: 'Tier 3 · Maintain', accounts: 68 },
    ]);
    const nearMisses = findByTestId(Table, 'overview-near-misses');
    expect(textOf(nearMisses)).toContain('2.5 points below Tier 1 · Strategic');
    expect(textOf(nearMisses)).toContain('Engage an executive sponsor');
    expect(findByTestId(Link, 'account-9001').props.href).toEqual({
      url: 'https://app.hubspot.com/contacts/123/record/0-2/9001',
      external: true,
    });
  });

  test('when the executive picks a tier and an owner, then the page asks for that slice and keeps it in the route', async () => {
    const fetch = spyOnFetch().mockResolvedValue(respond(200, aPortfolioView()));
    const { findByTestId, waitFor, mocks } = renderPages();
    await waitFor(() => expect(findByTestId(Select, 'tier-filter')).toBeDefined(), WAIT);
    expect(findByTestId(Select, 'owner-filter').props.options.map((o) => o.label)).toEqual(['All owners', 'Tom Becker', 'Priya Raman', 'Owner 99']);

    fire(findByTestId(Select, 'tier-filter'), 'onChange', 'tier_1');
    expect(mocks.actions.navigateToPage.calls).toEqual([[{ to: '/', params: { tier: 'tier_1' } }]]);
    await waitFor(() => expect(fetch).toHaveBeenLastCalledWith(`${BASE}/api/v1/portfolio?tier=tier_1`, expect.anything()), WAIT);

    await waitFor(() => expect(findByTestId(Select, 'owner-filter').props.value).toBe('all'), WAIT);
    fire(findByTestId(Select, 'owner-filter'), 'onChange', '42');
    await waitFor(() => expect(fetch).toHaveBeenLastCalledWith(`${BASE}/api/v1/portfolio?tier=tier_1&ownerId=42`, expect.anything()), WAIT);
    await waitFor(() => expect(findByTestId(Select, 'owner-filter').props.value).toBe('42'), WAIT);
    expect(findByTestId(Select, 'tier-filter').props.value).toBe('tier_1');
  });

  test('when the near-miss page is opened, then every near-miss shows its gap and what would close it, and the count says how many there are', async () => {
    const many = Array.from({ length: 3 }, (_, i) => aPortfolioAccount({ companyId: String(100 + i), companyName: `Account ${i}` }));
    spyOnFetch().mockResolvedValue(respond(200, aPortfolioView({ nearMiss: many, counts: { nearMiss: 140, overdue: 1, singleThreaded: 1 } })));
    const { find, findByTestId, findAll, waitFor } = renderPages('/near-misses', { tier: 'tier_2' });

    await waitFor(() => expect(findByTestId(Table, 'near-miss-table')).toBeDefined(), WAIT);
    expect(find(PageTitle).text).toBe('Near-miss pipeline');
    expect(findByTestId(Text, 'near-miss-count').text).toContain('the 3 highest-scoring of 140');
    expect(findAll(Link).map((link) => link.props.testId)).toEqual(['account-100', 'account-101', 'account-102']);
    // Links to the other pages keep the filter.
    expect(findAll(PageLink).map((link) => [link.props.to, link.props.params])).toEqual(
      expect.arrayContaining([['/attention', { tier: 'tier_2' }], ['/owners', { tier: 'tier_2' }]]),
    );
  });

  test('when the attention page is opened, then overdue and single-threaded accounts are listed with their owner', async () => {
    spyOnFetch().mockResolvedValue(respond(200, aPortfolioView()));
    const { findByTestId, waitFor } = renderPages('/attention');

    await waitFor(() => expect(findByTestId(Table, 'overdue-table')).toBeDefined(), WAIT);
    expect(textOf(findByTestId(Table, 'overdue-table'))).toContain('Contoso');
    expect(textOf(findByTestId(Table, 'overdue-table'))).toContain('Overdue');
    expect(textOf(findByTestId(Table, 'single-threaded-table'))).toContain('Fabrikam');
    expect(textOf(findByTestId(Table, 'single-threaded-table'))).toContain('Priya Raman');
  });

  test('when the owners page is opened, then each owner shows their Tier 1 load against the range, busiest first', async () => {
    spyOnFetch().mockResolvedValue(respond(200, aPortfolioView()));
    const { findByTestId, waitFor } = renderPages('/owners');

    await waitFor(() => expect(findByTestId(BarChart, 'owner-chart')).toBeDefined(), WAIT);
    expect(findByTestId(BarChart, 'owner-chart').props.data).toEqual([
      { owner: 'Priya Raman', accounts: 30 },
      { owner: 'Tom Becker', accounts: 8 },
      { owner: 'Owner 99', accounts: 2 },
    ]);
    expect(findByTestId(StatusTag, 'owner-status-42').text).toBe('Over capacity');
    expect(findByTestId(StatusTag, 'owner-status-99').text).toBe('Under minimum');
  });

  test('when loading fails, then the error shows with the reason, and trying again asks once more', async () => {
    const fetch = spyOnFetch()
      .mockResolvedValueOnce(apiError(503, 'unavailable', 'Keyline is restarting.'))
      .mockResolvedValueOnce(respond(200, aPortfolioView()));
    const { find, findByTestId, waitFor } = renderPages();

    await waitFor(() => expect(find(ErrorState).props.title).toBe('Keyline could not load the portfolio'), WAIT);
    expect(textOf(find(ErrorState))).toContain('Keyline is restarting.');
    findByTestId(Button, 'portfolio-retry').trigger('onClick');
    await waitFor(() => expect(findByTestId(BarChart, 'tier-chart')).toBeDefined(), WAIT);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  test('when nothing has been scored yet, then the page says so and how to get there', async () => {
    spyOnFetch().mockResolvedValue(
      respond(200, aPortfolioView({ accounts: 0, tierDistribution: { tier_1: 0, tier_2: 0, tier_3: 0 }, nearMiss: [], overdue: [], singleThreaded: [], counts: { nearMiss: 0, overdue: 0, singleThreaded: 0 }, owners: [], ownerIds: [], computedAt: null })),
    );
    const { find, waitFor } = renderPages();

    await waitFor(() => expect(find(EmptyState).props.title).toBe('No account scored yet'), WAIT);
    expect(textOf(find(EmptyState))).toContain('after the first sync');
  });

  test('when the filters match no account, then the page says so and keeps the filters to change them', async () => {
    spyOnFetch().mockResolvedValue(
      respond(200, aPortfolioView({ filter: { tier: 'tier_1', ownerId: '99' }, accounts: 0, tierDistribution: { tier_1: 0, tier_2: 0, tier_3: 0 }, nearMiss: [], overdue: [], singleThreaded: [], counts: { nearMiss: 0, overdue: 0, singleThreaded: 0 }, computedAt: null })),
    );
    const { findByTestId, waitFor } = renderPages('/', { tier: 'tier_1', owner: '99' });

    await waitFor(() => expect(findByTestId(Text, 'portfolio-no-match')).toBeDefined(), WAIT);
    expect(findByTestId(Select, 'owner-filter').props.value).toBe('99');
  });

  test('when the backend answers with data the page does not understand, then it shows an error instead of a broken page', async () => {
    spyOnFetch().mockResolvedValue(respond(200, { accounts: 'many' }));
    const { find, waitFor } = renderPages();

    await waitFor(() => expect(find(ErrorState)).toBeDefined(), WAIT);
    expect(textOf(find(ErrorState))).toContain('data this card does not understand');
  });
});
