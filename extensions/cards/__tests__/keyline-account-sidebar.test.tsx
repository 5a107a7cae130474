import { EmptyState, ErrorState, LoadingButton, LoadingSpinner, ProgressBar, StatusTag, Tag, Text, Button } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { KeylineAccountSidebar } from '../keyline-account-sidebar';
import { anAccountView, aStakeholder } from '../../test-support/account-view-fixtures';
import { apiError, respond, spyOnFetch, WAIT } from '../../test-support/fetch-mocks';

function renderSidebar() {
  const renderer = createRenderer('crm.record.sidebar');
  renderer.render(<KeylineAccountSidebar context={renderer.mocks.context} actions={renderer.mocks.actions} />);
  return renderer;
}

afterEach(() => jest.restoreAllMocks());

describe('the Keyline sidebar card', () => {
  test('when the account loads, then tier, score, coverage and cadence status show compactly', async () => {
    spyOnFetch().mockResolvedValue(respond(200, anAccountView()));
    const { findByTestId, find, waitFor } = renderSidebar();

    expect(find(LoadingSpinner)).toBeDefined();
    await waitFor(() => expect(findByTestId(Tag, 'tier-badge').text).toBe('Tier 2 · Growth'), WAIT);
    expect(findByTestId(Text, 'score').text).toBe('57');
    expect(find(ProgressBar).props).toMatchObject({ title: 'Stakeholder coverage', value: 55, maxValue: 100 });
    expect(findByTestId(StatusTag, 'cadence-status').text).toBe('On track');
  });

  test('when the account is a single-threaded near-miss with an override and overdue cadence, then each shows as a tag', async () => {
    spyOnFetch().mockResolvedValue(
      respond(
        200,
        anAccountView({
          tier: { tier: 'tier_1', override: 'tier_1', nearMiss: true, nextTierGap: 2 },
          coverage: { flags: ['single_threaded'], engagedStakeholders: 1, stakeholders: [aStakeholder()] },
          cadence: { status: 'overdue' },
        }),
      ),
    );
    const { findByTestId, find, waitFor } = renderSidebar();

    await waitFor(() => expect(findByTestId(StatusTag, 'override-tag').text).toBe('Override'), WAIT);
    expect(findByTestId(StatusTag, 'near-miss-tag').text).toBe('Near-miss');
    expect(findByTestId(StatusTag, 'single-threaded-tag').text).toBe('Single-threaded');
    expect(find(ProgressBar).props.variant).toBe('danger');
    expect(findByTestId(StatusTag, 'cadence-status').props.variant).toBe('danger');
  });

  test('when loading fails, then retry asks again', async () => {
    const fetch = spyOnFetch()
      .mockResolvedValueOnce(apiError(500, 'internal', 'Something went wrong on our side.'))
      .mockResolvedValueOnce(respond(200, anAccountView()));
    const { find, findByTestId, waitFor } = renderSidebar();

    await waitFor(() => expect(find(ErrorState)).toBeDefined(), WAIT);
    findByTestId(Button, 'account-retry').trigger('onClick');
    await waitFor(() => expect(findByTestId(Tag, 'tier-badge')).toBeDefined(), WAIT);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  test('when the company is not computed yet, then "Compute now" recomputes it', async () => {
    const fetch = spyOnFetch()
      .mockResolvedValueOnce(apiError(404, 'not_computed_yet', 'Not scored yet.'))
      .mockResolvedValueOnce(respond(200, anAccountView()));
    const { find, findByTestId, waitFor } = renderSidebar();

    await waitFor(() => expect(find(EmptyState)).toBeDefined(), WAIT);
    findByTestId(LoadingButton, 'compute-now').trigger('onClick');
    await waitFor(() => expect(findByTestId(Tag, 'tier-badge')).toBeDefined(), WAIT);
    expect(fetch).toHaveBeenLastCalledWith(
      'https://keyline.example.com/api/v1/accounts/123/recompute',
      expect.objectContaining({ method: 'POST' }),
    );
  });
});
