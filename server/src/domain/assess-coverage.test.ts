import { aContact, anAccount, anActivity, anEmail, aMeeting, daysAgo, daysFromNow, TEST_NOW, type AccountOverrides } from '../../../test/factories/accounts';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL, parseScoringModel } from './scoring-model';
import type { AccountResult, Stakeholder, Tier } from './types';

function score(overrides: AccountOverrides, tier: Tier | null = null): AccountResult {
  return scoreAccount(anAccount({ ...overrides, company: { stored: { tier: null, override: tier }, ...overrides.company } }), DEFAULT_SCORING_MODEL, TEST_NOW);
}

function stakeholder(result: AccountResult, id: string): Stakeholder {
  const found = result.coverage.stakeholders.find((s) => s.contactId === id);
  if (found === undefined) throw new Error(`no stakeholder ${id}`);
  return found;
}

describe('stakeholder roles', () => {
  it('when a contact has buying roles, then they are read as given (not inferred)', () => {
    const result = score({ contacts: [aContact({ id: 'a', buyingRoles: ['CHAMPION', 'INFLUENCER'], jobTitle: 'CEO' })] });
    expect(stakeholder(result, 'a').roles).toEqual([{ role: 'CHAMPION', inferred: false }, { role: 'INFLUENCER', inferred: false }]);
  });

  it('when the association carries a role label, then the label is a role', () => {
    const result = score({ contacts: [aContact({ id: 'a', associationLabels: ['Decision maker', 'Executive sponsor', 'Friend'] })] });
    expect(stakeholder(result, 'a').roles).toEqual([{ role: 'DECISION_MAKER', inferred: false }, { role: 'EXECUTIVE_SPONSOR', inferred: false }]);
  });

  it('when a contact has no role, then roles are inferred from the job title and marked inferred', () => {
    const result = score({
      contacts: [
        aContact({ id: 'ceo', jobTitle: 'Chief Executive Officer' }),
        aContact({ id: 'vp', jobTitle: 'Vice President, Sales' }),
        aContact({ id: 'cfo', jobTitle: 'CFO' }),
        aContact({ id: 'buyer', jobTitle: 'Procurement Manager' }),
        aContact({ id: 'eng', jobTitle: 'Software Engineer' }),
        aContact({ id: 'none', jobTitle: 'Gardener' }),
      ],
    });
    expect(stakeholder(result, 'ceo').roles).toEqual([{ role: 'DECISION_MAKER', inferred: true }, { role: 'EXECUTIVE_SPONSOR', inferred: true }]);
    expect(stakeholder(result, 'vp').roles).toEqual([{ role: 'EXECUTIVE_SPONSOR', inferred: true }]);
    expect(stakeholder(result, 'cfo').roles.map((r) => r.role)).toEqual(['BUDGET_HOLDER', 'EXECUTIVE_SPONSOR']);
    expect(stakeholder(result, 'buyer').roles.map((r) => r.role)).toEqual(['BUDGET_HOLDER']);
    expect(stakeholder(result, 'eng').roles.map((r) => r.role)).toEqual(['END_USER']);
    expect(stakeholder(result, 'none').roles).toEqual([]);
  });

  it('when title keywords are configured, then the inference follows them', () => {
    const parsed = parseScoringModel({ stakeholders: { role_rules: [{ keywords: ['Kommandant'], roles: ['CHAMPION'] }] } });
    if (!parsed.ok) throw new Error('invalid');
    const result = scoreAccount(anAccount({ contacts: [aContact({ id: 'k', jobTitle: 'Oberster KOMMANDANT' })] }), parsed.model, TEST_NOW);
    expect(stakeholder(result, 'k').roles).toEqual([{ role: 'CHAMPION', inferred: true }]);
  });
});

describe('stakeholder levels', () => {
  it.each([
    ['CEO', 'executive'],
    ['VP of Engineering', 'executive'],
    ['Co-Founder', 'executive'],
    ['Managing Director', 'executive'],
    ['Director of Finance', 'management'],
    ['Head of Procurement', 'management'],
    ['Team Lead', 'management'],
    ['IT Manager', 'management'],
    ['Accountant', 'operational'],
  ] as const)('when the title is "%s", then the level is %s', (jobTitle, level) => {
    const result = score({ contacts: [aContact({ id: 'a', jobTitle })] });
    expect(stakeholder(result, 'a')).toMatchObject({ level, levelInferred: false });
  });

  it('when there is no title, then the level is operational and marked inferred (an executive sponsor: executive)', () => {
    const result = score({ contacts: [aContact({ id: 'a', jobTitle: '  ' }), aContact({ id: 'b', jobTitle: null, buyingRoles: ['EXECUTIVE_SPONSOR'] })] });
    expect(stakeholder(result, 'a')).toMatchObject({ level: 'operational', levelInferred: true, jobTitle: null });
    expect(stakeholder(result, 'b')).toMatchObject({ level: 'executive', levelInferred: true });
  });
});

describe('engagement', () => {
  it('when the team touched a contact within 90 days, then the contact is engaged', () => {
    const result = score({
      contacts: [aContact({ id: 'a' }), aContact({ id: 'b' }), aContact({ id: 'c' })],
      activities: [anActivity({ occurredAt: daysAgo(90), contactIds: ['a'] }), anEmail({ occurredAt: daysAgo(91), contactIds: ['b'] })],
    });
    expect(stakeholder(result, 'a')).toMatchObject({ engaged: true, lastTouchAt: daysAgo(90) });
    expect(stakeholder(result, 'b')).toMatchObject({ engaged: false, lastTouchAt: daysAgo(91) });
    expect(stakeholder(result, 'c')).toMatchObject({ engaged: false, lastTouchAt: null });
  });

  it("when only the contact's last-contacted date is recent, then the contact is engaged", () => {
    const result = score({ contacts: [aContact({ id: 'a', lastContactedAt: daysAgo(5) })] });
    expect(stakeholder(result, 'a')).toMatchObject({ engaged: true });
  });

  it('when the only touch was a note, a cancelled meeting or a future meeting, then the contact is not engaged', () => {
    const result = score({
      contacts: [aContact({ id: 'a' })],
      activities: [
        anActivity({ kind: 'note', contactIds: ['a'] }),
        aMeeting({ status: 'CANCELED', contactIds: ['a'] }),
        aMeeting({ occurredAt: daysFromNow(2), contactIds: ['a'] }),
      ],
    });
    expect(stakeholder(result, 'a').engaged).toBe(false);
  });

  it('when the same contact is listed twice, then it is one stakeholder with both sets of roles', () => {
    const result = score({
      contacts: [aContact({ id: 'a', buyingRoles: ['CHAMPION'] }), aContact({ id: 'a', buyingRoles: ['DECISION_MAKER'] })],
      activities: [anActivity({ contactIds: ['a'] })],
    });
    expect(result.coverage.stakeholders).toHaveLength(1);
    expect(stakeholder(result, 'a').roles.map((r) => r.role)).toEqual(['CHAMPION', 'DECISION_MAKER']);
    expect(result.coverage.engagedStakeholders).toBe(1);
  });
});

describe('coverage score', () => {
  it('when all required roles, three levels and five engaged stakeholders are there, then coverage is 100', () => {
    const ids = ['ceo', 'champ', 'u1', 'u2', 'u3'];
    const result = score(
      {
        contacts: [
          aContact({ id: 'ceo', jobTitle: 'CEO', buyingRoles: ['DECISION_MAKER', 'EXECUTIVE_SPONSOR'] }),
          aContact({ id: 'champ', jobTitle: 'Director', buyingRoles: ['CHAMPION'] }),
          aContact({ id: 'u1', jobTitle: 'Analyst' }),
          aContact({ id: 'u2', jobTitle: 'Analyst' }),
          aContact({ id: 'u3', jobTitle: 'Analyst' }),
        ],
        activities: [aMeeting({ contactIds: ids })],
      },
      'tier_1',
    );
    expect(result.coverage).toMatchObject({
      score: 100,
      coveredRoles: ['DECISION_MAKER', 'CHAMPION', 'EXECUTIVE_SPONSOR'],
      missingRoles: [],
      engagedStakeholders: 5,
      engagedLevels: ['executive', 'management', 'operational'],
      flags: [],
    });
  });

  it('when one of two tier-2 roles is held at one level by one engaged contact, then 60×½ + 25×⅓ + 15×⅕', () => {
    const result = score(
      { contacts: [aContact({ id: 'a', jobTitle: 'IT Manager', buyingRoles: ['CHAMPION'] })], activities: [anActivity({ contactIds: ['a'] })] },
      'tier_2',
    );
    expect(result.coverage).toMatchObject({ score: 41.3, requiredRoles: ['DECISION_MAKER', 'CHAMPION'], missingRoles: ['DECISION_MAKER'] });
  });

  it('when a role is held only by a contact nobody engaged, then the role is missing', () => {
    const result = score({ contacts: [aContact({ id: 'a', buyingRoles: ['DECISION_MAKER'] })] });
    expect(result.coverage.missingRoles).toEqual(['DECISION_MAKER']);
    expect(result.coverage.score).toBe(0);
  });

  it('when the effective tier is 3, then coverage reports tier-3 roles while the relationship criterion uses tier 1', () => {
    const result = score({ contacts: [aContact({ id: 'a', jobTitle: 'IT Manager', buyingRoles: ['DECISION_MAKER'] })], activities: [anActivity({ contactIds: ['a'] })] });
    expect(result.tier.tier).toBe('tier_3');
    expect(result.coverage).toMatchObject({ requiredRoles: ['DECISION_MAKER'], score: 71.3 });
    expect(result.tier.criteria.find((c) => c.criterion === 'relationship')?.value).toBe(31.3);
  });
});

describe('coverage flags', () => {
  it('when at most one stakeholder is engaged, then the account is single-threaded', () => {
    const one = score({ contacts: [aContact({ id: 'a' }), aContact({ id: 'b' })], activities: [anActivity({ contactIds: ['a'] })] });
    expect(one.coverage.flags).toContain('single_threaded');
    const two = score({ contacts: [aContact({ id: 'a' }), aContact({ id: 'b' })], activities: [anActivity({ contactIds: ['a', 'b'] })] });
    expect(two.coverage.flags).not.toContain('single_threaded');
  });

  it('when a required role is not covered, then missing_roles is flagged', () => {
    expect(score({}).coverage.flags).toContain('missing_roles');
  });

  it('when a champion was not touched in 60 days, then champion_dark names them', () => {
    const result = score({
      contacts: [aContact({ id: 'dark', buyingRoles: ['CHAMPION'] }), aContact({ id: 'warm', buyingRoles: ['CHAMPION'] }), aContact({ id: 'never', buyingRoles: ['CHAMPION'] })],
      activities: [anActivity({ occurredAt: daysAgo(61), contactIds: ['dark'] }), anActivity({ occurredAt: daysAgo(60), contactIds: ['warm'] })],
    });
    expect(result.coverage.flags).toContain('champion_dark');
    expect(result.coverage.darkChampionIds).toEqual(['dark', 'never']);
  });

  it('when a blocker is among the stakeholders, then blocker_present is flagged', () => {
    expect(score({ contacts: [aContact({ buyingRoles: ['BLOCKER'] })] }).coverage.flags).toContain('blocker_present');
    expect(score({ contacts: [aContact({ buyingRoles: ['CHAMPION'] })] }).coverage.flags).not.toContain('blocker_present');
  });

  it('when no engaged stakeholder is an executive, then no_executive_access is flagged', () => {
    const withoutExec = score({ contacts: [aContact({ id: 'a', jobTitle: 'CEO' })] });
    expect(withoutExec.coverage.flags).toContain('no_executive_access');
    const withExec = score({ contacts: [aContact({ id: 'a', jobTitle: 'CEO' })], activities: [anActivity({ contactIds: ['a'] })] });
    expect(withExec.coverage.flags).not.toContain('no_executive_access');
  });
});
