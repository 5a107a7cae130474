import { aDeal, aMeeting, anAccount, daysAgo, TEST_NOW } from '../../../test/factories/accounts';
import { nextReviewAt } from '../sync/next-review';
import { allocateWithOnboarding } from '../sync/track-onboarding';
import { mayCloseTask, onboardingCounts, withOnboardingLedger, type OnboardingLedgerItem } from './onboarding-gaps';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL, parseScoringModel } from './scoring-model';
import type { TaskCandidate } from './allocate-tasks';

const newCustomer = (activities = [aMeeting({ title: 'Welcome', occurredAt: daysAgo(8) })]) =>
  scoreAccount(anAccount({ company: { id: '42', ownerId: '7' }, deals: [aDeal({ status: 'won', closeDate: daysAgo(10) })], activities }), DEFAULT_SCORING_MODEL, TEST_NOW);

const ledgerItem = (over: Partial<OnboardingLedgerItem>): OnboardingLedgerItem => ({
  companyId: '42',
  itemKey: 'channels',
  wonAt: daysAgo(10),
  taskId: 't1',
  status: 'task_open',
  taskCreatedAt: daysAgo(9),
  doneAt: null,
  ...over,
});

describe('onboarding items as task gaps', () => {
  it('when a new customer is scored, then each open item is a gap keyed onboarding:<item> due on its date, and the kickoff held is not', () => {
    const result = newCustomer();
    const onboarding = result.gaps.filter((g) => g.kind === 'onboarding');
    expect(onboarding.map((g) => g.key)).toEqual(['onboarding:scope_review', 'onboarding:channels', 'onboarding:success_criteria', 'onboarding:first_review']);
    expect(onboarding[1]?.dueAt?.toISOString()).toBe(new Date(daysAgo(10).getTime() + 14 * 86_400_000).toISOString());
    expect(onboarding[1]?.detail).toContain('complete this task when it is done');
    expect(result.onboarding?.items.find((i) => i.key === 'kickoff')).toMatchObject({ doneBy: 'evidence' });
  });

  it('when the account is not a new customer, then it has no onboarding and no onboarding gap, whatever its tier policy', () => {
    const result = scoreAccount(anAccount({ deals: [aDeal({ status: 'won', closeDate: daysAgo(400) })] }), DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(result.onboarding).toBeUndefined();
    expect(result.gaps.some((g) => g.kind === 'onboarding')).toBe(false);
  });

  it('when an onboarding gap is gone, then its task closes only if the item was done by evidence; a manual item or a customer past the window keeps it', () => {
    const result = newCustomer();
    expect(mayCloseTask(result, 'onboarding:kickoff')).toBe(true);
    expect(mayCloseTask(result, 'onboarding:channels')).toBe(false);
    const old = scoreAccount(anAccount({ deals: [aDeal({ status: 'won', closeDate: daysAgo(45) })] }), DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(mayCloseTask(old, 'onboarding:success_criteria')).toBe(false);
    expect(mayCloseTask(old, 'touch_overdue')).toBe(true);
  });

  it('when the ledger says the person completed one task and deleted another, then one item is done by the person (no gap) and the other marked deleted', () => {
    const result = newCustomer();
    const done = daysAgo(2);
    const next = withOnboardingLedger(result, [ledgerItem({ status: 'done', doneAt: done }), ledgerItem({ itemKey: 'success_criteria', status: 'task_deleted' })]);
    expect(next.onboarding?.items.find((i) => i.key === 'channels')).toMatchObject({ doneAt: done, doneBy: 'person', overdue: false });
    expect(next.onboarding?.items.find((i) => i.key === 'success_criteria')).toMatchObject({ doneAt: null, taskDeleted: true });
    expect(next.onboarding?.done).toBe(2);
    expect(next.gaps.map((g) => g.key)).not.toContain('onboarding:channels');
    expect(next.gaps.map((g) => g.key)).toContain('onboarding:success_criteria');
    expect(mayCloseTask(next, 'onboarding:channels')).toBe(false); // the person's own: Keyline never touches it
    expect(onboardingCounts(next.onboarding!, TEST_NOW)).toEqual({ done: 2, open: 3, overdue: 0 });
    expect(withOnboardingLedger(result, [ledgerItem({})])).toBe(result);
  });
});

describe('when time alone changes an onboarding', () => {
  it('when an item falls due or the window ends before anything else, then the account is read again then', () => {
    const input = anAccount({ deals: [aDeal({ status: 'won', closeDate: daysAgo(10) })] });
    const result = scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW);
    // (the account's cadence rules left out: only the onboarding dates count here)
    const next = nextReviewAt(input, { ...result, cadence: { ...result.cadence, rules: [] } }, DEFAULT_SCORING_MODEL, TEST_NOW);
    // The scope review and channels fall due on day 14 after the win, i.e. in 4 days.
    expect(next?.toISOString()).toBe(new Date(daysAgo(10).getTime() + 14 * 86_400_000).toISOString());
  });
});

describe('onboarding settings', () => {
  it('when stored settings have no onboarding allowance, then they still load with 5 a person a day (of the daily budget)', () => {
    const parsed = parseScoringModel({ onboarding: { window_days: 45 } });
    expect(parsed.ok && parsed.model.onboarding).toMatchObject({ window_days: 45, daily_allowance: 5, enabled: true });
    expect(parsed.ok && parsed.model.onboarding.items.map((i) => i.key)).toEqual(['kickoff', 'scope_review', 'channels', 'success_criteria', 'first_review']);
  });

  it('when the allowance or a template item is invalid, then each issue names its field', () => {
    const parsed = parseScoringModel({ onboarding: { daily_allowance: -1, items: [{ key: 'Kick off', label: 'Kickoff', due_days: 7, evidence: 'held_meeting' }] } });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.issues.map((i) => i.path)).toEqual(['onboarding.daily_allowance', 'onboarding.items.0.key']);
  });

  it('when a custom template is saved, then its items are the checklist', () => {
    const parsed = parseScoringModel({ onboarding: { items: [{ key: 'handoff', label: 'Sales handoff', due_days: 3, evidence: 'none' }] } });
    if (!parsed.ok) throw new Error('model');
    const result = scoreAccount(anAccount({ deals: [aDeal({ status: 'won', closeDate: daysAgo(5) })] }), parsed.model, TEST_NOW);
    expect(result.gaps.filter((g) => g.kind === 'onboarding').map((g) => [g.key, g.title])).toEqual([['onboarding:handoff', 'Onboarding: Sales handoff']]);
  });
});

describe('the onboarding allowance', () => {
  const candidate = (companyId: string, gapKey: string): TaskCandidate => ({ companyId, gapKey, assignee: '7', tier: 'tier_2', value: 0, score: 50 });

  it('when an owner has gap tasks and a new customer, then onboarding tasks come first within their allowance and the gap tasks take the rest of the same daily budget', () => {
    const candidates = [
      candidate('1', 'touch_overdue'),
      candidate('2', 'touch_overdue'),
      ...(['scope_review', 'channels', 'kickoff'] as const).map((k, i) => ({ ...candidate('3', `onboarding:${k}`), dueAt: [14, 14, 7][i] as number })),
    ];
    // Budget 3 a day; one onboarding task was made earlier today; allowance 2: one more onboarding task, one gap task.
    const { allocation, onboarding } = allocateWithOnboarding(candidates, [], new Map(), new Map([['7', 1]]), { dailyBudget: 3, maxOpenPerOwner: 20 }, 2);
    expect(allocation.create.map((c) => c.gapKey)).toEqual(['touch_overdue', 'onboarding:kickoff']); // the kickoff: earliest due first
    expect(allocation.queued.size).toBe(3);
    expect(onboarding).toEqual([{ assignee: '7', createdToday: 1, creating: 1, waiting: 2 }]);
    // The day's tasks so far (1 earlier, 1 onboarding now) count against the budget: one gap task fits.
    expect(allocation.owners).toEqual([{ assignee: '7', open: 1, createdEarlierToday: 2, creating: 1, queued: 1 }]);
  });

  it('when the allowance is above the daily budget, then the budget caps the day: no owner gets more new Keyline tasks than it', () => {
    const candidates = [candidate('1', 'touch_overdue'), ...(['kickoff', 'scope_review', 'channels'] as const).map((k, i) => ({ ...candidate('3', `onboarding:${k}`), dueAt: 7 + i }))];
    const { allocation } = allocateWithOnboarding(candidates, [], new Map(), new Map(), { dailyBudget: 2, maxOpenPerOwner: 20 }, 10);
    expect(allocation.create.map((c) => c.gapKey)).toEqual(['onboarding:kickoff', 'onboarding:scope_review']);
  });

  it('when an owner already holds the open cap, then no onboarding task is made either: the cap counts every open Keyline task', () => {
    const candidates = [candidate('1', 'touch_overdue'), { ...candidate('3', 'onboarding:kickoff'), dueAt: 7 }];
    const open = [{ companyId: '8', gapKey: 'touch_overdue', assignee: '7' }, { companyId: '9', gapKey: 'onboarding:channels', assignee: '7' }];
    const { allocation, onboarding } = allocateWithOnboarding(candidates, open, new Map(), new Map(), { dailyBudget: 10, maxOpenPerOwner: 2 }, 5);
    expect(allocation.create).toEqual([]);
    expect(onboarding).toEqual([{ assignee: '7', createdToday: 0, creating: 0, waiting: 1 }]);
  });
});
