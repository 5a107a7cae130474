import { describePlanReview } from './describe-plan-review';
import { plansSchema } from './onboarding-model';
import type { AccountPlan } from './types';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const MODEL = plansSchema.parse({});
const plan = (over: Partial<AccountPlan> = {}): AccountPlan => ({ objectives: 'Grow EMEA', currentIssues: null, upsellPlan: null, nextReviewAt: null, updatedAt: null, ...over });

describe('the account plan as the card shows it', () => {
  it('when a tier-1 account has no plan, then it is missing (needed), and a tier-2 account without one does not need it', () => {
    expect(describePlanReview(undefined, 'tier_1', MODEL, NOW)).toMatchObject({ needed: true, status: 'missing', objectives: '', reason: 'Tier 1 accounts need an account plan; none is saved yet.' });
    expect(describePlanReview(undefined, 'tier_2', MODEL, NOW)).toMatchObject({ needed: false, status: 'not_needed' });
  });

  it('when the next review date is within 14 days, then it is due soon; further out, current; passed, overdue with the reason', () => {
    const soon = describePlanReview(plan({ nextReviewAt: new Date('2026-12-10T00:00:00.000Z') }), 'tier_1', MODEL, NOW);
    expect(soon).toMatchObject({ status: 'due_soon', reason: 'Review due in 9 days, on 2026-12-10 (next review date).' });
    expect(describePlanReview(plan({ nextReviewAt: new Date('2027-02-01T00:00:00.000Z') }), 'tier_1', MODEL, NOW)).toMatchObject({ status: 'current', reason: 'Next review on 2027-02-01 (next review date).' });
    const overdue = describePlanReview(plan({ nextReviewAt: new Date('2026-11-01T00:00:00.000Z') }), 'tier_1', MODEL, NOW);
    expect(overdue).toMatchObject({ status: 'overdue', reason: 'Review overdue: the next review date 2026-11-01 has passed.' });
  });

  it('when there is no review date, then the review falls due the interval after the last save', () => {
    const saved = new Date('2026-08-01T09:00:00.000Z');
    const r = describePlanReview(plan({ updatedAt: saved }), 'tier_1', MODEL, NOW);
    expect(r).toMatchObject({ status: 'overdue', lastSavedAt: saved, reviewDueAt: new Date('2026-10-30T09:00:00.000Z') });
    expect(r.reason).toBe('Review overdue: no next review date, and it was last saved on 2026-08-01 (review every 90 days).');
  });

  it('when HubSpot holds only text (no dates), then the plan is current and asks for a review date; texts are trimmed', () => {
    expect(describePlanReview(plan({ objectives: '  Grow  ' }), 'tier_1', MODEL, NOW)).toMatchObject({ status: 'current', objectives: 'Grow', reviewDueAt: null, reason: 'No review date set: add one so the review is not forgotten.' });
  });
});
