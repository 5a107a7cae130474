/** Sync runs, their checkpoints and the per-object-type watermarks of incremental runs. */
import { randomUUID } from 'node:crypto';
import { emptyRunCounts, type Checkpoint, type RunMode, type RunRecord } from '../store';
import type { Row, SqlDb } from './sql-db';
import { bool, iso, str, strOrNull, toDate, toDateOrNull } from './sql-rows';

export class SqlRuns {
  constructor(private readonly db: SqlDb) {}

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
        bool(this.db.kind, run.dryRun),
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
        [portalId, bool(this.db.kind, false)],
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
      mode ? [portalId, bool(this.db.kind, false), mode] : [portalId, bool(this.db.kind, false)],
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
}
