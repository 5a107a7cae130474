import type { RelationshipsView } from '@keyline/contract/relationships-view';
import { formatRelationships } from './format-relationships';

const view: RelationshipsView = {
  windowDays: 180,
  ownersKnown: true,
  ourLevelsKnown: false,
  ours: [
    { ownerId: '80000001', name: 'Ines Müller', level: 'management', departed: false, lastTouchAt: '2026-11-10T09:00:00.000Z', touches: 4 },
    { ownerId: '79999991', name: 'Owner 79999991', level: null, departed: true, lastTouchAt: '2026-10-01T09:00:00.000Z', touches: 2 },
  ],
  theirs: [
    { contactId: '501', name: 'Clara Chen', level: 'executive' },
    { contactId: '502', name: 'Victor Vance', level: 'management' },
  ],
  pairs: [
    { ownerId: '79999991', contactId: '501', lastTouchAt: '2026-10-01T09:00:00.000Z', touches: 2 },
    { ownerId: '80000001', contactId: '502', lastTouchAt: '2026-11-10T09:00:00.000Z', touches: 3 },
    { ownerId: '80000001', contactId: '999', lastTouchAt: '2026-11-01T09:00:00.000Z', touches: 1 },
  ],
  flags: [
    { flag: 'departed_only', reason: 'Clara Chen (executive) was known only by owner 79999991, who has left: no one of ours knows them now', ownerIds: ['79999991'], contactIds: ['501'] },
    { flag: 'single_threaded_ours', reason: 'Only Ines Müller of ours has been in touch with them in the window: the relationship rests on one person', ownerIds: ['80000001'], contactIds: [] },
  ],
};

describe('keyline explain: the relationship matrix', () => {
  it('when an account has a matrix, then each of ours is a line with their stakeholders, then the flags with their reasons and what becomes a task', () => {
    expect(formatRelationships(view)).toBe(
      [
        'Relationships (our people × their stakeholders; touches in 180 days):',
        '  Ines Müller (management): Victor Vance (management) 2026-11-10 ×3; contact 999 (unknown level) 2026-11-01 ×1',
        '  Owner 79999991 (level not set, left): Clara Chen (executive) 2026-10-01 ×2',
        '  flags:',
        '  - departed_only: Clara Chen (executive) was known only by owner 79999991, who has left: no one of ours knows them now [a task (departed_contact) when the stakeholder is key and was touched in the window, on the tiers the task policy names]',
        '  - single_threaded_ours: Only Ines Müller of ours has been in touch with them in the window: the relationship rests on one person [shown, never a task]',
        '  (no one of ours has a level: executive-level contact is unknown; set relationships.our_levels)',
      ].join('\n'),
    );
  });

  it('when no one of ours touched them and the owners were not known, then it says so', () => {
    expect(formatRelationships({ ...view, ours: [], pairs: [], flags: [], ownersKnown: false, ourLevelsKnown: true })).toBe(
      [
        'Relationships (our people × their stakeholders; touches in 180 days):',
        '  no call, email or meeting of ours with their stakeholders on record',
        '  flags: none',
        '  (the portal’s owners were not known when scored: colleagues who left cannot be told)',
      ].join('\n'),
    );
  });
});
