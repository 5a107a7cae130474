/** The onboarding ledger (#16): each new customer's onboarding items whose task Keyline made, once; done or deleted. */
import { chunk } from '../../lib/chunk';
import type { OnboardingLedgerItem } from '../../domain/onboarding-gaps';
import type { Store } from '../store';
import type { Row, SqlDb } from './sql-db';
import { IN_CHUNK, str, strOrNull, toDate, toDateOrNull } from './sql-rows';

const STATUSES: ReadonlySet<string> = new Set(['task_open', 'done', 'task_deleted']);

export class SqlOnboarding {
  constructor(private readonly db: SqlDb) {}

  private toItem(r: Row): OnboardingLedgerItem {
    const status = str(r['status']);
    return {
      companyId: str(r['company_id']),
      itemKey: str(r['item_key']),
      wonAt: toDate(r['won_at']),
      taskId: strOrNull(r['task_id']),
      status: (STATUSES.has(status) ? status : 'task_open') as OnboardingLedgerItem['status'],
      taskCreatedAt: toDate(r['task_created_at']),
      doneAt: toDateOrNull(r['done_at']),
    };
  }

  async listOnboardingItems(portalId: string, companyIds?: readonly string[]): Promise<OnboardingLedgerItem[]> {
    const order = 'ORDER BY LENGTH(company_id), company_id, item_key';
    if (companyIds === undefined) {
      return (await this.db.all(`SELECT * FROM onboarding_ledger WHERE portal_id = ? ${order}`, [portalId])).map((r) => this.toItem(r));
    }
    const out: OnboardingLedgerItem[] = [];
    for (const ids of chunk([...new Set(companyIds)], IN_CHUNK)) {
      const rows = await this.db.all(
        `SELECT * FROM onboarding_ledger WHERE portal_id = ? AND company_id IN (${ids.map(() => '?').join(',')}) ${order}`,
        [portalId, ...ids],
      );
      out.push(...rows.map((r) => this.toItem(r)));
    }
    return out;
  }

  async recordOnboardingTasks(portalId: string, items: Parameters<Store['recordOnboardingTasks']>[1]): Promise<void> {
    if (items.length === 0) return;
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const rows of chunk(items, 100)) {
        await tx.run(
          `INSERT INTO onboarding_ledger (portal_id, company_id, item_key, won_at, task_id, status, task_created_at, done_at, updated_at) VALUES
           ${rows.map(() => "(?, ?, ?, ?, ?, 'task_open', ?, NULL, ?)").join(', ')}
           ON CONFLICT (portal_id, company_id, item_key) DO NOTHING`,
          rows.flatMap((i) => [portalId, i.companyId, i.itemKey, i.wonAt.toISOString(), i.taskId, i.createdAt.toISOString(), now]),
        );
      }
    });
  }

  async settleOnboardingItems(portalId: string, items: Parameters<Store['settleOnboardingItems']>[1]): Promise<void> {
    if (items.length === 0) return;
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const i of items) {
        await tx.run(
          `UPDATE onboarding_ledger SET status = ?, done_at = ?, updated_at = ?
           WHERE portal_id = ? AND company_id = ? AND item_key = ? AND status = 'task_open'`,
          [i.status, i.doneAt === null ? null : i.doneAt.toISOString(), now, portalId, i.companyId, i.itemKey],
        );
      }
    });
  }
}
