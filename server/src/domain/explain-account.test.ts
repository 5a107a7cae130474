import { aContact, aDeal, anAccount, aStrategicAccount, daysAgo, TEST_NOW } from '../../../test/factories/accounts';
import { applyCapacityVerdict } from './apply-capacity';
import { explainAccount } from './explain-account';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL } from './scoring-model';

describe('explainAccount', () => {
  it('when a strategic account is explained, then every number behind the verdict is there', () => {
    const text = explainAccount(scoreAccount(aStrategicAccount(), DEFAULT_SCORING_MODEL, TEST_NOW));
    const lines = text.split('\n');
    expect(lines[0]).toBe('Acme Corp (1001), owner owner-1');
    expect(lines[1]).toBe('Tier: Tier 1 · Strategic');
    expect(lines[2]).toBe('Score: 97 / 100, high confidence');
    expect(text).toMatch(/Recurring revenue\s+\$300k won in 12 months\s+100\s+35\s+35\n/);
    expect(text).toMatch(/Financial size\s+\$50M annual revenue\s+63\.3\s+5\s+3\.2\n/);
    expect(text).toMatch(/Total\s+100\s+97\n/);
    expect(text).toContain('Coverage: 94 / 100, 3 engaged stakeholders, levels: executive, management, operational');
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
    expect(text).toMatch(/  - Touch overdue: .*Tier 3 accounts expect one every 90 days/);
    expect(text).toContain('○ Kim Lee — decision maker; operational*');
  });

  it('when an account is overridden or demoted, then the explanation says so', () => {
    const overridden = scoreAccount(anAccount({ company: { stored: { tier: null, override: 'tier_1' } } }), DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(explainAccount(overridden)).toContain('Tier: Tier 1 · Strategic — override; computed Tier 3');
    const demoted = applyCapacityVerdict(scoreAccount(aStrategicAccount(), DEFAULT_SCORING_MODEL, TEST_NOW), { ownerOverCapacity: true, demoted: true, tier1Accounts: 30, max: 25 });
    const text = explainAccount(demoted);
    expect(text).toContain('Tier: Tier 2 · Growth — demoted from Tier 1 by the capacity cap');
    expect(text).toContain('Owner over capacity');
  });
});
