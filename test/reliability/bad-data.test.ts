/**
 * Bad data (issue 7, spec §2.1: every input may be missing, null, malformed or contradictory). A corpus of junk —
 * hand-made edge cases plus a seeded generator — is written straight into the sandbox store, then Keyline syncs it,
 * full and incremental. The run completes, scores what it can, says "low confidence" where data is missing, records
 * per-company errors, and every keyline_* value it leaves in HubSpot is valid for its property definition.
 */
import net from 'node:net';
import fc from 'fast-check';
import { DEAL_PIPELINES, startSandbox, type Sandbox } from '../../sandbox';
import { DEFAULT_SCORING_MODEL, explainAccount, scoreAccount } from '../../server/src/domain';
import { hubSpotPipelineSchema, parseObjects } from '../../server/src/hubspot/hubspot-records';
import { KEYLINE_PROPERTIES, type KeylinePropertyDefinition } from '../../server/src/hubspot/keyline-properties';
import { toAccount } from '../../server/src/hubspot/to-account';
import { toCompanyProperties } from '../../server/src/hubspot/to-company-properties';
import { toDeal, toStageIndex } from '../../server/src/hubspot/to-deal';
import { toStakeholder } from '../../server/src/hubspot/to-stakeholder';
import { TOUCH_TYPES, toTouch } from '../../server/src/hubspot/to-touch';
import { planAccountWrites } from '../../server/src/sync/plan-writes';
import { createKeyline, type Keyline } from '../../server/src/keyline';
import { silenceLogger } from '../../server/src/logger';
import { runSync } from '../../server/src/sync';
import type { RunRecord } from '../../server/src/store/store';
import { AS_OF, NOW, TIME_SCALE, configFor } from '../e2e/harness';
import { invalidKeylineValues, problemWith } from './corpus/check-written-values';
import { FIELDS, HUGE_TEXT, JUNK_BY_KIND } from './corpus/junk-values';
import { seedBadData, stirBadData, type BadDataCorpus } from './corpus/generate-bad-data';
import { recordScenario } from './record-scenario';

// Several sync runs over a few thousand junk records on a shared machine: generous (no assertion is about time).
jest.setTimeout(120_000);

interface JunkWorld {
  sandbox: Sandbox;
  keyline: Keyline;
  corpus: BadDataCorpus;
  close(): Promise<void>;
}

async function startJunkWorld(opts: { seed: number; companies: number; nullUnsetProperties: boolean }): Promise<JunkWorld> {
  silenceLogger(true);
  const sandbox = await startSandbox({
    size: 'XS',
    seed: 7,
    asOf: AS_OF,
    rateLimit: { timeScale: TIME_SCALE },
    nullUnsetProperties: opts.nullUnsetProperties,
  });
  const keyline = await createKeyline(configFor(sandbox, 'sqlite::memory:'), { timeScale: TIME_SCALE, now: () => NOW });
  await keyline.gateway.setup({ lists: false });
  const corpus = seedBadData(sandbox.store, { seed: opts.seed, companies: opts.companies, asOf: AS_OF });
  return {
    sandbox,
    keyline,
    corpus,
    close: async () => {
      await keyline.close();
      await sandbox.close();
    },
  };
}

/** Companies of the corpus that were neither scored (no snapshot) nor named in the run's errors: lost silently. */
async function unaccounted(world: JunkWorld, run: RunRecord): Promise<string[]> {
  const named = new Set(run.errors.map((e) => e.companyId));
  const out: string[] = [];
  for (const id of world.corpus.companyIds) {
    if (named.has(id)) continue;
    if (!(await world.keyline.store.getSnapshot(world.keyline.portalId, id))) out.push(id);
  }
  return out;
}

/** The keyline_* values Keyline computed for every scored company (from its snapshots). */
async function computedValues(world: JunkWorld): Promise<Map<string, Record<string, string>>> {
  const out = new Map<string, Record<string, string>>();
  for (const s of await world.keyline.store.listSnapshotSummaries(world.keyline.portalId)) {
    const snap = await world.keyline.store.getSnapshot(world.keyline.portalId, s.companyId);
    if (snap) out.set(s.companyId, toCompanyProperties(snap.result));
  }
  return out;
}

/** Write calls HubSpot refused as invalid (400): Keyline tried to write junk. */
function refusedWrites(sandbox: Sandbox): number {
  let n = 0;
  for (const [key, v] of Object.entries(sandbox.ledger.snapshot().byEndpoint)) {
    if (/batch\/(update|create)$|PATCH /.test(key)) n += v.errors;
  }
  return n;
}

describe('bad data: the hand-made and generated corpus', () => {
  let world: JunkWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('when the portfolio is full of junk, then the full and the incremental sync complete, score every company and write only valid values', async () => {
    world = await startJunkWorld({ seed: 1, companies: 80, nullUnsetProperties: false });
    const { keyline: k, sandbox, corpus } = world;

    const full = await runSync(k, { mode: 'full' });
    expect(full.status).toBe('succeeded');
    expect(full.errors.filter((e) => /not valid|INVALID/i.test(e.message))).toEqual([]);
    expect(await unaccounted(world, full)).toEqual([]);
    const afterFull = invalidKeylineValues(sandbox, await computedValues(world));
    expect(afterFull.invalid).toEqual([]);
    expect(refusedWrites(sandbox)).toBe(0);

    const stirred = stirBadData(sandbox.store, corpus, { seed: 11, asOf: AS_OF });
    const incremental = await runSync(k, { mode: 'incremental' });
    expect(incremental).toMatchObject({ status: 'succeeded', mode: 'incremental' });
    expect(incremental.counts.companiesRead).toBeGreaterThan(0);
    expect(await unaccounted(world, incremental)).toEqual([]);
    const afterIncremental = invalidKeylineValues(sandbox, await computedValues(world));
    expect(afterIncremental.invalid).toEqual([]);
    expect(refusedWrites(sandbox)).toBe(0);

    recordScenario({
      suite: 'bad-data',
      scenario: 'generated + hand-made corpus (seed 1), full then incremental sync',
      checked: 'both runs succeed; every corpus company is scored or named in the run errors; every keyline_* value is valid for its definition; HubSpot refused no write',
      result: `full: ${full.counts.companiesScored} scored, ${full.errors.length} errors; incremental: ${incremental.counts.companiesRead} re-read after ${stirred} junk changes; ${afterFull.checked + afterIncremental.checked} values checked, 0 invalid`,
      passed: true,
      counts: { badRecords: corpus.counts.badRecords + stirred, valuesChecked: afterFull.checked + afterIncremental.checked, invalidValues: 0, junkLeftAsEquivalent: afterIncremental.leftEquivalent },
    });
  });

  it('when every field of a company is null, empty or 100 kB, then it is scored, its junk counts as no data and its values are valid', async () => {
    world = await startJunkWorld({ seed: 2, companies: 0, nullUnsetProperties: true });
    const { keyline: k, sandbox, corpus } = world;
    const run = await runSync(k, { mode: 'full' });
    expect(run.status).toBe('succeeded');

    const confidences: string[] = [];
    for (const id of [corpus.cases.allNull, corpus.cases.allEmpty, corpus.cases.allHuge]) {
      const snap = await k.store.getSnapshot(k.portalId, id);
      expect(snap).not.toBeNull();
      // Fields that are null, empty or junk are no data (never a bad signal): the criteria built on them say so.
      const criteria = new Map<string, { hasData: boolean }>(snap?.result.tier.criteria.map((c) => [c.criterion, c]));
      for (const name of ['product_fit', 'financial_size']) expect([name, criteria.get(name)?.hasData]).toEqual([name, false]);
      expect(['high', 'medium', 'low']).toContain(snap?.result.tier.confidence);
      confidences.push(snap?.result.tier.confidence ?? '?');
      expect(Number.isFinite(snap?.result.tier.score)).toBe(true);
      expect(sandbox.store.get('companies', id)?.properties['keyline_confidence']).toBe(snap?.result.tier.confidence);
    }
    // A 100 kB name is kept as the company's name, but nothing Keyline writes carries it.
    const huge = sandbox.store.get('companies', corpus.cases.allHuge)?.properties ?? {};
    expect((huge['keyline_score_reasons'] ?? '').length).toBeLessThan(2_000);
    const { invalid, checked } = invalidKeylineValues(sandbox, await computedValues(world));
    expect(invalid).toEqual([]);
    // Tasks about them were created (subjects and bodies within HubSpot's 65,536 characters), none refused.
    expect(run.errors).toEqual([]);
    expect(refusedWrites(sandbox)).toBe(0);
    const tasks = sandbox.store.list('tasks').filter((t) => /^keyline:gap=/.test(t.properties['keyline_task_key'] ?? ''));
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) {
      expect((t.properties['hs_task_subject'] ?? '').length).toBeLessThanOrEqual(65_536);
      expect((t.properties['hs_task_body'] ?? '').length).toBeLessThanOrEqual(65_536);
    }

    recordScenario({
      suite: 'bad-data',
      scenario: 'companies, contacts, deals and touches with every field null / empty / 100 kB (HubSpot nulls on)',
      checked: 'companies with nothing usable are scored, their junk fields count as no data (never as a bad signal); no 100 kB value is echoed into a Keyline property or task; no write or task refused; every value valid',
      result: `3 companies scored (confidence ${confidences.join(', ')}: zero deals/contacts count as data — see issue 7 report); ${tasks.length} tasks within 65,536 characters; ${checked} values checked, 0 invalid`,
      passed: true,
      counts: { badRecords: corpus.counts.badRecords, valuesChecked: checked, invalidValues: 0 },
    });
  });

  it('when a company has more than 500 associations of a kind, then association paging reads them all', async () => {
    world = await startJunkWorld({ seed: 3, companies: 0, nullUnsetProperties: false });
    const { keyline: k, sandbox, corpus } = world;
    const id = corpus.cases.manyAssociations;
    const run = await runSync(k, { mode: 'full' });
    expect(run.status).toBe('succeeded');

    const snap = await k.store.getSnapshot(k.portalId, id);
    const expectedContacts = sandbox.store.associations('companies', id, 'contacts').filter((a) => sandbox.store.exists('contacts', a.toObjectId)).length;
    const expectedDeals = sandbox.store.associations('companies', id, 'deals').filter((a) => sandbox.store.exists('deals', a.toObjectId)).length;
    expect(expectedContacts).toBeGreaterThan(500);
    expect(snap?.input.contacts).toHaveLength(expectedContacts);
    expect(snap?.input.deals).toHaveLength(expectedDeals);
    const emails = snap?.input.activities.filter((a) => a.kind === 'email').length ?? 0;
    expect(emails).toBeGreaterThan(500);
    expect(invalidKeylineValues(sandbox, await computedValues(world)).invalid).toEqual([]);

    recordScenario({
      suite: 'bad-data',
      scenario: `company with ${corpus.manyAssociationsShape.contacts} contacts, ${corpus.manyAssociationsShape.emails} emails, ${corpus.manyAssociationsShape.deals} deals (junk roles and amounts)`,
      checked: 'every association is read past the 500-per-record page; the account is scored; values valid',
      result: `${expectedContacts} contacts, ${expectedDeals} deals and ${emails} in-window emails read and scored`,
      passed: true,
      counts: { badRecords: corpus.counts.badRecords },
    });
  });

  it('when associations point at records that never existed or were deleted, and a contact sits on 40 companies, then every company is still scored', async () => {
    world = await startJunkWorld({ seed: 4, companies: 0, nullUnsetProperties: false });
    const { keyline: k, sandbox, corpus } = world;
    const run = await runSync(k, { mode: 'full' });
    expect(run.status).toBe('succeeded');

    const dangling = await k.store.getSnapshot(k.portalId, corpus.cases.danglingAssociations);
    expect(dangling).not.toBeNull();
    expect(dangling?.input.contacts.map((c) => c.id)).toEqual([]);
    expect(dangling?.input.deals).toEqual([]);
    for (const companyId of corpus.cases.sharedContactCompanies) {
      const snap = await k.store.getSnapshot(k.portalId, companyId);
      expect(snap?.input.contacts.some((c) => c.id === corpus.cases.sharedContact)).toBe(true);
    }
    expect(invalidKeylineValues(sandbox, await computedValues(world)).invalid).toEqual([]);
    expect(refusedWrites(sandbox)).toBe(0);

    recordScenario({
      suite: 'bad-data',
      scenario: 'associations to never-created / archived contacts, deals, emails, meetings; an owner who left; one contact on 40 companies',
      checked: 'the company with dangling links is scored without them; the shared contact counts on every company; no refused write',
      result: `${corpus.counts.danglingAssociations} dangling associations skipped; shared contact on ${corpus.cases.sharedContactCompanies.length} companies`,
      passed: true,
      counts: { badRecords: corpus.counts.badRecords },
    });
  });
});

describe('bad data: the network guard of these suites', () => {
  it('when a test tries to reach a host other than loopback, then the connection is refused before it is made', () => {
    expect(() => net.connect(443, '93.184.216.34')).toThrow(/network blocked/);
    expect(() => net.connect({ host: 'api.hubapi.com', port: 443 })).toThrow(/network blocked/);
  });
});

describe('bad data: the edge, fuzzed (fast-check)', () => {
  const stages = toStageIndex(DEAL_PIPELINES.map((p) => hubSpotPipelineSchema.parse({ id: p.id, stages: p.stages.map((st) => ({ id: st.id, label: st.label, metadata: { isClosed: String(st.isClosed), probability: String(st.probability) } })) })));
  /** A raw record as HubSpot might send it: any JSON at all in the properties Keyline reads, corpus junk included. */
  const rawRecord = (type: keyof typeof FIELDS) =>
    fc.record({
      id: fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }).map(String), fc.constantFrom('abc', '', '-1', '1e3')),
      properties: fc.oneof(
        fc.record(
          Object.fromEntries(
            Object.entries(FIELDS[type]).map(([name, kind]) => [name, fc.oneof(fc.constantFrom(...JUNK_BY_KIND[kind]), fc.jsonValue(), fc.string({ unit: 'grapheme' }))]),
          ),
          { requiredKeys: [] },
        ),
        fc.constantFrom(null, 'junk', [], 42),
      ),
      archived: fc.oneof(fc.boolean(), fc.constant('yes')),
    });

  it('when any JSON arrives in any field Keyline reads, then parsing, mapping and scoring never throw and every value to write is valid', () => {
    let records = 0;
    fc.assert(
      fc.property(
        rawRecord('companies'),
        fc.array(rawRecord('contacts'), { maxLength: 4 }),
        fc.array(rawRecord('deals'), { maxLength: 4 }),
        fc.array(fc.tuple(fc.constantFrom(...TOUCH_TYPES), fc.oneof(rawRecord('calls'), rawRecord('emails'), rawRecord('meetings'))), { maxLength: 6 }),
        (company, contacts, deals, touches) => {
          records += 1 + contacts.length + deals.length + touches.length;
          const [c] = parseObjects([company]).records;
          if (!c) return; // an unreadable company is reported by id, not mapped (hubspot-records.ts)
          const input = {
            company: toAccount(c),
            contacts: parseObjects(contacts).records.map((r) => toStakeholder(r, ['Champion', '', '🦄'])),
            deals: parseObjects(deals).records.map((r) => toDeal(r, stages)),
            activities: touches.flatMap(([type, raw]) => parseObjects([raw]).records.map((r) => toTouch(r, type))),
          };
          const result = scoreAccount(input, DEFAULT_SCORING_MODEL, NOW);
          const values = toCompanyProperties(result) as Record<string, string>;
          for (const def of KEYLINE_PROPERTIES as readonly KeylinePropertyDefinition[]) {
            if (def.humanOwned) continue;
            expect([def.name, problemWith(def, values[def.name])]).toEqual([def.name, null]);
          }
          expect(typeof explainAccount(result)).toBe('string');
        },
      ),
      { seed: 7, numRuns: 300 },
    );
    recordScenario({
      suite: 'bad-data',
      scenario: 'fast-check: any JSON (corpus junk, random graphemes, nested values) in every field of company, contacts, deals, touches (300 runs, seed 7)',
      checked: 'zod parsing, the mappers and scoring never throw; every keyline_* value to write is valid for its definition',
      result: `${records} raw records mapped and scored; 0 exceptions; 0 invalid values`,
      passed: true,
      counts: { badRecords: records },
    });
  });

  it('when a company name is 100 kB long, then the planned task subject and body stay within HubSpot\'s 65,536 characters and the task keeps its identity', () => {
    const [raw] = parseObjects([{ id: '42', properties: { name: HUGE_TEXT, createdate: '2020-01-01T00:00:00.000Z' } }]).records;
    if (!raw) throw new Error('unreadable');
    const result = scoreAccount({ company: toAccount(raw), contacts: [], deals: [], activities: [] }, DEFAULT_SCORING_MODEL, NOW);
    const plan = planAccountWrites(result, {}, [], { knownOwnerIds: new Set(), fallbackOwnerId: null, now: NOW, createFor: () => true });
    expect(plan.create.length).toBeGreaterThan(0);
    for (const t of plan.create) {
      expect(t.subject.length).toBeLessThanOrEqual(300);
      expect(t.body.length).toBeLessThanOrEqual(65_536);
      expect(t.marker).toBe(`keyline:gap=42/${t.gapKey}`); // sent as the task property keyline_task_key
      expect(t.body).not.toContain(t.marker);
      expect(t.subject).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no half emoji at the cut
    }
  });
});
