import { Alert, Table, Text } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import type { RelationshipsView } from '@keyline/contract/relationships-view';
import { KeylineAccountTab } from '../keyline-account-tab';
import { Relationships } from '../sections/relationships';
import { anAccountView } from '../../test-support/account-view-fixtures';
import { respond, spyOnFetch, textOf, WAIT } from '../../test-support/fetch-mocks';

function aRelationships(over: Partial<RelationshipsView> = {}): RelationshipsView {
  return {
    windowDays: 180,
    ownersKnown: true,
    ourLevelsKnown: false,
    ours: [
      { ownerId: '80000001', name: 'Ines Müller', level: 'management', departed: false, lastTouchAt: '2026-11-10T09:00:00.000Z', touches: 6 },
      { ownerId: '79999991', name: 'Owner 79999991', level: null, departed: true, lastTouchAt: '2026-10-01T09:00:00.000Z', touches: 2 },
    ],
    theirs: [
      { contactId: '501', name: 'Clara Chen', level: 'executive' },
      { contactId: '502', name: 'Victor Vance', level: 'management' },
      { contactId: '503', name: 'Olga Ortiz', level: 'operational' },
      { contactId: '504', name: 'Bert Brown', level: 'operational' },
    ],
    pairs: [
      { ownerId: '79999991', contactId: '501', lastTouchAt: '2026-10-01T09:00:00.000Z', touches: 2 },
      { ownerId: '80000001', contactId: '502', lastTouchAt: '2026-11-10T09:00:00.000Z', touches: 3 },
      { ownerId: '80000001', contactId: '503', lastTouchAt: '2026-11-01T09:00:00.000Z', touches: 1 },
      { ownerId: '80000001', contactId: '504', lastTouchAt: '2026-10-20T09:00:00.000Z', touches: 1 },
      { ownerId: '80000001', contactId: '501', lastTouchAt: '2026-01-20T09:00:00.000Z', touches: 0 },
    ],
    flags: [
      { flag: 'departed_only', reason: 'Clara Chen (executive) was known only by owner 79999991, who has left: no one of ours knows them now', ownerIds: ['79999991'], contactIds: ['501'] },
      { flag: 'single_threaded_ours', reason: 'Only Ines Müller of ours has been in touch with them in the window: the relationship rests on one person', ownerIds: ['80000001'], contactIds: [] },
    ],
    ...over,
  };
}

function renderSection(relationships: RelationshipsView | undefined) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(<Relationships account={anAccountView(relationships === undefined ? {} : { relationships })} />);
  return renderer;
}

afterEach(() => jest.restoreAllMocks());

describe('the Relationships section', () => {
  test('when the account has a matrix, then our people × their stakeholders show with levels, last touch per pair, and who left', () => {
    const { findByTestId } = renderSection(aRelationships());
    const text = textOf(findByTestId(Table, 'relationship-matrix'));
    expect(text).toContain('Ines Müller');
    expect(text).toContain('Management');
    expect(text).toContain('Victor Vance (Management) — 2026-11-10, 3×');
    expect(text).toContain('Owner 79999991');
    expect(text).toContain('Left');
    expect(text).toContain('Clara Chen (Executive) — 2026-10-01, 2×');
    // Three stakeholders per person, newest first, then "N more".
    expect(text).toContain('1 more');
    expect(text).not.toContain('2026-01-20');
  });

  test('when there are flags, then each shows with its reason, the departed colleague first', () => {
    const { findAll } = renderSection(aRelationships());
    const alerts = findAll(Alert);
    expect(alerts.map((a) => a.props.title)).toEqual(['Known only by a colleague who left', 'Single-threaded on our side']);
    expect(textOf(alerts[0] as never)).toContain('was known only by owner 79999991, who has left');
  });

  test('when more of ours and more flags than fit, then the card says how many more', () => {
    const ours = Array.from({ length: 7 }, (_, i) => ({ ownerId: `8000000${i}`, name: `Person ${i}`, level: null, departed: false, lastTouchAt: null, touches: 0 }));
    const flags = Array.from({ length: 5 }, (_, i) => ({ flag: 'departed_only' as const, reason: `reason ${i}`, ownerIds: [], contactIds: [String(i)] }));
    const { findByTestId, findAll } = renderSection(aRelationships({ ours, flags, pairs: [] }));
    expect(textOf(findByTestId(Text, 'relationships-more'))).toBe('2 more of ours');
    expect(textOf(findByTestId(Text, 'relationship-flags-more'))).toBe('2 more flags');
    expect(findAll(Alert)).toHaveLength(3);
  });

  test('when the account was stored before the matrix, then the section shows nothing', () => {
    const { findAll } = renderSection(undefined);
    expect(findAll(Table)).toHaveLength(0);
    expect(findAll(Alert)).toHaveLength(0);
  });

  test('when the Keyline tab loads an account with a matrix, then the section is on the tab', async () => {
    spyOnFetch().mockResolvedValue(respond(200, anAccountView({ relationships: aRelationships() })));
    const renderer = createRenderer('crm.record.tab');
    renderer.render(<KeylineAccountTab context={{ crm: { objectId: 123, objectTypeId: '0-2' }, portal: { id: 42, timezone: 'UTC' } } as never} actions={{} as never} />);
    await renderer.waitFor(() => expect(renderer.findByTestId(Table, 'relationship-matrix')).toBeDefined(), WAIT);
  });
});
