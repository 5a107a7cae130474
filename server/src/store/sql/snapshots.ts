/** Account snapshots (latest input, result and written values per company) and the tier history they append. */
import { chunk } from '../../lib/chunk';
import type { Tier, CadenceStatus, AccountInput, AccountResult } from '../../domain/types';
import { decodeJson, encodeJson } from '../json-codec';
import type { AccountSnapshot, AccountSummary, PropertyValues, SnapshotFilter, TierHistoryEntry } from '../store';
import type { Row, SqlDb } from './sql-db';
import { bool, IN_CHUNK, iso, str, strOrNull, toDate, toDateOrNull } from './sql-rows';

/** Company ids are numeric strings: order them by length, then value (numeric order without casting). */
const ID_ORDER = 'LENGTH(company_id), company_id';
const ID_AFTER = '(LENGTH(company_id) > LENGTH(?) OR (LENGTH(company_id) = LENGTH(?) AND company_id > ?))';

export class SqlSnapshots {
  constructor(private readonly db: SqlDb) {}

  private toSummary(r: Row): AccountSummary {
    return {
      portalId: str(r['portal_id']),
      companyId: str(r['company_id']),
      companyName: str(r['company_name']),
      ownerId: strOrNull(r['owner_id']),
      tier: str(r['tier']) as Tier,
      computedTier: str(r['computed_tier']) as Tier,
      override: strOrNull(r['override']) as Tier | null,
      score: Number(r['score']),
      nearMiss: Boolean(r['near_miss']),
      cadenceStatus: str(r['cadence_status']) as CadenceStatus,
      singleThreaded: Boolean(r['single_threaded']),
      ownerOverCapacity: Boolean(r['owner_over_capacity']),
      computedAt: toDate(r['computed_at']),
      reviewAt: toDateOrNull(r['review_at']),
    };
  }

  private toSnapshot(r: Row): AccountSnapshot {
    return {
      ...this.toSummary(r),
      input: decodeJson<AccountInput>(str(r['input'])),
      result: decodeJson<AccountResult>(str(r['result'])),
      writtenValues: JSON.parse(str(r['written_values'])) as PropertyValues,
    };
  }

  async getSnapshot(portalId: string, companyId: string): Promise<AccountSnapshot | null> {
    const rows = await this.db.all('SELECT * FROM snapshots WHERE portal_id = ? AND company_id = ?', [portalId, companyId]);
    return rows[0] ? this.toSnapshot(rows[0]) : null;
  }

  async getSnapshots(portalId: string, companyIds: readonly string[]): Promise<Map<string, AccountSnapshot>> {
    const out = new Map<string, AccountSnapshot>();
    for (const ids of chunk([...new Set(companyIds)], IN_CHUNK)) {
      const rows = await this.db.all(
        `SELECT * FROM snapshots WHERE portal_id = ? AND company_id IN (${ids.map(() => '?').join(',')})`,
        [portalId, ...ids],
      );
      for (const r of rows) out.set(str(r['company_id']), this.toSnapshot(r));
    }
    return out;
  }

  async saveSnapshots(portalId: string, snapshots: readonly AccountSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const ids of chunk(snapshots, IN_CHUNK)) {
        const previous = new Map<string, { tier: string; score: number }>();
        const rows = await tx.all(
          `SELECT company_id, tier, score FROM snapshots WHERE portal_id = ? AND company_id IN (${ids.map(() => '?').join(',')})`,
          [portalId, ...ids.map((s) => s.companyId)],
        );
        for (const r of rows) previous.set(str(r['company_id']), { tier: str(r['tier']), score: Number(r['score']) });
        for (const s of ids) {
          await tx.run(
            `INSERT INTO snapshots (portal_id, company_id, company_name, owner_id, tier, computed_tier, override, score,
               near_miss, cadence_status, single_threaded, owner_over_capacity, input, result, computed_at, review_at,
               written_values)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (portal_id, company_id) DO UPDATE SET
               company_name = excluded.company_name, owner_id = excluded.owner_id, tier = excluded.tier,
               computed_tier = excluded.computed_tier, override = excluded.override, score = excluded.score,
               near_miss = excluded.near_miss, cadence_status = excluded.cadence_status,
               single_threaded = excluded.single_threaded, owner_over_capacity = excluded.owner_over_capacity,
               input = excluded.input, result = excluded.result, computed_at = excluded.computed_at,
               review_at = excluded.review_at, written_values = excluded.written_values`,
            [
              portalId,
              s.companyId,
              s.companyName,
              s.ownerId,
              s.tier,
              s.computedTier,
              s.override,
              s.score,
              bool(this.db.kind, s.nearMiss),
              s.cadenceStatus,
              bool(this.db.kind, s.singleThreaded),
              bool(this.db.kind, s.ownerOverCapacity),
              encodeJson(s.input),
              encodeJson(s.result),
              s.computedAt.toISOString(),
              iso(s.reviewAt),
              JSON.stringify(s.writtenValues),
            ],
          );
          const prev = previous.get(s.companyId);
          if (!prev || prev.tier !== s.tier || Math.abs(prev.score - s.score) > 1e-9) {
            await tx.run('INSERT INTO tier_history (portal_id, company_id, at, tier, score) VALUES (?, ?, ?, ?, ?)', [
              portalId,
              s.companyId,
              s.computedAt.toISOString(),
              s.tier,
              s.score,
            ]);
          }
        }
      }
    });
  }

  private filterSql(portalId: string, filter: SnapshotFilter): { where: string; params: unknown[] } {
    const clauses = ['portal_id = ?'];
    const params: unknown[] = [portalId];
    if (filter.ownerId !== undefined) {
      clauses.push('owner_id = ?');
      params.push(filter.ownerId);
    }
    if (filter.tier !== undefined) {
      clauses.push('tier = ?');
      params.push(filter.tier);
    }
    if (filter.nearMiss !== undefined) {
      clauses.push('near_miss = ?');
      params.push(bool(this.db.kind, filter.nearMiss));
    }
    if (filter.singleThreaded !== undefined) {
      clauses.push('single_threaded = ?');
      params.push(bool(this.db.kind, filter.singleThreaded));
    }
    if (filter.cadenceStatus !== undefined) {
      clauses.push('cadence_status = ?');
      params.push(filter.cadenceStatus);
    }
    if (filter.after !== undefined) {
      clauses.push(ID_AFTER);
      params.push(filter.after, filter.after, filter.after);
    }
    return { where: clauses.join(' AND '), params };
  }

  async listSnapshotSummaries(portalId: string, filter: SnapshotFilter = {}): Promise<AccountSummary[]> {
    const { where, params } = this.filterSql(portalId, filter);
    const limit = filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '';
    const rows = await this.db.all(
      `SELECT portal_id, company_id, company_name, owner_id, tier, computed_tier, override, score, near_miss,
         cadence_status, single_threaded, owner_over_capacity, computed_at, review_at
       FROM snapshots WHERE ${where} ORDER BY ${ID_ORDER}${limit}`,
      params,
    );
    return rows.map((r) => this.toSummary(r));
  }

  async *streamSnapshots(portalId: string, opts: { pageSize?: number } = {}): AsyncIterable<AccountSnapshot> {
    const pageSize = opts.pageSize ?? 500;
    let after: string | undefined;
    for (;;) {
      const { where, params } = this.filterSql(portalId, after === undefined ? {} : { after });
      const rows = await this.db.all(`SELECT * FROM snapshots WHERE ${where} ORDER BY ${ID_ORDER} LIMIT ${pageSize}`, params);
      for (const r of rows) yield this.toSnapshot(r);
      if (rows.length < pageSize) return;
      after = str(rows[rows.length - 1]?.['company_id']);
    }
  }

  async listPortalIds(): Promise<string[]> {
    const rows = await this.db.all('SELECT DISTINCT portal_id FROM snapshots ORDER BY portal_id');
    return rows.map((r) => String(r['portal_id']));
  }

  async countSnapshots(portalId: string): Promise<number> {
    const rows = await this.db.all('SELECT COUNT(*) AS n FROM snapshots WHERE portal_id = ?', [portalId]);
    return Number(rows[0]?.['n'] ?? 0);
  }

  async deleteSnapshots(portalId: string, companyIds: readonly string[]): Promise<void> {
    for (const ids of chunk([...new Set(companyIds)], IN_CHUNK)) {
      await this.db.run(`DELETE FROM snapshots WHERE portal_id = ? AND company_id IN (${ids.map(() => '?').join(',')})`, [
        portalId,
        ...ids,
      ]);
    }
  }

  async listDueCompanyIds(portalId: string, now: Date): Promise<string[]> {
    const rows = await this.db.all(
      `SELECT company_id FROM snapshots WHERE portal_id = ? AND review_at IS NOT NULL AND review_at <= ? ORDER BY ${ID_ORDER}`,
      [portalId, now.toISOString()],
    );
    return rows.map((r) => str(r['company_id']));
  }

  async getTierHistory(portalId: string, companyId: string, opts: { limit?: number } = {}): Promise<TierHistoryEntry[]> {
    const rows = await this.db.all(
      'SELECT * FROM tier_history WHERE portal_id = ? AND company_id = ? ORDER BY seq DESC LIMIT ?',
      [portalId, companyId, opts.limit ?? 100],
    );
    return rows.map((r) => ({
      companyId: str(r['company_id']),
      at: toDate(r['at']),
      tier: str(r['tier']) as Tier,
      score: Number(r['score']),
    }));
  }
}
