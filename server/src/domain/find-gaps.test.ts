import { aContact, anAccount, anActivity, aMeeting, daysAgo, TEST_NOW, type AccountOverrides } from '../../../test/factories/accounts';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL, parseScoringModel } from './scoring-model';
import type { Gap, Tier } from './types';

function gapsOf(tier: Tier, overrides: AccountOverrides = {}): Gap[] {
  return scoreAccount(
    anAccount({ ...overrides, company: { name: 'Acme Corp', stored: { tier: null, override: tier }, ...overrides.company } }),
    DEFAULT_SCORING_MODEL,
    TEST_NOW,
  ).gaps;
}

const keys = (gaps: readonly Gap[]) => gaps.map((g) => g.key);

/** A tier-1 account with every required role engaged and every rule met. */
const healthy: AccountOverrides = {
  contacts: [
    aContact({ id: 'ceo', firstName: 'Ada', lastName: 'Lovelace', jobTitle: 'CEO', buyingRoles: ['DECISION_MAKER', 'EXECUTIVE_SPONSOR'] }),
    aContact({ id: 'champ', firstName: 'Grace', lastName: 'Hopper', buyingRoles: ['CHAMPION'] }),
  ],
  activities: [aMeeting({ title: 'QBR', occurredAt: daysAgo(10), contactIds: ['ceo', 'champ'] }), anActivity({ occurredAt: daysAgo(2) })],
};

describe('gaps that deserve a task', () => {
  it('when every rule is met and every role engaged, then there are no gaps', () => {
    expect(gapsOf('tier_1', healthy)).toEqual([]);
  });

  it('when the touch, meeting and QBR rules are overdue, then there is one gap for each', () => {
    const gaps = gapsOf('tier_1', {
      ...healthy,
      activities: [aMeeting({ title: 'QBR', occurredAt: daysAgo(100) }), anActivity({ occurredAt: daysAgo(20), contactIds: ['ceo', 'champ'] })],
    });
    expect(keys(gaps)).toEqual(['touch_overdue', 'meeting_overdue', 'qbr_overdue']);
    const qbr = gaps.find((g) => g.kind === 'qbr_overdue');
    expect(qbr?.title).toBe('QBR overdue');
    expect(qbr?.detail).toBe(
      'Last quarterly business review: 2026-03-07 (100 days ago). Tier 1 accounts expect one every 92 days; it was due on 2026-06-07.',
    );
  });

  it('when a rule is only due soon, then it is not a gap yet', () => {
    expect(keys(gapsOf('tier_3', { activities: [anActivity({ occurredAt: daysAgo(85) })], contacts: [aContact({ buyingRoles: ['DECISION_MAKER'], lastContactedAt: daysAgo(1) })] }))).toEqual([]);
  });

  it('when nothing was ever logged, then the touch gap says so', () => {
    const touch = gapsOf('tier_3').find((g) => g.kind === 'touch_overdue');
    expect(touch?.detail).toMatch(/^No call, email or held meeting on record\. Tier 3 accounts expect one every 90 days; it was due on \d{4}-\d{2}-\d{2}\.$/);
  });

  it('when roles are missing, then there is one gap per role keyed missing_role:<ROLE>', () => {
    const gaps = gapsOf('tier_1', { activities: healthy.activities ?? [] });
    expect(keys(gaps)).toEqual(['missing_role:DECISION_MAKER', 'missing_role:CHAMPION', 'missing_role:EXECUTIVE_SPONSOR']);
    expect(gaps[2]).toMatchObject({ kind: 'missing_role', role: 'EXECUTIVE_SPONSOR', title: 'Missing executive sponsor' });
    expect(gaps[2]?.detail).toBe('No engaged stakeholder holds the executive sponsor role, which Tier 1 accounts need. Identify an executive sponsor and engage them.');
  });

  it('when a role holder exists but was not engaged, then the gap names them and the contact', () => {
    const gaps = gapsOf('tier_2', { contacts: [aContact({ id: 'dm', firstName: 'Kim', lastName: 'Lee', buyingRoles: ['DECISION_MAKER'], lastContactedAt: daysAgo(200) })] });
    const missing = gaps.find((g) => g.key === 'missing_role:DECISION_MAKER');
    expect(missing).toMatchObject({ contactId: 'dm' });
    expect(missing?.detail).toContain('Kim Lee holds it but was not touched recently');
  });

  it('when a champion went dark, then one champion_dark gap names the contact', () => {
    const gaps = gapsOf('tier_2', {
      contacts: [aContact({ id: 'ch', firstName: 'Sam', lastName: 'Park', buyingRoles: ['CHAMPION'], lastContactedAt: daysAgo(75) }), aContact({ id: 'dm', buyingRoles: ['DECISION_MAKER', 'CHAMPION'] })],
      activities: [anActivity({ occurredAt: daysAgo(1), contactIds: ['dm'] }), aMeeting({ occurredAt: daysAgo(20), contactIds: ['dm'] })],
    });
    expect(keys(gaps)).toEqual(['champion_dark']);
    expect(gaps[0]).toMatchObject({ kind: 'champion_dark', contactId: 'ch', title: 'Champion gone dark' });
    expect(gaps[0]?.detail).toBe('Champion Sam Park (last touched 2026-04-01) not touched in 60 days: check in before the relationship cools.');
  });

  it('when a champion was never touched, then it is not a champion gone dark but the missing-role gap names them', () => {
    const gaps = gapsOf('tier_2', {
      contacts: [aContact({ id: 'ch', firstName: 'Sam', lastName: 'Park', buyingRoles: ['CHAMPION'] }), aContact({ id: 'dm', buyingRoles: ['DECISION_MAKER'] })],
      activities: [anActivity({ occurredAt: daysAgo(1), contactIds: ['dm'] }), aMeeting({ occurredAt: daysAgo(20), contactIds: ['dm'] })],
    });
    expect(keys(gaps)).toEqual(['missing_role:CHAMPION']);
    expect(gaps[0]).toMatchObject({ contactId: 'ch' });
    expect(gaps[0]?.detail).toContain('Sam Park holds it but was not touched recently');
  });

  it('when gaps are listed, then every key is unique', () => {
    const gaps = gapsOf('tier_1', { contacts: [aContact({ buyingRoles: ['CHAMPION'] }), aContact({ buyingRoles: ['CHAMPION'] })] });
    expect(new Set(keys(gaps)).size).toBe(gaps.length);
  });
});

describe('the task policy (which gaps become tasks, per tier)', () => {
  /** Nothing logged, a decision maker and a champion who went dark: every kind of gap a tier can have. */
  const neglected: AccountOverrides = {
    contacts: [
      aContact({ id: 'dm', buyingRoles: ['DECISION_MAKER'], lastContactedAt: daysAgo(200) }),
      aContact({ id: 'ch', buyingRoles: ['CHAMPION'], lastContactedAt: daysAgo(120) }),
    ],
  };

  it('when a maintain (tier 3) account is neglected, then by default only the overdue touch becomes a task', () => {
    expect(keys(gapsOf('tier_3', neglected))).toEqual(['touch_overdue']);
  });

  it('when a growth (tier 2) account is neglected, then its cadence, the roles it needs and the dark champion become tasks', () => {
    expect(keys(gapsOf('tier_2', neglected))).toEqual(['touch_overdue', 'meeting_overdue', 'missing_role:DECISION_MAKER', 'missing_role:CHAMPION', 'champion_dark']);
  });

  it('when a strategic (tier 1) account is neglected, then every gap becomes a task', () => {
    expect(keys(gapsOf('tier_1', neglected))).toEqual([
      'touch_overdue',
      'meeting_overdue',
      'qbr_overdue',
      'missing_role:DECISION_MAKER',
      'missing_role:CHAMPION',
      'missing_role:EXECUTIVE_SPONSOR',
      'champion_dark',
    ]);
  });

  it('when the model turns a gap kind off for a tier, then that tier gets no such task and the others keep theirs', () => {
    const parsed = parseScoringModel({ tasks: { gap_kinds: { tier_1: ['qbr_overdue'], tier_3: ['touch_overdue', 'missing_role'] } } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const gaps = (tier: Tier) =>
      keys(scoreAccount(anAccount({ ...neglected, company: { stored: { tier: null, override: tier } } }), parsed.model, TEST_NOW).gaps);
    expect(gaps('tier_1')).toEqual(['qbr_overdue']);
    expect(gaps('tier_3')).toEqual(['touch_overdue', 'missing_role:DECISION_MAKER']);
    expect(gaps('tier_2')).toContain('champion_dark');
  });
});
