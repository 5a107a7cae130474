/**
 * The minimal SQL connection the store is written over, provided by SQLite (sqlite-db.ts) and PostgreSQL
 * (postgres-db.ts). Statements use `?` placeholders (the PostgreSQL connection numbers them) and portable SQL.
 */
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
