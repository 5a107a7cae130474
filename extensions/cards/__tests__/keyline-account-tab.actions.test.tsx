import { Button, Input, LoadingButton, Select, StatusTag, Tag } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { KeylineAccountTab } from '../keyline-account-tab';
import { anAccountView } from '../../test-support/account-view-fixtures';
import { apiError, deferred, fire, respond, spyOnFetch, WAIT } from '../../test-support/fetch-mocks';

const ACCOUNT_URL = 'https://keyline.example.com/api/v1/accounts/123';

async function renderReadyTab(view = anAccountView()) {
  const fetch = spyOnFetch().mockResolvedValueOnce(respond(200, view));
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<KeylineAccountTab context={renderer.mocks.context} actions={renderer.mocks.actions} />);
  await renderer.waitFor(() => expect(renderer.findByTestId(Tag, 'tier-badge')).toBeDefined(), WAIT);
  return { ...renderer, fetch };
}

function alertsOf(mocks: ReturnType<typeof createRenderer<'crm.record.tab'>>['mocks']) {
  return mocks.actions.addAlert.calls.map(([alert]) => alert);
}

const overdueView = anAccountView({
  cadence: {
    status: 'overdue',
    rules: [
      { rule: 'touch', intervalDays: 30, last: '2026-09-01T09:00:00.000Z', due: '2026-10-01T09:00:00.000Z', status: 'overdue' },
      { rule: 'qbr', intervalDays: 92, last: null, due: '2026-08-01T09:00:00.000Z', status: 'overdue' },
    ],
  },
});

afterEach(() => jest.restoreAllMocks());

describe('the Keyline tab: recompute', () => {
  test('when the manager recomputes, then the button spins, the card POSTs recompute, shows the new tier and refreshes the record', async () => {
    const { fetch, findByTestId, waitFor, mocks } = await renderReadyTab();
    const answer = deferred<Response>();
    fetch.mockReturnValueOnce(answer.promise);

    findByTestId(LoadingButton, 'recompute').trigger('onClick');
    await waitFor(() => expect(findByTestId(LoadingButton, 'recompute').props.loading).toBe(true), WAIT);
    expect(fetch).toHaveBeenLastCalledWith(`${ACCOUNT_URL}/recompute`, expect.objectContaining({ method: 'POST' }));
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(0);

    answer.resolve(respond(200, anAccountView({ tier: { tier: 'tier_1', computedTier: 'tier_1', score: 71 } })));
    await waitFor(() => expect(findByTestId(Tag, 'tier-badge').text).toBe('Tier 1 · Strategic'), WAIT);
    expect(findByTestId(LoadingButton, 'recompute').props.loading).toBe(false);
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(alertsOf(mocks)).toEqual([{ type: 'success', title: 'Recomputed', message: 'Tier 1 · Strategic · score 71' }]);
  });

  test('when recompute fails, then the account stays as it was and a danger alert says why', async () => {
    const { fetch, findByTestId, waitFor, mocks } = await renderReadyTab();
    fetch.mockResolvedValueOnce(apiError(502, 'hubspot_unavailable', 'HubSpot did not answer.'));

    findByTestId(LoadingButton, 'recompute').trigger('onClick');
    await waitFor(() => expect(alertsOf(mocks)).toHaveLength(1), WAIT);
    expect(alertsOf(mocks)[0]).toEqual({ type: 'danger', title: 'Recompute failed', message: 'HubSpot did not answer.' });
    expect(findByTestId(Tag, 'tier-badge').text).toBe('Tier 2 · Growth');
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(0);
  });
});

describe('the Keyline tab: follow-up tasks', () => {
  test('when cadence rules are overdue, then each is offered as a follow-up, first the first overdue gap', async () => {
    const { findByTestId } = await renderReadyTab(overdueView);
    const select = findByTestId(Select, 'follow-up-select');

    expect(select.props.options.map((option) => option.value)).toEqual(['touch_overdue', 'qbr_overdue', 'general']);
    expect(select.props.value).toBe('touch_overdue');
  });

  test('when the manager creates a task for a gap, then the card POSTs its gap key and then lists the open task', async () => {
    const { fetch, findByTestId, waitFor, mocks } = await renderReadyTab(overdueView);
    fetch
      .mockResolvedValueOnce(respond(201, { taskId: '9001', gapKey: 'qbr_overdue', created: true }))
      .mockResolvedValueOnce(
        respond(200, {
          ...overdueView,
          openTasks: [
            { taskId: '9001', gapKey: 'qbr_overdue', title: 'Keyline · QBR overdue — Acme Corp (Tier 2)', createdAt: '2026-11-22T10:00:00.000Z' },
          ],
        }),
      );

    fire(findByTestId(Select, 'follow-up-select'), 'onChange', 'qbr_overdue');
    findByTestId(LoadingButton, 'create-task').trigger('onClick');

    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(3), WAIT);
    expect(fetch).toHaveBeenNthCalledWith(
      2,
      `${ACCOUNT_URL}/tasks`,
      expect.objectContaining({ method: 'POST', body: { gapKey: 'qbr_overdue' } }),
    );
    expect(fetch).toHaveBeenNthCalledWith(3, ACCOUNT_URL, expect.objectContaining({ method: 'GET' }));
    await waitFor(() => expect(findByTestId(LoadingButton, 'create-task').props.loading).toBe(false), WAIT);
    expect(alertsOf(mocks)[0]).toMatchObject({ type: 'success', title: 'Follow-up task created' });
    const qbrOption = findByTestId(Select, 'follow-up-select').props.options.find((o) => o.value === 'qbr_overdue');
    expect(qbrOption?.label).toBe('QBR overdue (task open)');
  });

  test('when a task for that gap is already open, then the manager is told so instead of getting a duplicate', async () => {
    const { fetch, findByTestId, waitFor, mocks } = await renderReadyTab(overdueView);
    fetch
      .mockResolvedValueOnce(respond(200, { taskId: '9001', gapKey: 'touch_overdue', created: false }))
      .mockResolvedValueOnce(respond(200, overdueView));

    findByTestId(LoadingButton, 'create-task').trigger('onClick');

    await waitFor(() => expect(alertsOf(mocks)).toHaveLength(1), WAIT);
    expect(alertsOf(mocks)[0]).toMatchObject({ type: 'info', title: 'Task already open' });
    expect(fetch).toHaveBeenNthCalledWith(2, `${ACCOUNT_URL}/tasks`, expect.objectContaining({ body: { gapKey: 'touch_overdue' } }));
  });

  test('when there is no gap, then a general follow-up is created with a title naming the company', async () => {
    const { fetch, findByTestId, waitFor } = await renderReadyTab();
    fetch
      .mockResolvedValueOnce(respond(201, { taskId: '9002', gapKey: 'manual', created: true }))
      .mockResolvedValueOnce(respond(200, anAccountView()));

    expect(findByTestId(Select, 'follow-up-select').props.value).toBe('general');
    findByTestId(LoadingButton, 'create-task').trigger('onClick');

    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(3), WAIT);
    expect(fetch).toHaveBeenNthCalledWith(
      2,
      `${ACCOUNT_URL}/tasks`,
      expect.objectContaining({ method: 'POST', body: { gapKey: 'follow_up', title: 'Follow up with Acme Corp' } }),
    );
  });

  test('when the manager writes what to follow up on, then the general follow-up carries their words', async () => {
    const { fetch, findByTestId, waitFor } = await renderReadyTab();
    fetch
      .mockResolvedValueOnce(respond(201, { taskId: '9003', gapKey: 'follow_up:0123456789ab', created: true }))
      .mockResolvedValueOnce(respond(200, anAccountView()));

    fire(findByTestId(Input, 'follow-up-title'), 'onChange', '  Send the renewal quote ');
    await waitFor(() => expect(findByTestId(Input, 'follow-up-title').props.value).toBe('  Send the renewal quote '), WAIT);
    findByTestId(LoadingButton, 'create-task').trigger('onClick');

    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(3), WAIT);
    expect(fetch).toHaveBeenNthCalledWith(
      2,
      `${ACCOUNT_URL}/tasks`,
      expect.objectContaining({ method: 'POST', body: { gapKey: 'follow_up', title: 'Send the renewal quote' } }),
    );
  });

  test('when the backend sends its own gaps, then those are offered', async () => {
    const { findByTestId } = await renderReadyTab(
      anAccountView({
        gaps: [{ key: 'champion_dark', kind: 'champion_dark', contactId: '502', title: 'Champion gone dark', detail: 'Chris was last touched 75 days ago.' }],
      }),
    );

    expect(findByTestId(Select, 'follow-up-select').props.options.map((o) => o.label)).toEqual([
      'Champion gone dark',
      'General follow-up',
    ]);
  });

  test('when task creation fails, then a danger alert says why and nothing else is requested', async () => {
    const { fetch, findByTestId, waitFor, mocks } = await renderReadyTab(overdueView);
    fetch.mockResolvedValueOnce(apiError(403, 'portal_mismatch', 'This request is not for this HubSpot account.'));

    findByTestId(LoadingButton, 'create-task').trigger('onClick');

    await waitFor(() => expect(alertsOf(mocks)).toHaveLength(1), WAIT);
    expect(alertsOf(mocks)[0]).toEqual({
      type: 'danger',
      title: 'The follow-up task was not created',
      message: 'This request is not for this HubSpot account.',
    });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});

describe('the Keyline tab: tier override', () => {
  test('when the manager sets an override, then the card PUTs the tier, shows the override and refreshes the record', async () => {
    const { fetch, findByTestId, waitFor, mocks } = await renderReadyTab();
    fetch.mockResolvedValueOnce(
      respond(200, anAccountView({ tier: { tier: 'tier_1', override: 'tier_1', computedTier: 'tier_2' } })),
    );

    fire(findByTestId(Select, 'override-select'), 'onChange', 'tier_1');
    await waitFor(() => expect(findByTestId(Select, 'override-select').props.value).toBe('tier_1'), WAIT);
    findByTestId(LoadingButton, 'set-override').trigger('onClick');

    await waitFor(() => expect(findByTestId(StatusTag, 'override-tag').text).toBe('Override · computed Tier 2 · Growth'), WAIT);
    expect(fetch).toHaveBeenLastCalledWith(
      `${ACCOUNT_URL}/override`,
      expect.objectContaining({ method: 'PUT', body: { tier: 'tier_1' } }),
    );
    expect(findByTestId(Tag, 'tier-badge').text).toBe('Tier 1 · Strategic');
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(1);
    expect(alertsOf(mocks)[0]).toEqual({ type: 'success', title: 'Override set', message: 'This account is now Tier 1 · Strategic.' });
  });

  test('when the manager clears the override, then the card PUTs null and the computed tier shows again', async () => {
    const { fetch, findByTestId, maybeFindByTestId, waitFor, mocks } = await renderReadyTab(
      anAccountView({ tier: { tier: 'tier_1', override: 'tier_1', computedTier: 'tier_2' } }),
    );
    fetch.mockResolvedValueOnce(respond(200, anAccountView()));

    findByTestId(Button, 'clear-override').trigger('onClick');

    await waitFor(() => expect(maybeFindByTestId(StatusTag, 'override-tag')).toBeNull(), WAIT);
    expect(fetch).toHaveBeenLastCalledWith(`${ACCOUNT_URL}/override`, expect.objectContaining({ method: 'PUT', body: { tier: null } }));
    expect(findByTestId(Tag, 'tier-badge').text).toBe('Tier 2 · Growth');
    expect(maybeFindByTestId(Button, 'clear-override')).toBeNull();
    expect(alertsOf(mocks)[0]).toMatchObject({ type: 'success', title: 'Override cleared' });
  });

  test('when setting the override is refused, then the tier stays and a danger alert says why', async () => {
    const { fetch, findByTestId, waitFor, mocks } = await renderReadyTab();
    fetch.mockResolvedValueOnce(apiError(400, 'invalid_input', 'tier must be one of tier_1, tier_2, tier_3'));

    findByTestId(LoadingButton, 'set-override').trigger('onClick');

    await waitFor(() => expect(alertsOf(mocks)).toHaveLength(1), WAIT);
    expect(alertsOf(mocks)[0]).toMatchObject({ type: 'danger', title: 'The override was not set' });
    expect(findByTestId(Tag, 'tier-badge').text).toBe('Tier 2 · Growth');
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(0);
  });
});
