/**
 * The store's tables, written once for both SQL dialects. `ts` is the timestamp type, `json` the JSON/text type,
 * `serial` an auto-increment primary key column.
 */
export interface Dialect {
  ts: string;
  json: string;
  bool: string;
  real: string;
  serial: string;
  bigint: string;
}

export const SQLITE_DIALECT: Dialect = {
  ts: 'TEXT',
  json: 'TEXT',
  bool: 'INTEGER',
  real: 'REAL',
  serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  bigint: 'INTEGER',
};

export const POSTGRES_DIALECT: Dialect = {
  ts: 'TIMESTAMPTZ',
  json: 'TEXT',
  bool: 'BOOLEAN',
  real: 'DOUBLE PRECISION',
  serial: 'BIGSERIAL PRIMARY KEY',
  bigint: 'BIGINT',
};

/**
 * The audit row's outcome (write-ahead: the row is written `sent` BEFORE the value goes to HubSpot, then settled).
 * Stores created before the column existed get it with ADD COLUMN (see `auditStatusMigration`); their rows were all
 * written after HubSpot had taken the value, hence the default `applied`.
 */
export const AUDIT_STATUS_COLUMN = "status TEXT NOT NULL DEFAULT 'applied'";

/**
 * The store has no migration table: a change to an existing table is made idempotent here, run after
 * `schemaStatements` at every open. `auditHasStatus`: whether the audit table already has its status column (pragma
 * table_info on SQLite, information_schema on PostgreSQL).
 */
export function migrationStatements(auditHasStatus: boolean): string[] {
  return [
    ...(auditHasStatus ? [] : [`ALTER TABLE audit ADD COLUMN ${AUDIT_STATUS_COLUMN}`]),
    'CREATE INDEX IF NOT EXISTS audit_status ON audit (portal_id, status)',
  ];
}

export function schemaStatements(d: Dialect): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS settings_versions (
      seq ${d.serial},
      portal_id TEXT NOT NULL,
      version TEXT NOT NULL,
      model ${d.json} NOT NULL,
      saved_at ${d.ts} NOT NULL,
      saved_by TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS settings_versions_portal ON settings_versions (portal_id, seq)`,
    `CREATE TABLE IF NOT EXISTS snapshots (
      portal_id TEXT NOT NULL,
      company_id TEXT NOT NULL,
      company_name TEXT NOT NULL,
      owner_id TEXT,
      tier TEXT NOT NULL,
      computed_tier TEXT NOT NULL,
      override TEXT,
      score ${d.real} NOT NULL,
      near_miss ${d.bool} NOT NULL,
      cadence_status TEXT NOT NULL,
      single_threaded ${d.bool} NOT NULL,
      owner_over_capacity ${d.bool} NOT NULL,
      input ${d.json} NOT NULL,
      result ${d.json} NOT NULL,
      computed_at ${d.ts} NOT NULL,
      review_at ${d.ts},
      written_values ${d.json} NOT NULL,
      PRIMARY KEY (portal_id, company_id))`,
    `CREATE INDEX IF NOT EXISTS snapshots_review ON snapshots (portal_id, review_at)`,
    `CREATE INDEX IF NOT EXISTS snapshots_owner ON snapshots (portal_id, owner_id, tier)`,
    `CREATE TABLE IF NOT EXISTS tier_history (
      seq ${d.serial},
      portal_id TEXT NOT NULL,
      company_id TEXT NOT NULL,
      at ${d.ts} NOT NULL,
      tier TEXT NOT NULL,
      score ${d.real} NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS tier_history_company ON tier_history (portal_id, company_id, seq)`,
    `CREATE TABLE IF NOT EXISTS task_ledger (
      seq ${d.serial},
      portal_id TEXT NOT NULL,
      company_id TEXT NOT NULL,
      gap_key TEXT NOT NULL,
      task_id TEXT,
      status TEXT NOT NULL,
      marker TEXT NOT NULL,
      subject TEXT NOT NULL,
      run_id TEXT,
      created_at ${d.ts} NOT NULL,
      updated_at ${d.ts} NOT NULL)`,
    // At most one pending-or-open task per company and gap key: the database itself refuses a duplicate intent.
    `CREATE UNIQUE INDEX IF NOT EXISTS task_ledger_active ON task_ledger (portal_id, company_id, gap_key)
      WHERE status IN ('pending', 'open')`,
    `CREATE INDEX IF NOT EXISTS task_ledger_company ON task_ledger (portal_id, company_id)`,
    `CREATE TABLE IF NOT EXISTS runs (
      id TEXT PRIMARY KEY,
      portal_id TEXT NOT NULL,
      mode TEXT NOT NULL,
      dry_run ${d.bool} NOT NULL,
      status TEXT NOT NULL,
      started_at ${d.ts} NOT NULL,
      ended_at ${d.ts},
      counts ${d.json} NOT NULL,
      api_calls ${d.json} NOT NULL,
      errors ${d.json} NOT NULL,
      message TEXT,
      details ${d.json} NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS runs_portal ON runs (portal_id, started_at)`,
    `CREATE TABLE IF NOT EXISTS checkpoints (
      run_id TEXT PRIMARY KEY,
      cursor TEXT,
      chunk_index INTEGER NOT NULL,
      state ${d.json} NOT NULL,
      saved_at ${d.ts} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS watermarks (
      portal_id TEXT NOT NULL,
      object_type TEXT NOT NULL,
      at ${d.ts} NOT NULL,
      PRIMARY KEY (portal_id, object_type))`,
    `CREATE TABLE IF NOT EXISTS audit (
      seq ${d.serial},
      portal_id TEXT NOT NULL,
      run_id TEXT,
      company_id TEXT NOT NULL,
      property TEXT NOT NULL,
      old_value TEXT,
      new_value TEXT,
      at ${d.ts} NOT NULL,
      ${AUDIT_STATUS_COLUMN})`,
    `CREATE INDEX IF NOT EXISTS audit_run ON audit (portal_id, run_id)`,
    `CREATE INDEX IF NOT EXISTS audit_company ON audit (portal_id, company_id)`,
    // The portal's owners as HubSpot's owners API last named them (read once per sync run): for showing people by name.
    `CREATE TABLE IF NOT EXISTS owners (
      portal_id TEXT NOT NULL,
      owner_id TEXT NOT NULL,
      first_name TEXT,
      last_name TEXT,
      email TEXT,
      seen_at ${d.ts} NOT NULL,
      PRIMARY KEY (portal_id, owner_id))`,
    `CREATE TABLE IF NOT EXISTS locks (
      name TEXT PRIMARY KEY,
      holder TEXT NOT NULL,
      expires_at ${d.bigint} NOT NULL)`,
    // Signed state-changing API requests already accepted (a digest of the signature), until their timestamp leaves
    // the 5-minute window: a replay is refused by every instance sharing the store.
    `CREATE TABLE IF NOT EXISTS seen_signatures (
      portal_id TEXT NOT NULL,
      digest TEXT NOT NULL,
      expires_at ${d.bigint} NOT NULL,
      PRIMARY KEY (portal_id, digest))`,
    `CREATE INDEX IF NOT EXISTS seen_signatures_expiry ON seen_signatures (expires_at)`,
    // The portfolio KPIs by month, tier and owner ('' = no owner), replaced by the month's latest completed sync (#15).
    `CREATE TABLE IF NOT EXISTS kpi_history (
      portal_id TEXT NOT NULL,
      month TEXT NOT NULL,
      tier TEXT NOT NULL,
      owner_id TEXT NOT NULL,
      kpis ${d.json} NOT NULL,
      samples ${d.json} NOT NULL,
      sums ${d.json} NOT NULL,
      computed_at ${d.ts} NOT NULL,
      PRIMARY KEY (portal_id, month, tier, owner_id))`,
    // Each model review run (`keyline review`, GET /api/v1/review): when the next one is due (#15).
    `CREATE TABLE IF NOT EXISTS model_reviews (
      seq ${d.serial},
      portal_id TEXT NOT NULL,
      reviewed_at ${d.ts} NOT NULL,
      reviewed_by TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS model_reviews_portal ON model_reviews (portal_id, seq)`,
    // Attention per account (#16): the card's share of its owner's time, replaced by every completed sync.
    `CREATE TABLE IF NOT EXISTS account_attention (portal_id TEXT NOT NULL, company_id TEXT NOT NULL, owner_id TEXT, record ${d.json} NOT NULL, measured_at ${d.ts} NOT NULL, PRIMARY KEY (portal_id, company_id))`,
    // Onboarding items whose task Keyline made, once per new customer (#16): done by the person, or deleted (never again).
    `CREATE TABLE IF NOT EXISTS onboarding_ledger (
      portal_id TEXT NOT NULL,
      company_id TEXT NOT NULL,
      item_key TEXT NOT NULL,
      won_at ${d.ts} NOT NULL,
      task_id TEXT,
      status TEXT NOT NULL,
      task_created_at ${d.ts} NOT NULL,
      done_at ${d.ts},
      updated_at ${d.ts} NOT NULL,
      PRIMARY KEY (portal_id, company_id, item_key))`,
  ];
}
