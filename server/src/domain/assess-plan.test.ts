import { anAccount, daysAgo, daysFromNow, TEST_NOW } from '../../../test/factories/accounts';
import { assessPlan } from './assess-plan';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL } from './scoring-model';
import type { AccountPlan } from './types';

const plans = DEFAULT_SCORING_MODEL.plans;
const aPlan = (o: Partial<AccountPlan> = {}): AccountPlan => ({
  objectives: 'Grow EMEA',
  currentIssues: null,
  upsellPlan: null,
  nextReviewAt: null,
  updatedAt: null,
  ...o,
});

describe('account plan review', () => {
  it('when a tier-1 account has no plan, then it is missing (shown, not a task); a tier-2 account does not need one', () => {
    expect(assessPlan(undefined, 'tier_1', plans, TEST_NOW).status).toBe('missing');
    expect(assessPlan(aPlan({ objectives: '  ' }), 'tier_1', plans, TEST_NOW).status).toBe('missing');
    expect(assessPlan(undefined, 'tier_2', plans, TEST_NOW).status).toBe('not_needed');
  });

  it('when the next review date has passed, then the plan is overdue for review, from that date', () => {
    const due = daysAgo(3);
    expect(assessPlan(aPlan({ nextReviewAt: due, updatedAt: daysAgo(10) }), 'tier_1', plans, TEST_NOW)).toEqual({ status: 'review_overdue', reviewDueAt: due });
  });

  it('when there is no review date, then the plan is due 90 days after it was saved', () => {
    expect(assessPlan(aPlan({ updatedAt: daysAgo(91) }), 'tier_1', plans, TEST_NOW).status).toBe('review_overdue');
    expect(assessPlan(aPlan({ updatedAt: daysAgo(89) }), 'tier_1', plans, TEST_NOW).status).toBe('current');
  });

  it('when the review date is ahead, then the plan is current even if saved long ago', () => {
    expect(assessPlan(aPlan({ nextReviewAt: daysFromNow(5), updatedAt: daysAgo(400) }), 'tier_1', plans, TEST_NOW).status).toBe('current');
  });
});

describe('plan review gap through scoring', () => {
  const scored = (plan: AccountPlan | undefined, tier: 'tier_1' | 'tier_3') =>
    scoreAccount(anAccount({ company: { name: 'Acme Corp', stored: { tier: null, override: tier }, ...(plan ? { plan } : {}) } }), DEFAULT_SCORING_MODEL, TEST_NOW).gaps;

  it('when a tier-1 plan is past its review date, then the account has a plan-review gap naming the due day', () => {
    const gap = scored(aPlan({ nextReviewAt: daysAgo(3) }), 'tier_1').find((g) => g.kind === 'plan_review_overdue');
    expect(gap?.title).toBe('Account plan review overdue');
    expect(gap?.detail).toContain('was due for review on');
  });

  it('when a tier-1 account has no plan yet, or a tier-3 plan is overdue (policy makes no such task), then there is no plan gap', () => {
    expect(scored(undefined, 'tier_1').some((g) => g.kind === 'plan_review_overdue')).toBe(false);
    expect(scored(aPlan({ nextReviewAt: daysAgo(3) }), 'tier_3').some((g) => g.kind === 'plan_review_overdue')).toBe(false);
  });
});
