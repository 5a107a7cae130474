import fc from 'fast-check';
import { CRITERIA, type Criterion } from '@keyline/contract/vocabulary';
import { anOutcomes } from '../../../test/factories/outcomes';
import { applyModelPatch, reviewModel, separationAuc, type ReviewAccount } from './review-model';
import { DEFAULT_SCORING_MODEL, parseScoringModel } from './scoring-model';
import type { Tier } from './types';

let seq = 0;
/** An account whose criteria all have data: `points` per criterion (default 50). */
function account(tier: Tier, movement: 'grew' | 'shrank' | 'churned' | 'flat', points: Partial<Record<Criterion, number>> = {}, name?: string): ReviewAccount {
  seq += 1;
  const figures = { grew: { prior: 100_000, trailing: 150_000 }, shrank: { prior: 100_000, trailing: 60_000 }, churned: { prior: 100_000, trailing: 0 }, flat: { prior: 100_000, trailing: 100_000 } }[movement];
  return {
    companyId: String(1000 + seq),
    companyName: name ?? `Company ${seq}`,
    ownerId: '7',
    tier,
    criteria: CRITERIA.map((criterion) => ({ criterion, points: points[criterion] ?? 50, hasData: true })),
    outcomes: anOutcomes(figures),
  };
}
const times = <T,>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe('separation (AUC), by hand', () => {
  it('when every grown account has more points than every shrunk one, then the AUC is 1; the other way round 0', () => {
    expect(separationAuc([3, 4], [1, 2])).toBe(1);
    expect(separationAuc([1, 2], [3, 4])).toBe(0);
  });
  it('when points are the same in both groups, then the AUC is 0.5 (no signal): ties count half', () => {
    expect(separationAuc([1, 2], [1, 2])).toBe(0.5);
    // 2 against 1, 2, 3: one win, one tie, one loss → (1 + 0.5 + 0) / 3
    expect(separationAuc([2], [1, 2, 3])).toBeCloseTo(0.5, 10);
    expect(separationAuc([5, 5, 1], [2])).toBeCloseTo(2 / 3, 10);
  });
  it('when a group is empty, then there is no AUC', () => {
    expect(separationAuc([], [1])).toBeNull();
  });
});

describe('separation (AUC), properties', () => {
  const values = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 40 });
  it('when the groups are swapped, then the AUC is its complement, and always in [0, 1]', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        const ab = separationAuc(a, b) ?? NaN;
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        expect(ab + (separationAuc(b, a) ?? NaN)).toBeCloseTo(1, 9);
      }),
    );
  });
  it('when the AUC is computed, then it equals the share of pairs won (ties half), counted pair by pair', () => {
    fc.assert(
      fc.property(values, values, (a, b) => {
        let wins = 0;
        for (const x of a) for (const y of b) wins += x > y ? 1 : x === y ? 0.5 : 0;
        expect(separationAuc(a, b)).toBeCloseTo(wins / (a.length * b.length), 9);
      }),
    );
  });
});

describe('the model review', () => {
  // 30 accounts grew, 30 shrank (20 contracted, 10 churned). Product fit: 80 points for every grown account, 20
  // for every shrunk one (perfect separation); recurring revenue the same (but it is the outcome's own data). Relationship: 50 points for all (no signal). Financial size: the
  // wrong way (grown 30, shrunk 70). Tiers: tier 1 holds 20 shrunk accounts, among them a churned "Initech".
  const grown = times(30, (i) => account(i < 10 ? 'tier_1' : i < 25 ? 'tier_2' : 'tier_3', 'grew', { product_fit: 80, recurring_revenue: 80, financial_size: 30 }, i === 29 ? 'Globex' : undefined));
  const shrunk = [
    ...times(20, (i) => account(i < 15 ? 'tier_1' : 'tier_2', 'shrank', { product_fit: 20, recurring_revenue: 20, financial_size: 70 })),
    ...times(10, (i) => account(i < 5 ? 'tier_1' : 'tier_3', 'churned', { product_fit: 20, recurring_revenue: 20, financial_size: 70 }, i === 0 ? 'Initech' : undefined)),
  ];
  const flat = times(5, () => account('tier_2', 'flat'));
  const review = reviewModel([...grown, ...shrunk, ...flat], DEFAULT_SCORING_MODEL);
  const criterion = (c: Criterion) => review.criteria.find((x) => x.criterion === c);

  it('when the outcomes are in, then the grown and shrunk groups are counted (flat accounts in neither)', () => {
    expect(review).toMatchObject({ accounts: 65, withOutcomes: 65, grown: 30, shrunk: 30 });
  });

  it('when a criterion separates perfectly, then its AUC is 1 with both sample sizes, and raising its weight is suggested with a patch', () => {
    expect(criterion('product_fit')).toMatchObject({ auc: 1, grown: 30, shrunk: 30, verdict: 'separates', warning: null, meanPointsGrown: 80, meanPointsShrunk: 20 });
    const raise = review.suggestions.find((s) => s.criterion === 'product_fit');
    expect(raise).toMatchObject({ change: 'raise', from: 10, to: 15, patch: { weights: { product_fit: 15 } } });
    expect(raise?.reason).toContain('AUC 1.00 over 30 grown and 30 shrunk accounts');
  });

  it('when a criterion is measured on the outcome\'s own revenue, then its separation is shown as circular and never suggested from', () => {
    expect(criterion('recurring_revenue')).toMatchObject({ auc: 1, verdict: 'circular' });
    expect(criterion('recurring_revenue')?.warning).toContain('same won revenue as the outcome');
    expect(review.suggestions.map((s) => s.criterion)).not.toContain('recurring_revenue');
  });

  it('when a criterion points the wrong way or not at all, then lowering its weight is suggested, the wrong way before all others', () => {
    expect(criterion('financial_size')).toMatchObject({ auc: 0, verdict: 'reversed' });
    expect(criterion('relationship')).toMatchObject({ auc: 0.5, verdict: 'weak' });
    expect(review.suggestions.map((s) => [s.criterion, s.change, s.from, s.to])).toEqual([
      ['financial_size', 'lower', 5, 2],
      ['product_fit', 'raise', 10, 15],
      ['relationship', 'lower', 20, 10], // no signal, the largest weight among those with none
    ]);
  });

  it('when a suggestion is applied, then the model still parses and only that weight changed (the review itself changes nothing)', () => {
    const patched = applyModelPatch(DEFAULT_SCORING_MODEL, review.suggestions.find((x) => x.criterion === 'product_fit')?.patch ?? { weights: {} });
    const parsed = parseScoringModel(patched);
    expect(parsed.ok).toBe(true);
    expect(patched.weights).toEqual({ ...DEFAULT_SCORING_MODEL.weights, product_fit: 15 });
    expect(DEFAULT_SCORING_MODEL.weights.product_fit).toBe(10);
  });

  it('when a group is under 30, then the criterion carries a warning and no suggestion is made from it', () => {
    const few = reviewModel([...grown.slice(0, 12), ...shrunk], DEFAULT_SCORING_MODEL);
    const rr = few.criteria.find((c) => c.criterion === 'product_fit');
    expect(rr).toMatchObject({ grown: 12, shrunk: 30, verdict: 'too_few', auc: 1 });
    expect(rr?.warning).toContain('only 12 grown and 30 shrunk accounts');
    expect(few.suggestions).toEqual([]);
  });

  it('when tier and outcome disagree, then the tier-3 accounts that grew most and the tier-1 accounts that churned are named', () => {
    expect(review.disagreements.lowTierGrew.map((d) => d.companyName)).toContain('Globex');
    expect(review.disagreements.lowTierGrew[0]).toMatchObject({ tier: 'tier_3', movement: 'expanded', amount: 50_000 });
    expect(review.disagreements.lowTierGrew[0]?.reason).toBe('tier 3 but recurring revenue grew by $50,000 (NRR 150.0%)');
    expect(review.disagreements.topTierShrank[0]).toMatchObject({ companyName: 'Initech', tier: 'tier_1', movement: 'churned', amount: 100_000 });
    expect(review.disagreements.topTierShrank).toHaveLength(5);
    expect(review.disagreements.topTierShrank.every((d) => d.movement === 'churned')).toBe(true);
  });

  it('when each tier is compared with the rest, then its retention, expansion and NPS stand beside the others\'', () => {
    const t1 = review.tiers.find((t) => t.tier === 'tier_1');
    // Tier 1: 10 grew (150k), 15 contracted (60k), 5 churned, all from 100k → NRR (1.5M + 0.9M) / 3M = 0.8
    expect(t1?.kpis.kpis.nrr).toBe(0.8);
    expect(t1?.kpis.samples.retention).toBe(30);
    expect(t1?.expandedShare).toEqual({ tier: 0.3333, rest: 0.5714 });
    // The rest: 20 grew, 5 contracted, 5 churned, 5 flat → (3M + 0.3M + 0.5M) / 3.5M
    expect(t1?.rest.kpis.nrr).toBeCloseTo(3.8 / 3.5, 4);
    expect(review.findings[0]).toContain('Tier 1 retains less than the rest (NRR 80.0% against 108.6%)');
  });

  it('when no account has outcomes yet, then the review has no signal, no suggestion and says why per criterion', () => {
    const empty = reviewModel([{ ...account('tier_1', 'grew'), outcomes: undefined }], DEFAULT_SCORING_MODEL);
    expect(empty).toMatchObject({ accounts: 1, withOutcomes: 0, grown: 0, shrunk: 0, suggestions: [], findings: [] });
    expect(empty.criteria.every((c) => c.verdict === 'too_few' && c.auc === null)).toBe(true);
  });
});

describe('the review settings as the settings page sends them', () => {
  it('when the model owner is typed into the number field, then it is kept as the owner id it spells', () => {
    const parsed = parseScoringModel({ review: { owner_id: 80000002 } });
    expect(parsed.ok && parsed.model.review.owner_id).toBe('80000002');
  });

  it('when the owner id is not a whole number, then the model is refused with a message on that field', () => {
    const parsed = parseScoringModel({ review: { owner_id: 'boss' } });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.path)).toContain('review.owner_id');
  });
});
