/**
 * SQLite connection for the SqlStore, on Node's built-in `node:sqlite` (synchronous, in-process; nothing to compile
 * at install). WAL, so readers never block the writer and a second process — the CLI next to `keyline serve` — can
 * share the file; a 5 s busy timeout, so that second process waits for a write lock instead of failing at once.
 */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { schemaStatements, SQLITE_DIALECT } from './schema';
import type { Row, SqlDb, SqlTx } from './sql-store';

const BUSY_TIMEOUT_MS = 5_000;

const normalise = (params: readonly unknown[]): SQLInputValue[] =>
  params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p)) as SQLInputValue[];

export function openSqliteDb(file: string): SqlDb {
  const db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  for (const sql of schemaStatements(SQLITE_DIALECT)) db.exec(sql);

  const all = async (sql: string, params: readonly unknown[] = []): Promise<Row[]> =>
    db.prepare(sql).all(...normalise(params)) as Row[];
  const run = async (sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> => {
    const info = db.prepare(sql).run(...normalise(params));
    return { changes: Number(info.changes) };
  };

  // Transactions are serialised through a promise chain: one DatabaseSync is one connection.
  let queue: Promise<unknown> = Promise.resolve();
  const transaction = <T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn({ all, run, lockPortal: async () => undefined });
        db.exec('COMMIT');
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
