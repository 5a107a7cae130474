/**
 * The onboarding ledger (#16): each new customer's onboarding task made once, then done or deleted — on SQLite (in
 * memory) and PostgreSQL (a fresh schema per test at postgres://postgres@127.0.0.1:5432/test, or TEST_DATABASE_URL),
 * like store.test.ts.
 */
import { Client } from 'pg';
import { openStore } from './open-store';
import type { Store } from './store';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `keyline_onb_test_${process.pid}_${Date.now()}`;
const wonAt = new Date('2026-10-20T00:00:00Z');
const made = new Date('2026-10-25T03:00:00Z');

function defineLedgerContract(store: () => Store): void {
  it('when an item is recorded twice, then the ledger keeps the first record (a task is made once per customer)', async () => {
    const s = store();
    await s.recordOnboardingTasks('p1', [{ companyId: '10', itemKey: 'kickoff', wonAt, taskId: 't1', createdAt: made }]);
    await s.recordOnboardingTasks('p1', [
      { companyId: '10', itemKey: 'kickoff', wonAt, taskId: 't2', createdAt: new Date('2026-10-26T03:00:00Z') },
      { companyId: '9', itemKey: 'channels', wonAt, taskId: null, createdAt: made },
    ]);
    const items = await s.listOnboardingItems('p1');
    expect(items.map((i) => [i.companyId, i.itemKey, i.taskId, i.status])).toEqual([
      ['9', 'channels', null, 'task_open'],
      ['10', 'kickoff', 't1', 'task_open'],
    ]);
    expect(items[1]?.wonAt.toISOString()).toBe(wonAt.toISOString());
    expect(items[1]?.taskCreatedAt.toISOString()).toBe(made.toISOString());
    expect(items[1]?.doneAt).toBeNull();
  });

  it('when the person completes one task and deletes another, then the items read done (with the date) and deleted; a settled item stays settled', async () => {
    const s = store();
    await s.recordOnboardingTasks('p1', [
      { companyId: '10', itemKey: 'channels', wonAt, taskId: 't1', createdAt: made },
      { companyId: '10', itemKey: 'success_criteria', wonAt, taskId: 't2', createdAt: made },
    ]);
    const done = new Date('2026-10-28T12:00:00Z');
    await s.settleOnboardingItems('p1', [
      { companyId: '10', itemKey: 'channels', status: 'done', doneAt: done },
      { companyId: '10', itemKey: 'success_criteria', status: 'task_deleted', doneAt: null },
    ]);
    await s.settleOnboardingItems('p1', [{ companyId: '10', itemKey: 'success_criteria', status: 'done', doneAt: done }]);
    const items = await s.listOnboardingItems('p1', ['10']);
    expect(items.map((i) => [i.itemKey, i.status, i.doneAt?.toISOString() ?? null])).toEqual([
      ['channels', 'done', done.toISOString()],
      ['success_criteria', 'task_deleted', null],
    ]);
  });

  it('when two portals and several companies are kept, then each portal reads only its own, and only the companies asked for', async () => {
    const s = store();
    await s.recordOnboardingTasks('p1', [{ companyId: '10', itemKey: 'kickoff', wonAt, taskId: 't1', createdAt: made }]);
    await s.recordOnboardingTasks('p1', [{ companyId: '11', itemKey: 'kickoff', wonAt, taskId: 't3', createdAt: made }]);
    await s.recordOnboardingTasks('p2', [{ companyId: '10', itemKey: 'kickoff', wonAt, taskId: 't9', createdAt: made }]);
    expect((await s.listOnboardingItems('p1', ['11'])).map((i) => i.taskId)).toEqual(['t3']);
    expect((await s.listOnboardingItems('p2')).map((i) => i.taskId)).toEqual(['t9']);
    expect(await s.listOnboardingItems('p1', [])).toEqual([]);
  });
}

describe('onboarding ledger (sqlite)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => {
    await store.close();
  });
  defineLedgerContract(() => store);
});

describe('onboarding ledger (postgres)', () => {
  let store: Store | null = null;
  beforeEach(async () => {
    store = await openStore(`${PG_URL}?schema=${schema}_${Math.random().toString(36).slice(2, 8)}`);
  });
  afterEach(async () => {
    await store?.close();
  });
  afterAll(async () => {
    const c = new Client({ connectionString: PG_URL });
    await c.connect();
    const rows = await c.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`${schema}%`]);
    for (const r of rows.rows) await c.query(`DROP SCHEMA ${r.nspname} CASCADE`);
    await c.end();
  });
  defineLedgerContract(() => {
    if (!store) throw new Error(`PostgreSQL is not reachable at ${PG_URL}`);
    return store;
  });
});
