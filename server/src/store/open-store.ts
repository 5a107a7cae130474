/**
 * Opens the store named by DATABASE_URL: `sqlite:<path>`, `sqlite::memory:` or `postgres://…` (`postgresql://…`).
 * Only the default store's folder (`.keyline/`) is created; a SQLite path in a folder that does not exist is a
 * configuration error, so a mistyped path never becomes a new, empty store.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, DEFAULT_DATABASE_URL, sqliteFile, sqliteFolderProblem } from '../config';
import { openPostgresDb } from './postgres-db';
import { openSqliteDb } from './sqlite-db';
import { SqlStore } from './sql-store';
import type { Store } from './store';

export interface StoreOptions {
  /** SQLite only: how long a write waits for another process's lock before StoreUnavailable (default 5 s). */
  sqliteBusyTimeoutMs?: number;
}

export async function openStore(databaseUrl: string, options: StoreOptions = {}): Promise<Store> {
  if (databaseUrl.startsWith('sqlite:')) {
    const file = sqliteFile(databaseUrl);
    if (databaseUrl === 'sqlite:') {
      throw new ConfigError([{ variable: 'DATABASE_URL', message: 'sqlite: needs a path (sqlite:.keyline/keyline.sqlite) or :memory:' }]);
    }
    if (file === null) return new SqlStore(openSqliteDb(':memory:'));
    if (databaseUrl === DEFAULT_DATABASE_URL) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const problem = sqliteFolderProblem(databaseUrl);
    if (problem) throw new ConfigError([{ variable: 'DATABASE_URL', message: problem }]);
    return new SqlStore(openSqliteDb(file, options.sqliteBusyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.sqliteBusyTimeoutMs }));
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return new SqlStore(await openPostgresDb(databaseUrl));
  throw new ConfigError([
    { variable: 'DATABASE_URL', message: `must start with sqlite: or postgres:// (got "${databaseUrl.split(':')[0]}:…")` },
  ]);
}
