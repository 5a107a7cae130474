import { DEFAULT_SCORING_MODEL } from '../domain';
import { reviewModel } from '../domain/review-model';
import { CRITERIA } from '@keyline/contract/vocabulary';
import { anOutcomes } from '../../../test/factories/outcomes';
import { toReviewView } from '../use-cases/review-model';
import { formatReview } from './format-review';

const account = (i: number, tier: 'tier_1' | 'tier_3', grew: boolean) => ({
  companyId: String(500 + i),
  companyName: `Account ${i}`,
  ownerId: '7',
  tier,
  criteria: CRITERIA.map((criterion) => ({ criterion, points: criterion === 'recurring_revenue' || criterion === 'product_fit' ? (grew ? 80 : 20) : 50, hasData: true })),
  outcomes: anOutcomes(grew ? { prior: 10_000, trailing: 25_000 } : { prior: 10_000, trailing: 0 }),
});

describe('the review as text', () => {
  const review = reviewModel([...Array.from({ length: 30 }, (_, i) => account(i, 'tier_3', true)), ...Array.from({ length: 30 }, (_, i) => account(100 + i, 'tier_1', false))], DEFAULT_SCORING_MODEL);
  const text = formatReview(
    toReviewView(review, { reviewedAt: new Date('2026-12-01T09:00:00Z'), modelVersion: 'abc', previousReview: null, nextDue: new Date('2027-03-01T09:00:00Z') }, (id) => (id === '7' ? 'Tom Becker' : null)),
  );

  it('when criteria separate or not, then each line has its weight, AUC, both sample sizes and the verdict in words', () => {
    expect(text).toMatch(/Product fit\s+10\.0%\s+1\.00\s+30\s+30\s+80 \/ 20\s+separates/);
    expect(text).toMatch(/Recurring revenue\s+35\.0%\s+1\.00\s+30\s+30\s+80 \/ 20\s+circular — measured on the same won revenue/);
    expect(text).toMatch(/Relationship\s+20\.0%\s+0\.50\s+30\s+30\s+50 \/ 50\s+no clear signal/);
  });

  it('when tier and outcome disagree, then the accounts are named with their owner and why', () => {
    expect(text).toContain('Tier 3 accounts that grew most:\n    Account 0 (500), owner Tom Becker: tier 3 but recurring revenue grew by $15,000 (NRR 250.0%)');
    expect(text).toContain('Tier 1 accounts that churned or shrank most:\n    Account 100 (600), owner Tom Becker: tier 1 but churned: $10,000 of recurring revenue lost');
  });

  it('when there are suggestions, then each says what to change, why, and the patch to preview', () => {
    expect(text).toContain('Raise the weight of product_fit from 10 to 15: product_fit separates accounts that grew from accounts that shrank');
    expect(text).toContain('patch: {"weights":{"product_fit":15}}');
    expect(text).not.toContain('Raise the weight of recurring_revenue');
    expect(text).toContain('The review changes nothing');
    expect(text).toContain('Tier 1 retains less than the rest (NRR 0.0% against 250.0%)');
  });
});
