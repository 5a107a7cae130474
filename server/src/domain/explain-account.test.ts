import { aContact, aDeal, anAccount, aStrategicAccount, daysAgo, TEST_NOW } from '../../../test/factories/accounts';
import { applyCapacityVerdict } from './apply-capacity';
import { explainAccount } from './explain-account';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL, parseScoringModel } from './scoring-model';

describe('explainAccount', () => {
  it('when a strategic account is explained, then every number behind the verdict is there', () => {
    const text = explainAccount(scoreAccount(aStrategicAccount(), DEFAULT_SCORING_MODEL, TEST_NOW));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Acme Corp (1001), owner owner-1');
    expect(explainAccount(scoreAccount(aStrategicAccount(), DEFAULT_SCORING_MODEL, TEST_NOW), { ownerName: 'Grace Hopper' }).split('\n')[0]).toBe(
      'Acme Corp (1001), owner Grace Hopper (owner-1)',
    );
    expect(lines[1]).toBe('Tier: Tier 1 · Strategic');
    expect(lines[2]).toBe('Score: 97 / 100, high confidence');
    expect(text).toMatch(/Recurring revenue\s+\$300k won in 12 months\s+100\s+35\s+35\n/);
    expect(text).toMatch(/Financial size\s+\$50M annual revenue\s+63\.3\s+5\s+3\.2\n/);
    expect(text).toMatch(/Total\s+100\s+97\n/);
    expect(text).toContain('Coverage (Tier 1 roles): 94 / 100, 3 engaged stakeholders, levels: executive, management, operational');
    expect(text).toContain('Holds Tier 1 down to 67 (the threshold 70 minus the 3-point hysteresis band).');
    expect(text).toMatch(/Geographic focus\s+no focus countries configured \(off\)\s+50\s+0\s+0\n/);
    expect(text).toContain('● Ada Lovelace, CEO — decision maker, executive sponsor; executive; last touch 2026-06-13');
    expect(text).toContain('  QBR       every 92 days   last 2026-05-26   due 2026-08-26   on_track');
    expect(text).toContain('  channels  3 of 2 required in 90 days   on_track');
    expect(text).toContain('channel mix (90 days): 1 calls, 1 emails, 1 meetings');
    expect(text).toMatch(/Model m-[0-9a-f]{12}, computed 2026-06-15T12:00:00.000Z$/);
  });

  it('when an account is a near-miss with gaps, then the explanation lists what closes the gap and the tasks', () => {
    const account = anAccount({
      deals: [aDeal({ amount: 90_000 })],
      contacts: [aContact({ id: 'dm', firstName: 'Kim', lastName: 'Lee', buyingRoles: ['DECISION_MAKER'], lastContactedAt: daysAgo(120) })],
      company: { icpTier: 'tier_1', annualRevenue: 20_000_000, stored: { tier: 'tier_3', override: null } },
    });
    const result = scoreAccount(account, DEFAULT_SCORING_MODEL, TEST_NOW);
    const text = explainAccount(result);
    expect(result.tier.nearMiss).toBe(true);
    expect(text).toContain(`Near-miss: ${result.tier.nextTierGap} points to Tier 2.`);
    expect(text).toContain('What would close the gap');
    expect(text).toContain('Gaps (follow-up tasks):');
    expect(text).toMatch(/ {2}- Touch overdue: .*Tier 3 accounts expect one every 90 days/);
    expect(text).toContain('○ Kim Lee — decision maker; operational*');
  });

  it('when an account is overridden or demoted, then the explanation says so', () => {
    const overridden = scoreAccount(anAccount({ company: { stored: { tier: null, override: 'tier_1' } } }), DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(explainAccount(overridden)).toContain('Tier: Tier 1 · Strategic — set by override; the score makes it Tier 3');
    expect(explainAccount(overridden)).not.toMatch(/points to Tier|Near-miss|Holds Tier/);
    const demoted = applyCapacityVerdict(scoreAccount(aStrategicAccount(), DEFAULT_SCORING_MODEL, TEST_NOW), { ownerOverCapacity: true, demoted: true, tier1Accounts: 30, max: 25 });
    const text = explainAccount(demoted);
    expect(text).toContain('Tier: Tier 2 · Growth — demoted from Tier 1 by the capacity cap');
    expect(text).toContain('Owner over capacity');
  });

  it('when the account is not tier 1, then the two coverage figures each say which roles they measure', () => {
    const account = anAccount({
      deals: [aDeal({ amount: 90_000 })],
      contacts: [aContact({ id: 'dm', buyingRoles: ['DECISION_MAKER', 'CHAMPION'], lastContactedAt: daysAgo(10) })],
      company: { icpTier: 'tier_1', annualRevenue: 20_000_000, stored: { tier: 'tier_2', override: null } },
    });
    const result = scoreAccount(account, DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(result.tier.tier).toBe('tier_2');
    const text = explainAccount(result);
    const relationship = result.tier.criteria.find((c) => c.criterion === 'relationship');
    expect(text).toMatch(new RegExp(`Relationship\\s+coverage ${relationship?.value}/100 \\(Tier 1 roles\\)`));
    expect(text).toContain(`Coverage (Tier 2 roles): ${result.coverage.score} / 100`);
    expect(text).toContain(`(the Relationship criterion above measures the same stakeholders against the Tier 1 roles: ${relationship?.value} / 100)`);
    expect(result.coverage.score).not.toBe(relationship?.value);
  });

  it('when the hysteresis band decides, then the explanation names it where it decides', () => {
    const parsed = parseScoringModel({
      weights: { recurring_revenue: 0, growth_pipeline: 0, revenue_growth: 0, product_fit: 0, financial_size: 1, relationship: 0, engagement_recency: 0 },
      anchors: { financial_size: [{ value: 0, points: 0 }, { value: 100, points: 100 }] },
    });
    if (!parsed.ok) throw new Error('bad model');
    const at = (score: number, tier: 'tier_1' | 'tier_2') =>
      explainAccount(scoreAccount(anAccount({ company: { annualRevenue: score, stored: { tier, override: null } } }), parsed.model, TEST_NOW));
    // 69.3 against a threshold of 70: a tier-2 account needs 73 to rise.
    const below = at(69.3, 'tier_2');
    expect(below).toContain('Near-miss: 3.7 points to Tier 1. It rises at 73: the threshold 70 plus the 3-point hysteresis band.');
    expect(below).toContain('Holds Tier 2 down to 42 (the threshold 45 minus the 3-point hysteresis band).');
    // 68 as a tier-1 account: kept by the band, and the explanation says down to where.
    const kept = at(68, 'tier_1');
    expect(kept).toContain('kept at Tier 1 by the 3-point hysteresis band');
    expect(kept).toContain('Holds Tier 1 down to 67 (the threshold 70 minus the 3-point hysteresis band).');
  });

  it('when a criterion has no data, then it is marked as such and never as neutral, whatever its points', () => {
    const text = explainAccount(scoreAccount(anAccount(), DEFAULT_SCORING_MODEL, TEST_NOW));
    expect(text).not.toContain('(neutral)');
    expect(text).toMatch(/Recurring revenue\s+\$0 won in 12 months \(no data\)\s+0\s+35\s+0\n/);
    expect(text).toContain('Criteria without data (no data, unknown) lower the confidence');
  });

  it('when gaps went through the task budget, then each says whether its task is open or where it waits in line', () => {
    const result = scoreAccount(anAccount({ company: { stored: { tier: null, override: 'tier_2' } } }), DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(result.gaps.length).toBeGreaterThan(1);
    const [first, second] = result.gaps;
    const marked = {
      ...result,
      gaps: result.gaps.map((g) => (g === first ? { ...g, task: { state: 'open' as const } } : g === second ? { ...g, task: { state: 'queued' as const, rank: 3 } } : g)),
    };
    const text = explainAccount(marked);
    expect(text).toContain(`  - [task open] ${first?.title}: `);
    expect(text).toContain(`  - [queued, 3rd in line] ${second?.title}: `);
    expect(text).toContain('(queued: over the daily budget of new Keyline tasks per owner; it becomes a task as earlier ones close)');
  });
});
