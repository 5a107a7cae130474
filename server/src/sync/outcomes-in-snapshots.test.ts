/**
 * Outcomes travel with the stored result (issue #15): saved in the snapshot with their dates intact, and recomputed
 * from the stored input when the sync rescores an account after a model change.
 */
import { aDeal, anAccount, anOpenDeal, daysAgo, daysFromNow, TEST_NOW } from '../../../test/factories/accounts';
import { DEFAULT_SCORING_MODEL, parseScoringModel, scoreAccount, scoreAccountWithOutcomes, scoringModelVersion } from '../domain';
import type { AccountInput, Product } from '../domain/types';
import { openStore, type Store } from '../store';
import { decideStored } from './decide-portfolio';
import { toSnapshot } from './write-accounts';

const PORTAL = '246813579';
const PRODUCTS: Product[] = [{ id: 'p-analytics', name: 'Analytics add-on', price: 1_500, billingFrequency: 'monthly' }];

const input: AccountInput = {
  ...anAccount({
    company: { id: '77', walletSize: 120_000 },
    deals: [
      aDeal({ amount: 50_000, closeDate: daysAgo(400), recurring: true, lineItems: [] }),
      aDeal({ amount: 60_000, closeDate: daysAgo(20), recurring: true, lineItems: [] }),
      anOpenDeal({ closeDate: daysFromNow(30), dealType: 'renewal' }),
    ],
  }),
  feedback: [{ id: 'f1', kind: 'NPS', score: 9, submittedAt: daysAgo(12), contactId: 'c1' }],
};

describe('outcomes in the stored snapshots', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('when a result with outcomes is saved and read back, then its figures and dates come back as they were', async () => {
    const result = scoreAccountWithOutcomes(input, DEFAULT_SCORING_MODEL, TEST_NOW, PRODUCTS);
    await store.saveSnapshots(PORTAL, [toSnapshot(PORTAL, input, result, TEST_NOW, null, {})]);
    const back = await store.getSnapshot(PORTAL, '77');
    const outcomes = back?.result.outcomes;
    expect(outcomes?.renewal.date).toBeInstanceOf(Date);
    expect(outcomes?.renewal.date?.getTime()).toBe(daysFromNow(30).getTime());
    expect(outcomes?.nps.latest?.at).toEqual(daysAgo(12));
    expect(outcomes).toEqual(result.outcomes);
    // NRR 60,000 / 50,000 = 1.2; spend 60,000 of 120,000 → 0.5, headroom 60,000.
    expect(outcomes?.retention.nrr).toBe(1.2);
    expect(outcomes?.wallet).toMatchObject({ share: 0.5, headroom: 60_000, whitespace: [{ name: 'Analytics add-on', listValue: 18_000 }] });
  });

  it('when an account stored before outcomes existed is rescored under a new model, then it gets its outcomes from the stored input', async () => {
    const old = scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW);
    expect(old.outcomes).toBeUndefined();
    await store.saveSnapshots(PORTAL, [toSnapshot(PORTAL, input, old, TEST_NOW, null, {})]);
    const snap = await store.getSnapshot(PORTAL, '77');
    if (!snap) throw new Error('stored');
    const parsed = parseScoringModel({ outcomes: { renewal_window_days: 20 } });
    if (!parsed.ok) throw new Error('parses');
    const { base } = decideStored(snap, parsed.model, scoringModelVersion(parsed.model), PRODUCTS);
    // The renewal in 30 days is now beyond the 20-day window: its date is known, its risk not assessed.
    expect(base.outcomes?.renewal).toMatchObject({ source: 'renewal_deal', risk: null });
    expect(base.outcomes?.retention.grr).toBe(1);
    expect(base.outcomes?.wallet.whitespace.map((w) => w.productId)).toEqual(['p-analytics']);
  });
});
