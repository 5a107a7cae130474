/** The task ledger: one pending or open task per company and gap, written ahead of HubSpot and settled after. */
import { chunk } from '../../lib/chunk';
import { ADOPTED_RUN_ID, type TaskLedgerEntry } from '../store';
import type { Row, SqlDb } from './sql-db';
import { IN_CHUNK, str, strOrNull, toDate } from './sql-rows';

export class SqlTasks {
  constructor(private readonly db: SqlDb) {}

  private toTask(r: Row): TaskLedgerEntry {
    return {
      portalId: str(r['portal_id']),
      companyId: str(r['company_id']),
      gapKey: str(r['gap_key']),
      taskId: strOrNull(r['task_id']),
      status: str(r['status']) as TaskLedgerEntry['status'],
      marker: str(r['marker']),
      subject: str(r['subject']),
      runId: strOrNull(r['run_id']),
      createdAt: toDate(r['created_at']),
      updatedAt: toDate(r['updated_at']),
    };
  }

  async getTask(portalId: string, companyId: string, gapKey: string): Promise<TaskLedgerEntry | null> {
    const rows = await this.db.all(
      'SELECT * FROM task_ledger WHERE portal_id = ? AND company_id = ? AND gap_key = ? ORDER BY seq DESC LIMIT 1',
      [portalId, companyId, gapKey],
    );
    return rows[0] ? this.toTask(rows[0]) : null;
  }

  async listOpenTasks(portalId: string, companyId: string): Promise<TaskLedgerEntry[]> {
    return this.listOpenTasksFor(portalId, [companyId]);
  }

  async listOpenTasksFor(portalId: string, companyIds: readonly string[]): Promise<TaskLedgerEntry[]> {
    const out: TaskLedgerEntry[] = [];
    for (const ids of chunk([...new Set(companyIds)], IN_CHUNK)) {
      const rows = await this.db.all(
        `SELECT * FROM task_ledger WHERE portal_id = ? AND status IN ('pending', 'open')
           AND company_id IN (${ids.map(() => '?').join(',')}) ORDER BY seq`,
        [portalId, ...ids],
      );
      out.push(...rows.map((r) => this.toTask(r)));
    }
    return out;
  }

  async listPendingTasks(portalId: string): Promise<TaskLedgerEntry[]> {
    const rows = await this.db.all("SELECT * FROM task_ledger WHERE portal_id = ? AND status = 'pending' ORDER BY seq", [
      portalId,
    ]);
    return rows.map((r) => this.toTask(r));
  }

  async recordTaskIntents(
    portalId: string,
    intents: readonly { companyId: string; gapKey: string; marker: string; subject: string; runId: string | null }[],
  ): Promise<void> {
    if (intents.length === 0) return;
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const i of intents) {
        await tx.run(
          `INSERT INTO task_ledger (portal_id, company_id, gap_key, task_id, status, marker, subject, run_id, created_at, updated_at)
           VALUES (?, ?, ?, NULL, 'pending', ?, ?, ?, ?, ?)
           ON CONFLICT (portal_id, company_id, gap_key) WHERE status IN ('pending', 'open') DO NOTHING`,
          [portalId, i.companyId, i.gapKey, i.marker, i.subject, i.runId, now, now],
        );
      }
    });
  }

  async markTasksOpen(
    portalId: string,
    created: readonly { companyId: string; gapKey: string; taskId: string }[],
  ): Promise<void> {
    if (created.length === 0) return;
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const c of created) {
        const res = await tx.run(
          `UPDATE task_ledger SET status = 'open', task_id = ?, updated_at = ?
           WHERE portal_id = ? AND company_id = ? AND gap_key = ? AND status IN ('pending', 'open')`,
          [c.taskId, now, portalId, c.companyId, c.gapKey],
        );
        if (res.changes === 0) {
          await tx.run(
            `INSERT INTO task_ledger (portal_id, company_id, gap_key, task_id, status, marker, subject, run_id, created_at, updated_at)
             VALUES (?, ?, ?, ?, 'open', ?, '', NULL, ?, ?)`,
            [portalId, c.companyId, c.gapKey, c.taskId, `keyline:gap=${c.companyId}/${c.gapKey}`, now, now],
          );
        }
      }
    });
  }

  async markTasksCompleted(portalId: string, done: readonly { companyId: string; gapKey: string }[]): Promise<void> {
    if (done.length === 0) return;
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const d of done) {
        await tx.run(
          `UPDATE task_ledger SET status = 'completed', updated_at = ?
           WHERE portal_id = ? AND company_id = ? AND gap_key = ? AND status IN ('pending', 'open')`,
          [now, portalId, d.companyId, d.gapKey],
        );
      }
    });
  }

  async knownTaskIds(portalId: string, taskIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const ids of chunk([...new Set(taskIds)], IN_CHUNK)) {
      const rows = await this.db.all(
        `SELECT task_id FROM task_ledger WHERE portal_id = ? AND task_id IN (${ids.map(() => '?').join(',')})`,
        [portalId, ...ids],
      );
      for (const r of rows) out.add(str(r['task_id']));
    }
    return out;
  }

  async adoptTasks(
    portalId: string,
    tasks: readonly { companyId: string; gapKey: string; taskId: string; marker: string; createdAt: Date | null }[],
  ): Promise<void> {
    if (tasks.length === 0) return;
    const now = new Date().toISOString();
    await this.db.transaction(async (tx) => {
      for (const t of tasks) {
        const res = await tx.run(
          `UPDATE task_ledger SET task_id = ?, updated_at = ?
           WHERE portal_id = ? AND company_id = ? AND gap_key = ? AND status = 'open'`,
          [t.taskId, now, portalId, t.companyId, t.gapKey],
        );
        if (res.changes > 0) continue;
        await tx.run(
          `INSERT INTO task_ledger (portal_id, company_id, gap_key, task_id, status, marker, subject, run_id, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'open', ?, '', ?, ?, ?)
           ON CONFLICT (portal_id, company_id, gap_key) WHERE status IN ('pending', 'open') DO NOTHING`,
          [portalId, t.companyId, t.gapKey, t.taskId, t.marker, ADOPTED_RUN_ID, (t.createdAt ?? new Date(now)).toISOString(), now],
        );
      }
    });
  }

  async deletePendingTask(portalId: string, companyId: string, gapKey: string): Promise<void> {
    await this.db.run(
      "DELETE FROM task_ledger WHERE portal_id = ? AND company_id = ? AND gap_key = ? AND status = 'pending'",
      [portalId, companyId, gapKey],
    );
  }
}
