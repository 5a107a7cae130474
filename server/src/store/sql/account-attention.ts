/**
 * Attention per account (issue #16, part 1): one row per portal and company, holding the account's record as the end
 * of the last completed sync measured it (domain/account-attention.ts). A completed sync replaces the portal's rows,
 * so an account gone from the portfolio leaves no stale row; the card reads one row by key.
 */
import type { AccountAttentionRecord } from '../../domain/account-attention';
import { decodeJson } from '../json-codec';
import type { SqlDb } from './sql-db';
import { str, toDate } from './sql-rows';

/** Rows per INSERT statement (5 parameters each). */
const INSERT_ROWS = 200;

export class SqlAccountAttention {
  constructor(private readonly db: SqlDb) {}

  async replaceAccountAttention(portalId: string, records: readonly AccountAttentionRecord[], measuredAt: Date): Promise<void> {
    const at = measuredAt.toISOString();
    await this.db.transaction(async (tx) => {
      await tx.lockPortal(portalId);
      await tx.run('DELETE FROM account_attention WHERE portal_id = ?', [portalId]);
      for (let i = 0; i < records.length; i += INSERT_ROWS) {
        const page = records.slice(i, i + INSERT_ROWS);
        await tx.run(
          `INSERT INTO account_attention (portal_id, company_id, owner_id, record, measured_at) VALUES ${page.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
          page.flatMap((r) => [portalId, r.companyId, r.ownerId, JSON.stringify(r), at]),
        );
      }
    });
  }

  async getAccountAttention(portalId: string, companyId: string): Promise<{ record: AccountAttentionRecord; measuredAt: Date } | null> {
    const rows = await this.db.all('SELECT record, measured_at FROM account_attention WHERE portal_id = ? AND company_id = ?', [portalId, companyId]);
    const r = rows[0];
    return r ? { record: decodeJson<AccountAttentionRecord>(str(r['record'])), measuredAt: toDate(r['measured_at']) } : null;
  }
}
