import { anAccount, daysAgo, anActivity, TEST_NOW } from '../../../test/factories/accounts';
import { applyCapacityPolicy, applyCapacityVerdict, assessCapacity, summarizeCapacity, type CapacityEntry } from './apply-capacity';
import { scoreAccount } from './score-account';
import { parseScoringModel, type ScoringModel } from './scoring-model';
import type { AccountResult, Tier } from './types';

function capacityModel(policy: 'flag' | 'cap', max = 2, min = 1): ScoringModel {
  const parsed = parseScoringModel({
    weights: { recurring_revenue: 0, growth_pipeline: 0, revenue_growth: 0, product_fit: 0, financial_size: 1, relationship: 0, engagement_recency: 0 },
    anchors: { financial_size: [{ value: 0, points: 0 }, { value: 100, points: 100 }] },
    capacity: { policy, max, min },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.model;
}

function account(id: string, score: number, model: ScoringModel, owner: string | null = 'owner-1', override: Tier | null = null): AccountResult {
  return scoreAccount(
    anAccount({ company: { id, ownerId: owner, annualRevenue: score, stored: { tier: null, override } }, activities: [anActivity({ occurredAt: daysAgo(1) })] }),
    model,
    TEST_NOW,
  );
}

const byId = (results: readonly AccountResult[]) => Object.fromEntries(results.map((r) => [r.companyId, r]));

describe('capacity policy flag (default)', () => {
  it('when an owner holds more tier-1 accounts than the cap, then all of them are flagged and none demoted', () => {
    const m = capacityModel('flag');
    const results = byId(applyCapacityPolicy([account('a', 90, m), account('b', 80, m), account('c', 75, m), account('d', 50, m)], m));
    for (const id of ['a', 'b', 'c']) expect(results[id]?.tier).toMatchObject({ tier: 'tier_1', ownerOverCapacity: true, demotedByCapacity: false });
    expect(results['d']?.tier).toMatchObject({ tier: 'tier_2', ownerOverCapacity: false });
    expect(results['c']?.tier.reasons).toContain('owner over capacity (3 tier-1 accounts, cap 2)');
  });

  it('when an owner is at the cap, then nothing is flagged', () => {
    const m = capacityModel('flag');
    const results = applyCapacityPolicy([account('a', 90, m), account('b', 80, m)], m);
    expect(results.every((r) => !r.tier.ownerOverCapacity)).toBe(true);
  });

  it('when accounts have no owner or another owner, then they do not count against the cap', () => {
    const m = capacityModel('flag');
    const results = applyCapacityPolicy([account('a', 90, m), account('b', 80, m), account('c', 75, m, null), account('d', 75, m, 'owner-2')], m);
    expect(results.every((r) => !r.tier.ownerOverCapacity)).toBe(true);
  });
});

describe('capacity policy cap', () => {
  it('when an owner is over the cap, then the lowest-scoring surplus is demoted to tier 2 with the reason', () => {
    const m = capacityModel('cap');
    const results = byId(applyCapacityPolicy([account('a', 90, m), account('b', 72, m), account('c', 80, m), account('d', 71, m)], m));
    expect(results['a']?.tier).toMatchObject({ tier: 'tier_1', demotedByCapacity: false, ownerOverCapacity: true });
    expect(results['c']?.tier).toMatchObject({ tier: 'tier_1', demotedByCapacity: false });
    expect(results['b']?.tier).toMatchObject({ tier: 'tier_2', computedTier: 'tier_1', demotedByCapacity: true, ownerOverCapacity: true });
    expect(results['d']?.tier).toMatchObject({ tier: 'tier_2', demotedByCapacity: true });
    expect(results['d']?.tier.reasons).toMatch(/^Demoted to Tier 2 by the capacity cap: the owner holds too many tier-1 accounts \(4 tier-1 accounts, cap 2\)/);
  });

  it('when an account is demoted, then its coverage, cadence and gaps become those of tier 2', () => {
    const m = capacityModel('cap', 1);
    const results = byId(applyCapacityPolicy([account('a', 90, m), account('b', 80, m)], m));
    expect(results['b']?.coverage.requiredRoles).toEqual(['DECISION_MAKER', 'CHAMPION']);
    expect(results['b']?.cadence.rules.map((r) => r.rule)).toEqual(['touch', 'meeting', 'channels']);
    expect(results['b']?.gaps.map((g) => g.key)).not.toContain('missing_role:EXECUTIVE_SPONSOR');
    expect(results['a']?.coverage.requiredRoles).toContain('EXECUTIVE_SPONSOR');
    expect(results['a']?.demotedView).toBeUndefined();
    expect(results['b']?.demotedView).toBeUndefined();
  });

  it('when tier-1 overrides fill the cap, then they count but are never demoted', () => {
    const m = capacityModel('cap');
    const results = byId(applyCapacityPolicy([account('o1', 10, m, 'owner-1', 'tier_1'), account('o2', 20, m, 'owner-1', 'tier_1'), account('a', 95, m)], m));
    expect(results['o1']?.tier).toMatchObject({ tier: 'tier_1', demotedByCapacity: false, ownerOverCapacity: true });
    expect(results['o2']?.tier).toMatchObject({ tier: 'tier_1', demotedByCapacity: false });
    expect(results['a']?.tier).toMatchObject({ tier: 'tier_2', demotedByCapacity: true });
  });

  it('when scores tie, then the demotion is decided by company id, the same every night', () => {
    const m = capacityModel('cap', 1);
    const first = applyCapacityPolicy([account('b', 80, m), account('a', 80, m)], m);
    const second = applyCapacityPolicy([account('a', 80, m), account('b', 80, m)], m);
    expect(byId(first)['a']?.tier.demotedByCapacity).toBe(true);
    expect(byId(second)['a']?.tier.demotedByCapacity).toBe(true);
    expect(byId(first)['b']?.tier.demotedByCapacity).toBe(false);
  });
});

describe('capacity for incremental syncs', () => {
  it('when only one account is rescored, then the verdict comes from the stored entries of the whole portfolio', () => {
    const m = capacityModel('cap');
    const stored: CapacityEntry[] = [
      { companyId: 'a', ownerId: 'owner-1', computedTier: 'tier_1', score: 90, override: null },
      { companyId: 'b', ownerId: 'owner-1', computedTier: 'tier_1', score: 85, override: null },
    ];
    const fresh = account('c', 75, m);
    const verdicts = assessCapacity([...stored, { companyId: 'c', ownerId: 'owner-1', computedTier: fresh.tier.computedTier, score: fresh.tier.score, override: null }], m);
    expect(verdicts.get('c')).toMatchObject({ ownerOverCapacity: true, demoted: true });
    expect(verdicts.get('a')).toMatchObject({ ownerOverCapacity: true, demoted: false });
    expect(applyCapacityVerdict(fresh, verdicts.get('c')).tier).toMatchObject({ tier: 'tier_2', demotedByCapacity: true });
  });

  it('when there is no verdict for an account, then it is neither flagged nor demoted, and the input is not changed', () => {
    const m = capacityModel('cap');
    const fresh = account('c', 75, m);
    const applied = applyCapacityVerdict(fresh, undefined);
    expect(applied.tier).toMatchObject({ tier: 'tier_1', ownerOverCapacity: false, demotedByCapacity: false });
    expect(applied).not.toBe(fresh);
    expect(fresh.demotedView).toBeDefined();
    expect(applied.demotedView).toBeUndefined();
  });

  it('when a demotion verdict reaches an account that is not tier 1, then nothing is demoted', () => {
    const m = capacityModel('cap');
    const tier2 = account('x', 50, m);
    expect(applyCapacityVerdict(tier2, { ownerOverCapacity: true, demoted: true }).tier).toMatchObject({ tier: 'tier_2', demotedByCapacity: false });
  });
});

describe('capacity summary for the report', () => {
  it('when owners hold different numbers of tier-1 accounts, then each is compared with the range', () => {
    const m = capacityModel('flag', 2, 2);
    const entries: CapacityEntry[] = [
      { companyId: '1', ownerId: 'zoe', computedTier: 'tier_1', score: 90, override: null },
      { companyId: '2', ownerId: 'zoe', computedTier: 'tier_1', score: 80, override: null },
      { companyId: '3', ownerId: 'zoe', computedTier: 'tier_2', score: 60, override: 'tier_1' },
      { companyId: '4', ownerId: 'amy', computedTier: 'tier_2', score: 60, override: null },
      { companyId: '5', ownerId: null, computedTier: 'tier_1', score: 99, override: null },
    ];
    expect(summarizeCapacity(entries, m)).toEqual([
      { ownerId: 'amy', tier1Accounts: 0, max: 2, min: 2, overCapacity: false, underMin: true },
      { ownerId: 'zoe', tier1Accounts: 3, max: 2, min: 2, overCapacity: true, underMin: false },
    ]);
  });
});
