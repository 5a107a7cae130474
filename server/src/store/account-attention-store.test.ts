/** The account attention table (issue #16) on both databases: replaced per portal, read by key. */
import { Client } from 'pg';
import type { AccountAttentionRecord } from '../domain/account-attention';
import { openStore } from './open-store';
import type { Store } from './store';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `keyline_att_${process.pid}_${Date.now()}`;

function aRecord(companyId: string, over: Partial<AccountAttentionRecord> = {}): AccountAttentionRecord {
  return {
    companyId, ownerId: '101', windowDays: 90, attentionShare: 0.5, valueShare: null, ownerMinutes: 30, ownerTouches: 1, ownerTotalMinutes: 60,
    ownerHoursPerWeek: 0.08, capacityHoursPerWeek: 20, ownerTier1Count: 0, ownerTier1Max: 25, ownerOverCapacity: false, ownerDeparted: false,
    accountMinutes: 30, accountHoursPerWeek: 0.04, others: [{ personId: '102', minutes: 5, touches: 1 }], service: 'unknown', reason: null, confidence: 'medium', ...over,
  };
}

async function contract(store: Store): Promise<void> {
  const at = new Date('2026-11-01T02:00:00.000Z');
  // 450 records: more than one INSERT page.
  const many = Array.from({ length: 450 }, (_, i) => aRecord(String(1000 + i)));
  await store.replaceAccountAttention('p1', many, at);
  await store.replaceAccountAttention('p2', [aRecord('1000', { ownerId: null })], at);
  expect(await store.getAccountAttention('p1', '1449')).toEqual({ record: aRecord('1449'), measuredAt: at });
  const later = new Date('2026-11-02T02:00:00.000Z');
  await store.replaceAccountAttention('p1', [aRecord('1000', { attentionShare: 1 })], later);
  expect(await store.getAccountAttention('p1', '1449')).toBeNull();
  expect(await store.getAccountAttention('p1', '1000')).toEqual({ record: aRecord('1000', { attentionShare: 1 }), measuredAt: later });
  // Another portal's rows are untouched.
  expect((await store.getAccountAttention('p2', '1000'))?.record.ownerId).toBeNull();
}

describe('account attention in the store', () => {
  it('when a sync replaces the records on SQLite, then the old ones are gone and each account reads by key', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      await contract(store);
    } finally {
      await store.close();
    }
  });

  it('when a sync replaces the records on PostgreSQL, then the same holds', async () => {
    const store = await openStore(`${PG_URL}?schema=${schema}`);
    try {
      await contract(store);
    } finally {
      await store.close();
      const c = new Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  });
});
