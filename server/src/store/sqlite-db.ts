/**
 * SQLite connection for the SqlStore, on Node's built-in `node:sqlite` (synchronous, in-process; nothing to compile
 * at install). WAL, so readers never block the writer and a second process — the CLI next to `keyline serve` — can
 * share the file. A busy timeout lets a writer wait for another process's write lock: 5 s by default (the CLI, a
 * sync), shorter where a person waits — `keyline serve` opens with 500 ms, because node:sqlite waits synchronously and
 * the wait stalls the whole event loop (health checks included). A lock not obtained in time is StoreUnavailable
 * (the API answers 503 `store_unavailable`; nothing was written).
 */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { migrationStatements, schemaStatements, SQLITE_DIALECT } from './schema';
import { fromSqliteError } from './store-errors';
import type { Row, SqlDb, SqlTx } from './sql/sql-db';

export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

const normalise = (params: readonly unknown[]): SQLInputValue[] =>
  params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p)) as SQLInputValue[];

export function openSqliteDb(file: string, options: { busyTimeoutMs?: number } = {}): SqlDb {
  const db = new DatabaseSync(file, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  for (const sql of schemaStatements(SQLITE_DIALECT)) db.exec(sql);
  const auditHasStatus = db.prepare('PRAGMA table_info(audit)').all().some((c) => c['name'] === 'status');
  for (const sql of migrationStatements(auditHasStatus)) db.exec(sql);

  const guard = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw fromSqliteError(err);
    }
  };
  const all = async (sql: string, params: readonly unknown[] = []): Promise<Row[]> =>
    guard(() => db.prepare(sql).all(...normalise(params)));
  const run = async (sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> => {
    const info = guard(() => db.prepare(sql).run(...normalise(params)));
    return { changes: Number(info.changes) };
  };

  // Transactions are serialised through a promise chain: one DatabaseSync is one connection.
  let queue: Promise<unknown> = Promise.resolve();
  const transaction = <T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      guard(() => db.exec('BEGIN IMMEDIATE'));
      try {
        const out = await fn({ all, run, lockPortal: async () => undefined });
        guard(() => db.exec('COMMIT'));
        return out;
      } catch (err) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    kind: 'sqlite',
    all,
    run,
    transaction,
    close: async () => {
      await queue;
      db.close();
    },
  };
}
