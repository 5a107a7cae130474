/**
 * The API's store-backed use-cases against the real SQLite store and the real engine: settings versions, the
 * settings preview and the portfolio summary.
 */
import { DEFAULT_SCORING_MODEL, parseScoringModel, scoreAccount, scoringModelVersion } from '../../server/src/domain';
import type { AccountInput } from '../../server/src/domain/types';
import { readSettings, saveSettings } from '../../server/src/use-cases/manage-settings';
import { previewSettings } from '../../server/src/use-cases/preview-settings';
import { readPortfolio } from '../../server/src/use-cases/read-portfolio';
import { toCompanyProperties } from '../../server/src/hubspot/to-company-properties';
import { openStore, type Store } from '../../server/src/store';
import { toSnapshot } from '../../server/src/sync/write-accounts';
import { TEST_NOW, aStrategicAccount, anAccount } from '../factories/accounts';

const PORTAL = '246813579';

async function storeWith(inputs: AccountInput[]): Promise<Store> {
  const store = await openStore('sqlite::memory:');
  const snapshots = inputs.map((input) => toSnapshot(PORTAL, input, scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW), TEST_NOW, null, {}));
  await store.saveSnapshots(PORTAL, snapshots);
  return store;
}

const strategic = (id: string, ownerId = 'owner-1') => aStrategicAccount({ company: { id, name: `Strategic ${id}`, ownerId } });
const small = (id: string, ownerId = 'owner-2') => anAccount({ company: { id, name: `Small ${id}`, ownerId } });

describe('settings against the store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await storeWith([]);
  });
  afterEach(async () => {
    await store.close();
  });

  it('when nothing was ever saved, then the defaults are current, with their version and an empty history', async () => {
    const settings = await readSettings(store, PORTAL);
    expect(settings.version).toBe(scoringModelVersion(DEFAULT_SCORING_MODEL));
    expect(settings.model).toEqual(DEFAULT_SCORING_MODEL);
    expect(settings.history).toEqual([]);
  });

  it('when saved from the defaults and then again, then both versions are kept and the newest is current', async () => {
    const defaults = await readSettings(store, PORTAL);
    const first = await saveSettings(store, PORTAL, { thresholds: { tier_1: 75, tier_2: 45 } }, defaults.version, 'a@example.com');
    if (!first.ok) throw new Error(first.error);
    const second = await saveSettings(store, PORTAL, { thresholds: { tier_1: 80, tier_2: 45 } }, first.settings.version, 'b@example.com');
    if (!second.ok) throw new Error(second.error);
    expect(second.settings.history.map((h) => h.savedBy)).toEqual(['b@example.com', 'a@example.com']);
    expect((second.settings.model as typeof DEFAULT_SCORING_MODEL).thresholds.tier_1).toBe(80);
  });

  it('when two people save from the same version, then the second gets version_conflict', async () => {
    const { version } = await readSettings(store, PORTAL);
    const a = await saveSettings(store, PORTAL, { thresholds: { tier_1: 75, tier_2: 45 } }, version, 'a');
    const b = await saveSettings(store, PORTAL, { thresholds: { tier_1: 65, tier_2: 45 } }, version, 'b');
    expect(a.ok).toBe(true);
    expect(b).toMatchObject({ ok: false, error: 'version_conflict' });
  });

  it('when the model is invalid, then invalid_settings with the engine issues and nothing is saved', async () => {
    const { version } = await readSettings(store, PORTAL);
    const outcome = await saveSettings(store, PORTAL, { thresholds: { tier_1: 'high' } }, version, 'a');
    expect(outcome.ok).toBe(false);
    if (outcome.ok || outcome.error !== 'invalid_settings') throw new Error('expected invalid_settings');
    expect(outcome.issues[0]?.path).toBe('thresholds.tier_1');
    expect(await store.listSettingsVersions(PORTAL)).toEqual([]);
  });
});

describe('settings preview against stored inputs', () => {
  it('when the tier-1 threshold rises above every score, then every tier-1 account is counted as tier_1 → tier_2', async () => {
    const store = await storeWith([strategic('1'), strategic('2'), small('3')]);
    const before = await store.listSnapshotSummaries(PORTAL);
    expect(before.filter((s) => s.tier === 'tier_1')).toHaveLength(2);
    const outcome = await previewSettings(store, PORTAL, { thresholds: { tier_1: 99, tier_2: 45 } });
    expect(outcome).toEqual({
      valid: true,
      issues: [],
      preview: { accountsEvaluated: 3, tierChanges: 2, byTransition: [{ from: 'tier_1', to: 'tier_2', count: 2 }] },
    });
    expect((await store.listSnapshotSummaries(PORTAL)).map((s) => s.tier)).toEqual(before.map((s) => s.tier));
    await store.close();
  });

  it('when the model is the current one, then no account changes tier', async () => {
    const store = await storeWith([strategic('1'), small('3')]);
    const outcome = await previewSettings(store, PORTAL, {});
    expect(outcome.preview).toEqual({ accountsEvaluated: 2, tierChanges: 0, byTransition: [] });
    await store.close();
  });

  it('when the capacity policy caps owners at one tier-1 account, then the surplus shows as demotions', async () => {
    const store = await storeWith([strategic('1'), strategic('2'), strategic('3')]);
    const outcome = await previewSettings(store, PORTAL, { capacity: { min: 0, max: 1, policy: 'cap' } });
    expect(outcome.preview).toMatchObject({ tierChanges: 2, byTransition: [{ from: 'tier_1', to: 'tier_2', count: 2 }] });
    await store.close();
  });

  it('when the tier-1 threshold moves above a tier-1 account by less than the hysteresis band, then the preview keeps it in tier 1, as the sync will', async () => {
    // A tier-1 account under a model with a 1-point band, stored as a sync leaves it: HubSpot holds the values written.
    const input = strategic('1');
    const score = scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW).tier.score;
    const synced = parseScoringModel({ thresholds: { tier_1: score - 5, tier_2: 45 }, hysteresis: 1 });
    if (!synced.ok) throw new Error(JSON.stringify(synced.issues));
    const result = scoreAccount(input, synced.model, TEST_NOW);
    expect(result.tier.tier).toBe('tier_1');
    const store = await openStore('sqlite::memory:');
    await store.saveSnapshots(PORTAL, [toSnapshot(PORTAL, input, result, TEST_NOW, null, toCompanyProperties(result))]);
    const band = synced.model.hysteresis;
    const within = await previewSettings(store, PORTAL, { thresholds: { tier_1: score + band / 2, tier_2: 45 }, hysteresis: band });
    expect(within.preview).toEqual({ accountsEvaluated: 1, tierChanges: 0, byTransition: [] });
    const beyond = await previewSettings(store, PORTAL, { thresholds: { tier_1: score + band * 1.5, tier_2: 45 }, hysteresis: band });
    expect(beyond.preview).toEqual({ accountsEvaluated: 1, tierChanges: 1, byTransition: [{ from: 'tier_1', to: 'tier_2', count: 1 }] });
    await store.close();
  });

  it('when an account has an override, then no candidate model changes its tier in the preview', async () => {
    const input = aStrategicAccount({ company: { id: '1', name: 'Strategic 1', ownerId: 'owner-1', stored: { tier: 'tier_1', override: 'tier_1' } } });
    const result = scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW);
    const store = await openStore('sqlite::memory:');
    await store.saveSnapshots(PORTAL, [toSnapshot(PORTAL, input, result, TEST_NOW, null, toCompanyProperties(result))]);
    const outcome = await previewSettings(store, PORTAL, { thresholds: { tier_1: 99, tier_2: 90 }, capacity: { min: 0, max: 1, policy: 'cap' } });
    expect(outcome.preview).toEqual({ accountsEvaluated: 1, tierChanges: 0, byTransition: [] });
    await store.close();
  });

  it('when the candidate is invalid, then valid false with issues and zero counts', async () => {
    const store = await storeWith([strategic('1')]);
    const outcome = await previewSettings(store, PORTAL, { weights: { recurring_revenue: -1 } });
    expect(outcome.valid).toBe(false);
    expect(outcome.issues.length).toBeGreaterThan(0);
    expect(outcome.preview).toEqual({ accountsEvaluated: 0, tierChanges: 0, byTransition: [] });
    await store.close();
  });
});

describe('portfolio summary against the store', () => {
  it('when read, then distribution, lists and owner capacity come from the snapshots, and filters narrow them', async () => {
    const store = await storeWith([strategic('1'), strategic('2'), small('3'), small('4', 'owner-1')]);
    const all = await readPortfolio(store, PORTAL, DEFAULT_SCORING_MODEL, {});
    expect(all.accounts).toBe(4);
    expect(all.tierDistribution.tier_1).toBe(2);
    // No sync has named the owners yet: they show as "Owner <id>".
    expect(all.owners).toEqual([
      { ownerId: 'owner-1', ownerName: 'Owner owner-1', tier1Accounts: 2, min: 5, max: 25, status: 'under' },
      { ownerId: 'owner-2', ownerName: 'Owner owner-2', tier1Accounts: 0, min: 5, max: 25, status: 'under' },
    ]);
    expect(all.singleThreaded.map((a) => a.companyId).sort()).toEqual(['3', '4']);
    expect(all.counts.singleThreaded).toBe(2);

    const owner1Tier1 = await readPortfolio(store, PORTAL, DEFAULT_SCORING_MODEL, { ownerId: 'owner-1', tier: 'tier_1' });
    expect(owner1Tier1.accounts).toBe(2);
    expect(owner1Tier1.filter).toEqual({ ownerId: 'owner-1', tier: 'tier_1' });
    expect(owner1Tier1.owners).toEqual([{ ownerId: 'owner-1', ownerName: 'Owner owner-1', tier1Accounts: 2, min: 5, max: 25, status: 'under' }]);
    // The owner filter of the app page still offers every owner.
    expect(all.ownerIds).toEqual(['owner-1', 'owner-2']);
    expect(owner1Tier1.ownerIds).toEqual(['owner-1', 'owner-2']);
    await store.close();
  });

  it('when the owners were named by a sync, then every owner shows by name (else email), ids beside the names', async () => {
    const store = await storeWith([strategic('1'), small('3')]);
    await store.saveOwners(
      PORTAL,
      [
        { ownerId: 'owner-1', firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com' },
        { ownerId: 'owner-2', firstName: null, lastName: null, email: 'ops@example.com' },
      ],
      TEST_NOW,
    );
    const view = await readPortfolio(store, PORTAL, DEFAULT_SCORING_MODEL);
    expect(view.owners.map((o) => [o.ownerId, o.ownerName])).toEqual([
      ['owner-1', 'Grace Hopper'],
      ['owner-2', 'ops@example.com'],
    ]);
    expect(view.ownerNames).toEqual({ 'owner-1': 'Grace Hopper', 'owner-2': 'ops@example.com' });
    expect(view.singleThreaded.find((a) => a.companyId === '3')).toMatchObject({ ownerId: 'owner-2', ownerName: 'ops@example.com' });
    await store.close();
  });

  it('when scores tie, then the lists order them by company id in numeric order', async () => {
    const store = await storeWith([small('10'), small('9'), small('100')]);
    const view = await readPortfolio(store, PORTAL, DEFAULT_SCORING_MODEL);
    expect(view.singleThreaded.map((a) => a.companyId)).toEqual(['9', '10', '100']);
    await store.close();
  });
});
