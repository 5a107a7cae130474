/**
 * The Store, written once over a minimal SQL connection (`SqlDb`) that SQLite and PostgreSQL both provide.
 * Statements use `?` placeholders (the PostgreSQL connection numbers them) and portable SQL: upserts with
 * ON CONFLICT, a partial unique index for the one-active-task rule, ISO timestamps in, Dates out.
 */
import { randomUUID } from 'node:crypto';
import { chunk } from '../lib/chunk';
import type { OwnerIdentity } from '../domain/name-owner';
import type { Tier, CadenceStatus, AccountInput, AccountResult } from '../domain/types';
import { decodeJson, encodeJson } from './json-codec';
import {
  ADOPTED_RUN_ID,
  emptyRunCounts,
  type AccountSnapshot,
  type AccountSummary,
  type AuditEntry,
  type AuditIntent,
  type AuditStatus,
  type Checkpoint,
  type PropertyValues,
  type RunMode,
  type RunRecord,
  type SaveSettingsResult,
  type SettingsVersion,
  type SnapshotFilter,
  type Store,
  type TaskLedgerEntry,
  type TierHistoryEntry,
} from './store';

export type Row = Record<string, unknown>;

export interface SqlDb {
  readonly kind: 'sqlite' | 'postgres';
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  run(sql: string, params?: readonly unknown[]): Promise<{ changes: number }>;
  /** Runs fn in one transaction (serialised with other transactions of this connection). */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type SqlTx = Pick<SqlDb, 'all' | 'run'> & {
  /** Serialises writers of one portal inside the transaction (PostgreSQL advisory lock; SQLite already is). */
  lockPortal(portalId: string): Promise<void>;
};

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);
const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const toDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : toDate(v));
const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const IN_CHUNK = 500;


/** Company ids are numeric strings: order them by length, then value (numeric order without casting). */
const ID_ORDER = 'LENGTH(company_id), company_id';
const ID_AFTER = '(LENGTH(company_id) > LENGTH(?) OR (LENGTH(company_id) = LENGTH(?) AND company_id > ?))';

export class SqlStore implements Store {
  readonly kind: 'sqlite' | 'postgres';

  constructor(private readonly db: SqlDb) {
    this.kind = db.kind;
  }

  private bool(v: boolean): boolean | number {
    return this.kind === 'sqlite' ? (v ? 1 : 0) : v;
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  // settings -------------------------------------------------------------------------------------------------------

  private toSettings(r: Row): SettingsVersion {
    return {
      portalId: str(r['portal_id']),
      version: str(r['version']),
      model: JSON.parse(str(r['model'])) as unknown,
      savedAt: toDate(r['saved_at']),
      savedBy: str(r['saved_by']),
    };
  }

  async getCurrentSettings(portalId: string): Promise<SettingsVersion | null> {
    const rows = await this.db.all('SELECT * FROM settings_versions WHERE portal_id = ? ORDER BY seq DESC LIMIT 1', [portalId]);
    return rows[0] ? this.toSettings(rows[0]) : null;
  }

  async saveSettings(
    portalId: string,
    input: { version: string; model: unknown; savedBy: string; expectedVersion: string | null },
  ): Promise<SaveSettingsResult> {
    return this.db.transaction(async (tx) => {
      await tx.lockPortal(portalId);
      const rows = await tx.all('SELECT * FROM settings_versions WHERE portal_id = ? ORDER BY seq DESC LIMIT 1', [portalId]);
      const current = rows[0] ? this.toSettings(rows[0]) : null;
      if ((current?.version ?? null) !== input.expectedVersion) {
        return { ok: false as const, error: 'version_conflict' as const, current };
      }
      const savedAt = new Date();
      await tx.run('INSERT INTO settings_versions (portal_id, version, model, saved_at, saved_by) VALUES (?, ?, ?, ?, ?)', [
        portalId,
        input.version,
        JSON.stringify(input.model),
        savedAt.toISOString(),
        input.savedBy,
      ]);
      return {
        ok: true as const,
        saved: { portalId, version: input.version, model: input.model, savedAt, savedBy: input.savedBy },
      };
    });
  }

  async listSettingsVersions(portalId: string, opts: { limit?: number } = {}): Promise<SettingsVersion[]> {
    const rows = await this.db.all('SELECT * FROM settings_versions WHERE portal_id = ? ORDER BY seq DESC LIMIT ?', [
      portalId,
      opts.limit ?? 100,
    ]);
    return rows.map((r) => this.toSettings(r));
  }

  // snapshots ------------------------------------------------------------------------------------------------------

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
              this.bool(s.nearMiss),
              s.cadenceStatus,
              this.bool(s.singleThreaded),
              this.bool(s.ownerOverCapacity),
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
      params.push(this.bool(filter.nearMiss));
    }
    if (filter.singleThreaded !== undefined) {
      clauses.push('single_threaded = ?');
      params.push(this.bool(filter.singleThreaded));
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

  // task ledger ------------------------------------------------------------------------------------------------------

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

  // runs -------------------------------------------------------------------------------------------------------------

  private toRun(r: Row): RunRecord {
    return {
      id: str(r['id']),
      portalId: str(r['portal_id']),
      mode: str(r['mode']) as RunMode,
      dryRun: Boolean(r['dry_run']),
      status: str(r['status']) as RunRecord['status'],
      startedAt: toDate(r['started_at']),
      endedAt: toDateOrNull(r['ended_at']),
      counts: { ...emptyRunCounts(), ...(JSON.parse(str(r['counts'])) as object) },
      apiCalls: JSON.parse(str(r['api_calls'])) as Record<string, number>,
      errors: JSON.parse(str(r['errors'])) as RunRecord['errors'],
      message: strOrNull(r['message']),
      details: JSON.parse(str(r['details'])) as Record<string, unknown>,
    };
  }

  async createRun(
    portalId: string,
    input: { mode: RunMode; dryRun: boolean; details?: Record<string, unknown> },
  ): Promise<RunRecord> {
    const run: RunRecord = {
      id: randomUUID(),
      portalId,
      mode: input.mode,
      dryRun: input.dryRun,
      status: 'running',
      startedAt: new Date(),
      endedAt: null,
      counts: emptyRunCounts(),
      apiCalls: {},
      errors: [],
      message: null,
      details: input.details ?? {},
    };
    await this.db.run(
      `INSERT INTO runs (id, portal_id, mode, dry_run, status, started_at, ended_at, counts, api_calls, errors, message, details)
       VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, NULL, ?)`,
      [
        run.id,
        portalId,
        run.mode,
        this.bool(run.dryRun),
        run.status,
        run.startedAt.toISOString(),
        JSON.stringify(run.counts),
        '{}',
        '[]',
        JSON.stringify(run.details),
      ],
    );
    return run;
  }

  async updateRun(run: RunRecord): Promise<void> {
    await this.db.run(
      `UPDATE runs SET status = ?, ended_at = ?, counts = ?, api_calls = ?, errors = ?, message = ?, details = ?
       WHERE id = ?`,
      [
        run.status,
        iso(run.endedAt),
        JSON.stringify(run.counts),
        JSON.stringify(run.apiCalls),
        JSON.stringify(run.errors),
        run.message,
        JSON.stringify(run.details),
        run.id,
      ],
    );
  }

  async getRun(portalId: string, runId: string): Promise<RunRecord | null> {
    const rows = await this.db.all('SELECT * FROM runs WHERE portal_id = ? AND id = ?', [portalId, runId]);
    return rows[0] ? this.toRun(rows[0]) : null;
  }

  async listRuns(portalId: string, opts: { limit?: number } = {}): Promise<RunRecord[]> {
    const rows = await this.db.all('SELECT * FROM runs WHERE portal_id = ? ORDER BY started_at DESC, id LIMIT ?', [
      portalId,
      opts.limit ?? 50,
    ]);
    return rows.map((r) => this.toRun(r));
  }

  async findResumableRun(portalId: string): Promise<RunRecord | null> {
    // Targeted runs (details.companyIds) are skipped in code: the JSON column is TEXT on both stores.
    for (let offset = 0; ; offset += 50) {
      const rows = await this.db.all(
        `SELECT * FROM runs WHERE portal_id = ? AND dry_run = ? ORDER BY started_at DESC LIMIT 50 OFFSET ${offset}`,
        [portalId, this.bool(false)],
      );
      const run = rows.map((r) => this.toRun(r)).find((r) => r.details['companyIds'] === undefined);
      if (run) return ['running', 'paused', 'failed'].includes(run.status) ? run : null;
      if (rows.length < 50) return null;
    }
  }

  async lastSuccessfulRun(portalId: string, mode?: RunMode): Promise<RunRecord | null> {
    const rows = await this.db.all(
      `SELECT * FROM runs WHERE portal_id = ? AND status = 'succeeded' AND dry_run = ?${mode ? ' AND mode = ?' : ''}
       ORDER BY started_at DESC LIMIT 1`,
      mode ? [portalId, this.bool(false), mode] : [portalId, this.bool(false)],
    );
    return rows[0] ? this.toRun(rows[0]) : null;
  }

  // checkpoints ------------------------------------------------------------------------------------------------------

  async saveCheckpoint(c: Omit<Checkpoint, 'savedAt'>): Promise<void> {
    await this.db.run(
      `INSERT INTO checkpoints (run_id, cursor, chunk_index, state, saved_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (run_id) DO UPDATE SET cursor = excluded.cursor, chunk_index = excluded.chunk_index,
         state = excluded.state, saved_at = excluded.saved_at`,
      [c.runId, c.cursor, c.chunkIndex, JSON.stringify(c.state), new Date().toISOString()],
    );
  }

  async getCheckpoint(runId: string): Promise<Checkpoint | null> {
    const rows = await this.db.all('SELECT * FROM checkpoints WHERE run_id = ?', [runId]);
    const r = rows[0];
    if (!r) return null;
    return {
      runId: str(r['run_id']),
      cursor: strOrNull(r['cursor']),
      chunkIndex: Number(r['chunk_index']),
      state: JSON.parse(str(r['state'])) as Record<string, unknown>,
      savedAt: toDate(r['saved_at']),
    };
  }

  // watermarks -------------------------------------------------------------------------------------------------------

  async getWatermarks(portalId: string): Promise<Record<string, Date>> {
    const rows = await this.db.all('SELECT object_type, at FROM watermarks WHERE portal_id = ?', [portalId]);
    return Object.fromEntries(rows.map((r) => [str(r['object_type']), toDate(r['at'])]));
  }

  async setWatermarks(portalId: string, watermarks: Record<string, Date>): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const [objectType, at] of Object.entries(watermarks)) {
        await tx.run(
          `INSERT INTO watermarks (portal_id, object_type, at) VALUES (?, ?, ?)
           ON CONFLICT (portal_id, object_type) DO UPDATE SET at = excluded.at`,
          [portalId, objectType, at.toISOString()],
        );
      }
    });
  }

  // owners -----------------------------------------------------------------------------------------------------------

  async saveOwners(portalId: string, owners: readonly OwnerIdentity[], seenAt: Date): Promise<void> {
    if (owners.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const rows of chunk(owners, 100)) {
        await tx.run(
          `INSERT INTO owners (portal_id, owner_id, first_name, last_name, email, seen_at) VALUES
           ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (portal_id, owner_id) DO UPDATE SET
             first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email, seen_at = excluded.seen_at`,
          rows.flatMap((o) => [portalId, o.ownerId, o.firstName, o.lastName, o.email, seenAt.toISOString()]),
        );
      }
    });
  }

  async listOwners(portalId: string): Promise<OwnerIdentity[]> {
    const rows = await this.db.all(
      'SELECT owner_id, first_name, last_name, email FROM owners WHERE portal_id = ? ORDER BY LENGTH(owner_id), owner_id',
      [portalId],
    );
    return rows.map((r) => ({ ownerId: str(r['owner_id']), firstName: strOrNull(r['first_name']), lastName: strOrNull(r['last_name']), email: strOrNull(r['email']) }));
  }

  // audit ------------------------------------------------------------------------------------------------------------

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

  // lock -------------------------------------------------------------------------------------------------------------

  async acquireLock(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    await this.db.run(
      `INSERT INTO locks (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE locks.expires_at < ? OR locks.holder = excluded.holder`,
      [name, holder, now + ttlMs, now],
    );
    const rows = await this.db.all('SELECT holder FROM locks WHERE name = ?', [name]);
    return rows[0]?.['holder'] === holder;
  }

  async renewLock(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const res = await this.db.run('UPDATE locks SET expires_at = ? WHERE name = ? AND holder = ?', [
      Date.now() + ttlMs,
      name,
      holder,
    ]);
    return res.changes > 0;
  }

  async releaseLock(name: string, holder: string): Promise<void> {
    await this.db.run('DELETE FROM locks WHERE name = ? AND holder = ?', [name, holder]);
  }

  async inspectLock(name: string): Promise<{ holder: string; expiresAt: Date } | null> {
    const rows = await this.db.all('SELECT holder, expires_at FROM locks WHERE name = ?', [name]);
    const r = rows[0];
    if (!r || Number(r['expires_at']) < Date.now()) return null;
    return { holder: str(r['holder']), expiresAt: new Date(Number(r['expires_at'])) };
  }

  // seen request signatures ------------------------------------------------------------------------------------------

  async claimSignature(portalId: string, digest: string, expiresAt: number, now: number): Promise<boolean> {
    // One statement, so two instances claiming the same signature at once cannot both win: the primary key decides,
    // and only an expired record is overwritten.
    const res = await this.db.run(
      `INSERT INTO seen_signatures (portal_id, digest, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (portal_id, digest) DO UPDATE SET expires_at = excluded.expires_at
       WHERE seen_signatures.expires_at < ?`,
      [portalId, digest, expiresAt, now],
    );
    return res.changes > 0;
  }

  async releaseSignature(portalId: string, digest: string): Promise<void> {
    await this.db.run('DELETE FROM seen_signatures WHERE portal_id = ? AND digest = ?', [portalId, digest]);
  }

  async purgeSignatures(before: number): Promise<number> {
    return (await this.db.run('DELETE FROM seen_signatures WHERE expires_at < ?', [before])).changes;
  }
}
