/**
 * Keyline against the sandbox, told as an account team's nights: setup, the first full sync, a quiet night, a touch
 * logged, an override, a dry run, a daily limit.
 */
import { canonicalValue, toCompanyProperties } from '../../server/src/hubspot/to-company-properties';
import { WRITTEN_PROPERTY_NAMES } from '../../server/src/hubspot/keyline-properties';
import { runSync } from '../../server/src/sync';
import { setTierOverride, createFollowUpTask, recomputeAccount, followUpKey } from '../../server/src/use-cases/account-actions';
import { keylineState, keylineTasks, startWorld, writeCalls, NOW, type World } from './harness';

// Several sync runs against a live sandbox: generous on a shared, busy CI machine (no assertion is about time).
jest.setTimeout(180_000);

describe('keyline against the sandbox', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when setup runs twice, then the second run changes nothing', async () => {
    world = await startWorld();
    const first = await world.keyline.gateway.setup({ lists: true });
    expect(first.group).toBe('created');
    expect(first.properties.every((p) => p.outcome === 'created')).toBe(true);
    expect(first.lists.map((l) => l.outcome)).toEqual(['created', 'created', 'created', 'created']);
    world.sandbox.ledger.reset();
    const second = await world.keyline.gateway.setup({ lists: true });
    expect(second.group).toBe('unchanged');
    expect(second.properties.every((p) => p.outcome === 'unchanged')).toBe(true);
    expect(second.lists.map((l) => l.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(writeCalls(world.sandbox)).toEqual({});
  });

  it('when a same-named property of another type exists, then setup refuses with a clear message and creates nothing', async () => {
    world = await startWorld();
    await world.keyline.gateway.setup({ lists: false });
    // Someone turned keyline_score into text.
    const hs = world.keyline.gateway;
    await expect(
      (async () => {
        const res = await fetch(`${world.sandbox.baseUrl}/crm/properties/2026-09/companies/keyline_score`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${world.sandbox.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ type: 'string', fieldType: 'text' }),
        });
        if (res.status >= 400) throw new Error(`could not retype: ${res.status}`);
        return hs.setup({ lists: false });
      })(),
    ).rejects.toThrow(/keyline_score.*already exists with type "string".*needs type "number"/);
  });

  it('when the first full sync runs, then every company holds exactly the computed properties and the override is never written', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    world.sandbox.ledger.reset();
    const run = await runSync(k, { mode: 'full' });
    expect(run.status).toBe('succeeded');
    expect(run.counts.companiesRead).toBe(world.sandbox.store.count('companies'));
    const state = keylineState(world.sandbox);
    for (const summary of await k.store.listSnapshotSummaries(k.portalId)) {
      const snap = await k.store.getSnapshot(k.portalId, summary.companyId);
      const expected = toCompanyProperties(snap!.result);
      const actual = state.get(summary.companyId) ?? {};
      for (const name of WRITTEN_PROPERTY_NAMES) {
        expect([name, canonicalValue(name, actual[name])]).toEqual([name, canonicalValue(name, expected[name as keyof typeof expected])]);
      }
      expect(actual['keyline_tier_override']).toBeUndefined();
    }
    expect(Object.values(run.apiCalls).reduce((a, b) => a + b, 0)).toBe(world.sandbox.ledger.snapshot().total);
    // One open task per company and gap, and nothing else.
    const tasks = keylineTasks(world.sandbox);
    expect([...tasks.values()].every((t) => t.ids.length === 1)).toBe(true);
    expect(tasks.size).toBe(run.counts.tasksCreated);
  });

  it('when nothing changed in HubSpot, then the next run makes zero writes and creates zero tasks', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    await runSync(k, { mode: 'full' });
    world.sandbox.ledger.reset();
    const full = await runSync(k, { mode: 'full' });
    expect(full.counts).toMatchObject({ propertyWrites: 0, tasksCreated: 0, tasksClosed: 0 });
    const incremental = await runSync(k, { mode: 'incremental' });
    expect(incremental.mode).toBe('incremental');
    expect(incremental.counts).toMatchObject({ propertyWrites: 0, tasksCreated: 0, tasksClosed: 0 });
    expect(writeCalls(world.sandbox)).toEqual({});
  });

  it('when a touch is logged with the company, then the next incremental run closes the Keyline task with a note', async () => {
    world = await startWorld({ size: 'S' });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    const first = await runSync(k, { mode: 'full' });
    expect(first).toMatchObject({ status: 'succeeded', errors: [] });
    // A company with an open "touch overdue" task.
    let target: { companyId: string; taskId: string } | null = null;
    for (const s of await k.store.listSnapshotSummaries(k.portalId)) {
      const t = (await k.store.listOpenTasks(k.portalId, s.companyId)).find((x) => x.gapKey === 'touch_overdue' && x.taskId);
      if (t) {
        target = { companyId: s.companyId, taskId: t.taskId as string };
        break;
      }
    }
    expect(target).not.toBeNull();
    const { companyId, taskId } = target!;
    const contact = world.sandbox.store.associations('companies', companyId, 'contacts')[0];
    world.sandbox.store.create(
      'calls',
      { hs_timestamp: new Date(NOW.getTime() - 3_600_000).toISOString(), hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND', hs_call_title: 'Check-in' },
      [{ toType: 'companies', toId: companyId }, ...(contact ? [{ toType: 'contacts' as const, toId: contact.toObjectId }] : [])],
    );
    const run = await runSync(k, { mode: 'incremental' });
    expect(run.status).toBe('succeeded');
    const task = world.sandbox.store.get('tasks', taskId);
    expect(task?.properties['hs_task_status']).toBe('COMPLETED');
    expect(task?.properties['hs_task_body']).toContain('— Closed by Keyline on 2026-11-20: the gap is closed: last call, email or held meeting on 2026-11-20.');
    // Keyline's identity of the task is its task property, not text in the body a person reads.
    expect(task?.properties['keyline_task_key']).toBe(`keyline:gap=${companyId}/touch_overdue`);
    expect(task?.properties['hs_task_body']).not.toContain('keyline:gap=');
    expect(task?.properties['hs_task_subject']).not.toMatch(/\(Tier \d\)/);
    expect((await k.store.listOpenTasks(k.portalId, companyId)).some((t) => t.gapKey === 'touch_overdue')).toBe(false);
  });

  it('when a person sets an override, then the tier follows it, the computed tier is kept, and Keyline never writes it back', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    const first = await runSync(k, { mode: 'full' });
    expect(first).toMatchObject({ status: 'succeeded', errors: [] });
    const all = await k.store.listSnapshotSummaries(k.portalId);
    const a = all.find((s) => s.tier !== 'tier_1')?.companyId;
    const bSummary = all.find((s) => s.tier !== 'tier_2' && s.companyId !== a);
    const b = bSummary?.companyId;
    // Through the use case (the card's action)…
    const res = await setTierOverride(k, a as string, 'tier_1');
    expect(res.ok).toBe(true);
    expect(world.sandbox.store.get('companies', a as string)?.properties).toMatchObject({ keyline_tier_override: 'tier_1', keyline_tier: 'tier_1' });
    // The override is final: no near-miss and no points to a next tier; the computed tier and score stay beside it.
    expect(world.sandbox.store.get('companies', a as string)?.properties['keyline_near_miss']).toBe('false');
    expect(world.sandbox.store.get('companies', a as string)?.properties['keyline_next_tier_gap'] ?? '').toBe('');
    expect((await k.store.listSnapshotSummaries(k.portalId, { nearMiss: true })).map((s) => s.companyId)).not.toContain(a);
    const overridden = await k.store.getSnapshot(k.portalId, a as string);
    expect(overridden?.result.tier).toMatchObject({ tier: 'tier_1', override: 'tier_1', computedTier: all.find((s) => s.companyId === a)?.computedTier, nextTier: null });
    expect(overridden?.result.tier.score).toBe(all.find((s) => s.companyId === a)?.score);
    // …and directly in HubSpot, as a person would.
    world.sandbox.store.update('companies', b as string, { keyline_tier_override: 'tier_2' });
    world.sandbox.ledger.reset();
    await runSync(k, { mode: 'incremental' });
    const snap = await k.store.getSnapshot(k.portalId, b as string);
    expect(snap?.result.tier).toMatchObject({ tier: 'tier_2', override: 'tier_2', computedTier: bSummary?.computedTier });
    expect(world.sandbox.store.get('companies', b as string)?.properties['keyline_tier']).toBe('tier_2');
    const audit = await k.store.listAudit(k.portalId, { companyId: b as string });
    expect(audit.some((e) => e.property === 'keyline_tier_override' && e.runId !== null)).toBe(false);
    await expect(setTierOverride(k, '1999999999', 'tier_1')).resolves.toEqual({ ok: false, error: 'company_not_found' });
  });

  it('when HubSpot refused a company\'s write last night, then the next incremental run writes it though nothing changed since', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    expect(await runSync(k, { mode: 'full' })).toMatchObject({ status: 'succeeded', errors: [] });
    // A person grows a company's revenue a hundredfold; that night every company property write fails (5xx, retried
    // by the library until it gives up).
    const companyId = (await k.store.listSnapshotSummaries(k.portalId))[0]!.companyId;
    const held = () => world.sandbox.store.get('companies', companyId)?.properties ?? {};
    const scoreBefore = held()['keyline_score'];
    world.sandbox.store.update('companies', companyId, { annualrevenue: String(Math.max(1, Number(held()['annualrevenue'] ?? 0)) * 100 + 50_000_000) });
    world.sandbox.setFaults({ errorRate: 1, match: ['/companies/batch/update'] });
    const refused = await runSync(k, { mode: 'incremental' });
    expect(refused.status).toBe('succeeded');
    expect(refused.errors).toContainEqual({ companyId, message: expect.stringMatching(/properties not written/) });
    expect(held()['keyline_score']).toBe(scoreBefore);
    // The next night HubSpot is well again and nothing changed in it: the company is tried again and written.
    world.sandbox.setFaults({});
    const next = await runSync(k, { mode: 'incremental' });
    expect(next).toMatchObject({ status: 'succeeded', errors: [] });
    expect(next.counts.companiesRead).toBe(1);
    const snap = await k.store.getSnapshot(k.portalId, companyId);
    expect(snap?.result.tier.score).not.toBe(Number(scoreBefore));
    expect(canonicalValue('keyline_score', held()['keyline_score'])).toBe(canonicalValue('keyline_score', toCompanyProperties(snap!.result).keyline_score));
  });

  it('when a dry run is asked for, then the whole plan is recorded and nothing is written to HubSpot or the snapshots', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    world.sandbox.ledger.reset();
    const run = await runSync(k, { mode: 'full', dryRun: true });
    expect(run.status).toBe('succeeded');
    expect(writeCalls(world.sandbox)).toEqual({});
    expect(await k.store.countSnapshots(k.portalId)).toBe(0);
    const plan = run.details['plan'] as { propertyChanges: number; tasksToCreate: number; changesByProperty: Record<string, number>; samples: unknown[] };
    expect(plan.propertyChanges).toBeGreaterThan(0);
    expect(plan.changesByProperty['keyline_tier']).toBe(world.sandbox.store.count('companies'));
    expect(plan.samples.length).toBeGreaterThan(0);
    expect(await k.store.listRuns(k.portalId)).toMatchObject([{ id: run.id, dryRun: true, status: 'succeeded' }]);
  });

  it('when HubSpot says the daily limit is reached, then the run pauses cleanly and later runs resume it to the end', async () => {
    world = await startWorld({ size: 'S', rateLimit: { daily: 70 }, keyline: { tuning: { readChunk: 50, writePage: 20 } } });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    const paused = await runSync(k, { mode: 'full' });
    expect(paused.status).toBe('paused');
    expect(paused.message).toMatch(/daily API limit/);
    // Never retried in a loop: at most the requests already in flight met the limit, and nothing is sent afterwards
    // (requests already on the wire may still arrive; Keyline counts a request when it sends it).
    const sent = () => Object.values(k.gateway.apiCalls()).reduce((a, b) => a + b, 0);
    const atPause = sent();
    expect(world.sandbox.ledger.snapshot().rateLimited).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(world.sandbox.ledger.snapshot().rateLimited).toBeLessThanOrEqual(10);
    expect(sent()).toBe(atPause);
    // The next days: the budget is back, the same run carries on from its checkpoint. (70 calls a day and chunks of 50 are a stress
    // test: each resume re-reads the chunk it stopped in, which costs about 35 of them since a chunk also reads line
    // items, survey answers and the engagements' contacts (it was 20 at 60 a day), and requests in flight when the
    // limit is met are lost for the day — more of them on a busy machine; at 40 a day a loaded CI box needed over 30 days.)
    let run = paused;
    for (let day = 0; day < 30 && run.status === 'paused'; day++) {
      world.sandbox.resetLimits();
      run = await runSync(k, { mode: 'full' });
      expect(run.id).toBe(paused.id);
    }
    expect(run.status).toBe('succeeded');
    expect(await k.store.countSnapshots(k.portalId)).toBe(world.sandbox.store.count('companies'));
    expect([...keylineTasks(world.sandbox).values()].every((t) => t.ids.length === 1)).toBe(true);
  });

  it('when the daily limit is met while a group of write pages is under way, then the run pauses only once every page of the group is done', async () => {
    const tuning = { readChunk: 100, writePage: 20 };
    // What the reads cost: a dry run reads everything and writes nothing.
    world = await startWorld({ size: 'S', keyline: { tuning } });
    await world.keyline.gateway.setup({ lists: false });
    world.sandbox.ledger.reset();
    await runSync(world.keyline, { mode: 'full', dryRun: true });
    const readCalls = world.sandbox.ledger.snapshot().total;
    await world.close();
    // The same portal, whose daily budget ends three calls into the writes: the first group's three pages send their
    // property writes, HubSpot takes its time answering each, and the first page to go on meets DAILY.
    world = await startWorld({ size: 'S', rateLimit: { daily: readCalls + 3 }, keyline: { tuning } });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    world.sandbox.resetLimits();
    world.sandbox.setFaults({ latencyMs: [50, 1_500], match: ['/companies/batch/update'], seed: 3 });
    const paused = await runSync(k, { mode: 'full' });
    expect(paused.status).toBe('paused');
    // Three property writes went through; the next group's pages met DAILY (tasks wait for the task phase, so no task
    // creation uses up the budget between the groups).
    const updates = world.sandbox.ledger.snapshot().byEndpoint['POST /crm/objects/2026-09/companies/batch/update'];
    expect((updates?.calls ?? 0) - (updates?.rateLimited ?? 0)).toBe(3);
    expect(updates?.rateLimited).toBeGreaterThan(0);
    // Nothing of the run goes on after it returned (and released the lock): every answer was taken in and recorded.
    const audited = async () => (await k.store.listAudit(k.portalId, { limit: 100_000 })).length;
    const atReturn = await audited();
    expect(atReturn).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await audited()).toBe(atReturn);
    // Every value HubSpot accepted is in the audit as applied; the pages DAILY refused are there as not applied.
    const written = [...keylineState(world.sandbox).values()].filter((v) => v['keyline_tier'] !== undefined).length;
    const audit = await k.store.listAudit(k.portalId, { limit: 100_000 });
    expect(new Set(audit.filter((e) => e.status === 'applied').map((e) => e.companyId)).size).toBe(written);
    expect(audit.filter((e) => e.status === 'not_applied').length).toBeGreaterThan(0);
    expect(audit.filter((e) => e.status === 'sent' || e.status === 'refused')).toEqual([]);
  });

  it('when HubSpot answers 503 to a task creation it did not carry out, then the same run finds the tasks absent by marker and creates them once', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    world.sandbox.ledger.reset();
    world.sandbox.setFaults({ failNext: 1, match: ['/tasks/batch/create'] });
    const run = await runSync(k, { mode: 'full' });
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });
    expect(world.sandbox.ledger.snapshot().byEndpoint['POST /crm/objects/2026-09/tasks/batch/create']).toMatchObject({ errors: 1 });
    const tasks = keylineTasks(world.sandbox);
    expect(tasks.size).toBeGreaterThan(0);
    expect(tasks.size).toBe(run.counts.tasksCreated);
    expect([...tasks.values()].every((t) => t.ids.length === 1)).toBe(true);
    // Every intent settled: nothing left pending for the next night.
    expect(await k.store.listPendingTasks(k.portalId)).toEqual([]);
  });

  it('when a crash left a task created in HubSpot but not recorded, then the next run adopts it instead of creating a duplicate', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    const dry = await runSync(k, { mode: 'full', dryRun: true });
    const sample = (dry.details['plan'] as { taskSamples: { companyId: string; gapKey: string; marker: string; subject: string }[] }).taskSamples[0];
    expect(sample).toBeDefined();
    const t = sample!;
    // The crash: intent recorded, task created, process gone before recording the id.
    await k.store.recordTaskIntents(k.portalId, [{ companyId: t.companyId, gapKey: t.gapKey, marker: t.marker, subject: t.subject, runId: null }]);
    const created = await k.gateway.createTasks([{ ...t, body: `…\n\n${t.marker}`, ownerId: null, priority: 'LOW', dueAt: NOW }]);
    expect(created.created).toHaveLength(1);
    await runSync(k, { mode: 'full' });
    expect(keylineTasks(world.sandbox).get(t.marker)?.ids).toEqual([created.created[0]?.taskId]);
    expect(await k.store.getTask(k.portalId, t.companyId, t.gapKey)).toMatchObject({ status: 'open', taskId: created.created[0]?.taskId });
  });

  it('when a crash left a task created but not recorded and HubSpot search has not indexed it yet, then the next run still adopts it', async () => {
    // HubSpot's search index lags writes; a lookup through search right after the crash would miss the task and
    // Keyline would create it again. The lookup goes through the company's task associations and a batch read.
    world = await startWorld({ searchIndexLagMs: 3_600_000 });
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    const dry = await runSync(k, { mode: 'full', dryRun: true });
    const t = (dry.details['plan'] as { taskSamples: { companyId: string; gapKey: string; marker: string; subject: string }[] }).taskSamples[0]!;
    await k.store.recordTaskIntents(k.portalId, [{ companyId: t.companyId, gapKey: t.gapKey, marker: t.marker, subject: t.subject, runId: null }]);
    const created = await k.gateway.createTasks([{ ...t, body: `…\n\n${t.marker}`, ownerId: null, priority: 'LOW', dueAt: NOW }]);
    const taskId = created.created[0]?.taskId;
    expect(taskId).toBeDefined();
    const searched = await fetch(`${world.sandbox.baseUrl}/crm/objects/2026-09/tasks/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.sandbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ filterGroups: [{ filters: [{ propertyName: 'associations.company', operator: 'EQ', value: t.companyId }] }], limit: 100 }),
    });
    expect(((await searched.json()) as { results: { id: string }[] }).results.map((r) => r.id)).not.toContain(taskId);

    await runSync(k, { mode: 'full' });

    expect(keylineTasks(world.sandbox).get(t.marker)?.ids).toEqual([taskId]);
    expect(await k.store.getTask(k.portalId, t.companyId, t.gapKey)).toMatchObject({ status: 'open', taskId });
  });

  it('when a follow-up task is asked twice for the same gap, then one task exists and the second answer says so', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    const companyId = world.sandbox.store.list('companies')[0]!.id;
    await expect(createFollowUpTask(k, companyId)).resolves.toEqual({ ok: false, error: 'not_computed_yet' });
    await expect(createFollowUpTask(k, '1999999999')).resolves.toEqual({ ok: false, error: 'company_not_found' });
    const fresh = await recomputeAccount(k, companyId);
    expect(fresh.ok).toBe(true);
    const first = await createFollowUpTask(k, companyId, { gapKey: 'follow_up', title: 'Call about renewal', note: 'Renewal in Q1' });
    const second = await createFollowUpTask(k, companyId, { gapKey: 'follow_up', title: 'Call about renewal' });
    const key = followUpKey('Call about renewal');
    expect(first).toMatchObject({ ok: true, created: true, gapKey: key });
    expect(second).toMatchObject({ ok: true, created: false, taskId: first.ok ? first.taskId : '' });
    expect(keylineTasks(world.sandbox).get(`keyline:gap=${companyId}/${key}`)?.ids).toHaveLength(1);
  });
});
