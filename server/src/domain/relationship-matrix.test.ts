import fc from 'fast-check';
import { aContact, aMeeting, anAccount, daysAgo as fDaysAgo, TEST_NOW } from '../../../test/factories/accounts';
import { gapSeverity, maxGapsPerAccount } from './allocate-tasks';
import { withDepartedOwners } from './assess-relationships';
import { buildRelationshipMatrix, type TheirPerson } from './relationship-matrix';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL, parseScoringModel, type ScoringModel } from './scoring-model';
import type { Activity, Contact, Tier } from './types';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000);

const act = (id: string, kind: Activity['kind'], ownerId: string | null, contactIds: string[], ago: number, status: string | null = null): Activity => ({
  id,
  kind,
  occurredAt: daysAgo(ago),
  status,
  direction: kind === 'email' ? 'EMAIL' : null,
  title: null,
  activityType: null,
  contactIds,
  ownerId,
  durationMinutes: null,
});

const theirs: TheirPerson[] = [
  { contactId: '1', name: 'Clara CEO', level: 'executive' },
  { contactId: '2', name: 'Victor VP', level: 'management' },
  { contactId: '3', name: 'Olga Ops', level: 'operational' },
  { contactId: '4', name: 'Bert Buyer', level: 'operational' },
];

// Ours: 100 the account manager, 200 a solutions engineer (both on the portal), 300 a colleague who has left.
const activities: Activity[] = [
  act('a1', 'call', '100', ['2', '3'], 10, 'COMPLETED'),
  act('a1', 'call', '100', ['2', '3'], 10, 'COMPLETED'), // listed twice: counts once
  act('a2', 'meeting', '100', ['2'], 40),
  act('a3', 'email', '200', ['3'], 300), // outside the 180-day window
  act('a4', 'meeting', '300', ['1'], 100),
  act('a5', 'call', '200', ['4'], 5, 'NO_ANSWER'), // not a touch
  act('a6', 'email', null, ['4'], 3), // no owner: no pair
  act('a7', 'meeting', '100', ['999'], 2), // not one of the account's stakeholders
];

const names: Record<string, string> = { '100': 'Ines Müller', '200': 'Sam Engineer' };
const model = (input: unknown): ScoringModel => {
  const parsed = parseScoringModel(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.model;
};

describe('relationship matrix', () => {
  const withLevels = model({ relationships: { our_levels: { '100': 'management', '900': 'executive' } } });
  const matrix = buildRelationshipMatrix({ activities, stakeholders: theirs, knownOwnerIds: new Set(['100', '200', '900']), nameOf: (id) => names[id] ?? null, model: withLevels, nowMs: NOW });

  it('when 3 of ours touched 4 stakeholders, then each pair has its last touch and its touches in the window', () => {
    expect(matrix.pairs).toEqual([
      { ownerId: '100', contactId: '2', lastTouchAt: daysAgo(10), touches: 2 },
      { ownerId: '100', contactId: '3', lastTouchAt: daysAgo(10), touches: 1 },
      { ownerId: '200', contactId: '3', lastTouchAt: daysAgo(300), touches: 0 },
      { ownerId: '300', contactId: '1', lastTouchAt: daysAgo(100), touches: 1 },
    ]);
    expect(matrix.ours).toEqual([
      { ownerId: '100', name: 'Ines Müller', level: 'management', departed: false, lastTouchAt: daysAgo(10), touches: 3 },
      { ownerId: '200', name: 'Sam Engineer', level: null, departed: false, lastTouchAt: daysAgo(300), touches: 0 },
      { ownerId: '300', name: null, level: null, departed: true, lastTouchAt: daysAgo(100), touches: 1 },
    ]);
  });

  it('when the CEO was known only by a colleague who left, our executive met no one and one of ours carries it, then three ranked flags with reasons', () => {
    expect(matrix.flags.map((f) => [f.flag, f.contactIds, f.ownerIds])).toEqual([
      ['departed_only', ['1'], ['300']],
      ['no_executive_contact', ['1'], []],
      ['single_threaded_ours', [], ['100']],
    ]);
    expect(matrix.flags[0]?.reason).toBe('Clara CEO (executive) was known only by owner 300, who has left: no one of ours knows them now');
    expect(matrix.flags[2]?.reason).toContain('Only Ines Müller of ours');
  });

  it('when no one of ours has a level and the portal owners are unknown, then executive contact and departures are unknown, not flagged', () => {
    const m = buildRelationshipMatrix({ activities, stakeholders: theirs, knownOwnerIds: null, nameOf: () => null, model: model({}), nowMs: NOW });
    expect(m.ourLevelsKnown).toBe(false);
    expect(m.ownersKnown).toBe(false);
    // 300 is not known to have left, so two of ours are engaged in the window: no flag at all.
    expect(m.flags).toEqual([]);
  });

  it('when an executive of ours met their executive in the window, then there is no executive-contact flag', () => {
    const m = buildRelationshipMatrix({
      activities: [...activities, act('a8', 'meeting', '900', ['1'], 20)],
      stakeholders: theirs,
      knownOwnerIds: new Set(['100', '200', '900']),
      nameOf: () => null,
      model: withLevels,
      nowMs: NOW,
    });
    expect(m.flags.map((f) => f.flag)).toEqual([]);
  });
});

/*
 * The matrix in the scoring, on a small portfolio with hand-computed flags. Ours: 501 (account manager) and 502
 * (solutions engineer) are on the portal; 79999991 and 79999992 have left. TEST_NOW is 2026-06-15 12:00 UTC.
 */
describe('relationship flags in the scoring of a small portfolio', () => {
  const portal = new Set(['501', '502']);
  const person = (id: string, firstName: string, jobTitle: string, buyingRoles: Contact['buyingRoles'] = []) =>
    aContact({ id, firstName, lastName: 'Test', jobTitle, buyingRoles });
  const touch = (ownerId: string, contactId: string, ago: number) => aMeeting({ ownerId, contactIds: [contactId], occurredAt: fDaysAgo(ago) });
  const account = (id: string, tier: Tier, contacts: Contact[], activities: Activity[]) =>
    withDepartedOwners(anAccount({ company: { id, name: `Account ${id}`, ownerId: '501', stored: { tier, override: tier } }, contacts, activities }), portal);

  // A (tier 1): the CEO (a decision maker) was met only by 79999991, 40 days ago; the champion by both of ours; an
  // analyst only by 79999991 too (not key).
  const a = account('1', 'tier_1', [person('a1', 'Clara', 'CEO', ['DECISION_MAKER']), person('a2', 'Hugo', 'Head of Operations', ['CHAMPION']), person('a3', 'Olga', 'Analyst')], [
    touch('79999991', 'a1', 40),
    touch('501', 'a2', 10),
    touch('502', 'a2', 20),
    touch('79999991', 'a3', 30),
  ]);
  // B (tier 2): only 501 of ours talks to two stakeholders.
  const b = account('2', 'tier_2', [person('b1', 'Dina', 'Director of IT', ['DECISION_MAKER']), person('b2', 'Emil', 'Engineer')], [touch('501', 'b1', 5), touch('501', 'b2', 60)]);
  // C (tier 3): an executive champion known only by 79999992, 10 days ago.
  const c = account('3', 'tier_3', [person('c1', 'Carl', 'VP Finance', ['CHAMPION']), person('c2', 'Cora', 'Buyer')], [touch('79999992', 'c1', 10), touch('501', 'c2', 3)]);
  // D (tier 1): the CFO was known only by 79999991, last met 300 days ago (cold before they left).
  const d = account('4', 'tier_1', [person('d1', 'Dora', 'CFO', ['BUDGET_HOLDER'])], [touch('79999991', 'd1', 300)]);
  const results = new Map([a, b, c, d].map((input) => [input.company.id, scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW)]));
  const flagsOf = (id: string) => results.get(id)?.relationships?.flags.map((f) => [f.flag, f.contactIds, f.ownerIds]);
  const departedGap = (id: string) => results.get(id)?.gaps.find((g) => g.kind === 'departed_contact');

  it('when the scoring input is built, then it names the departed colleagues among the engagement owners only', () => {
    expect([a, b, c, d].map((x) => x.departedOwnerIds)).toEqual([['79999991'], [], ['79999992'], ['79999991']]);
    expect(withDepartedOwners(b, null).departedOwnerIds).toEqual([]);
    expect(withDepartedOwners(anAccount(), null).departedOwnerIds).toBeUndefined();
    expect(withDepartedOwners(anAccount(), new Set()).departedOwnerIds).toBeUndefined();
  });

  it('when the portfolio is scored, then each account carries its matrix and the hand-computed flags', () => {
    expect(flagsOf('1')).toEqual([
      ['departed_only', ['a1'], ['79999991']],
      ['departed_only', ['a3'], ['79999991']],
    ]);
    expect(flagsOf('2')).toEqual([['single_threaded_ours', [], ['501']]]);
    expect(flagsOf('3')).toEqual([
      ['departed_only', ['c1'], ['79999992']],
      ['single_threaded_ours', [], ['501']],
    ]);
    expect(flagsOf('4')).toEqual([['departed_only', ['d1'], ['79999991']]]);
    expect(results.get('1')?.relationships?.ours.map((o) => [o.ownerId, o.departed, o.touches])).toEqual([
      ['501', false, 1],
      ['502', false, 1],
      ['79999991', true, 2],
    ]);
  });

  it('when a key stakeholder was known only by a colleague who left, touched within 180 days on a tier 1–2 account, then that is the one departed-contact gap', () => {
    expect(departedGap('1')).toEqual({
      key: 'departed_contact',
      kind: 'departed_contact',
      contactId: 'a1',
      title: 'Key contact known only by a colleague who left',
      detail:
        'Clara Test (decision maker, executive level) was known only by a colleague (HubSpot owner 79999991) who has left; last touched 2026-05-06 (40 days ago). Introduce yourself or a colleague before the relationship is lost.',
    });
    // B: single-threaded on our side is shown, never a task; C: tier 3 makes no such task; D: the CFO went cold 300 days ago.
    expect([departedGap('2'), departedGap('3'), departedGap('4')]).toEqual([undefined, undefined, undefined]);
    expect([...results.values()].flatMap((r) => r.gaps.map((g) => g.kind))).not.toContain('single_threaded_ours');
  });

  it('when the daily budget ranks gaps, then a key contact known only by a colleague who left comes after a dark champion and before a QBR, one per account', () => {
    expect(gapSeverity('champion_dark')).toBeLessThan(gapSeverity('departed_contact'));
    expect(gapSeverity('departed_contact')).toBeLessThan(gapSeverity('qbr_overdue'));
    const without = model({ tasks: { gap_kinds: { tier_1: ['touch_overdue', 'meeting_overdue', 'qbr_overdue', 'missing_role', 'champion_dark', 'plan_review_overdue'] } } });
    expect(maxGapsPerAccount(DEFAULT_SCORING_MODEL)).toBe(maxGapsPerAccount(without) + 1);
  });

  it('when a colleague still here touches the stakeholder, then the flag and the gap are gone', () => {
    const later = scoreAccount({ ...a, activities: [...a.activities, touch('502', 'a1', 1)] }, DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(later.relationships?.flags.map((f) => f.contactIds)).toEqual([['a3']]);
    expect(later.gaps.some((g) => g.kind === 'departed_contact')).toBe(false);
  });

  it('when the stored input does not say who left (older snapshots), then no departure is flagged', () => {
    const { departedOwnerIds: _, ...older } = a;
    const r = scoreAccount(older, DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(r.relationships?.ownersKnown).toBe(false);
    expect(r.gaps.some((g) => g.kind === 'departed_contact')).toBe(false);
  });

  it('when the task policy leaves departed_contact out for a tier, then the flag stays and no gap is made', () => {
    const m = model({ tasks: { gap_kinds: { tier_1: ['touch_overdue'] } } });
    const r = scoreAccount(a, m, TEST_NOW);
    expect(r.relationships?.flags[0]?.flag).toBe('departed_only');
    expect(r.gaps.some((g) => g.kind === 'departed_contact')).toBe(false);
  });

  it('for any engagements, a departed-contact gap names a key stakeholder whom only colleagues who left touched, and the flags do not depend on order or repeats', () => {
    const owners = ['501', '502', '79999991', '79999992'];
    const contacts = [person('p1', 'Ann', 'CEO'), person('p2', 'Ben', 'Head of Sales', ['CHAMPION']), person('p3', 'Cy', 'Analyst')];
    const arbTouch = fc.record({ owner: fc.constantFrom(...owners), contact: fc.constantFrom('p1', 'p2', 'p3'), ago: fc.integer({ min: 0, max: 400 }) });
    fc.assert(
      fc.property(fc.array(arbTouch, { maxLength: 12 }), fc.constantFrom<Tier>('tier_1', 'tier_2', 'tier_3'), (touches, tier) => {
        const acts = touches.map((t, i) => aMeeting({ id: `m${i}`, ownerId: t.owner, contactIds: [t.contact], occurredAt: fDaysAgo(t.ago) }));
        const input = account('9', tier, contacts, acts);
        const r = scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW);
        const shuffled = scoreAccount({ ...input, activities: [...acts].reverse().concat(acts) }, DEFAULT_SCORING_MODEL, TEST_NOW);
        expect(shuffled.relationships?.flags).toEqual(r.relationships?.flags);
        const gap = r.gaps.find((g) => g.kind === 'departed_contact');
        if (gap === undefined) return;
        expect(tier).not.toBe('tier_3');
        const by = touches.filter((t) => t.contact === gap.contactId);
        expect(by.length).toBeGreaterThan(0);
        expect(by.every((t) => t.owner.startsWith('7999999'))).toBe(true);
        expect(Math.min(...by.map((t) => t.ago))).toBeLessThanOrEqual(180);
        expect(gap.contactId).not.toBe('p3');
      }),
      { numRuns: 200 },
    );
  });
});
