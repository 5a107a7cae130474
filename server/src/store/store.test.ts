/**
 * One contract, two implementations: every test runs against SQLite (in memory) and PostgreSQL (a fresh schema per
 * run at postgres://postgres@127.0.0.1:5432/test, or TEST_DATABASE_URL; CI has it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { openStore } from './open-store';
import { ADOPTED_RUN_ID, type AccountSnapshot, type Store } from './store';
import type { AccountInput, AccountResult } from '../domain/types';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `keyline_test_${process.pid}_${Date.now()}`;

async function pgReachable(): Promise<boolean> {
  const c = new Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

function snapshot(companyId: string, over: Partial<AccountSnapshot> = {}): AccountSnapshot {
  const computedAt = new Date('2026-11-01T00:00:00Z');
  const input = {
    company: { id: companyId, name: `Co ${companyId}`, createdAt: new Date('2020-01-02T00:00:00Z') },
    deals: [],
    contacts: [],
    activities: [],
  } as unknown as AccountInput;
  const result = { companyId, computedAt, cadence: { lastTouchAt: null } } as unknown as AccountResult;
  return {
    portalId: 'p1',
    companyId,
    companyName: `Co ${companyId}`,
    ownerId: '7',
    tier: 'tier_2',
    computedTier: 'tier_2',
    override: null,
    score: 50,
    nearMiss: false,
    cadenceStatus: 'on_track',
    singleThreaded: false,
    ownerOverCapacity: false,
    input,
    result,
    computedAt,
    reviewAt: new Date('2026-11-10T00:00:00Z'),
    writtenValues: { keyline_tier: 'tier_2' },
    ...over,
  };
}

const backends: [string, () => Promise<Store>][] = [['sqlite', () => openStore('sqlite::memory:')]];

describe.each(backends)('store (%s)', (_name, open) => {
  let store: Store;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });
  defineContract(() => store);
});

describe('store (postgres)', () => {
  let store: Store | null = null;
  let reachable = false;
  beforeAll(async () => {
    reachable = await pgReachable();
  });
  beforeEach(async () => {
    if (!reachable) return;
    // A unique schema per test keeps tests independent.
    store = await openStore(`${PG_URL}?schema=${schema}_${Math.random().toString(36).slice(2, 8)}`);
  });
  afterEach(async () => {
    await store?.close();
  });
  afterAll(async () => {
    if (!reachable) return;
    const c = new Client({ connectionString: PG_URL });
    await c.connect();
    const rows = await c.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`${schema}%`]);
    for (const r of rows.rows) await c.query(`DROP SCHEMA ${r.nspname} CASCADE`);
    await c.end();
  });
  defineContract(() => {
    if (!store) throw new Error(`PostgreSQL is not reachable at ${PG_URL}`);
    return store;
  });
});

/** The audit table as stores created before the write-ahead audit have it (no status column), with one row. */
const OLD_AUDIT = [
  `CREATE TABLE audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, portal_id TEXT NOT NULL, run_id TEXT, company_id TEXT NOT NULL,
     property TEXT NOT NULL, old_value TEXT, new_value TEXT, at TEXT NOT NULL)`,
  `INSERT INTO audit (portal_id, run_id, company_id, property, old_value, new_value, at)
     VALUES ('p1', 'r1', '1', 'keyline_tier', NULL, 'tier_1', '2026-11-01T00:00:00.000Z')`,
];

describe('an existing store without the audit status column', () => {
  it('when a SQLite store is opened (twice), then the column is added, old rows count as applied and new intents are recorded', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keyline-migrate-'));
    try {
      const file = path.join(dir, 'old.sqlite');
      const old = new DatabaseSync(file);
      for (const sql of OLD_AUDIT) old.exec(sql);
      old.close();
      for (const round of [1, 2]) {
        const store = await openStore(`sqlite:${file}`);
        try {
          if (round === 1) await store.recordAuditIntents('p1', [{ runId: 'r2', companyId: '2', property: 'keyline_tier', oldValue: null, newValue: 'tier_2' }]);
          expect((await store.listAudit('p1')).map((e) => [e.runId, e.status])).toEqual([
            ['r1', 'applied'],
            ['r2', 'sent'],
          ]);
        } finally {
          await store.close();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when a PostgreSQL store is opened (twice), then the column is added and old rows count as applied', async () => {
    if (!(await pgReachable())) return;
    const name = `${schema}_old`;
    const admin = new Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${name}`);
      await admin.query(`SET search_path = ${name}`);
      await admin.query(OLD_AUDIT[0]!.replace('INTEGER PRIMARY KEY AUTOINCREMENT', 'BIGSERIAL PRIMARY KEY').replace('at TEXT', 'at TIMESTAMPTZ'));
      await admin.query(OLD_AUDIT[1]!);
    } finally {
      await admin.end();
    }
    for (const round of [1, 2]) {
      const store = await openStore(`${PG_URL}?schema=${name}`);
      try {
        if (round === 1) await store.recordAuditIntents('p1', [{ runId: 'r2', companyId: '2', property: 'keyline_tier', oldValue: null, newValue: 'tier_2' }]);
        expect((await store.listAudit('p1')).map((e) => [e.runId, e.status])).toEqual([
          ['r1', 'applied'],
          ['r2', 'sent'],
        ]);
      } finally {
        await store.close();
      }
    }
  });
});

function defineContract(get: () => Store): void {
  it('when settings are saved against the current version, then they become current; a stale save conflicts', async () => {
    const store = get();
    const a = await store.saveSettings('p1', { version: 'v1', model: { a: 1 }, savedBy: 'ann', expectedVersion: null });
    expect(a.ok).toBe(true);
    const stale = await store.saveSettings('p1', { version: 'v2', model: { a: 2 }, savedBy: 'bob', expectedVersion: null });
    expect(stale).toMatchObject({ ok: false, error: 'version_conflict', current: { version: 'v1' } });
    await store.saveSettings('p1', { version: 'v2', model: { a: 2 }, savedBy: 'bob', expectedVersion: 'v1' });
    expect((await store.getCurrentSettings('p1'))?.model).toEqual({ a: 2 });
    expect((await store.listSettingsVersions('p1')).map((v) => v.version)).toEqual(['v2', 'v1']);
    expect(await store.getCurrentSettings('other')).toBeNull();
  });

  it('when snapshots are saved, then they round-trip with dates and tier history grows only on change', async () => {
    const store = get();
    await store.saveSnapshots('p1', [snapshot('10'), snapshot('9')]);
    await store.saveSnapshots('p1', [snapshot('10')]);
    await store.saveSnapshots('p1', [snapshot('10', { tier: 'tier_1', score: 72 })]);
    const s = await store.getSnapshot('p1', '10');
    expect(s?.input.company.createdAt).toEqual(new Date('2020-01-02T00:00:00Z'));
    expect(s?.result.computedAt).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect(s?.writtenValues).toEqual({ keyline_tier: 'tier_2' });
    expect((await store.getTierHistory('p1', '10')).map((h) => h.tier)).toEqual(['tier_1', 'tier_2']);
    expect((await store.listSnapshotSummaries('p1')).map((r) => r.companyId)).toEqual(['9', '10']);
    expect((await store.listSnapshotSummaries('p1', { tier: 'tier_1' })).map((r) => r.companyId)).toEqual(['10']);
    expect(await store.listSnapshotSummaries('p1', { ownerId: 'nobody' })).toEqual([]);
    expect(await store.countSnapshots('p1')).toBe(2);
    const streamed: string[] = [];
    for await (const x of store.streamSnapshots('p1', { pageSize: 1 })) streamed.push(x.companyId);
    expect(streamed).toEqual(['9', '10']);
    expect(await store.listDueCompanyIds('p1', new Date('2026-11-10T00:00:00Z'))).toEqual(['9', '10']);
    expect(await store.listDueCompanyIds('p1', new Date('2026-11-09T00:00:00Z'))).toEqual([]);
  });

  it('when a task intent is recorded twice, then only one active row exists until it is completed', async () => {
    const store = get();
    const intent = { companyId: '1', gapKey: 'qbr_overdue', marker: 'keyline:gap=1/qbr_overdue', subject: 's', runId: null };
    await store.recordTaskIntents('p1', [intent, intent]);
    expect(await store.listPendingTasks('p1')).toHaveLength(1);
    await store.markTasksOpen('p1', [{ companyId: '1', gapKey: 'qbr_overdue', taskId: 't1' }]);
    expect(await store.listOpenTasks('p1', '1')).toMatchObject([{ status: 'open', taskId: 't1' }]);
    await store.recordTaskIntents('p1', [intent]);
    expect(await store.listOpenTasks('p1', '1')).toHaveLength(1);
    await store.markTasksCompleted('p1', [{ companyId: '1', gapKey: 'qbr_overdue' }]);
    expect(await store.listOpenTasks('p1', '1')).toEqual([]);
    await store.recordTaskIntents('p1', [intent]);
    expect(await store.getTask('p1', '1', 'qbr_overdue')).toMatchObject({ status: 'pending', taskId: null });
    await store.deletePendingTask('p1', '1', 'qbr_overdue');
    expect(await store.getTask('p1', '1', 'qbr_overdue')).toMatchObject({ status: 'completed', taskId: 't1' });
  });

  it('when tasks found in HubSpot are adopted, then new rows open with HubSpot’s date, open rows take the new id, pending rows stay', async () => {
    const store = get();
    const createdAt = new Date('2026-11-20T08:00:00Z');
    await store.recordTaskIntents('p1', [{ companyId: '2', gapKey: 'touch_overdue', marker: 'keyline:gap=2/touch_overdue', subject: 's', runId: 'r1' }]);
    await store.recordTaskIntents('p1', [{ companyId: '3', gapKey: 'qbr_overdue', marker: 'keyline:gap=3/qbr_overdue', subject: 's', runId: 'r1' }]);
    await store.markTasksOpen('p1', [{ companyId: '3', gapKey: 'qbr_overdue', taskId: 'old' }]);
    await store.adoptTasks('p1', [
      { companyId: '1', gapKey: 'qbr_overdue', taskId: 't1', marker: 'keyline:gap=1/qbr_overdue', createdAt },
      { companyId: '2', gapKey: 'touch_overdue', taskId: 't2', marker: 'keyline:gap=2/touch_overdue', createdAt },
      { companyId: '3', gapKey: 'qbr_overdue', taskId: 't3', marker: 'keyline:gap=3/qbr_overdue', createdAt },
    ]);
    expect(await store.getTask('p1', '1', 'qbr_overdue')).toMatchObject({ status: 'open', taskId: 't1', runId: ADOPTED_RUN_ID, createdAt });
    expect(await store.getTask('p1', '2', 'touch_overdue')).toMatchObject({ status: 'pending', taskId: null, runId: 'r1' });
    expect(await store.getTask('p1', '3', 'qbr_overdue')).toMatchObject({ status: 'open', taskId: 't3', runId: 'r1' });
    // Adopting again changes nothing: still one active row per company and gap.
    await store.adoptTasks('p1', [{ companyId: '1', gapKey: 'qbr_overdue', taskId: 't1', marker: 'keyline:gap=1/qbr_overdue', createdAt }]);
    expect(await store.listOpenTasksFor('p1', ['1', '2', '3'])).toHaveLength(3);
    await store.markTasksCompleted('p1', [{ companyId: '1', gapKey: 'qbr_overdue' }]);
    expect(await store.knownTaskIds('p1', ['t1', 't3', 'old', 'nope'])).toEqual(new Set(['t1', 't3']));
  });

  it('when runs, checkpoints, watermarks and audit are written, then they read back', async () => {
    const store = get();
    const run = await store.createRun('p1', { mode: 'full', dryRun: false });
    expect(await store.findResumableRun('p1')).toMatchObject({ id: run.id });
    await store.saveCheckpoint({ runId: run.id, cursor: 'abc', chunkIndex: 2, state: { x: 1 } });
    expect(await store.getCheckpoint(run.id)).toMatchObject({ cursor: 'abc', chunkIndex: 2, state: { x: 1 } });
    await store.updateRun({ ...run, status: 'succeeded', endedAt: new Date(), apiCalls: { 'GET /x': 3 } });
    expect(await store.findResumableRun('p1')).toBeNull();
    expect(await store.lastSuccessfulRun('p1', 'full')).toMatchObject({ id: run.id, apiCalls: { 'GET /x': 3 } });
    expect(await store.lastSuccessfulRun('p1', 'incremental')).toBeNull();
    expect((await store.listRuns('p1')).map((r) => r.id)).toEqual([run.id]);
    await store.setWatermarks('p1', { companies: new Date('2026-01-01T00:00:00Z') });
    await store.setWatermarks('p1', { companies: new Date('2026-02-01T00:00:00Z') });
    expect(await store.getWatermarks('p1')).toEqual({ companies: new Date('2026-02-01T00:00:00Z') });
    const ids = await store.recordAuditIntents('p1', [
      { runId: run.id, companyId: '1', property: 'keyline_tier', oldValue: null, newValue: 'tier_1' },
      { runId: run.id, companyId: '2', property: 'keyline_tier', oldValue: 'tier_3', newValue: 'tier_2' },
    ]);
    expect(await store.listAudit('p1', { runId: run.id })).toMatchObject([
      { id: ids[0], status: 'sent', property: 'keyline_tier', newValue: 'tier_1' },
      { id: ids[1], status: 'sent', companyId: '2', oldValue: 'tier_3' },
    ]);
    await store.settleAudit('p1', [ids[0] as string], 'applied');
    await store.settleAudit('p1', [ids[1] as string], 'refused');
    expect((await store.listAudit('p1', { runId: run.id })).map((e) => e.status)).toEqual(['applied', 'refused']);
    // A reconcile settles only rows still `sent`.
    await store.settleAudit('p1', ids, 'not_applied', { onlyUnsettled: true });
    expect((await store.listAudit('p1', { runId: run.id })).map((e) => e.status)).toEqual(['applied', 'refused']);
    expect(await store.listAudit('p1', { status: 'sent' })).toEqual([]);
    // Another portal's rows are not settled by this portal's ids.
    const other = await store.recordAuditIntents('p2', [{ runId: null, companyId: '1', property: 'keyline_tier', oldValue: null, newValue: 'tier_1' }]);
    await store.settleAudit('p1', other, 'applied');
    expect(await store.listAudit('p2', {})).toMatchObject([{ status: 'sent' }]);
  });

  it('when a run failed, then it is resumable like a paused one; a dry or targeted run is not, nor a run a newer one finished after', async () => {
    const store = get();
    const failed = await store.createRun('p1', { mode: 'full', dryRun: false });
    await store.updateRun({ ...failed, status: 'failed', message: 'boom', endedAt: new Date() });
    expect(await store.findResumableRun('p1')).toMatchObject({ id: failed.id, status: 'failed' });
    await new Promise((r) => setTimeout(r, 5));
    // A targeted run and a dry run after it (failed too) do not hide it and are not resumed themselves.
    const targeted = await store.createRun('p1', { mode: 'incremental', dryRun: false, details: { companyIds: ['1'] } });
    await store.updateRun({ ...targeted, status: 'failed', endedAt: new Date() });
    const dry = await store.createRun('p1', { mode: 'full', dryRun: true });
    await store.updateRun({ ...dry, status: 'failed', endedAt: new Date() });
    expect(await store.findResumableRun('p1')).toMatchObject({ id: failed.id });
    await store.updateRun({ ...failed, status: 'succeeded', endedAt: new Date() });
    expect(await store.findResumableRun('p1')).toBeNull();
  });

  it('when owners are saved twice, then the newer names win, an owner no longer listed keeps the last name, portals stay apart', async () => {
    const store = get();
    const at = new Date('2026-11-01T00:00:00Z');
    await store.saveOwners('p1', [
      { ownerId: '10', firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com' },
      { ownerId: '9', firstName: 'Bo', lastName: null, email: null },
    ], at);
    await store.saveOwners('p1', [{ ownerId: '10', firstName: 'Ann', lastName: 'Lee-Park', email: 'ann@example.com' }], at);
    await store.saveOwners('p2', [{ ownerId: '10', firstName: 'Other', lastName: 'Portal', email: null }], at);
    expect(await store.listOwners('p1')).toEqual([
      { ownerId: '9', firstName: 'Bo', lastName: null, email: null },
      { ownerId: '10', firstName: 'Ann', lastName: 'Lee-Park', email: 'ann@example.com' },
    ]);
  });

  it('when two holders race for the lock, then only one gets it until it is released or expires', async () => {
    const store = get();
    expect(await store.acquireLock('sync', 'a', 60_000)).toBe(true);
    expect(await store.acquireLock('sync', 'b', 60_000)).toBe(false);
    expect(await store.renewLock('sync', 'a', 60_000)).toBe(true);
    expect(await store.renewLock('sync', 'b', 60_000)).toBe(false);
    await store.releaseLock('sync', 'a');
    expect(await store.acquireLock('sync', 'b', -1)).toBe(true);
    expect(await store.acquireLock('sync', 'a', 60_000)).toBe(true);
  });

  it("when two portals' sync locks are taken, then they are independent: each has its own holder, release and expiry", async () => {
    const store = get();
    expect(await store.acquireLock('sync:p1', 'a', 60_000)).toBe(true);
    expect(await store.acquireLock('sync:p2', 'b', 60_000)).toBe(true);
    expect(await store.acquireLock('sync:p2', 'c', 60_000)).toBe(false);
    await store.releaseLock('sync:p1', 'a');
    expect(await store.inspectLock('sync:p2')).toMatchObject({ holder: 'b' });
    expect(await store.inspectLock('sync:p1')).toBeNull();
  });

  it('when the same request signature is claimed twice in its window, then only the first claim wins; after expiry or release it can be claimed again', async () => {
    const store = get();
    const now = 1_800_000_000_000;
    expect(await store.claimSignature('p1', 'd1', now + 300_000, now)).toBe(true);
    expect(await store.claimSignature('p1', 'd1', now + 300_000, now + 1)).toBe(false);
    // Another portal's identical digest is another request.
    expect(await store.claimSignature('p2', 'd1', now + 300_000, now)).toBe(true);
    // Expired: taken over.
    expect(await store.claimSignature('p1', 'd1', now + 900_000, now + 300_001)).toBe(true);
    expect(await store.claimSignature('p1', 'd1', now + 900_000, now + 300_002)).toBe(false);
    await store.releaseSignature('p1', 'd1');
    expect(await store.claimSignature('p1', 'd1', now + 900_000, now + 300_003)).toBe(true);
    // Concurrent claims of one signature: exactly one wins.
    const race = await Promise.all([1, 2, 3, 4].map(() => store.claimSignature('p1', 'd2', now + 300_000, now)));
    expect(race.filter(Boolean)).toHaveLength(1);
    expect(await store.purgeSignatures(now + 300_001)).toBe(2);
    expect(await store.claimSignature('p1', 'd2', now + 600_000, now + 300_001)).toBe(true);
    expect(await store.claimSignature('p1', 'd1', now + 600_000, now + 300_001)).toBe(false);
  });
}
