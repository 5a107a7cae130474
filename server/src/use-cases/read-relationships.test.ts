import { relationshipsViewSchema } from '@keyline/contract/relationships-view';
import { buildRelationshipMatrix } from '../domain/relationship-matrix';
import { DEFAULT_SCORING_MODEL } from '../domain/scoring-model';
import type { Activity } from '../domain/types';
import { nameInReason, toRelationshipsView } from './read-relationships';

const NOW = Date.parse('2026-11-20T10:00:00Z');
const meeting = (id: string, ownerId: string, contactId: string, daysAgo: number): Activity => ({
  id,
  kind: 'meeting',
  occurredAt: new Date(NOW - daysAgo * 86_400_000),
  status: 'COMPLETED',
  direction: null,
  title: null,
  activityType: null,
  contactIds: [contactId],
  ownerId,
});
const names: Record<string, string> = { '80000001': 'Ines Müller', '80000002': 'Sam Okafor' };
const nameOf = (id: string | null) => (id === null ? null : (names[id] ?? `Owner ${id}`));

describe('the relationships block of the account view', () => {
  const matrix = buildRelationshipMatrix({
    activities: [meeting('m1', '80000001', 'c1', 10), meeting('m2', '80000001', 'c2', 20), meeting('m3', '79999991', 'c3', 30)],
    stakeholders: [
      { contactId: 'c1', name: 'Clara Chen', level: 'executive' },
      { contactId: 'c2', name: 'Victor Vance', level: 'management' },
      { contactId: 'c3', name: 'Olga Ortiz', level: 'operational' },
    ],
    knownOwnerIds: new Set(['80000001', '80000002']),
    nameOf: () => null,
    model: DEFAULT_SCORING_MODEL,
    nowMs: NOW,
  });
  const view = toRelationshipsView(matrix, nameOf);

  it('when the stored matrix is read, then our people are named as the store knows them, a colleague who left before any sync by id', () => {
    expect(relationshipsViewSchema.parse(view)).toEqual(view);
    expect(view.ours.map((o) => [o.name, o.departed, o.touches])).toEqual([
      ['Ines Müller', false, 2],
      ['Owner 79999991', true, 1],
    ]);
    expect(view.pairs.find((p) => p.contactId === 'c1')).toEqual({ ownerId: '80000001', contactId: 'c1', lastTouchAt: '2026-11-10T10:00:00.000Z', touches: 1 });
  });

  it('when a flag reason names one of ours by id, then the view names them', () => {
    expect(view.flags.map((f) => [f.flag, f.reason])).toEqual([
      ['departed_only', 'Olga Ortiz (operational) was known only by owner 79999991, who has left: no one of ours knows them now'],
      ['single_threaded_ours', 'Only Ines Müller of ours has been in touch with them in the window: the relationship rests on one person'],
    ]);
    expect(nameInReason('met by owner 80000002 and owner 42', nameOf)).toBe('met by Sam Okafor and owner 42');
    // A colleague the store saw before they left keeps their name.
    const known = toRelationshipsView(matrix, (id) => (id === '79999991' ? 'Lena Gone' : nameOf(id)));
    expect(known.ours[1]).toMatchObject({ name: 'Lena Gone', departed: true });
    expect(known.flags[0]?.reason).toContain('known only by Lena Gone, who has left');
  });
});
