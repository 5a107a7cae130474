/**
 * The store goes away (issue #14, item 2): PostgreSQL connections terminated — what a database restart, a failover or
 * an idle-connection killer does — while `serve` is idle and while a sync runs, and a SQLite store locked by another
 * process while the API takes a write; PostgreSQL down altogether (a TCP proxy cut in front of it). The process survives, the API answers 503 `store_unavailable` (never 500) and
 * recovers by itself, and a sync stops at its checkpoint and is resumed to the same end state as a clean run.
 *
 * PostgreSQL runs at 127.0.0.1:5432 on this machine and in CI (TEST_DATABASE_URL overrides it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { settingsResponseSchema } from '@keyline/contract/settings-contract';
import { openPostgresDb } from '../../server/src/store/postgres-db';
import { StoreUnavailable } from '../../server/src/store/store-errors';
import { runSync } from '../../server/src/sync';
import { startRealStack, type RealStack } from '../api/support/real-stack';
import { signedCall, type SignedCall } from '../api/support/signed-client';
import { startCuttableProxy, type CuttableProxy } from './support/cuttable-proxy';
import { recordScenario } from './record-scenario';
import { watchWrites } from './support/write-log';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const APP = `keyline_faults_${process.pid}`;

/** A PostgreSQL URL for a fresh schema whose connections carry an application name the test can terminate by. */
function pgUrl(tag: string): string {
  const url = new URL(PG_URL);
  url.searchParams.set('schema', `keyline_faults_${tag}_${process.pid}_${Date.now()}`);
  url.searchParams.set('application_name', APP);
  return url.toString();
}

/** What a restart does to Keyline's connections: every backend of this test's application is terminated. */
async function terminateKeylineConnections(): Promise<number> {
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    const res = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [APP]);
    return res.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

/** What Keyline wrote to HubSpot: every company's keyline_* properties and the keys of Keyline's tasks (sorted). */
function keylineState(stack: RealStack): { companies: Record<string, Record<string, unknown>>; taskKeys: string[] } {
  const companies = Object.fromEntries(
    stack.sandbox.store
      .list('companies')
      .map((c) => [c.id, Object.fromEntries(Object.entries(c.properties).filter(([k]) => k.startsWith('keyline_') && k !== 'keyline_computed_at'))]),
  );
  const taskKeys = stack.sandbox.store
    .list('tasks')
    .map((t) => t.properties['keyline_task_key'])
    .filter((k): k is string => typeof k === 'string' && k !== '')
    .sort();
  return { companies, taskKeys };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PostgreSQL connections terminated', () => {
  it('when the connections of an idle pool are terminated, then nothing crashes and the next query reconnects', async () => {
    const db = await openPostgresDb(pgUrl('idle'));
    try {
      expect(await db.all('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(await terminateKeylineConnections()).toBeGreaterThan(0);
      await settle(200); // the idle client's 'error' event arrives here; unhandled, it would kill the process
      expect(await db.all('SELECT 2 AS two')).toEqual([{ two: 2 }]);
      recordScenario({
        suite: 'store',
        scenario: 'PostgreSQL connections terminated while idle (pg_terminate_backend)',
        checked: "the pool's idle-client error is handled; the process keeps running; the next query reconnects",
        result: 'no crash; next query answered',
        passed: true,
        counts: { connectionsTerminated: 1 },
      });
    } finally {
      await db.close();
    }
  });

  it('when a connection is terminated during a query, then the query fails with StoreUnavailable and the next one works', async () => {
    const db = await openPostgresDb(pgUrl('busy'));
    try {
      const slow = db.all('SELECT pg_sleep(10)');
      await settle(300);
      await terminateKeylineConnections();
      const failure = await slow.catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(StoreUnavailable);
      expect((failure as Error).message).toMatch(/PostgreSQL store is unavailable/);
      expect(await db.all('SELECT 3 AS three')).toEqual([{ three: 3 }]);
      recordScenario({
        suite: 'store',
        scenario: 'PostgreSQL connection terminated during a query',
        checked: 'the query fails with StoreUnavailable (not a crash, not a raw driver error); the next query works',
        result: 'StoreUnavailable; next query answered',
        passed: true,
        counts: { connectionsTerminated: 1 },
      });
    } finally {
      await db.close();
    }
  });

  describe('under the API and the sync, with the database going down and coming back', () => {
    let stack: RealStack;
    let proxy: CuttableProxy;
    const call = (c: SignedCall) => signedCall(stack.app, { portalId: stack.portalId, ...c });

    beforeAll(async () => {
      const target = new URL(PG_URL);
      proxy = await startCuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
      const url = new URL(pgUrl('stack'));
      url.host = `127.0.0.1:${proxy.port}`;
      stack = await startRealStack({ size: 'XS', databaseUrl: url.toString(), syncFirst: false, tuning: { readChunk: 10 } });
    }, 120_000);
    afterAll(async () => {
      proxy.restore();
      await stack.close();
      await proxy.close();
    });

    it('when the database goes down while a sync runs, then the run stops cleanly and the next run resumes it to the end state of a clean run', async () => {
      // The database goes down while the second chunk is checkpointed.
      let checkpoints = 0;
      const store = new Proxy(stack.keyline.store, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (prop === 'saveCheckpoint' && typeof value === 'function') {
            return async (...args: unknown[]) => {
              checkpoints += 1;
              if (checkpoints === 2) proxy.cut();
              return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            };
          }
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      const stopped = await runSync({ ...stack.keyline, store }, { mode: 'full' }).catch((err: unknown) => err);
      expect(stopped).toBeInstanceOf(StoreUnavailable);

      proxy.restore();
      const resumed = await runSync(stack.keyline, { mode: 'full' });
      expect(resumed.status).toBe('succeeded');
      expect(resumed.details['resumedAt']).toBeDefined();
      expect((await stack.keyline.store.listSnapshotSummaries(stack.portalId)).length).toBe(stack.sandbox.store.list('companies').length);

      // The same portfolio synced once without a fault (SQLite in memory) ends in the same HubSpot state.
      const clean = await startRealStack({ size: 'XS' });
      try {
        const state = keylineState(stack);
        expect(state).toEqual(keylineState(clean));
        recordScenario({
          suite: 'store',
          scenario: 'PostgreSQL down during a sync (connections reset, new ones refused, at the 2nd checkpoint), then back',
          checked: 'the run stops with StoreUnavailable, no crash; the next run resumes the same run; keyline_* properties and Keyline tasks equal a clean run',
          result: `resumed and succeeded; ${Object.keys(state.companies).length} companies and ${state.taskKeys.length} tasks equal the clean run; 0 duplicate tasks`,
          passed: true,
          counts: { runsResumed: 1, losses: 0, duplicates: 0 },
        });
      } finally {
        await clean.close();
      }
    }, 120_000);

    it('when the database goes down while serve is idle, then readiness goes red and requests get 503, and both recover when it is back', async () => {
      const companyId = stack.sandbox.store.list('companies')[0]?.id ?? '';
      expect((await call({ method: 'GET', path: '/readyz' })).status).toBe(200);
      proxy.cut();
      try {
        expect((await call({ method: 'GET', path: '/readyz' })).status).toBe(503);
        const refused = await call({ method: 'GET', path: `/api/v1/accounts/${companyId}` });
        expect(refused.status).toBe(503);
        expect(refused.body.error.code).toBe('store_unavailable');
        expect((await call({ method: 'GET', path: '/healthz' })).status).toBe(200);
      } finally {
        proxy.restore();
      }
      expect((await call({ method: 'GET', path: '/readyz' })).status).toBe(200);
      expect((await call({ method: 'GET', path: `/api/v1/accounts/${companyId}` })).status).toBe(200);
      recordScenario({
        suite: 'store',
        scenario: 'PostgreSQL down while serve is idle, then back',
        checked: '/readyz 503 and API requests 503 store_unavailable while down, /healthz 200; both green again when it is back, without a restart',
        result: 'red while down, green after; no 500, no crash',
        passed: true,
        counts: { hostileRequests: 0 },
      });
    });
  });
});

describe('a SQLite store locked by another process', () => {
  let dir: string;
  let stack: RealStack;
  const call = (c: SignedCall) => signedCall(stack.app, { portalId: stack.portalId, ...c });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyline-locked-'));
    // As `keyline serve` opens it: a write waits at most 500 ms for another process's lock.
    stack = await startRealStack({ size: 'XS', databaseUrl: `sqlite:${path.join(dir, 'keyline.sqlite')}`, sqliteBusyTimeoutMs: 500 });
  }, 120_000);
  afterAll(async () => {
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a write comes in while the CLI holds the lock, then 503 store_unavailable with Retry-After, reads still answer, and the write succeeds once the lock is gone', async () => {
    const current = settingsResponseSchema.parse((await call({ method: 'GET', path: '/api/v1/settings' })).body);
    const model = { ...current.model, thresholds: { tier_1: 90, tier_2: 45 } };

    const other = new DatabaseSync(path.join(dir, 'keyline.sqlite'));
    other.exec('BEGIN IMMEDIATE'); // the other process's write transaction
    try {
      const refused = await call({ method: 'PUT', path: '/api/v1/settings', body: { model, expectedVersion: current.version } });
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('store_unavailable');
      expect(refused.headers['retry-after']).toBe('5');
      // WAL: readers are not blocked by the writer.
      const companyId = stack.sandbox.store.list('companies')[0]?.id ?? '';
      expect((await call({ method: 'GET', path: `/api/v1/accounts/${companyId}` })).status).toBe(200);
      expect((await call({ method: 'GET', path: '/healthz' })).status).toBe(200);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const saved = await call({ method: 'PUT', path: '/api/v1/settings', body: { model, expectedVersion: current.version } });
    expect(saved.status).toBe(200);
    expect(saved.body.history).toHaveLength(1);
    recordScenario({
      suite: 'store',
      scenario: 'SQLite store locked by another process during an API write',
      checked: 'the write waits at most 500 ms, then 503 store_unavailable with Retry-After; reads and /healthz still answer; the same write succeeds after the lock is gone',
      result: '503 then 200; nothing half-written',
      passed: true,
      counts: {},
    });
  });

  it('when an override comes in and the store is locked by another process as its audit row is written, then 503 store_unavailable and NOTHING is sent to HubSpot; once the lock is gone the override is written with its audit row applied', async () => {
    const companyId = stack.sandbox.store.list('companies')[0]?.id ?? '';
    const overrideInHubSpot = () => stack.sandbox.store.get('companies', companyId)?.properties['keyline_tier_override'] ?? '';
    const before = overrideInHubSpot();
    const tier = before === 'tier_1' ? 'tier_3' : 'tier_1';
    const writes = watchWrites(stack.sandbox);
    const store = stack.keyline.store;
    const recordAuditIntents = store.recordAuditIntents.bind(store);
    // The other process (the CLI, a sync) takes its write lock at the moment the override's audit row is written:
    // after the request's replay check, before anything goes to HubSpot.
    let other: DatabaseSync | null = null;
    store.recordAuditIntents = async (portalId, intents) => {
      other ??= new DatabaseSync(path.join(dir, 'keyline.sqlite'));
      if (!other.isTransaction) other.exec('BEGIN IMMEDIATE');
      return recordAuditIntents(portalId, intents);
    };
    let refused: Awaited<ReturnType<typeof call>>;
    try {
      refused = await call({ method: 'PUT', path: `/api/v1/accounts/${companyId}/override`, body: { tier } });
    } finally {
      store.recordAuditIntents = recordAuditIntents;
      (other as DatabaseSync | null)?.exec('ROLLBACK');
      (other as DatabaseSync | null)?.close();
    }
    const sentWhileLocked = { propertyChanges: writes.propertyChanges, doubleWrites: writes.doubleWrites.length, override: overrideInHubSpot() };
    const auditedWhileLocked = await store.listAudit(stack.portalId, { companyId });
    expect(other).not.toBeNull();
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('store_unavailable');
    expect(sentWhileLocked).toEqual({ propertyChanges: 0, doubleWrites: 0, override: before });
    expect(auditedWhileLocked.filter((e) => e.property === 'keyline_tier_override')).toEqual([]);

    const written = await call({ method: 'PUT', path: `/api/v1/accounts/${companyId}/override`, body: { tier } });
    writes.stop();
    expect(written.status).toBe(200);
    expect(overrideInHubSpot()).toBe(tier);
    expect((await store.listAudit(stack.portalId, { companyId })).filter((e) => e.property === 'keyline_tier_override')).toMatchObject([
      { runId: null, newValue: tier, status: 'applied' },
    ]);
    recordScenario({
      suite: 'store',
      scenario: 'SQLite store locked by another process as a tier override is audited (write-ahead)',
      checked: 'the audit row is written before HubSpot is called: the locked store answers 503 store_unavailable and nothing reaches HubSpot; after the lock the override is written and its row is `applied`',
      result: `503 store_unavailable; ${sentWhileLocked.propertyChanges} values sent to HubSpot while locked; then 200 with 1 applied audit row`,
      passed: true,
      counts: { losses: 0, doubleWrites: sentWhileLocked.doubleWrites },
    });
  });
});
