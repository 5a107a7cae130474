/**
 * The model review's use case against the real SQLite store: it reads every stored result, records that it ran, never
 * changes the model, and each suggestion's patch runs through the settings preview as it is.
 */
import { DEFAULT_SCORING_MODEL } from '../../server/src/domain';
import { applyModelPatch } from '../../server/src/domain/review-model';
import { openStore, type Store } from '../../server/src/store';
import { toSnapshot } from '../../server/src/sync/write-accounts';
import { previewSettings } from '../../server/src/use-cases/preview-settings';
import { runModelReview } from '../../server/src/use-cases/review-model';
import { TEST_NOW, anAccount } from '../factories/accounts';
import { anOutcomes, aResultWithOutcomes } from '../factories/outcomes';

const PORTAL = '246813579';

async function storeWithOutcomes(): Promise<Store> {
  const store = await openStore('sqlite::memory:');
  const snapshots = Array.from({ length: 60 }, (_, i) => {
    const id = String(2000 + i);
    const grew = i < 30;
    const input = anAccount({ company: { id, name: `Account ${id}`, ownerId: '7' } });
    const result = aResultWithOutcomes({
      id,
      name: `Account ${id}`,
      ownerId: '7',
      tier: grew ? 'tier_1' : 'tier_2',
      // Product fit separates: every account that grew scored 90 on it, every one that shrank 10.
      points: { product_fit: grew ? 90 : 10 },
      outcomes: anOutcomes(grew ? { prior: 50_000, trailing: 80_000 } : { prior: 50_000, trailing: 20_000 }),
    });
    return toSnapshot(PORTAL, input, result, TEST_NOW, null, {});
  });
  await store.saveSnapshots(PORTAL, snapshots);
  await store.saveOwners(PORTAL, [{ ownerId: '7', firstName: 'Tom', lastName: 'Becker', email: null }], TEST_NOW);
  return store;
}

describe('the model review over the store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await storeWithOutcomes();
  });
  afterEach(async () => {
    await store.close();
  });

  it('when the review runs, then it suggests raising the criterion that separates, records its date, and the model stays as it was', async () => {
    const at = new Date('2026-12-01T09:00:00Z');
    const review = await runModelReview({ store, portalId: PORTAL }, { now: at, by: 'cli' });
    expect(review).toMatchObject({ accounts: 60, withOutcomes: 60, grown: 30, shrunk: 30, previousReview: null, nextDue: '2027-03-01T09:00:00.000Z' });
    expect(review.criteria.find((c) => c.criterion === 'product_fit')).toMatchObject({ auc: 1, grown: 30, shrunk: 30, label: 'Product fit', warning: null });
    expect(review.suggestions.find((s) => s.criterion === 'product_fit')).toMatchObject({ change: 'raise', from: 10, to: 15 });
    expect(await store.lastModelReview(PORTAL)).toEqual({ at, by: 'cli' });
    expect(await store.getCurrentSettings(PORTAL)).toBeNull();

    const again = await runModelReview({ store, portalId: PORTAL }, { now: new Date('2026-12-02T09:00:00Z'), by: 'api' });
    expect(again.previousReview).toBe('2026-12-01T09:00:00.000Z');
  });

  it('when a suggestion is previewed, then the settings preview takes the patched model as it is and evaluates every stored account', async () => {
    const review = await runModelReview({ store, portalId: PORTAL }, { now: new Date('2026-12-01T09:00:00Z'), by: 'cli' });
    const raise = review.suggestions.find((s) => s.criterion === 'product_fit');
    expect(raise).toBeDefined();
    const outcome = await previewSettings(store, PORTAL, applyModelPatch(DEFAULT_SCORING_MODEL, raise?.patch ?? { weights: {} }));
    expect(outcome.valid).toBe(true);
    expect(outcome.preview.accountsEvaluated).toBe(60);
  });
});
