/**
 * SQLite connection for the SqlStore (better-sqlite3: synchronous, in-process, WAL so readers never block the
 * writer and a second process — the CLI next to `keyline serve` — can share the file).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { schemaStatements, SQLITE_DIALECT } from './schema';
import type { Row, SqlDb, SqlTx } from './sql-store';

const normalise = (params: readonly unknown[]): unknown[] =>
  params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p));

export function openSqliteDb(file: string): SqlDb {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  for (const sql of schemaStatements(SQLITE_DIALECT)) db.exec(sql);

  const all = async (sql: string, params: readonly unknown[] = []): Promise<Row[]> =>
    db.prepare(sql).all(...normalise(params)) as Row[];
  const run = async (sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> => {
    const info = db.prepare(sql).run(...normalise(params));
    return { changes: info.changes };
  };

  // Transactions are serialised through a promise chain: better-sqlite3 has one connection per Database.
  let queue: Promise<unknown> = Promise.resolve();
  const transaction = <T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn({ all, run, lockPortal: async () => undefined });
        db.exec('COMMIT');
        return out;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
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
