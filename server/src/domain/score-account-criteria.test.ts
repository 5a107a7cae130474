import { aCompany, aContact, aDeal, anAccount, anActivity, anOpenDeal, daysAgo, daysFromNow, TEST_NOW, type AccountOverrides } from '../../../test/factories/accounts';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL, parseScoringModel, type ScoringModel } from './scoring-model';
import type { AccountResult, Criterion, CriterionResult } from './types';

function model(input: unknown): ScoringModel {
  const parsed = parseScoringModel(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.model;
}

function score(overrides: AccountOverrides, m: ScoringModel = DEFAULT_SCORING_MODEL): AccountResult {
  return scoreAccount(anAccount(overrides), m, TEST_NOW);
}

function criterion(result: AccountResult, name: Criterion): CriterionResult {
  const found = result.tier.criteria.find((c) => c.criterion === name);
  if (found === undefined) throw new Error(`no ${name}`);
  return found;
}

describe('recurring revenue', () => {
  it('when won deals closed in the last 12 months, then their amounts add up and the anchors give the points', () => {
    const result = score({ deals: [aDeal({ amount: 20_000, closeDate: daysAgo(10) }), aDeal({ amount: 10_000, closeDate: daysAgo(300) })] });
    expect(criterion(result, 'recurring_revenue')).toMatchObject({ value: 30_000, points: 37.5, hasData: true, display: '$30k won in 12 months' });
  });

  it('when deals are lost, open, older than 12 months or closed in the future, then they are not trailing revenue', () => {
    const result = score({
      deals: [
        aDeal({ status: 'lost', amount: 50_000 }),
        anOpenDeal({ amount: 50_000, probability: 0 }),
        aDeal({ amount: 50_000, closeDate: daysAgo(400) }),
        aDeal({ amount: 50_000, closeDate: daysFromNow(5) }),
      ],
    });
    expect(criterion(result, 'recurring_revenue')).toMatchObject({ value: 0, points: 0, hasData: true });
  });

  it('when the account has no deals, then revenue is a real $0, not missing data', () => {
    expect(criterion(score({ contacts: [aContact()] }), 'recurring_revenue')).toMatchObject({ value: 0, points: 0, hasData: true });
  });

  it('when HubSpot holds nothing about the account (no deal, contact or touch), then its zeros are not taken for data', () => {
    const result = score({});
    for (const name of ['recurring_revenue', 'growth_pipeline', 'relationship', 'engagement_recency'] as const) {
      expect(criterion(result, name)).toMatchObject({ hasData: false });
    }
    expect(criterion(result, 'recurring_revenue')).toMatchObject({ value: 0, points: 0 });
    expect(result.tier.confidence).toBe('low');
    expect(result.tier.reasons).toContain('low confidence (no data for recurring revenue');
    // One touch logged is a relationship on record: the same zeros are facts again.
    expect(score({ company: aCompany({ lastContactedAt: daysAgo(400) }) }).tier.criteria.find((c) => c.criterion === 'recurring_revenue')?.hasData).toBe(true);
  });

  it('when a third of the criteria lack data but they weigh little, then confidence is high: it is measured by weight, not by count', () => {
    const result = score({ deals: [aDeal({ amount: 40_000 })] });
    const weighed = result.tier.criteria.filter((c) => c.weight > 0);
    const withoutData = weighed.filter((c) => !c.hasData);
    expect(withoutData.map((c) => c.criterion)).toEqual(['product_fit', 'financial_size']);
    expect(withoutData.length / weighed.length).toBeGreaterThan(0.2); // by count: 5 of 7 (medium at 0.8)
    expect(withoutData.reduce((n, c) => n + c.weight, 0)).toBe(15); // by weight: 85% has data
    expect(result.tier.confidence).toBe('high');
  });

  it('when revenue is beyond the last anchor, then the points stop at 100', () => {
    expect(criterion(score({ deals: [aDeal({ amount: 5_000_000 })] }), 'recurring_revenue').points).toBe(100);
  });
});

describe('growth pipeline', () => {
  it('when deals are open, then amount × probability adds up', () => {
    const result = score({ deals: [anOpenDeal({ amount: 100_000, probability: 0.5 }), anOpenDeal({ amount: 50_000, probability: 0.5 })] });
    expect(criterion(result, 'growth_pipeline')).toMatchObject({ value: 75_000, points: 63.3, display: '$75k weighted pipeline' });
  });

  it('when an open deal has no probability, then it is left out and the others count', () => {
    const result = score({ deals: [anOpenDeal({ amount: 25_000, probability: 1 }), anOpenDeal({ amount: 90_000, probability: null })] });
    expect(criterion(result, 'growth_pipeline')).toMatchObject({ value: 25_000, points: 40, hasData: true });
  });

  it('when every open deal lacks amount or probability, then the pipeline is unknown (neutral points)', () => {
    const result = score({ deals: [anOpenDeal({ amount: null }), anOpenDeal({ probability: null })] });
    expect(criterion(result, 'growth_pipeline')).toMatchObject({ value: null, points: 50, hasData: false });
  });
});

describe('revenue growth', () => {
  it('when trailing revenue is 50% above the year before, then it earns 100 points', () => {
    const result = score({ deals: [aDeal({ amount: 30_000, closeDate: daysAgo(10) }), aDeal({ amount: 20_000, closeDate: daysAgo(400) })] });
    expect(criterion(result, 'revenue_growth')).toMatchObject({ value: 0.5, points: 100, display: '+50% year on year' });
  });

  it('when revenue halved, then it earns 0 points', () => {
    const result = score({ deals: [aDeal({ amount: 10_000, closeDate: daysAgo(10) }), aDeal({ amount: 20_000, closeDate: daysAgo(400) })] });
    expect(criterion(result, 'revenue_growth')).toMatchObject({ value: -0.5, points: 0 });
  });

  it('when there was no revenue the year before, then new revenue earns the top points', () => {
    const result = score({ deals: [aDeal({ amount: 10_000 })] });
    expect(criterion(result, 'revenue_growth')).toMatchObject({ value: null, points: 100, hasData: true });
  });

  it('when there is no won revenue in 24 months, then growth is unknown (neutral)', () => {
    expect(criterion(score({}), 'revenue_growth')).toMatchObject({ points: 50, hasData: false });
  });
});

describe('product fit', () => {
  it('when the company has an ICP tier, then the tier decides', () => {
    expect(criterion(score({ company: { icpTier: 'tier_1' } }), 'product_fit').points).toBe(100);
    expect(criterion(score({ company: { icpTier: 'tier_2' } }), 'product_fit').points).toBe(66);
    expect(criterion(score({ company: { icpTier: 'tier_3' } }), 'product_fit').points).toBe(33);
  });

  it('when there is no ICP tier but target industries are set, then the industry decides (case-insensitive)', () => {
    const m = model({ target_industries: ['Software', 'Fintech'] });
    expect(criterion(score({ company: { industry: 'software' } }, m), 'product_fit')).toMatchObject({ points: 100, hasData: true });
    expect(criterion(score({ company: { industry: 'Retail' } }, m), 'product_fit')).toMatchObject({ points: 33, hasData: true });
  });

  it('when neither is known, then product fit is unknown (50, no data)', () => {
    expect(criterion(score({ company: { industry: 'Retail' } }), 'product_fit')).toMatchObject({ points: 50, hasData: false });
  });
});

describe('geographic focus', () => {
  const m = model({ focus_countries: ['United States', 'Germany'], weights: { geo_focus: 10 } });

  it('when the country is in the focus list (any case), then 100; outside, 0', () => {
    expect(criterion(score({ company: { country: 'germany' } }, m), 'geo_focus')).toMatchObject({ points: 100, hasData: true });
    expect(criterion(score({ company: { country: 'France' } }, m), 'geo_focus')).toMatchObject({ points: 0, hasData: true });
  });

  it('when the country is missing, then 50 with no data', () => {
    expect(criterion(score({ company: { country: '  ' } }, m), 'geo_focus')).toMatchObject({ points: 50, hasData: false });
  });

  it('when the weight is 0 (default), then it contributes nothing', () => {
    expect(criterion(score({ company: { country: 'France' } }), 'geo_focus')).toMatchObject({ weight: 0, contribution: 0 });
  });
});

describe('partner potential', () => {
  it('when the company type is a partner type, then 100; another type, 0; none, neutral', () => {
    expect(criterion(score({ company: { type: 'reseller' } }), 'partner_potential')).toMatchObject({ points: 100, value: true });
    expect(criterion(score({ company: { type: 'CUSTOMER' } }), 'partner_potential')).toMatchObject({ points: 0, value: false });
    expect(criterion(score({ company: { type: null } }), 'partner_potential')).toMatchObject({ points: 50, hasData: false });
  });
});

describe('financial size', () => {
  it('when annual revenue is between anchors, then points are interpolated', () => {
    expect(criterion(score({ company: { annualRevenue: 10_000_000 } }), 'financial_size').points).toBe(50);
    expect(criterion(score({ company: { annualRevenue: 5_500_000 } }), 'financial_size').points).toBe(35);
  });

  it('when annual revenue is below the first or above the last anchor, then the end points hold', () => {
    expect(criterion(score({ company: { annualRevenue: 100 } }), 'financial_size').points).toBe(20);
    expect(criterion(score({ company: { annualRevenue: 9e12 } }), 'financial_size').points).toBe(100);
  });

  it('when annual revenue is zero, negative or not a number, then it is unknown', () => {
    for (const annualRevenue of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, null]) {
      expect(criterion(score({ company: { annualRevenue } }), 'financial_size')).toMatchObject({ points: 50, hasData: false });
    }
  });
});

describe('relationship', () => {
  it('when stakeholders are engaged, then the criterion is the coverage score against the tier-1 roles', () => {
    const result = score({
      contacts: [aContact({ id: 'a', buyingRoles: ['DECISION_MAKER'], jobTitle: 'CEO' })],
      activities: [anActivity({ contactIds: ['a'] })],
    });
    // 60 × 1/3 + 25 × 1/3 + 15 × 1/5
    expect(criterion(result, 'relationship')).toMatchObject({ value: 31.3, points: 31.3, hasData: true });
  });
});

describe('engagement recency', () => {
  it('when the last touch is recent, then the recency anchors decide', () => {
    expect(criterion(score({ activities: [anActivity({ occurredAt: daysAgo(10) })] }), 'engagement_recency')).toMatchObject({ value: 10, points: 100 });
    expect(criterion(score({ activities: [anActivity({ occurredAt: daysAgo(30) })] }), 'engagement_recency').points).toBe(75);
    expect(criterion(score({ activities: [anActivity({ occurredAt: daysAgo(60) })] }), 'engagement_recency').points).toBe(57.5);
  });

  it('when only HubSpot\'s last-contacted roll-up knows of a touch, then it counts', () => {
    const result = scoreAccount({ ...anAccount(), company: aCompany({ lastContactedAt: daysAgo(30) }) }, DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(criterion(result, 'engagement_recency')).toMatchObject({ value: 30, points: 75 });
  });

  it('when the account\'s contacts were not touched in the look-back window, then it scores 0 and says so', () => {
    expect(criterion(score({ contacts: [aContact()] }), 'engagement_recency')).toMatchObject({ value: null, points: 0, display: 'no touch in 365 days', hasData: true });
  });
});

describe('weights and contributions', () => {
  it('when weights do not sum to 100, then they are normalised', () => {
    const result = score({ company: { icpTier: 'tier_1' } }, model({ weights: { recurring_revenue: 1, growth_pipeline: 0, revenue_growth: 0, product_fit: 1, financial_size: 0, relationship: 0, engagement_recency: 0 } }));
    expect(criterion(result, 'product_fit')).toMatchObject({ weight: 50, contribution: 50 });
    expect(result.tier.score).toBe(50);
  });

  it('when thirds do not round evenly, then contributions still add up to the score exactly', () => {
    const m = model({ weights: { recurring_revenue: 1, growth_pipeline: 0, revenue_growth: 0, product_fit: 1, financial_size: 1, relationship: 0, engagement_recency: 0 } });
    const result = score({ company: { icpTier: 'tier_2', annualRevenue: 5_500_000 }, deals: [aDeal({ amount: 12_345 })] }, m);
    const sum = result.tier.criteria.reduce((s, c) => s + c.contribution, 0);
    expect(Math.round(sum * 10)).toBe(Math.round(result.tier.score * 10));
    expect(Math.abs(sum - result.tier.score)).toBeLessThan(1e-9);
  });

  it('when a criterion has weight 0, then it contributes nothing even with data', () => {
    expect(criterion(score({ company: { type: 'PARTNER' } }), 'partner_potential')).toMatchObject({ points: 100, weight: 0, contribution: 0 });
  });
});
