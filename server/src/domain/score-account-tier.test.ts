import { aContact, aDeal, anAccount, anEmail, aMeeting, anOpenDeal, aStrategicAccount, daysAgo, TEST_NOW } from '../../../test/factories/accounts';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL, parseScoringModel, type ScoringModel } from './scoring-model';
import type { AccountResult, Tier } from './types';

/** A model in which the score is the company's annual revenue (0–100), so tests can pick any score. */
function scoreIsAnnualRevenue(extra: Record<string, unknown> = {}): ScoringModel {
  const parsed = parseScoringModel({
    weights: { recurring_revenue: 0, growth_pipeline: 0, revenue_growth: 0, product_fit: 0, financial_size: 1, relationship: 0, engagement_recency: 0 },
    anchors: { financial_size: [{ value: 0, points: 0 }, { value: 100, points: 100 }] },
    ...extra,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.model;
}

const MODEL = scoreIsAnnualRevenue();

function scoreAt(score: number, stored: { tier?: Tier | null; override?: Tier | null } = {}, m: ScoringModel = MODEL): AccountResult {
  return scoreAccount(
    anAccount({ company: { annualRevenue: score, stored: { tier: stored.tier ?? null, override: stored.override ?? null } } }),
    m,
    TEST_NOW,
  );
}

describe('tier thresholds (no previous tier)', () => {
  it.each([
    [100, 'tier_1'],
    [70, 'tier_1'],
    [69.9, 'tier_2'],
    [45, 'tier_2'],
    [44.9, 'tier_3'],
    [0.01, 'tier_3'],
  ] as const)('when the score is %s, then the tier is %s', (score, tier) => {
    const result = scoreAt(score);
    expect(result.tier.score).toBe(Math.round(score * 10) / 10);
    expect(result.tier.computedTier).toBe(tier);
    expect(result.tier.tier).toBe(tier);
    expect(result.tier.previousTier).toBeNull();
  });
});

describe('hysteresis (3 points)', () => {
  it.each([
    // previous tier, score, expected tier
    ['tier_1', 67, 'tier_1'],
    ['tier_1', 66.9, 'tier_2'],
    ['tier_2', 72.9, 'tier_2'],
    ['tier_2', 73, 'tier_1'],
    ['tier_2', 42, 'tier_2'],
    ['tier_2', 41.9, 'tier_3'],
    ['tier_3', 47.9, 'tier_3'],
    ['tier_3', 48, 'tier_2'],
    ['tier_3', 72.9, 'tier_2'],
    ['tier_3', 73, 'tier_1'],
    ['tier_1', 41.9, 'tier_3'],
  ] as const)('when the account was %s and scores %s, then it is %s', (previous, score, tier) => {
    const result = scoreAt(score, { tier: previous });
    expect(result.tier.previousTier).toBe(previous);
    expect(result.tier.computedTier).toBe(tier);
  });

  it('when hysteresis keeps an account in its tier, then the reasons say so', () => {
    expect(scoreAt(68, { tier: 'tier_1' }).tier.reasons).toContain('kept at Tier 1 by the 3-point hysteresis band');
    expect(scoreAt(71, { tier: 'tier_1' }).tier.reasons).not.toContain('hysteresis');
  });

  it('when the band is 0, then the plain thresholds apply in both directions', () => {
    const m = scoreIsAnnualRevenue({ hysteresis: 0 });
    expect(scoreAt(69.9, { tier: 'tier_1' }, m).tier.computedTier).toBe('tier_2');
    expect(scoreAt(70, { tier: 'tier_2' }, m).tier.computedTier).toBe('tier_1');
  });

  it('when the stored tier is not a known tier, then there is no previous tier', () => {
    const result = scoreAccount(
      anAccount({ company: { annualRevenue: 68, stored: { tier: 'platinum' as Tier, override: null } } }),
      MODEL,
      TEST_NOW,
    );
    expect(result.tier.previousTier).toBeNull();
    expect(result.tier.computedTier).toBe('tier_2');
  });
});

describe('override', () => {
  it('when a person set an override, then it is the effective tier and the computed tier is still shown', () => {
    const result = scoreAt(20, { override: 'tier_1' });
    expect(result.tier).toMatchObject({ tier: 'tier_1', computedTier: 'tier_3', override: 'tier_1' });
    expect(result.tier.reasons).toContain('set by override');
    expect(result.tier.reasons).toContain('makes it Tier 3');
  });

  it('when an account is overridden to tier 1, then coverage and cadence follow tier 1', () => {
    const result = scoreAt(20, { override: 'tier_1' });
    expect(result.coverage.requiredRoles).toEqual(['DECISION_MAKER', 'CHAMPION', 'EXECUTIVE_SPONSOR']);
    expect(result.cadence.rules.map((r) => r.rule)).toEqual(['touch', 'meeting', 'qbr', 'channels']);
  });

  it('when an account that would be a near-miss is overridden, then the override is final: no near-miss, no gap, no next tier', () => {
    const computed = scoreAt(44, { tier: 'tier_3' });
    expect(computed.tier).toMatchObject({ nearMiss: true, nextTier: 'tier_2' });
    const result = scoreAt(44, { tier: 'tier_3', override: 'tier_1' });
    expect(result.tier).toMatchObject({ tier: 'tier_1', computedTier: 'tier_3', score: 44, nearMiss: false, nextTier: null, nextTierGap: null, closeTheGap: [] });
    expect(result.tier.reasons).toBe('Tier 1 · Strategic (set by override; the score of 44 makes it Tier 3): $44 annual revenue (+44)');
    const down = scoreAt(44, { tier: 'tier_3', override: 'tier_3' });
    expect(down.tier).toMatchObject({ tier: 'tier_3', nearMiss: false, nextTier: null, nextTierGap: null });
  });

  it('when the override is junk, then it is ignored', () => {
    const result = scoreAccount(anAccount({ company: { annualRevenue: 20, stored: { tier: null, override: '' as Tier } } }), MODEL, TEST_NOW);
    expect(result.tier.override).toBeNull();
    expect(result.tier.tier).toBe('tier_3');
  });
});

describe('near-miss', () => {
  it('when an account is within 5 points of what the next tier needs (boundary + band), then it is a near-miss', () => {
    expect(scoreAt(68, { tier: 'tier_2' }).tier).toMatchObject({ nearMiss: true, nextTier: 'tier_1', nextTierGap: 5 });
    expect(scoreAt(67.9, { tier: 'tier_2' }).tier).toMatchObject({ nearMiss: false, nextTier: 'tier_1', nextTierGap: 5.1 });
    expect(scoreAt(44, { tier: 'tier_3' }).tier).toMatchObject({ nearMiss: true, nextTier: 'tier_2', nextTierGap: 4 });
  });

  it('when an account is tier 1, then there is no next tier and no gap', () => {
    expect(scoreAt(90).tier).toMatchObject({ nearMiss: false, nextTier: null, nextTierGap: null, closeTheGap: [] });
  });

  it('when the gap is re-scored with the result as the previous tier, then it does not change', () => {
    const first = scoreAt(69);
    const again = scoreAt(69, { tier: first.tier.computedTier });
    expect(again.tier.nextTierGap).toBe(first.tier.nextTierGap);
  });

  it('when a near-miss can be closed, then the explanation says what would do it, criterion by criterion', () => {
    const account = aStrategicAccount({
      deals: [aDeal({ amount: 120_000, closeDate: daysAgo(100) }), aDeal({ amount: 100_000, closeDate: daysAgo(400) }), anOpenDeal({ amount: 100_000, probability: 0.5 })],
      contacts: [aContact({ id: 'dm', jobTitle: 'Head of IT', buyingRoles: ['DECISION_MAKER'] }), aContact({ id: 'ch', jobTitle: 'Operations Manager', buyingRoles: ['CHAMPION'] })],
      activities: [aMeeting({ occurredAt: daysAgo(10), contactIds: ['dm', 'ch'] }), anEmail({ occurredAt: daysAgo(3), contactIds: ['ch'] })],
      company: { stored: { tier: 'tier_2', override: null } },
    });
    const result = scoreAccount(account, DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(result.tier).toMatchObject({ score: 72.7, computedTier: 'tier_2', nearMiss: true, nextTierGap: 0.3 });
    expect(result.tier.closeTheGap).toEqual([
      { criterion: 'recurring_revenue', scoreGain: 0.3, text: '+$6k trailing revenue' },
      { criterion: 'relationship', scoreGain: 0.3, text: 'an engaged executive sponsor' },
      { criterion: 'growth_pipeline', scoreGain: 0.3, text: '+$5k weighted pipeline' },
    ]);
    expect(result.tier.reasons).toContain('near-miss: 0.3 points to Tier 1 (rises at 73: threshold 70 + 3-point hysteresis band)');
  });

  it('when a bigger gap needs more than one criterion can give, then the best partial gains are listed', () => {
    const account = anAccount({
      deals: [aDeal({ amount: 60_000 })],
      contacts: [aContact({ id: 'dm', buyingRoles: ['DECISION_MAKER'], jobTitle: 'CEO' })],
      activities: [anEmail({ occurredAt: daysAgo(40), contactIds: ['dm'] })],
      company: { icpTier: 'tier_2', stored: { tier: 'tier_3', override: null } },
    });
    const result = scoreAccount(account, parseModelOrThrow({ near_miss_margin: 50 }), TEST_NOW);
    expect(result.tier.nearMiss).toBe(true);
    expect(result.tier.closeTheGap.length).toBeGreaterThan(0);
    for (const s of result.tier.closeTheGap) expect(s.scoreGain).toBeLessThanOrEqual(result.tier.nextTierGap ?? 0);
    expect(result.tier.closeTheGap.map((s) => s.text)).toContain('a call, email or meeting this week');
  });

  it('when an account is not a near-miss, then no suggestions are computed', () => {
    expect(scoreAt(20).tier.closeTheGap).toEqual([]);
  });
});

function parseModelOrThrow(input: unknown): ScoringModel {
  const parsed = parseScoringModel(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.model;
}

describe('confidence', () => {
  it('when every weighted criterion has data, then confidence is high', () => {
    expect(scoreAccount(aStrategicAccount(), DEFAULT_SCORING_MODEL, TEST_NOW).tier.confidence).toBe('high');
  });

  it('when revenue is unknown (40% of the weight without data), then confidence is medium', () => {
    const account = aStrategicAccount({ deals: [aDeal({ amount: null })] });
    const result = scoreAccount(account, DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(result.tier.confidence).toBe('medium');
    expect(result.tier.reasons).toContain('medium confidence (no data for recurring revenue and revenue growth)');
  });

  it('when more than half of the weight has no data, then confidence is low', () => {
    const account = anAccount({ deals: [aDeal({ amount: null }), anOpenDeal({ probability: null })] });
    expect(scoreAccount(account, DEFAULT_SCORING_MODEL, TEST_NOW).tier.confidence).toBe('low');
  });
});

describe('the reasons line', () => {
  it('when an account is scored, then the reasons name the tier, the score and the top contributions', () => {
    const result = scoreAccount(aStrategicAccount(), DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(result.tier.reasons).toBe(
      'Tier 1 · Strategic, score 97: $300k won in 12 months (+35), coverage 94/100 (Tier 1 roles) (+18.8), $200k weighted pipeline (+15)',
    );
  });

  it('when no criterion has data, then the reasons say where the score comes from rather than list neutral guesses', () => {
    const m = scoreIsAnnualRevenue();
    const reasons = scoreAccount(anAccount(), m, TEST_NOW).tier.reasons;
    expect(reasons).toContain('score 50: no criterion with data: the 50 points are the neutral points of criteria without data');
    expect(reasons).not.toContain('no criterion scored');
    const zero = scoreIsAnnualRevenue({ neutral_points: { financial_size: 0 } });
    expect(scoreAccount(anAccount(), zero, TEST_NOW).tier.reasons).toContain('score 0: no criterion scored');
  });
});

describe('the result', () => {
  it('when an account is scored, then it carries the model version and the time it was computed', () => {
    const result = scoreAccount(aStrategicAccount(), DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(result.modelVersion).toMatch(/^m-[0-9a-f]{12}$/);
    expect(result.computedAt).toEqual(TEST_NOW);
    expect(result.computedAt).not.toBe(TEST_NOW);
    expect(result).toMatchObject({ companyId: '1001', companyName: 'Acme Corp', ownerId: 'owner-1' });
    expect(result.tier).toMatchObject({ ownerOverCapacity: false, demotedByCapacity: false });
    expect(result.demotedView).toBeUndefined();
  });

  it('when the same input is scored twice, then the results are equal and the input is untouched', () => {
    const account = aStrategicAccount();
    const before = JSON.stringify(account);
    expect(scoreAccount(account, DEFAULT_SCORING_MODEL, TEST_NOW)).toEqual(scoreAccount(account, DEFAULT_SCORING_MODEL, TEST_NOW));
    expect(JSON.stringify(account)).toBe(before);
  });
});
