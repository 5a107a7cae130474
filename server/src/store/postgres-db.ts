/**
 * PostgreSQL connection for the SqlStore (pg Pool). `?schema=<name>` in the URL puts every table in that schema
 * (created if missing) — the tests use a unique schema per run.
 */
import { Pool, type PoolClient } from 'pg';
import { POSTGRES_DIALECT, schemaStatements } from './schema';
import type { Row, SqlDb, SqlTx } from './sql-store';

/** `?` → `$1, $2, …` (our statements have no `?` inside string literals). */
function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export async function openPostgresDb(databaseUrl: string): Promise<SqlDb> {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);

  if (schema) {
    const admin = new Pool({ connectionString: url.toString(), max: 1 });
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new Pool({
    connectionString: url.toString(),
    max: 5,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });

  const exec = (client: Pool | PoolClient) => ({
    all: async (sql: string, params: readonly unknown[] = []): Promise<Row[]> =>
      (await client.query(numberPlaceholders(sql), [...params])).rows as Row[],
    run: async (sql: string, params: readonly unknown[] = []): Promise<{ changes: number }> => ({
      changes: (await client.query(numberPlaceholders(sql), [...params])).rowCount ?? 0,
    }),
  });

  const client = await pool.connect();
  try {
    // Serialise concurrent migrations (several instances starting at once).
    await client.query('SELECT pg_advisory_lock(7317001)');
    for (const sql of schemaStatements(POSTGRES_DIALECT)) await client.query(sql);
    await client.query('SELECT pg_advisory_unlock(7317001)');
  } finally {
    client.release();
  }

  return {
    kind: 'postgres',
    ...exec(pool),
    transaction: async <T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const out = await fn({
          ...exec(c),
          lockPortal: async (portalId: string) => {
            await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [portalId]);
          },
        });
        await c.query('COMMIT');
        return out;
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    close: async () => {
      await pool.end();
    },
  };
}
