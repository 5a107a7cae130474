/** The write-ahead audit of property changes sent to HubSpot, settled once HubSpot answers. */
import { chunk } from '../../lib/chunk';
import type { AuditEntry, AuditIntent, AuditStatus } from '../store';
import type { SqlDb } from './sql-db';
import { IN_CHUNK, str, strOrNull, toDate } from './sql-rows';

export class SqlAudit {
  constructor(private readonly db: SqlDb) {}

  async recordAuditIntents(portalId: string, intents: readonly AuditIntent[]): Promise<string[]> {
    if (intents.length === 0) return [];
    const at = new Date().toISOString();
    return this.db.transaction(async (tx) => {
      const ids: string[] = [];
      for (const rows of chunk(intents, 100)) {
        const inserted = await tx.all(
          `INSERT INTO audit (portal_id, run_id, company_id, property, old_value, new_value, at, status) VALUES
           ${rows.map(() => "(?, ?, ?, ?, ?, ?, ?, 'sent')").join(', ')} RETURNING seq`,
          rows.flatMap((e) => [portalId, e.runId, e.companyId, e.property, e.oldValue, e.newValue, at]),
        );
        // Multi-row INSERT … RETURNING gives the rows in insertion order on both SQLite and PostgreSQL; sorted anyway.
        ids.push(...inserted.map((r) => Number(r['seq'])).sort((x, y) => x - y).map(String));
      }
      return ids;
    });
  }

  async settleAudit(
    portalId: string,
    ids: readonly string[],
    status: Exclude<AuditStatus, 'sent'>,
    opts: { onlyUnsettled?: boolean } = {},
  ): Promise<void> {
    if (ids.length === 0) return;
    const unsettled = opts.onlyUnsettled ? " AND status = 'sent'" : '';
    await this.db.transaction(async (tx) => {
      for (const group of chunk(ids, IN_CHUNK)) {
        await tx.run(`UPDATE audit SET status = ? WHERE portal_id = ?${unsettled} AND seq IN (${group.map(() => '?').join(',')})`, [
          status,
          portalId,
          ...group.map(Number),
        ]);
      }
    });
  }

  async listAudit(
    portalId: string,
    opts: { runId?: string; companyId?: string; status?: AuditStatus; limit?: number } = {},
  ): Promise<AuditEntry[]> {
    const clauses = ['portal_id = ?'];
    const params: unknown[] = [portalId];
    if (opts.runId !== undefined) {
      clauses.push('run_id = ?');
      params.push(opts.runId);
    }
    if (opts.companyId !== undefined) {
      clauses.push('company_id = ?');
      params.push(opts.companyId);
    }
    if (opts.status !== undefined) {
      clauses.push('status = ?');
      params.push(opts.status);
    }
    params.push(opts.limit ?? 1000);
    const rows = await this.db.all(`SELECT * FROM audit WHERE ${clauses.join(' AND ')} ORDER BY seq LIMIT ?`, params);
    return rows.map((r) => ({
      id: String(r['seq']),
      status: str(r['status']) as AuditStatus,
      runId: strOrNull(r['run_id']),
      companyId: str(r['company_id']),
      property: str(r['property']),
      oldValue: strOrNull(r['old_value']),
      newValue: strOrNull(r['new_value']),
      at: toDate(r['at']),
    }));
  }
}
