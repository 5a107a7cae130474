import { Alert, Button, Input, LoadingButton, StatusTag, Text, TextArea } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { KeylineAccountTab } from '../keyline-account-tab';
import { AccountPlan, checkPlanDraft } from '../sections/account-plan';
import { aPlanView, anAccountView } from '../../test-support/account-view-fixtures';
import { apiError, fire, respond, spyOnFetch, WAIT } from '../../test-support/fetch-mocks';

const PLAN_URL = 'https://keyline.example.com/api/v1/accounts/123/plan';
const tier1 = (plan = aPlanView()) => anAccountView({ tier: { tier: 'tier_1', computedTier: 'tier_1', tierLabel: 'Tier 1 · Strategic' }, plan });

async function renderReadyTab(view = tier1()) {
  const fetch = spyOnFetch().mockResolvedValueOnce(respond(200, view));
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<KeylineAccountTab context={renderer.mocks.context} actions={renderer.mocks.actions} />);
  await renderer.waitFor(() => expect(renderer.findByTestId(StatusTag, 'plan-status')).toBeDefined(), WAIT);
  return { ...renderer, fetch };
}

afterEach(() => jest.restoreAllMocks());

describe('the account plan section', () => {
  test('when the account has a current plan, then its objectives, issues, upsell plan and next review show with the status and why', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<AccountPlan account={tier1()} saving={false} disabled={false} onSave={async () => null} />);
    expect(renderer.findByTestId(StatusTag, 'plan-status').text).toBe('Current');
    expect(renderer.findByTestId(Text, 'plan-reason').text).toBe('Next review on 2027-02-15 (next review date).');
    expect(renderer.findByTestId(Text, 'plan-objectives-text').text).toBe('Roll out to the EMEA sites');
    expect(renderer.findByTestId(Text, 'plan-issues-text').text).toBe('Slow support answers');
    expect(renderer.findByTestId(Text, 'plan-upsell-text').text).toBe('Analytics add-on in Q2');
    expect(renderer.findByTestId(Text, 'plan-next-review-text').text).toBe('2027-02-15');
    expect(renderer.findByTestId(Button, 'plan-edit').text).toBe('Edit plan');
  });

  test('when a tier-1 account has no plan or its review is overdue, then the tag says so and the reason explains it', () => {
    const renderer = createRenderer('crm.record.tab');
    const missing = aPlanView({ objectives: '', currentIssues: '', upsellPlan: '', nextReviewDate: null, status: 'missing', reviewDueAt: null, lastSavedAt: null, reason: 'Tier 1 accounts need an account plan; none is saved yet.' });
    renderer.render(<AccountPlan account={tier1(missing)} saving={false} disabled={false} onSave={async () => null} />);
    expect(renderer.findByTestId(StatusTag, 'plan-status').text).toBe('No plan yet');
    expect(renderer.findByTestId(Button, 'plan-edit').text).toBe('Write a plan');
    expect(renderer.maybeFind(Text, { testId: 'plan-objectives-text' })).toBeNull();

    const overdue = createRenderer('crm.record.tab');
    overdue.render(<AccountPlan account={tier1(aPlanView({ status: 'overdue', reason: 'Review overdue: the next review date 2026-11-01 has passed.' }))} saving={false} disabled={false} onSave={async () => null} />);
    expect(overdue.findByTestId(StatusTag, 'plan-status').props.variant).toBe('danger');
    expect(overdue.findByTestId(Text, 'plan-reason').text).toContain('has passed');
  });

  test('when the view carries no plan block (an older backend), then the section shows nothing', () => {
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<AccountPlan account={anAccountView()} saving={false} disabled={false} onSave={async () => null} />);
    expect(renderer.maybeFind(StatusTag, { testId: 'plan-status' })).toBeNull();
  });

  test('when the manager edits and saves the plan, then the card PUTs it, shows the saved plan, alerts and refreshes the record', async () => {
    const { fetch, findByTestId, maybeFind, waitFor, mocks } = await renderReadyTab();
    const saved = tier1(aPlanView({ objectives: 'Win the US division', nextReviewDate: '2027-03-31', reason: 'Next review on 2027-03-31 (next review date).', lastSavedAt: '2026-11-23T10:00:00.000Z' }));
    fetch.mockResolvedValueOnce(respond(200, saved));

    findByTestId(Button, 'plan-edit').trigger('onClick');
    await waitFor(() => expect(findByTestId(TextArea, 'plan-objectives').props.value).toBe('Roll out to the EMEA sites'), WAIT);
    fire(findByTestId(TextArea, 'plan-objectives'), 'onChange', 'Win the US division');
    fire(findByTestId(Input, 'plan-nextReviewDate'), 'onChange', '2027-03-31');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');

    await waitFor(() => expect(findByTestId(Text, 'plan-objectives-text').text).toBe('Win the US division'), WAIT);
    expect(fetch).toHaveBeenLastCalledWith(PLAN_URL, expect.objectContaining({
      method: 'PUT',
      body: { objectives: 'Win the US division', currentIssues: 'Slow support answers', upsellPlan: 'Analytics add-on in Q2', nextReviewDate: '2027-03-31' },
    }));
    expect(findByTestId(Text, 'plan-next-review-text').text).toBe('2027-03-31');
    expect(maybeFind(TextArea, { testId: 'plan-objectives' })).toBeNull();
    expect(mocks.actions.addAlert.calls.map(([a]) => a)).toEqual([{ type: 'success', title: 'Account plan saved', message: 'It is kept on the company in HubSpot.' }]);
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(1);
  });

  test('when the date is not a real day, then the field says why and nothing is sent', async () => {
    const { fetch, findByTestId, findAll, waitFor } = await renderReadyTab();
    findByTestId(Button, 'plan-edit').trigger('onClick');
    await waitFor(() => expect(findByTestId(Input, 'plan-nextReviewDate')).toBeDefined(), WAIT);
    fire(findByTestId(Input, 'plan-nextReviewDate'), 'onChange', '2027-02-30');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');

    await waitFor(() => expect(findByTestId(Input, 'plan-nextReviewDate').props.validationMessage).toBe('must be a real calendar day'), WAIT);
    expect(findByTestId(Input, 'plan-nextReviewDate').props.error).toBe(true);
    expect(findAll(Alert).map((a) => a.props.title)).toContain('The plan was not saved');
    expect(fetch).toHaveBeenCalledTimes(1); // only the first load
  });

  test('when the backend refuses a field, then its message shows beside the field and the form stays open with the text', async () => {
    const { fetch, findByTestId, waitFor, mocks } = await renderReadyTab();
    fetch.mockResolvedValueOnce(apiError(400, 'invalid_request', 'Invalid request: body.upsellPlan: must be at most 2000 characters.', [{ path: 'body.upsellPlan', message: 'must be at most 2000 characters' }]));
    findByTestId(Button, 'plan-edit').trigger('onClick');
    await waitFor(() => expect(findByTestId(TextArea, 'plan-upsellPlan')).toBeDefined(), WAIT);
    fire(findByTestId(TextArea, 'plan-upsellPlan'), 'onChange', 'Bundle');
    findByTestId(LoadingButton, 'plan-save').trigger('onClick');

    await waitFor(() => expect(findByTestId(TextArea, 'plan-upsellPlan').props.validationMessage).toBe('must be at most 2000 characters'), WAIT);
    expect(findByTestId(TextArea, 'plan-upsellPlan').props.value).toBe('Bundle');
    expect(findByTestId(Alert, 'plan-error').text).toBe('Invalid request: body.upsellPlan: must be at most 2000 characters.');
    expect(mocks.actions.refreshObjectProperties.callCount).toBe(0);
  });
});

describe('checking a plan draft', () => {
  test('when the draft is valid, then texts are trimmed and an empty date is null; otherwise each field has its message', () => {
    expect(checkPlanDraft({ objectives: ' a ', currentIssues: '', upsellPlan: '', nextReviewDate: ' ' })).toEqual({ ok: true, request: { objectives: 'a', currentIssues: '', upsellPlan: '', nextReviewDate: null } });
    expect(checkPlanDraft({ objectives: 'x'.repeat(2001), currentIssues: '', upsellPlan: '', nextReviewDate: '31/12/2026' })).toEqual({
      ok: false,
      errors: { objectives: 'must be at most 2000 characters', nextReviewDate: 'must be a date (YYYY-MM-DD)' },
    });
  });
});
