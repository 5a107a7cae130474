/**
 * The KPI history and the model reviews, on SQLite (in memory) and PostgreSQL (a fresh schema per test at
 * postgres://postgres@127.0.0.1:5432/test, or TEST_DATABASE_URL), like store.test.ts.
 */
import { Client } from 'pg';
import { kpisOf, sumKpis } from '../domain/portfolio-kpis';
import { anOutcomes, aResultWithOutcomes } from '../../../test/factories/outcomes';
import { openStore } from './open-store';
import type { AccountSnapshot, Store } from './store';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `keyline_kpi_test_${process.pid}_${Date.now()}`;

const group = (prior: number, trailing: number) => kpisOf(sumKpis([{ tier: 'tier_1', ownerId: '7', outcomes: anOutcomes({ prior, trailing }) }]));
const row = (tier: 'tier_1' | 'tier_2', ownerId: string | null, prior: number, trailing: number) => ({ tier, ownerId, ...group(prior, trailing) });

function defineHistoryContract(store: () => Store): void {
  it('when a month is written twice, then the second run replaces the first (groups that vanished included)', async () => {
    const s = store();
    await s.replaceKpiMonth('p1', '2026-11', [row('tier_1', '7', 100, 120), row('tier_2', null, 50, 0)], new Date('2026-11-02T03:00:00Z'));
    await s.replaceKpiMonth('p1', '2026-11', [row('tier_1', '7', 100, 90)], new Date('2026-11-03T03:00:00Z'));
    const rows = await s.listKpiHistory('p1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ month: '2026-11', tier: 'tier_1', ownerId: '7', kpis: { grr: 0.9, nrr: 0.9 }, samples: { retention: 1 } });
    expect(rows[0]?.computedAt.toISOString()).toBe('2026-11-03T03:00:00.000Z');
  });

  it('when several months and portals are kept, then each portal reads its own months, oldest first, from a month on request', async () => {
    const s = store();
    await s.replaceKpiMonth('p1', '2026-10', [row('tier_1', '7', 100, 100)], new Date('2026-10-20T03:00:00Z'));
    await s.replaceKpiMonth('p1', '2026-11', [row('tier_2', null, 100, 50), row('tier_1', '7', 100, 110)], new Date('2026-11-20T03:00:00Z'));
    await s.replaceKpiMonth('p2', '2026-11', [row('tier_1', '8', 1, 1)], new Date('2026-11-20T03:00:00Z'));
    expect((await s.listKpiHistory('p1')).map((r) => [r.month, r.tier, r.ownerId])).toEqual([
      ['2026-10', 'tier_1', '7'],
      ['2026-11', 'tier_1', '7'],
      ['2026-11', 'tier_2', null],
    ]);
    expect((await s.listKpiHistory('p1', { fromMonth: '2026-11' })).map((r) => r.month)).toEqual(['2026-11', '2026-11']);
    expect((await s.listKpiHistory('p2')).map((r) => r.ownerId)).toEqual(['8']);
  });

  it('when results are stored, then they are read back with their outcomes, without their inputs, in company order', async () => {
    const s = store();
    const snaps: AccountSnapshot[] = ['10', '9', '11'].map((id) => {
      const result = aResultWithOutcomes({ id, tier: 'tier_2', outcomes: anOutcomes({ prior: 10, trailing: 20 }) });
      return {
        portalId: 'p1', companyId: id, companyName: `Co ${id}`, ownerId: '7', tier: 'tier_2', computedTier: 'tier_2', override: null, score: 50,
        nearMiss: false, cadenceStatus: 'on_track', singleThreaded: false, ownerOverCapacity: false,
        input: { company: { id } } as unknown as AccountSnapshot['input'], result, computedAt: result.computedAt, reviewAt: null, writtenValues: {},
      };
    });
    await s.saveSnapshots('p1', snaps);
    const read = [];
    for await (const r of s.streamAccountResults('p1', { pageSize: 2 })) read.push(r);
    expect(read.map((r) => r.companyId)).toEqual(['9', '10', '11']);
    expect(read[0]?.result.outcomes?.retention.nrr).toBe(2);
  });

  it('when reviews are run, then the latest one is remembered per portal', async () => {
    const s = store();
    expect(await s.lastModelReview('p1')).toBeNull();
    await s.recordModelReview('p1', new Date('2026-09-01T00:00:00Z'), 'cli');
    await s.recordModelReview('p1', new Date('2026-12-01T00:00:00Z'), 'api');
    expect(await s.lastModelReview('p1')).toEqual({ at: new Date('2026-12-01T00:00:00Z'), by: 'api' });
    expect(await s.lastModelReview('p2')).toBeNull();
  });
}

describe('KPI history (sqlite)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => {
    await store.close();
  });
  defineHistoryContract(() => store);
});

describe('KPI history (postgres)', () => {
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
  defineHistoryContract(() => {
    if (!store) throw new Error(`PostgreSQL is not reachable at ${PG_URL}`);
    return store;
  });
});
