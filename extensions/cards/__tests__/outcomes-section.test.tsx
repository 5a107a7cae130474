import { Heading, List, ProgressBar, StatisticsItem, StatisticsTrend, StatusTag, Tag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { OutcomesView } from '@keyline/contract/outcomes-view';
import { KeylineAccountSidebar } from '../keyline-account-sidebar';
import { KeylineAccountTab } from '../keyline-account-tab';
import { Outcomes } from '../sections/outcomes';
import { anAccountView } from '../../test-support/account-view-fixtures';
import { respond, spyOnFetch, textOf, WAIT } from '../../test-support/fetch-mocks';

const survey = (over: Partial<OutcomesView['nps']> = {}): OutcomesView['nps'] => ({ responses: 0, invalid: 0, score: null, latest: null, trend: null, ...over });

function anOutcomes(over: Partial<OutcomesView> = {}): OutcomesView {
  return {
    retention: {
      trailing: { recurring: 52_500.5, oneOff: 3_000 },
      prior: { recurring: 40_000, oneOff: 5_000 },
      churned: 0,
      contracted: 0,
      expanded: 12_500.5,
      grr: 1,
      nrr: 1.3125,
      movement: 'expanded',
    },
    expansion: { revenue: 15_500.5, won: 2, lost: 1, winRate: 0.6667 },
    renewal: { date: '2026-12-20T00:00:00.000Z', source: 'renewal_deal', risk: 'high', reasons: ['recurring revenue down 25% (NRR 75%)', 'single-threaded'] },
    nps: survey({ responses: 4, score: 25, trend: -10, latest: { score: 4, at: '2026-11-20T10:00:00.000Z' } }),
    csat: survey({ responses: 3, score: 67, latest: { score: 5, at: '2026-11-01T10:00:00.000Z' } }),
    wallet: {
      spend: 55_500.5,
      wallet: 100_000,
      source: 'estimate',
      share: 0.555,
      headroom: 44_499.5,
      whitespace: [
        { productId: 'p1', name: 'Analytics add-on', listValue: 18_000 },
        { productId: 'p2', name: 'Onboarding package', listValue: 4_000 },
        { productId: 'p3', name: 'Premium support', listValue: 2_400 },
        { productId: 'p4', name: 'API access', listValue: null },
      ],
    },
    confidence: 'high',
    ...over,
  };
}

function renderOutcomes(outcomes: OutcomesView | undefined) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<Outcomes account={anAccountView(outcomes === undefined ? {} : { outcomes })} />);
  return renderer;
}

afterEach(() => jest.restoreAllMocks());

describe('the Outcomes section', () => {
  test('when the account has outcomes, then retention, expansion and the surveys read at a glance, with the NPS trend', () => {
    const { findByTestId } = renderOutcomes(anOutcomes());
    expect(findByTestId(StatisticsItem, 'retention').props.number).toBe('$52.5k');
    expect(textOf(findByTestId(StatisticsItem, 'retention'))).toContain('GRR 100% · NRR 131.3%');
    expect(findByTestId(StatisticsItem, 'expansion').props.number).toBe('$15.5k');
    expect(textOf(findByTestId(StatisticsItem, 'expansion'))).toContain('2 won, 1 lost (66.7%)');
    expect(findByTestId(StatisticsItem, 'nps').props.number).toBe('+25');
    const trend = findByTestId(StatisticsItem, 'nps').find(StatisticsTrend);
    expect(trend.props).toMatchObject({ direction: 'decrease', value: '10 points', color: 'red' });
    expect(textOf(findByTestId(StatisticsItem, 'nps'))).toContain('Latest 4 on 2026-11-20');
    expect(findByTestId(StatisticsItem, 'csat').props.number).toBe('67%');
  });

  test('when the renewal is near and at risk, then the risk shows with its reasons, most important first', () => {
    const { findByTestId } = renderOutcomes(anOutcomes());
    expect(findByTestId(Text, 'renewal').text).toBe('Renewal 2026-12-20 (renewal deal)');
    expect(findByTestId(StatusTag, 'renewal-risk').text).toBe('High risk');
    expect(findByTestId(StatusTag, 'renewal-risk').props.variant).toBe('danger');
    expect(findByTestId(List, 'renewal-reasons').findAll(Text).map((t) => t.text)).toEqual(['recurring revenue down 25% (NRR 75%)', 'single-threaded']);
  });

  test('when the wallet is known, then the share, the headroom and the top three products not bought yet show', () => {
    const { findByTestId } = renderOutcomes(anOutcomes());
    expect(findByTestId(ProgressBar, 'wallet-share').props).toMatchObject({ value: 55.5, maxValue: 100, valueDescription: '$55.5k of $100k' });
    expect(findByTestId(Text, 'wallet').text).toBe('Headroom $44.5k · wallet estimated from annual revenue');
    expect(findByTestId(Text, 'whitespace').text).toBe('Not bought yet: Analytics add-on ($18k/yr), Onboarding package ($4k/yr), Premium support ($2.4k/yr)');
  });

  test('when the wallet, surveys and renewal are unknown, then the card says unknown, never 0 or a risk', () => {
    const { findByTestId, maybeFind } = renderOutcomes(
      anOutcomes({
        nps: survey(),
        wallet: { spend: 12_000, wallet: null, source: null, share: null, headroom: null, whitespace: [] },
        renewal: { date: null, source: null, risk: null, reasons: [] },
        confidence: 'low',
      }),
    );
    expect(findByTestId(StatisticsItem, 'nps').props.number).toBe('no answers');
    expect(findByTestId(Text, 'wallet').text).toContain('Share of wallet unknown: spend $12k');
    expect(maybeFind(ProgressBar)).toBeNull();
    expect(maybeFind(StatusTag)).toBeNull();
    expect(findByTestId(Text, 'renewal').text).toContain('No renewal known');
    expect(findByTestId(Text, 'outcomes-confidence').text).toBe('Low confidence');
  });

  test('when the account was stored before outcomes, then the tab shows no Outcomes section', async () => {
    spyOnFetch().mockResolvedValue(respond(200, anAccountView()));
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<KeylineAccountTab context={renderer.mocks.context} actions={renderer.mocks.actions} />);
    await renderer.waitFor(() => expect(renderer.findByTestId(Tag, 'tier-badge').text).toBe('Tier 2 · Growth'), WAIT);
    expect(renderer.findAll(Heading).map((h) => h.text)).not.toContain('Outcomes');
    expect(renderer.findAll(StatisticsItem).filter((n) => n.props.testId === 'retention')).toEqual([]);
    expect(renderer.maybeFind(ProgressBar)).toBeNull();
  });

  test('when the account has outcomes, then the tab shows the Outcomes section', async () => {
    spyOnFetch().mockResolvedValue(respond(200, anAccountView({ outcomes: anOutcomes() })));
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<KeylineAccountTab context={renderer.mocks.context} actions={renderer.mocks.actions} />);
    await renderer.waitFor(() => expect(renderer.findByTestId(StatusTag, 'renewal-risk').text).toBe('High risk'), WAIT);
  });

  test('when the renewal is at high risk, then the sidebar says so with the first reason; at low risk, it stays quiet', async () => {
    spyOnFetch().mockResolvedValueOnce(respond(200, anAccountView({ outcomes: anOutcomes() })));
    const high = createRenderer('crm.record.sidebar');
    high.render(<KeylineAccountSidebar context={high.mocks.context} actions={high.mocks.actions} />);
    await high.waitFor(() => expect(high.findByTestId(StatusTag, 'renewal-at-risk').text).toBe('Renewal 2026-12-20: high risk (recurring revenue down 25% (NRR 75%))'), WAIT);

    spyOnFetch().mockResolvedValueOnce(respond(200, anAccountView({ outcomes: anOutcomes({ renewal: { date: '2026-12-20T00:00:00.000Z', source: 'contract_end', risk: 'low', reasons: [] } }) })));
    const low = createRenderer('crm.record.sidebar');
    low.render(<KeylineAccountSidebar context={low.mocks.context} actions={low.mocks.actions} />);
    await low.waitFor(() => expect(low.findByTestId(Tag, 'tier-badge').text).toBe('Tier 2 · Growth'), WAIT);
    expect(low.findAll(StatusTag).filter((t) => t.props.testId === 'renewal-at-risk')).toEqual([]);
  });
});
