/**
 * The portfolio KPIs' monthly history (issue #15): one row per portal, month (YYYY-MM), tier and owner, holding the
 * group's KPIs, their sample sizes and the additive sums they derive from (so any total over rows is exact). A sync
 * that completes replaces its month's rows (the latest run of a month stands). Also the light read of every stored
 * result (no input JSON) that the history and the model review are computed from.
 */
import type { KpiSamples, KpiSums, Kpis } from '../../domain/portfolio-kpis';
import type { AccountResult, Tier } from '../../domain/types';
import { decodeJson } from '../json-codec';
import type { AccountResultRow, KpiHistoryRow } from '../store';
import type { SqlDb } from './sql-db';
import { str, strOrNull, toDate } from './sql-rows';

/** The owner column is part of the key, so "no owner" is stored as '' (NULLs are never equal in a key). */
const NO_OWNER = '';

export class SqlKpiHistory {
  constructor(private readonly db: SqlDb) {}

  async replaceKpiMonth(portalId: string, month: string, rows: readonly Omit<KpiHistoryRow, 'month' | 'computedAt'>[], computedAt: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.lockPortal(portalId);
      await tx.run('DELETE FROM kpi_history WHERE portal_id = ? AND month = ?', [portalId, month]);
      for (const r of rows) {
        await tx.run(
          `INSERT INTO kpi_history (portal_id, month, tier, owner_id, kpis, samples, sums, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [portalId, month, r.tier, r.ownerId ?? NO_OWNER, JSON.stringify(r.kpis), JSON.stringify(r.samples), JSON.stringify(r.sums), computedAt.toISOString()],
        );
      }
    });
  }

  async listKpiHistory(portalId: string, opts: { fromMonth?: string } = {}): Promise<KpiHistoryRow[]> {
    const rows = await this.db.all(
      `SELECT month, tier, owner_id, kpis, samples, sums, computed_at FROM kpi_history WHERE portal_id = ?${opts.fromMonth === undefined ? '' : ' AND month >= ?'}
       ORDER BY month, tier, LENGTH(owner_id), owner_id`,
      opts.fromMonth === undefined ? [portalId] : [portalId, opts.fromMonth],
    );
    return rows.map((r) => {
      const owner = str(r['owner_id']);
      return {
        month: str(r['month']),
        tier: str(r['tier']) as Tier,
        ownerId: owner === NO_OWNER ? null : owner,
        kpis: JSON.parse(str(r['kpis'])) as Kpis,
        samples: JSON.parse(str(r['samples'])) as KpiSamples,
        sums: JSON.parse(str(r['sums'])) as KpiSums,
        computedAt: toDate(r['computed_at']),
      };
    });
  }

  async *streamAccountResults(portalId: string, opts: { pageSize?: number } = {}): AsyncIterable<AccountResultRow> {
    const pageSize = opts.pageSize ?? 500;
    let after: string | null = null;
    for (;;) {
      const rows = await this.db.all(
        `SELECT company_id, company_name, owner_id, tier, result FROM snapshots WHERE portal_id = ?
         ${after === null ? '' : 'AND (LENGTH(company_id) > LENGTH(?) OR (LENGTH(company_id) = LENGTH(?) AND company_id > ?))'}
         ORDER BY LENGTH(company_id), company_id LIMIT ${pageSize}`,
        after === null ? [portalId] : [portalId, after, after, after],
      );
      for (const r of rows) {
        yield {
          companyId: str(r['company_id']),
          companyName: str(r['company_name']),
          ownerId: strOrNull(r['owner_id']),
          tier: str(r['tier']) as Tier,
          result: decodeJson<AccountResult>(str(r['result'])),
        };
      }
      if (rows.length < pageSize) return;
      after = str(rows[rows.length - 1]?.['company_id']);
    }
  }

  async recordModelReview(portalId: string, at: Date, by: string): Promise<void> {
    await this.db.run('INSERT INTO model_reviews (portal_id, reviewed_at, reviewed_by) VALUES (?, ?, ?)', [portalId, at.toISOString(), by]);
  }

  async lastModelReview(portalId: string): Promise<{ at: Date; by: string } | null> {
    const rows = await this.db.all('SELECT reviewed_at, reviewed_by FROM model_reviews WHERE portal_id = ? ORDER BY seq DESC LIMIT 1', [portalId]);
    const r = rows[0];
    return r ? { at: toDate(r['reviewed_at']), by: str(r['reviewed_by']) } : null;
  }
}
