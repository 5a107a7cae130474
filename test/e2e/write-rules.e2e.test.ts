/**
 * A portal whose admin made a property required on tier-1 accounts: from 2026-09 HubSpot enforces such rules on API
 * writes too. A refused company is a per-company outcome, never a failed run: it keeps what HubSpot held, the run
 * record and `explain` say which rule refused what, the rest of its batch is written, and it is not sent again in a
 * loop (once more the next night, when the rule may have changed).
 */
import type { SandboxRequest, WriteRule } from '../../sandbox';
import { HUBSPOT_API_VERSION } from '../../server/src/hubspot/api-version';
import { runSync } from '../../server/src/sync';
import { formatRunProblems } from '../../server/src/cli/format-explain';
import { lastRunProblems } from '../../server/src/sync/write-problems';
import { keylineState, startWorld, type World } from './harness';

jest.setTimeout(180_000);

const RULE: WriteRule = {
  kind: 'required',
  objectType: 'companies',
  property: 'domain',
  when: { property: 'keyline_tier', equals: 'tier_1' },
  message: 'Tier 1 accounts need a domain on file',
};
const UPDATE = `/crm/objects/${HUBSPOT_API_VERSION}/companies/batch/update`;

describe('the portal’s validation rules', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when a rule refuses the tier-1 companies without a domain, then only those keep their values, the run succeeds and says why, and each was sent a bounded number of times', async () => {
    const sends = new Map<string, number>();
    const onRequest = (req: SandboxRequest) => {
      if (req.method !== 'POST' || req.path !== UPDATE) return;
      for (const input of (req.body as { inputs: { id: string }[] }).inputs) sends.set(input.id, (sends.get(input.id) ?? 0) + 1);
    };
    world = await startWorld({ size: 'S', writeRules: [RULE], onRequest });
    const { sandbox, keyline: k } = world;
    await k.gateway.setup({ lists: false });
    const withoutDomain = sandbox.store.list('companies').slice(0, 60).map((c) => c.id);
    for (const id of withoutDomain) sandbox.store.update('companies', id, { domain: '' });

    const run = await runSync(k, { mode: 'full' });

    expect(run.status).toBe('succeeded');
    const refused = run.errors.filter((e) => e.refused !== undefined);
    expect(refused.length).toBeGreaterThan(0);
    const refusedIds = new Set(refused.map((e) => e.companyId as string));
    const state = keylineState(sandbox);
    for (const summary of await k.store.listSnapshotSummaries(k.portalId)) {
      const wouldBeTier1WithoutDomain = summary.tier === 'tier_1' && withoutDomain.includes(summary.companyId);
      expect(refusedIds.has(summary.companyId)).toBe(wouldBeTier1WithoutDomain);
      // A refused company keeps what HubSpot held (nothing yet); every other company holds its computed tier.
      expect(state.get(summary.companyId)?.['keyline_tier']).toBe(wouldBeTier1WithoutDomain ? undefined : summary.tier);
      if (wouldBeTier1WithoutDomain) expect((await k.store.getSnapshot(k.portalId, summary.companyId))?.writtenValues['keyline_tier'] ?? null).toBeNull();
    }
    for (const e of refused) expect(e.refused).toEqual([{ property: 'domain', rule: 'REQUIRED_PROPERTY', message: RULE.message }]);
    expect(run.errors.filter((e) => e.refused === undefined)).toEqual([]);
    // Isolated by halving its batch (≤ 100): at most 1 + log2(100) sends, never a loop.
    for (const id of refusedIds) expect(sends.get(id)).toBeLessThanOrEqual(8);
    // The audit (written ahead of each batch) marks the refused companies' values refused, never applied; every
    // other row is applied.
    const audit = await k.store.listAudit(k.portalId, { runId: run.id, limit: 100_000 });
    expect(new Set(audit.filter((e) => e.status === 'refused').map((e) => e.companyId))).toEqual(refusedIds);
    expect(audit.filter((e) => e.status === 'applied' && refusedIds.has(e.companyId))).toEqual([]);
    expect(audit.filter((e) => e.status !== 'applied' && !refusedIds.has(e.companyId))).toEqual([]);

    const someone = [...refusedIds][0] as string;
    const problems = await lastRunProblems(k.store, k.portalId, someone);
    expect(problems?.runId).toBe(run.id);
    expect(formatRunProblems(problems as NonNullable<typeof problems>)).toMatch(/domain: REQUIRED_PROPERTY — Tier 1 accounts need a domain on file/);

    // The next night: refused once more (the rule still holds), each input again at most 1 + log2(100) times.
    sends.clear();
    const next = await runSync(k, { mode: 'incremental' });
    expect(next.status).toBe('succeeded');
    expect(new Set(next.errors.filter((e) => e.refused).map((e) => e.companyId))).toEqual(refusedIds);
    for (const id of refusedIds) expect(sends.get(id)).toBeLessThanOrEqual(8);

    // Once the admin relaxes the rule, the following night writes them.
    sandbox.setWriteRules([]);
    const after = await runSync(k, { mode: 'incremental' });
    expect(after.errors).toEqual([]);
    for (const id of refusedIds) expect(keylineState(sandbox).get(id)?.['keyline_tier']).toBe('tier_1');
    expect(await lastRunProblems(k.store, k.portalId, someone)).toBeNull();
  });
});
