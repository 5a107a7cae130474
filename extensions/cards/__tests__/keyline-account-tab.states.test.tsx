import {
  Alert,
  BarChart,
  Button,
  EmptyState,
  ErrorState,
  LineChart,
  Link,
  LoadingButton,
  LoadingSpinner,
  StatusTag,
  Table,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { KeylineAccountTab } from '../keyline-account-tab';
import { anAccountView, aStakeholder } from '../../test-support/account-view-fixtures';
import { apiError, deferred, respond, settle, spyOnFetch, textOf, WAIT } from '../../test-support/fetch-mocks';

const ACCOUNT_URL = 'https://keyline.example.com/api/v1/accounts/123';

function renderTab() {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<KeylineAccountTab context={renderer.mocks.context} actions={renderer.mocks.actions} />);
  return renderer;
}

afterEach(() => jest.restoreAllMocks());

describe('the Keyline tab: states', () => {
  test('when the account view is on its way, then a spinner shows and the card asked for this company', async () => {
    const pending = deferred<Response>();
    const fetch = spyOnFetch().mockReturnValue(pending.promise);
    const { find } = renderTab();

    expect(find(LoadingSpinner).props.label).toMatch(/Loading/);
    await settle();
    expect(fetch).toHaveBeenCalledWith(ACCOUNT_URL, expect.objectContaining({ method: 'GET' }));
    expect(find(LoadingSpinner)).toBeDefined();
  });

  test('when the backend fails, then an error with the reason shows, and retry loads the account', async () => {
    const fetch = spyOnFetch()
      .mockResolvedValueOnce(apiError(503, 'hubspot_unavailable', 'HubSpot did not answer in time.'))
      .mockResolvedValueOnce(respond(200, anAccountView()));
    const { find, findByTestId, waitFor, maybeFind } = renderTab();

    await waitFor(() => expect(find(ErrorState).props.title).toBe('Keyline could not load this account'), WAIT);
    expect(textOf(find(ErrorState))).toContain('HubSpot did not answer in time.');

    findByTestId(Button, 'account-retry').trigger('onClick');
    await waitFor(() => expect(findByTestId(Tag, 'tier-badge').text).toBe('Tier 2 · Growth'), WAIT);
    expect(maybeFind(ErrorState)).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  test('when hubspot.fetch itself throws, then the error state says Keyline could not be reached', async () => {
    spyOnFetch().mockRejectedValue(new Error('timeout'));
    const { find, waitFor } = renderTab();

    await waitFor(() => expect(textOf(find(ErrorState))).toContain('Keyline could not be reached (timeout).'), WAIT);
  });

  test('when the backend answers with a body that breaks the contract, then the card shows an error instead of guessing', async () => {
    spyOnFetch().mockResolvedValue(respond(200, { companyId: '123', tier: 'tier_1' }));
    const { find, waitFor } = renderTab();

    await waitFor(() => expect(textOf(find(ErrorState))).toContain('data this card does not understand'), WAIT);
  });

  test('when the company was never scored, then an empty state offers "Compute now", which recomputes and shows the account', async () => {
    const fetch = spyOnFetch()
      .mockResolvedValueOnce(apiError(404, 'not_computed_yet', 'This company has not been scored yet.'))
      .mockResolvedValueOnce(respond(200, anAccountView({ tier: { tier: 'tier_1', computedTier: 'tier_1', score: 74 } })));
    const { find, findByTestId, waitFor, mocks } = renderTab();

    await waitFor(() => expect(find(EmptyState).props.title).toBe('Not computed yet'), WAIT);
    findByTestId(LoadingButton, 'compute-now').trigger('onClick');
    expect(findByTestId(LoadingButton, 'compute-now').props.loading).toBe(true);

    await waitFor(() => expect(findByTestId(Tag, 'tier-badge').text).toBe('Tier 1 · Strategic'), WAIT);
    expect(fetch).toHaveBeenLastCalledWith(`${ACCOUNT_URL}/recompute`, expect.objectContaining({ method: 'POST' }));
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(1);
  });

  test('when the company does not exist for Keyline, then the error state shows the backend message', async () => {
    spyOnFetch().mockResolvedValue(apiError(404, 'company_not_found', 'No company 123 in this HubSpot account.'));
    const { find, waitFor } = renderTab();

    await waitFor(() => expect(textOf(find(ErrorState))).toContain('No company 123 in this HubSpot account.'), WAIT);
  });
});

describe('the Keyline tab: the account picture', () => {
  test.each([
    ['tier_1', 'Tier 1 · Strategic', 'success'],
    ['tier_2', 'Tier 2 · Growth', 'info'],
    ['tier_3', 'Tier 3 · Maintain', 'default'],
  ] as const)('when the account is %s, then the badge reads "%s" in the %s colour', async (tier, label, variant) => {
    spyOnFetch().mockResolvedValue(respond(200, anAccountView({ tier: { tier, computedTier: tier } })));
    const { findByTestId, waitFor } = renderTab();

    await waitFor(() => expect(findByTestId(Tag, 'tier-badge').text).toBe(label), WAIT);
    expect(findByTestId(Tag, 'tier-badge').props.variant).toBe(variant);
  });

  test('when the account is ready, then score, reasons, breakdown, stakeholders, cadence and history show', async () => {
    spyOnFetch().mockResolvedValue(respond(200, anAccountView()));
    const { findByTestId, waitFor, find, findAll, maybeFindByTestId } = renderTab();

    await waitFor(() => expect(findByTestId(Tag, 'tier-badge')).toBeDefined(), WAIT);
    expect(findByTestId(Text, 'reasons').text).toContain('Recurring revenue $48k');
    const breakdown = findByTestId(Table, 'score-breakdown');
    const rows = breakdown.findAll(TableRow);
    // header + 7 weighted criteria (geo_focus has weight 0) + footer
    expect(rows).toHaveLength(9);
    expect(textOf(rows[1]!)).toContain('Recurring revenue');
    expect(textOf(rows[1]!)).toContain('$48k');
    expect(textOf(rows[1]!)).toContain('17.2');
    expect(textOf(breakdown)).toContain('no data');
    expect(maybeFindByTestId(Alert, 'near-miss')).toBeNull();
    expect(findAll(Link).map((link) => link.text)).toEqual(
      expect.arrayContaining(['Dana Decider', 'Chris Champion']),
    );
    expect(findByTestId(StatusTag, 'cadence-status').text).toBe('On track');
    expect(find(BarChart).props.data).toEqual([
      { channel: 'Calls', touches: 3 },
      { channel: 'Emails', touches: 7 },
      { channel: 'Meetings', touches: 1 },
    ]);
    expect(find(LineChart).props.data).toHaveLength(3);
  });

  test('when a contact is a stakeholder, then its name links to the contact record in this portal', async () => {
    spyOnFetch().mockResolvedValue(respond(200, anAccountView()));
    const { findAll, waitFor, mocks } = renderTab();

    await waitFor(() => expect(findAll(Link).length).toBeGreaterThan(0), WAIT);
    const dana = findAll(Link).find((link) => link.text === 'Dana Decider');
    expect(dana?.props.href).toEqual({
      url: `https://app.hubspot.com/contacts/${mocks.context.portal.id}/record/0-1/501`,
      external: true,
    });
  });

  test('when the account is a near-miss, then an alert says how far below the next tier it is and what would close the gap', async () => {
    spyOnFetch().mockResolvedValue(
      respond(
        200,
        anAccountView({
          tier: {
            score: 66.8,
            nearMiss: true,
            nextTier: 'tier_1',
            nextTierGap: 3.2,
            closeTheGap: [
              { criterion: 'recurring_revenue', scoreGain: 4.1, text: '+$38k trailing revenue' },
              { criterion: 'relationship', scoreGain: 3.5, text: 'an engaged executive sponsor' },
            ],
          },
        }),
      ),
    );
    const { findByTestId, waitFor } = renderTab();

    await waitFor(() => expect(findByTestId(Alert, 'near-miss')).toBeDefined(), WAIT);
    const alert = findByTestId(Alert, 'near-miss');
    expect(alert.props.title).toBe('Near-miss: 3.2 points below Tier 1 · Strategic');
    expect(textOf(alert)).toContain('+$38k trailing revenue (+4.1 points)');
    expect(textOf(alert)).toContain('an engaged executive sponsor (+3.5 points)');
  });

  test('when a person overrode the tier, then the badge shows the override and the computed tier next to it', async () => {
    spyOnFetch().mockResolvedValue(
      respond(200, anAccountView({ tier: { tier: 'tier_1', override: 'tier_1', computedTier: 'tier_2' } })),
    );
    const { findByTestId, waitFor } = renderTab();

    await waitFor(() => expect(findByTestId(Tag, 'tier-badge').text).toBe('Tier 1 · Strategic'), WAIT);
    expect(findByTestId(StatusTag, 'override-tag').text).toBe('Override · computed Tier 2 · Growth');
    expect(findByTestId(Button, 'clear-override')).toBeDefined();
  });

  test('when only one stakeholder is engaged, then a single-threaded alert shows and the missing champion is flagged', async () => {
    spyOnFetch().mockResolvedValue(
      respond(
        200,
        anAccountView({
          coverage: {
            score: 28,
            coveredRoles: ['DECISION_MAKER'],
            missingRoles: ['CHAMPION'],
            engagedStakeholders: 1,
            engagedLevels: ['executive'],
            flags: ['single_threaded', 'missing_roles'],
            stakeholders: [aStakeholder()],
          },
        }),
      ),
    );
    const { findByTestId, waitFor } = renderTab();

    await waitFor(() => expect(findByTestId(Alert, 'single-threaded')).toBeDefined(), WAIT);
    expect(findByTestId(Alert, 'single-threaded').props.variant).toBe('danger');
    expect(findByTestId(Alert, 'missing-roles').text).toBe('No engaged champion.');
    expect(findByTestId(StatusTag, 'role-missing-CHAMPION').text).toBe('Missing');
  });

  test('when the champion went dark, then an alert names them', async () => {
    spyOnFetch().mockResolvedValue(
      respond(
        200,
        anAccountView({
          coverage: {
            flags: ['champion_dark'],
            darkChampionIds: ['502'],
          },
        }),
      ),
    );
    const { findByTestId, waitFor } = renderTab();

    await waitFor(() => expect(findByTestId(Alert, 'champion-dark').text).toBe('Not touched recently: Chris Champion.'), WAIT);
  });

  test('when the cadence slipped, then the account and the overdue rules show as overdue', async () => {
    spyOnFetch().mockResolvedValue(
      respond(
        200,
        anAccountView({
          cadence: {
            status: 'overdue',
            rules: [
              { rule: 'touch', intervalDays: 30, last: '2026-09-01T09:00:00.000Z', due: '2026-10-01T09:00:00.000Z', status: 'overdue' },
              { rule: 'meeting', intervalDays: 90, last: '2026-10-01T09:00:00.000Z', due: '2026-12-30T09:00:00.000Z', status: 'on_track' },
            ],
          },
        }),
      ),
    );
    const { findByTestId, waitFor } = renderTab();

    await waitFor(() => expect(findByTestId(StatusTag, 'cadence-status').text).toBe('Overdue'), WAIT);
    expect(findByTestId(StatusTag, 'cadence-status').props.variant).toBe('danger');
    expect(findByTestId(StatusTag, 'rule-status-touch').text).toBe('Overdue');
    expect(textOf(findByTestId(Table, 'cadence-rules'))).toContain('2026-10-01');
  });

  test('when the owner holds too many Tier 1 accounts, then an over-capacity warning names the owner', async () => {
    spyOnFetch().mockResolvedValue(respond(200, anAccountView({ tier: { ownerOverCapacity: true } })));
    const { findByTestId, waitFor } = renderTab();

    await waitFor(() => expect(findByTestId(Alert, 'over-capacity').props.variant).toBe('warning'), WAIT);
    expect(textOf(findByTestId(Alert, 'over-capacity'))).toContain('Dana Whitfield holds more Tier 1 accounts than the configured maximum.');
  });

  test('when there is only one history point, then the chart waits for more history', async () => {
    spyOnFetch().mockResolvedValue(
      respond(200, anAccountView({ tierHistory: [{ at: '2026-11-01T02:00:00.000Z', tier: 'tier_2', score: 57 }] })),
    );
    const { findByTestId, waitFor, maybeFind } = renderTab();

    await waitFor(() => expect(findByTestId(Text, 'tier-history-empty')).toBeDefined(), WAIT);
    expect(maybeFind(LineChart)).toBeNull();
  });

  test('when the account has gaps, then each shows with what Keyline made of it: a task open, queued with its place, or no task', async () => {
    spyOnFetch().mockResolvedValue(
      respond(
        200,
        anAccountView({
          gaps: [
            { key: 'touch_overdue', kind: 'touch_overdue', title: 'Touch overdue', detail: 'No call, email or held meeting for 45 days (every 30).', task: { state: 'open' } },
            { key: 'missing_role:CHAMPION', kind: 'missing_role', role: 'CHAMPION', title: 'Missing champion', detail: 'Tier 2 needs a champion.', task: { state: 'queued', rank: 3 } },
            { key: 'qbr_overdue', kind: 'qbr_overdue', title: 'QBR overdue', detail: 'Last QBR 200 days ago (every 180).' },
          ],
        }),
      ),
    );
    const { findByTestId, waitFor } = renderTab();

    await waitFor(() => expect(findByTestId(StatusTag, 'gap-state-touch_overdue').text).toBe('Task open'), WAIT);
    expect(findByTestId(StatusTag, 'gap-state-missing_role:CHAMPION').text).toBe("Queued · 3rd in the owner's line");
    expect(findByTestId(StatusTag, 'gap-state-missing_role:CHAMPION').props.variant).toBe('warning');
    expect(findByTestId(StatusTag, 'gap-state-qbr_overdue').text).toBe('No Keyline task');
    expect(findByTestId(Text, 'gaps-summary').text).toMatch(/^3 gaps · 1 with an open task · 1 queued/);
  });

  test('when the account has no gap, then the card says so instead of an empty list', async () => {
    spyOnFetch().mockResolvedValue(respond(200, anAccountView({ gaps: [] })));
    const { findByTestId, waitFor } = renderTab();

    await waitFor(() => expect(findByTestId(Text, 'gaps-none').text).toMatch(/^No gaps/), WAIT);
  });
});
