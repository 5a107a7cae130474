/**
 * The account view's attention block (issue #16, part 1) on a small portfolio with hand-computed shares: recorded at
 * the end of a sync (one record per account), read by key for the card, and equal to what the report measures.
 */
import { accountViewSchema } from '@keyline/contract/account-view';
import { DEFAULT_SCORING_MODEL, scoreAccount } from '../../server/src/domain';
import type { AccountInput } from '../../server/src/domain/types';
import { toAccountView } from '../../server/src/http/to-account-view';
import { openStore, type Store } from '../../server/src/store';
import { recordAttention } from '../../server/src/sync/record-account-attention';
import { toSnapshot } from '../../server/src/sync/write-accounts';
import { readAccount } from '../../server/src/use-cases/read-account';
import { readAttention } from '../../server/src/use-cases/read-attention';
import { TEST_NOW, aDeal, aMeeting, anAccount, anEmail, daysAgo } from '../factories/accounts';

const PORTAL = '246813579';

// Ana (101) owns Big and Small, Ben (102) owns Quiet; Nobody's has no owner. Emails count 5 min, a meeting without a
// duration 30 min (the model's defaults).
//   Big:   Ana 60-min meeting + email = 65 min (2 touches); Ben 30-min meeting = 30 min. Won 100k: all of Ana's book value.
//   Small: Ana meeting without duration + email = 35 min. Nothing won.
//   Ana: 65 + 35 = 100 min → Big 65% of her time for 100% of her book's value; Small 35% for 0% (over-served).
//   Ben: 30 min, all on Big (a colleague's account) → Quiet 0% of his time; his book is worth nothing (no value share).
const inputs: AccountInput[] = [
  anAccount({
    company: { id: '1', name: 'Big', ownerId: '101' },
    deals: [aDeal({ amount: 100_000, closeDate: daysAgo(30) })],
    activities: [aMeeting({ ownerId: '101', durationMinutes: 60 }), anEmail({ ownerId: '101' }), aMeeting({ ownerId: '102', durationMinutes: 30 })],
  }),
  anAccount({ company: { id: '2', name: 'Small', ownerId: '101' }, activities: [aMeeting({ ownerId: '101' }), anEmail({ ownerId: '101' })] }),
  anAccount({ company: { id: '3', name: 'Quiet', ownerId: '102' } }),
  anAccount({ company: { id: '4', name: 'Nobody', ownerId: null } }),
];

async function storedPortfolio(): Promise<Store> {
  const store = await openStore('sqlite::memory:');
  await store.saveSnapshots(PORTAL, inputs.map((i) => toSnapshot(PORTAL, i, scoreAccount(i, DEFAULT_SCORING_MODEL, TEST_NOW), TEST_NOW, null, {})));
  await store.saveOwners(PORTAL, [{ ownerId: '101', firstName: 'Ana', lastName: 'Lima', email: null }, { ownerId: '102', firstName: 'Ben', lastName: 'Ode', email: null }], TEST_NOW);
  return store;
}

async function attentionOf(store: Store, companyId: string) {
  const lookup = await readAccount({ store, portalId: PORTAL }, companyId);
  if (!lookup.ok) throw new Error(lookup.error);
  return accountViewSchema.parse(toAccountView(lookup.account)).attention;
}

describe('the account view’s attention block', () => {
  let store: Store;
  beforeEach(async () => {
    store = await storedPortfolio();
  });
  afterEach(async () => {
    await store.close();
  });

  it('when no sync has measured attention yet, then the view has no attention block (not a zero share)', async () => {
    expect(await attentionOf(store, '1')).toBeUndefined();
  });

  it("when the sync has recorded attention, then the account's share of its owner's time matches the hand-computed one, with who else spends time on it", async () => {
    await expect(recordAttention({ store, portalId: PORTAL }, DEFAULT_SCORING_MODEL, new Set(['101', '102']), TEST_NOW)).resolves.toEqual({ accounts: 4 });
    const big = await attentionOf(store, '1');
    expect(big).toEqual({
      measuredAt: TEST_NOW.toISOString(),
      windowDays: 90,
      ownerId: '101',
      ownerName: 'Ana Lima',
      attentionShare: 0.65,
      valueShare: 1,
      ownerMinutes: 65,
      ownerTouches: 2,
      ownerTotalMinutes: 100,
      ownerHoursPerWeek: 0.13, // 100 min / 60 / (90 / 7) weeks
      capacityHoursPerWeek: 20,
      ownerTier1Count: 0,
      ownerTier1Max: 25,
      ownerOverCapacity: false,
      ownerDeparted: false,
      accountMinutes: 95,
      accountHoursPerWeek: 0.12, // 95 min / 60 / (90 / 7)
      others: [{ personId: '102', name: 'Ben Ode', minutes: 30, touches: 1 }],
      service: 'balanced',
      reason: null,
      confidence: 'high',
    });
    const small = await attentionOf(store, '2');
    expect(small).toMatchObject({ attentionShare: 0.35, valueShare: 0, ownerMinutes: 35, service: 'over_served', confidence: 'high' });
    expect(small?.reason).toBe("over-served: 35% of the owner's time for 0% of the book's value");
  });

  it('when data is missing (a book worth nothing known, no owner), then the share is null with a lower confidence and a neutral reason, never a bad verdict', async () => {
    await recordAttention({ store, portalId: PORTAL }, DEFAULT_SCORING_MODEL, new Set(['101', '102']), TEST_NOW);
    const quiet = await attentionOf(store, '3');
    expect(quiet).toMatchObject({ ownerName: 'Ben Ode', attentionShare: 0, valueShare: null, ownerTotalMinutes: 30, service: 'unknown', confidence: 'medium' });
    expect(quiet?.reason).toBe("the book's value is unknown (no won revenue), so no value share");
    const nobody = await attentionOf(store, '4');
    expect(nobody).toMatchObject({ ownerId: null, attentionShare: null, valueShare: null, service: 'unknown', confidence: 'low', reason: 'no owner: nobody to measure a share of' });
  });

  it('when the owner has left the portal, then the reason says the account needs a new owner', async () => {
    await recordAttention({ store, portalId: PORTAL }, DEFAULT_SCORING_MODEL, new Set(['102']), TEST_NOW);
    const big = await attentionOf(store, '1');
    expect(big).toMatchObject({ ownerDeparted: true, ownerOverCapacity: false });
    expect(big?.reason).toContain('the owner has left the portal: the account needs a new owner');
  });

  it("when the report measures the same portfolio, then every account's shares equal the card's", async () => {
    await recordAttention({ store, portalId: PORTAL }, DEFAULT_SCORING_MODEL, new Set(['101', '102']), TEST_NOW);
    const report = await readAttention(store, PORTAL, DEFAULT_SCORING_MODEL, TEST_NOW, new Set(['101', '102']));
    for (const owner of report.owners) {
      for (const a of owner.accounts.filter((x) => x.owned)) {
        expect(await attentionOf(store, a.companyId)).toMatchObject({ ownerId: owner.ownerId, valueShare: a.valueShare, ownerMinutes: a.minutes, ownerOverCapacity: owner.overCapacity });
        expect((await attentionOf(store, a.companyId))?.attentionShare).toBe(owner.totalMinutes > 0 ? a.attentionShare : null);
      }
    }
  });

  it('when a later sync measures again, then its records replace the earlier ones (an account gone leaves no row)', async () => {
    await recordAttention({ store, portalId: PORTAL }, DEFAULT_SCORING_MODEL, new Set(['101', '102']), TEST_NOW);
    await store.deleteSnapshots(PORTAL, ['2']);
    const later = new Date(TEST_NOW.getTime() + 86_400_000);
    await recordAttention({ store, portalId: PORTAL }, DEFAULT_SCORING_MODEL, new Set(['101', '102']), later);
    expect(await store.getAccountAttention(PORTAL, '2')).toBeNull();
    // Without Small, Big holds all of Ana's 65 minutes (the email and meeting are still within the window a day later).
    expect(await attentionOf(store, '1')).toMatchObject({ measuredAt: later.toISOString(), attentionShare: 1, valueShare: 1, ownerTotalMinutes: 65 });
  });
});
