/**
 * PostgreSQL connection for the SqlStore (pg Pool). `?schema=<name>` in the URL puts every table in that schema
 * (created if missing) — the tests use a unique schema per run.
 *
 * Connections die (a database restart or failover, an idle-connection killer, pg_terminate_backend): the pool's
 * 'error' event for an idle client is handled (logged, the client is discarded and the next query opens a new one),
 * and a query on a lost connection rejects with StoreUnavailable, so nothing crashes the process.
 */
import { Pool, type PoolClient } from 'pg';
import { logger } from '../logger';
import { migrationStatements, POSTGRES_DIALECT, schemaStatements } from './schema';
import { fromPostgresError, StoreUnavailable } from './store-errors';
import type { Row, SqlDb, SqlTx } from './sql/sql-db';

/** `?` → `$1, $2, …` (our statements have no `?` inside string literals). */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const CONNECT_TIMEOUT_MS = 5_000;

export async function openPostgresDb(databaseUrl: string): Promise<SqlDb> {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);

  if (schema) {
    const admin = new Pool({ connectionString: url.toString(), max: 1, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    admin.on('error', () => undefined);
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new Pool({
    connectionString: url.toString(),
    max: 5,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client whose connection dies emits 'error' on the pool; unhandled, that event kills the process.
  pool.on('error', (err) => {
    logger.warn('PostgreSQL connection lost (idle); the next query opens a new one', { error: { name: err.name, message: err.message } });
  });
  const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw fromPostgresError(err);
    }
  };

  const exec = (client: Pool | PoolClient) => ({
    all: async (sql: string, params: readonly unknown[] = []): Promise<Row[]> =>
      guard(async () => (await client.query(numberPlaceholders(sql), [...params])).rows as Row[]),
    run: async (sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> =>
      guard(async () => ({ changes: (await client.query(numberPlaceholders(sql), [...params])).rowCount ?? 0 })),
  });

  const client = await guard(() => pool.connect());
  try {
    // Serialise concurrent migrations (several instances starting at once).
    await client.query('SELECT pg_advisory_lock(7317001)');
    for (const sql of schemaStatements(POSTGRES_DIALECT)) await client.query(sql);
    // In the schema of search_path (the URL's `?schema=`, else public).
    const columns = await client.query(
      "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'audit' AND column_name = 'status'",
    );
    for (const sql of migrationStatements((columns.rowCount ?? 0) > 0)) await client.query(sql);
    await client.query('SELECT pg_advisory_unlock(7317001)');
  } finally {
    client.release();
  }

  return {
    kind: 'postgres',
    ...exec(pool),
    transaction: async <T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> => {
      const c = await guard(() => pool.connect());
      let broken = false;
      try {
        await guard(() => c.query('BEGIN'));
        const out = await fn({
          ...exec(c),
          lockPortal: async (portalId: string) => {
            await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [portalId]);
          },
        });
        await guard(() => c.query('COMMIT'));
        return out;
      } catch (err) {
        const failure = fromPostgresError(err);
        broken = failure instanceof StoreUnavailable;
        if (!broken) await c.query('ROLLBACK').catch(() => undefined);
        throw failure;
      } finally {
        // A client whose connection failed is destroyed, not returned to the pool.
        c.release(broken);
      }
    },
    close: async () => {
      await pool.end();
    },
  };
}
