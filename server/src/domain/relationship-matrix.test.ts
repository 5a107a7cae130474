import { buildRelationshipMatrix, type TheirPerson } from './relationship-matrix';
import { parseScoringModel, type ScoringModel } from './scoring-model';
import type { Activity } from './types';

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
