import { aDeal, aMeeting, daysAgo, TEST_NOW } from '../../../test/factories/accounts';
import { assessOnboarding, onboardingTrigger } from './assess-onboarding';
import { DEFAULT_SCORING_MODEL, parseScoringModel } from './scoring-model';
import type { Activity, Deal } from './types';

const model = DEFAULT_SCORING_MODEL;
const rules = {
  meetingExcludedOutcomes: model.cadence.meeting_excluded_outcomes,
  reviewTitlePatterns: model.cadence.qbr_title_patterns,
  reviewActivityTypes: model.cadence.qbr_activity_types,
};

function onboard(deals: Deal[], activities: Activity[] = []) {
  return assessOnboarding({ deals, activities }, model.onboarding, rules, TEST_NOW);
}

type ItemKey = 'kickoff' | 'scope_review' | 'channels' | 'success_criteria' | 'first_review';
const state = (deals: Deal[], activities: Activity[] = []): Record<ItemKey, string> =>
  Object.fromEntries((onboard(deals, activities)?.items ?? []).map((i) => [i.key, i.doneAt === null ? (i.overdue ? 'overdue' : 'open') : 'done'])) as Record<ItemKey, string>;

describe('onboarding trigger', () => {
  it('when the first won deal closed 10 days ago, then the account is a new customer since that date', () => {
    const won = daysAgo(10);
    expect(onboardingTrigger([aDeal({ status: 'won', closeDate: won })], 30, TEST_NOW)).toBe(won);
  });

  it('when an earlier deal was won before the window, then a new win is not an onboarding', () => {
    const deals = [aDeal({ id: 'a', status: 'won', closeDate: daysAgo(400) }), aDeal({ id: 'b', status: 'won', closeDate: daysAgo(5) })];
    expect(onboardingTrigger(deals, 30, TEST_NOW)).toBeNull();
  });

  it('when the first win is older than the window, only lost or open deals exist, or the close date is missing, then no onboarding', () => {
    expect(onboardingTrigger([aDeal({ status: 'won', closeDate: daysAgo(31) })], 30, TEST_NOW)).toBeNull();
    expect(onboardingTrigger([aDeal({ status: 'lost', closeDate: daysAgo(3) }), aDeal({ status: 'open', closeDate: daysAgo(3) })], 30, TEST_NOW)).toBeNull();
    expect(onboardingTrigger([aDeal({ status: 'won', closeDate: null })], 30, TEST_NOW)).toBeNull();
  });

  it('when onboarding is turned off in the model, then no account is onboarding', () => {
    const parsed = parseScoringModel({ onboarding: { enabled: false } });
    if (!parsed.ok) throw new Error('model');
    expect(assessOnboarding({ deals: [aDeal({ status: 'won', closeDate: daysAgo(3) })], activities: [] }, parsed.model.onboarding, rules, TEST_NOW)).toBeNull();
  });
});

describe('onboarding items done by evidence', () => {
  const won = [aDeal({ status: 'won', closeDate: daysAgo(10) })];

  it('when nothing was logged since the win 10 days ago, then the kickoff (due day 7) is overdue and the rest open', () => {
    expect(state(won)).toEqual({ kickoff: 'overdue', scope_review: 'open', channels: 'open', success_criteria: 'open', first_review: 'open' });
    const result = onboard(won);
    expect(result?.done).toBe(0);
    expect(result?.total).toBe(5);
    expect(result?.next?.taskKey).toBe('onboarding:kickoff');
  });

  it('when a meeting was held after the win, then the kickoff is done and the next item is the scope review', () => {
    const result = onboard(won, [aMeeting({ title: 'Welcome', occurredAt: daysAgo(8) })]);
    expect(state(won, [aMeeting({ title: 'Welcome', occurredAt: daysAgo(8) })]).kickoff).toBe('done');
    expect(result?.next?.key).toBe('scope_review');
    expect(result?.done).toBe(1);
  });

  it('when the only meeting was before the win, or was cancelled, then the kickoff is not done', () => {
    expect(state(won, [aMeeting({ occurredAt: daysAgo(20) })]).kickoff).toBe('overdue');
    expect(state(won, [aMeeting({ occurredAt: daysAgo(5), status: 'CANCELED' })]).kickoff).toBe('overdue');
  });

  it('when a held meeting is titled "Scope review", then the scope review and the kickoff are done; "Telescope demo" is not a scope word', () => {
    expect(state(won, [aMeeting({ title: 'Scope review with IT', occurredAt: daysAgo(4) })])).toMatchObject({ kickoff: 'done', scope_review: 'done' });
    expect(state(won, [aMeeting({ title: 'Telescope demo', occurredAt: daysAgo(4) })]).scope_review).toBe('open');
  });

  it('when a QBR-titled meeting was held, then the first review is done; items without evidence stay open for the person', () => {
    const s = state(won, [aMeeting({ title: 'QBR #1', occurredAt: daysAgo(1) })]);
    expect(s.first_review).toBe('done');
    expect(s.channels).toBe('open');
    expect(s.success_criteria).toBe('open');
    expect(onboard(won)?.items.find((i) => i.key === 'channels')?.manual).toBe(true);
  });
});
