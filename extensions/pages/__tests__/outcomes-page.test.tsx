import { LineChart, Table, Text } from '@hubspot/ui-extensions';
import { PageLink, PageTitle } from '@hubspot/ui-extensions/pages';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { noKpisView } from '@keyline/contract/kpi-view';
import { KeylinePortfolioPages } from '../keyline-portfolio-pages';
import { aPortfolioView } from '../../test-support/portfolio-view-fixtures';
import { aKpiGroup, aPortfolioKpisView } from '../../test-support/kpi-view-fixtures';
import { respond, spyOnFetch, textOf, WAIT } from '../../test-support/fetch-mocks';

function renderPages(path = '/outcomes', params: Record<string, string> = {}) {
  const renderer = createRenderer('pages');
  const { mocks } = renderer;
  mocks.actions.navigateToPage.willCall(({ to, params: next }) => mocks.setPageLocation({ path: to, params: next ?? {} }));
  mocks.setPageLocation({ path, params });
  renderer.render(<KeylinePortfolioPages context={mocks.context} actions={mocks.actions} />);
  return renderer;
}

afterEach(() => jest.restoreAllMocks());

describe('the Outcomes page', () => {
  test('when KPIs are recorded, then a table shows each tier and the total with retention, NPS with its answers, upsell and share of wallet', async () => {
    spyOnFetch().mockResolvedValue(respond(200, aPortfolioView()));
    const { find, findByTestId, waitFor } = renderPages();

    await waitFor(() => expect(findByTestId(Table, 'kpi-tier-table')).toBeDefined(), WAIT);
    expect(find(PageTitle).text).toBe('Outcomes');
    const table = textOf(findByTestId(Table, 'kpi-tier-table'));
    expect(table).toContain('Tier 1 · Strategic');
    expect(table).toContain('97.0%');
    expect(table).toContain('121.0%');
    expect(table).toContain('45.0 (120)');
    expect(table).toContain('— (0)'); // tier 3: no NPS answers, a dash and its sample, never a zero score
    expect(table).toContain('All accounts');
    expect(table).toContain('$120k · 40.0%');
    expect(textOf(findByTestId(Table, 'kpi-owner-table'))).toContain('Priya Raman');
  });

  test('when several months are recorded, then the trend draws GRR and NRR per month in percent', async () => {
    spyOnFetch().mockResolvedValue(respond(200, aPortfolioView()));
    const { findByTestId, waitFor } = renderPages();

    await waitFor(() => expect(findByTestId(LineChart, 'kpi-trend')).toBeDefined(), WAIT);
    expect(findByTestId(LineChart, 'kpi-trend').props.data).toEqual([
      { month: '2026-10', kpi: 'GRR', percent: 92 },
      { month: '2026-10', kpi: 'NRR', percent: 103 },
      { month: '2026-11', kpi: 'GRR', percent: 92 },
      { month: '2026-11', kpi: 'NRR', percent: 108 },
    ]);
  });

  test('when only one month is recorded, then the page says when the trend appears', async () => {
    const kpis = aPortfolioKpisView({ history: [{ month: '2026-11', total: aKpiGroup(), byTier: [] }] });
    spyOnFetch().mockResolvedValue(respond(200, aPortfolioView({ kpis })));
    const { findByTestId, waitFor } = renderPages();

    await waitFor(() => expect(findByTestId(Text, 'kpi-trend-empty')).toBeDefined(), WAIT);
  });

  test('when no sync has recorded outcomes yet, then the page says so instead of showing empty figures', async () => {
    spyOnFetch().mockResolvedValue(respond(200, aPortfolioView({ kpis: noKpisView() })));
    const { findByTestId, waitFor } = renderPages();

    await waitFor(() => expect(findByTestId(Text, 'outcomes-none')).toBeDefined(), WAIT);
    expect(findByTestId(Text, 'outcomes-none').text).toContain('end of each completed nightly sync');
  });

  test('when another page is open, then a link leads to the outcomes with the filter kept', async () => {
    spyOnFetch().mockResolvedValue(respond(200, aPortfolioView()));
    const { findAll, waitFor } = renderPages('/owners', { tier: 'tier_2' });

    await waitFor(() => expect(findAll(PageLink).map((l) => [l.props.to, l.props.params])).toEqual(expect.arrayContaining([['/outcomes', { tier: 'tier_2' }]])), WAIT);
  });
});
