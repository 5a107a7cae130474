/**
 * Opens the store named by DATABASE_URL: `sqlite:<path>`, `sqlite::memory:` or `postgres://…` (`postgresql://…`).
 */
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
    const file = databaseUrl.slice('sqlite:'.length);
    if (!file) throw new Error('DATABASE_URL sqlite: needs a path (sqlite:.keyline/keyline.sqlite) or :memory:');
    return new SqlStore(openSqliteDb(file, options.sqliteBusyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.sqliteBusyTimeoutMs }));
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return new SqlStore(await openPostgresDb(databaseUrl));
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${databaseUrl.split(':')[0]}:…")`);
}
