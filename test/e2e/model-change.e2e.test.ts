/**
 * Issue #11: a saved scoring model reaches every account at the next sync — the nightly incremental one included —
 * and the settings page's preview of a change says exactly which tiers that sync will write.
 *
 * Against the sandbox, as an operator would see it: save a model (the settings use case behind `PUT /settings`), run
 * the next nightly sync, look at the companies in HubSpot.
 */
import type { SandboxRequest } from '../../sandbox';
import { parseScoringModel, scoringModelVersion } from '../../server/src/domain';
import { readSettings, saveSettings } from '../../server/src/use-cases/manage-settings';
import { previewSettings } from '../../server/src/use-cases/preview-settings';
import { canonicalValue, toCompanyProperties } from '../../server/src/hubspot/to-company-properties';
import { WRITTEN_PROPERTY_NAMES } from '../../server/src/hubspot/keyline-properties';
import type { Keyline } from '../../server/src/keyline';
import { runSync } from '../../server/src/sync';
import { setTierOverride } from '../../server/src/use-cases/account-actions';
import { predictTierChanges } from '../../server/src/sync/decide-portfolio';
import { keylineState, keylineTasks, startWorld, type World } from './harness';

// Several syncs of the S and M portfolios against a live sandbox, on a shared machine: no assertion is about time.
jest.setTimeout(900_000);

const COMPANY_UPDATE = /^\/crm\/objects\/2026-09\/companies\/batch\/update$/;

/** Every company id sent in a companies batch update, in order (a company sent twice appears twice). */
function recordCompanyUpdates(): { onRequest: (req: SandboxRequest) => void; sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    onRequest: (req) => {
      if (req.method !== 'POST' || !COMPANY_UPDATE.test(req.path)) return;
      const inputs = (req.body as { inputs?: { id?: unknown }[] } | null)?.inputs ?? [];
      for (const input of inputs) sent.push(String(input.id));
    },
  };
}

/** A model as the settings page edits it: plain JSON, changed field by field in the tests below. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the changes reach into arbitrary model fields
type ModelJson = Record<string, any>;

/** Saves a model change on top of the current model, through the settings use case; returns the new version. */
async function saveChange(k: Keyline, change: (model: ModelJson) => void): Promise<string> {
  const current = await readSettings(k.store, k.portalId);
  const candidate = structuredClone(current.model) as ModelJson;
  change(candidate);
  const saved = await saveSettings(k.store, k.portalId, candidate, current.version, 'ops@example.com');
  if (!saved.ok) throw new Error(`could not save: ${JSON.stringify(saved)}`);
  return String(saved.settings.version);
}

async function candidateFrom(k: Keyline, change: (model: ModelJson) => void): Promise<ModelJson> {
  const candidate = structuredClone((await readSettings(k.store, k.portalId)).model) as ModelJson;
  change(candidate);
  return candidate;
}

/** Company id → (property → canonical value) of every Keyline property that differs between two states. */
function differences(before: Map<string, Record<string, string>>, after: Map<string, Record<string, string>>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [id, now] of after) {
    const was = before.get(id) ?? {};
    const changed = WRITTEN_PROPERTY_NAMES.filter((p) => canonicalValue(p, was[p]) !== canonicalValue(p, now[p]));
    if (changed.length > 0) out.set(id, changed);
  }
  return out;
}

function tierChanges(before: Map<string, Record<string, string>>, after: Map<string, Record<string, string>>) {
  const out: { companyId: string; from: string; to: string }[] = [];
  for (const [companyId, now] of after) {
    const from = before.get(companyId)?.['keyline_tier'] ?? '';
    const to = now['keyline_tier'] ?? '';
    if (from !== to) out.push({ companyId, from, to });
  }
  return out.sort((a, b) => a.companyId.localeCompare(b.companyId));
}

describe('a saved scoring model at the next sync', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when a changed model is saved, then one incremental sync leaves every company on the new model version, reads no unchanged company and writes exactly the values that changed', async () => {
    const updates = recordCompanyUpdates();
    world = await startWorld({ size: 'S', onRequest: updates.onRequest });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    expect(await runSync(k, { mode: 'full' })).toMatchObject({ status: 'succeeded', errors: [] });
    const oldVersion = (await readSettings(k.store, k.portalId)).version;

    const version = await saveChange(k, (m) => {
      m['thresholds'].tier_1 = 62;
      m['weights'].relationship = 30;
    });
    expect(version).not.toBe(oldVersion);
    const before = keylineState(world.sandbox);
    world.sandbox.ledger.reset();
    updates.sent.length = 0;
    const run = await runSync(k, { mode: 'incremental' });
    expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental', errors: [] });
    expect(run.details['modelChanged']).toEqual({ from: oldVersion, to: version });

    // Every company now carries the new model version, and exactly the values the new model computes.
    const after = keylineState(world.sandbox);
    expect(after.size).toBe(200);
    expect([...after.values()].filter((p) => p['keyline_model_version'] !== version)).toEqual([]);
    for (const [id, props] of after) {
      const snap = await k.store.getSnapshot(k.portalId, id);
      const expected = toCompanyProperties(snap!.result);
      for (const name of WRITTEN_PROPERTY_NAMES) {
        expect([id, name, canonicalValue(name, props[name])]).toEqual([id, name, canonicalValue(name, expected[name as keyof typeof expected])]);
      }
    }
    // Nothing changed in HubSpot: no company was read again (no batch reads, associations or touch searches).
    expect(run.counts.companiesRead).toBe(0);
    const endpoints = Object.keys(world.sandbox.ledger.snapshot().byEndpoint);
    // (The task phase reads the open onboarding tasks back by id, track-onboarding.ts: tasks, not companies.)
    expect(endpoints.filter((e) => /batch\/read|\/associations\//.test(e) && !e.endsWith('/tasks/batch/read'))).toEqual([]);
    // Written: each company whose values changed, once, with only its changed values.
    const changed = differences(before, after);
    expect([...updates.sent].sort()).toEqual([...changed.keys()].sort());
    expect(run.counts.companiesWritten).toBe(changed.size);
    expect(run.counts.propertyWrites).toBe([...changed.values()].reduce((n, props) => n + props.length, 0));
    expect([...changed.values()].some((props) => props.includes('keyline_tier'))).toBe(true);
    // The task phase ran as every night (its budget recorded), and no task exists twice.
    expect([...keylineTasks(world.sandbox).values()].filter((t) => t.ids.length > 1)).toEqual([]);
    expect(run.details['taskBudget']).toBeDefined();

    // The next night nothing is left: no rescoring again, no write; and a full reconcile finds the same values.
    updates.sent.length = 0;
    const quiet = await runSync(k, { mode: 'incremental' });
    expect(quiet).toMatchObject({ status: 'succeeded', mode: 'incremental', counts: { propertyWrites: 0 } });
    expect(quiet.details['modelChanged']).toBeUndefined();
    const full = await runSync(k, { mode: 'full' });
    expect(full).toMatchObject({ status: 'succeeded', counts: { propertyWrites: 0 } });
    expect(updates.sent).toEqual([]);
  });

  it('when the run after a model change is stopped in its write phase, then the next run resumes it and every company ends on the new version, none written twice', async () => {
    const updates = recordCompanyUpdates();
    world = await startWorld({ size: 'S', onRequest: updates.onRequest, keyline: { tuning: { readChunk: 100, writePage: 20 } } });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    expect(await runSync(k, { mode: 'full' })).toMatchObject({ status: 'succeeded', errors: [] });
    const version = await saveChange(k, (m) => (m['thresholds'].tier_1 = 62));
    const before = keylineState(world.sandbox);
    updates.sent.length = 0;

    // Stopped (as on shutdown) as soon as its write phase has begun: it keeps its checkpoint.
    const stop = new AbortController();
    const stopped = await runSync(k, { mode: 'incremental', signal: stop.signal, onProgress: (p) => p.phase === 'write' && stop.abort() });
    expect(stopped).toMatchObject({ status: 'paused', mode: 'incremental' });
    const sentBeforeResume = updates.sent.length;
    expect(sentBeforeResume).toBeGreaterThan(0);
    expect(sentBeforeResume).toBeLessThan(before.size);

    const resumed = await runSync(k, { mode: 'incremental' });
    expect(resumed).toMatchObject({ id: stopped.id, status: 'succeeded', errors: [] });
    const after = keylineState(world.sandbox);
    expect([...after.values()].filter((p) => p['keyline_model_version'] !== version)).toEqual([]);
    expect(new Set(updates.sent).size).toBe(updates.sent.length);
    expect([...updates.sent].sort()).toEqual([...differences(before, after).keys()].sort());
  });

  /**
   * For each change, on top of the one before: the preview's per-company tier changes (and its counts, as the API
   * answers them) against the tier changes the next incremental sync writes to the sandbox.
   */
  const CHANGES: { name: string; sizes: readonly ('S' | 'M')[]; change: (m: ModelJson, size: 'S' | 'M') => void }[] = [
    { name: 'the tier thresholds moved', sizes: ['S', 'M'], change: (m) => ((m['thresholds'].tier_1 = 62), (m['thresholds'].tier_2 = 40)) },
    { name: 'a criterion weight changed', sizes: ['S'], change: (m) => (m['weights'].relationship = 35) },
    { name: 'the capacity limit lowered, with the cap policy', sizes: ['S', 'M'], change: (m, size) => (m['capacity'] = { min: 0, max: size === 'S' ? 2 : 12, policy: 'cap' }) },
    { name: 'the tier-1 threshold moved by less than the hysteresis band', sizes: ['S'], change: (m) => (m['thresholds'].tier_1 = 63.5) },
  ];

  // M: the two changes that involve the whole portfolio's shape (thresholds with the band, capacity per owner), to keep
  // its runtime reasonable; its rate windows are shrunk further (the calls do not depend on time).
  for (const size of ['S', 'M'] as const) {
    it(`when several model changes are previewed and saved on the ${size} portfolio, then each preview's tier changes are exactly those the next sync writes`, async () => {
      world = await startWorld({ size, seed: 42, ...(size === 'M' ? { timeScale: 50 } : {}) });
      const k = world.keyline;
      await k.gateway.setup({ lists: false });
      expect(await runSync(k, { mode: 'full' })).toMatchObject({ status: 'succeeded', errors: [] });
      // A person's override stays final whatever the model says
      // (the tier-2 account closest to tier 1, which the lower thresholds would otherwise promote).
      const tier2 = await k.store.listSnapshotSummaries(k.portalId, { tier: 'tier_2' });
      const overridden = tier2.reduce((best, s) => (s.score > best.score ? s : best)).companyId;
      expect(await setTierOverride(k, overridden, 'tier_2')).toMatchObject({ ok: true });

      let demotions = 0;
      for (const { name, change } of CHANGES.filter((c) => c.sizes.includes(size))) {
        const candidate = await candidateFrom(k, (m) => change(m, size));
        const parsed = parseScoringModel(candidate);
        if (!parsed.ok) throw new Error(`${name}: ${JSON.stringify(parsed.issues)}`);
        const predicted = await predictTierChanges(k.store, k.portalId, parsed.model, scoringModelVersion(parsed.model));
        const preview = await previewSettings(k.store, k.portalId, candidate);

        await saveChange(k, (m) => change(m, size));
        const before = keylineState(world.sandbox);
        const run = await runSync(k, { mode: 'incremental' });
        expect([name, run.status, run.mode, run.errors]).toEqual([name, 'succeeded', 'incremental', []]);
        const written = tierChanges(before, keylineState(world.sandbox));

        expect([name, [...predicted.changes].sort((a, b) => a.companyId.localeCompare(b.companyId))]).toEqual([name, written]);
        expect([name, preview.preview.tierChanges, preview.preview.accountsEvaluated]).toEqual([name, written.length, before.size]);
        expect(written.some((c) => c.companyId === overridden)).toBe(false);
        if (name !== 'the tier-1 threshold moved by less than the hysteresis band') expect([name, written.length > 0]).toEqual([name, true]);
        if (name.startsWith('the capacity')) demotions = written.filter((c) => c.from === 'tier_1' && c.to === 'tier_2').length;
      }
      // The capacity change demoted someone (the cap policy acts per owner, as the preview said).
      expect(demotions).toBeGreaterThan(0);
    });
  }
});
