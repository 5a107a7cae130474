import { Heading, ProgressBar, StatusTag, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { OnboardingView } from '@keyline/contract/onboarding-view';
import { KeylineAccountTab } from '../keyline-account-tab';
import { Onboarding } from '../sections/onboarding';
import { anAccountView } from '../../test-support/account-view-fixtures';
import { respond, spyOnFetch, WAIT } from '../../test-support/fetch-mocks';

function anOnboarding(over: Partial<OnboardingView> = {}): OnboardingView {
  return {
    wonAt: '2026-11-10T00:00:00.000Z',
    done: 2,
    total: 5,
    overdue: 1,
    items: [
      { key: 'kickoff', label: 'Kickoff call', dueAt: '2026-11-17T00:00:00.000Z', state: 'done', doneAt: '2026-11-12T15:00:00.000Z', doneBy: 'evidence', manual: false, taskDeleted: false },
      { key: 'scope_review', label: 'Scope review', dueAt: '2026-11-18T00:00:00.000Z', state: 'overdue', doneAt: null, doneBy: null, manual: false, taskDeleted: false },
      { key: 'channels', label: 'Preferred channels captured', dueAt: '2026-11-24T00:00:00.000Z', state: 'done', doneAt: '2026-11-19T09:00:00.000Z', doneBy: 'person', manual: true, taskDeleted: false },
      { key: 'success_criteria', label: 'Success criteria agreed', dueAt: '2026-12-01T00:00:00.000Z', state: 'open', doneAt: null, doneBy: null, manual: true, taskDeleted: true },
      { key: 'first_review', label: 'First review date set', dueAt: '2026-12-10T00:00:00.000Z', state: 'open', doneAt: null, doneBy: null, manual: false, taskDeleted: false },
    ],
    ...over,
  };
}

function renderOnboarding(onboarding: OnboardingView | undefined) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<Onboarding account={anAccountView(onboarding === undefined ? {} : { onboarding })} />);
  return renderer;
}

afterEach(() => jest.restoreAllMocks());

describe('the Onboarding section', () => {
  test('when the account is a new customer, then its progress reads done of total with the overdue count', () => {
    const { findByTestId, findAll } = renderOnboarding(anOnboarding());
    expect(findAll(Heading).map((h) => h.text)).toEqual(['Onboarding']);
    expect(findByTestId(ProgressBar, 'onboarding-progress').props).toMatchObject({ value: 2, maxValue: 5, valueDescription: '2 of 5 done, 1 overdue', variant: 'danger' });
  });

  test('when items are done, open or overdue, then each says so with its date and how it was done', () => {
    const { findByTestId, findAll } = renderOnboarding(anOnboarding());
    expect(findByTestId(StatusTag, 'onboarding-kickoff').text).toBe('Done');
    expect(findByTestId(StatusTag, 'onboarding-scope_review').props.variant).toBe('danger');
    const lines = findAll(Text).map((t) => t.text);
    expect(lines).toEqual([
      'New customer since 2026-11-10',
      'Kickoff call: done on 2026-11-12 (seen in HubSpot)',
      'Scope review: overdue since 2026-11-18',
      'Preferred channels captured: done on 2026-11-19 (task completed)',
      'Success criteria agreed: due 2026-12-01 · task deleted',
      'First review date set: due 2026-12-10',
    ]);
  });

  test('when every item is done, then the progress is full and shows no overdue', () => {
    const items = anOnboarding().items.map((i) => ({ ...i, state: 'done' as const, doneAt: '2026-11-19T09:00:00.000Z', doneBy: 'evidence' as const }));
    const { findByTestId } = renderOnboarding(anOnboarding({ items, done: 5, overdue: 0 }));
    expect(findByTestId(ProgressBar, 'onboarding-progress').props).toMatchObject({ value: 5, valueDescription: '5 of 5 done', variant: 'success' });
  });

  test('when the account is not onboarding, then the tab shows no Onboarding section; when it is, the tab shows it', async () => {
    const fetch = spyOnFetch();
    fetch.mockResolvedValueOnce(respond(200, anAccountView()));
    const plain = createRenderer('crm.record.tab');
    plain.render(<KeylineAccountTab context={plain.mocks.context} actions={plain.mocks.actions} />);
    await plain.waitFor(() => expect(plain.findAll(Heading).length).toBeGreaterThan(0), WAIT);
    expect(plain.findAll(Heading).map((h) => h.text)).not.toContain('Onboarding');

    fetch.mockResolvedValueOnce(respond(200, anAccountView({ onboarding: anOnboarding() })));
    const onboarding = createRenderer('crm.record.tab');
    onboarding.render(<KeylineAccountTab context={onboarding.mocks.context} actions={onboarding.mocks.actions} />);
    await onboarding.waitFor(() => expect(onboarding.findByTestId(ProgressBar, 'onboarding-progress').props.value).toBe(2), WAIT);
  });
});
