/**
 * The reader reads who each engagement was with (engagement → contacts association batch reads, #16), its owner and
 * its length, so the relationship matrix can be built from a real read of the sandbox.
 */
import { buildRelationshipMatrix } from '../../server/src/domain/relationship-matrix';
import { NOW, startWorld, type World } from './harness';

describe('engagements read with their contacts and owners', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ size: 'XS' });
  });
  afterAll(async () => world.close());

  it('when the sync reads accounts, then engagements carry their contacts and owner and the matrix pairs our people with their stakeholders', async () => {
    const ids = world.sandbox.store.list('companies').map((c) => c.id);
    const read = await world.keyline.gateway.readAccounts(ids, { now: NOW, lookbackDays: 365 });
    const accounts = read.accounts.map((a) => a.input);
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.every((a) => a.engagementsRead?.withContacts === true)).toBe(true);
    const activities = accounts.flatMap((a) => a.activities);
    expect(activities.some((a) => a.contactIds.length > 0)).toBe(true);
    expect(activities.some((a) => typeof a.ownerId === 'string')).toBe(true);
    expect(activities.some((a) => a.kind === 'call' && typeof a.durationMinutes === 'number')).toBe(true);

    const owners = await world.keyline.gateway.listOwnerIds();
    const withPairs = accounts.map((a) =>
      buildRelationshipMatrix({
        activities: a.activities,
        stakeholders: a.contacts.map((c) => ({ contactId: c.id, name: c.id, level: 'operational' as const })),
        knownOwnerIds: owners,
        nameOf: () => null,
        model: world.keyline.model,
        nowMs: NOW.getTime(),
      }),
    );
    expect(withPairs.some((m) => m.pairs.length > 0 && m.ours.length > 0)).toBe(true);
  });
});
