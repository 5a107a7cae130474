/**
 * The store: everything Keyline remembers between runs, keyed by HubSpot portal (account) id so that several
 * installations can share one database later.
 *
 * Two implementations satisfy this interface: SQLite (better-sqlite3, the embedded default) and PostgreSQL (pg).
 * Open one with `openStore(databaseUrl)` from `./open-store`.
 *
 * Every method is async so both implementations fit; dates are `Date`s; JSON columns hold domain objects
 * (AccountInput, AccountResult) serialised with `./json-codec` so their dates survive the round trip.
 */
import type { AccountAttentionRecord } from '../domain/account-attention';
import type { OnboardingLedgerItem } from '../domain/onboarding-gaps';
import type { OwnerIdentity } from '../domain/name-owner';
import type { KpiSamples, KpiSums, Kpis } from '../domain/portfolio-kpis';
import type { AccountInput, AccountResult, CadenceStatus, PropertyValues, RunError, Tier } from '../domain/types';

// ---------------------------------------------------------------------------------------------------------------
// Settings (the scoring model, versioned)
// ---------------------------------------------------------------------------------------------------------------

export interface SettingsVersion {
  portalId: string;
  /** Hash of the model JSON (the domain's `scoringModelVersion(model)`). */
  version: string;
  /** The scoring model as JSON (validate with the domain's `parseScoringModel` before use). */
  model: unknown;
  savedAt: Date;
  savedBy: string;
}

export type SaveSettingsResult =
  | { ok: true; saved: SettingsVersion }
  /** Someone saved another version since `expectedVersion` was read. */
  | { ok: false; error: 'version_conflict'; current: SettingsVersion | null };

// ---------------------------------------------------------------------------------------------------------------
// Account snapshots and tier history
// ---------------------------------------------------------------------------------------------------------------

// PropertyValues and RunError are shared with the HubSpot adapter, so they live with the domain's types.
export type { PropertyValues, RunError } from '../domain/types';

export interface AccountSnapshot {
  portalId: string;
  companyId: string;
  companyName: string;
  ownerId: string | null;
  /** Effective tier, the tier from the score, and the human override (denormalised for filtering). */
  tier: Tier;
  computedTier: Tier;
  override: Tier | null;
  score: number;
  nearMiss: boolean;
  cadenceStatus: CadenceStatus;
  singleThreaded: boolean;
  ownerOverCapacity: boolean;
  /** The inputs the result was computed from (for settings previews and explanations). */
  input: AccountInput;
  result: AccountResult;
  computedAt: Date;
  /** The next moment when time alone changes this account's tier/status/flags; null = never. */
  reviewAt: Date | null;
  /** Keyline property values on the company after the last run (what HubSpot holds, as far as we know). */
  writtenValues: PropertyValues;
}

/** The light row for lists (portfolio summary, capacity): no JSON payload. */
export type AccountSummary = Omit<AccountSnapshot, 'input' | 'result' | 'writtenValues'>;

export interface SnapshotFilter {
  ownerId?: string;
  tier?: Tier;
  nearMiss?: boolean;
  cadenceStatus?: CadenceStatus;
  singleThreaded?: boolean;
  /** Page size (default: all). Results are ordered by company id. */
  limit?: number;
  /** Return only companies with id > after (keyset paging, compares as strings ordered by length then value). */
  after?: string;
}

export interface TierHistoryEntry {
  companyId: string;
  at: Date;
  tier: Tier;
  score: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Task ledger (write-ahead: `pending` is recorded BEFORE the create call)
// ---------------------------------------------------------------------------------------------------------------

export type TaskStatus = 'pending' | 'open' | 'completed';

/** The `runId` of a ledger row adopted from HubSpot (sync/adopt-tasks.ts): made by a run this store does not know. */
export const ADOPTED_RUN_ID = 'adopted-from-hubspot';

export interface TaskLedgerEntry {
  portalId: string;
  companyId: string;
  gapKey: string;
  /** HubSpot task id; null while the intent is pending (created or not: reconcile before creating again). */
  taskId: string | null;
  status: TaskStatus;
  /** The stable marker written into the task body, e.g. `keyline:gap=123/qbr_overdue`. */
  marker: string;
  subject: string;
  /** The run that created it; `ADOPTED_RUN_ID` when found in HubSpot and adopted (its `createdAt` is HubSpot's). */
  runId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

// ---------------------------------------------------------------------------------------------------------------
// Runs, checkpoints, watermarks, audit
// ---------------------------------------------------------------------------------------------------------------

/** `targeted`: only the companies asked for (`sync --company`, `companyIds`); never resumed, never a full reconcile. */
export type RunMode = 'full' | 'incremental' | 'targeted';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'paused';

export interface RunCounts {
  /** Companies read from HubSpot in this run. */
  companiesRead: number;
  /** Companies scored (read and parsed). */
  companiesScored: number;
  /** Companies whose properties were written (or would be, in a dry run). */
  companiesWritten: number;
  /** Individual property values written (or planned). */
  propertyWrites: number;
  tasksCreated: number;
  tasksClosed: number;
  /** Companies with an error (see `errors`). */
  companiesFailed: number;
  /** Chunks completed (checkpoints). */
  chunks: number;
}

export interface RunRecord {
  id: string;
  portalId: string;
  mode: RunMode;
  dryRun: boolean;
  status: RunStatus;
  startedAt: Date;
  endedAt: Date | null;
  counts: RunCounts;
  /** HTTP requests to HubSpot by endpoint, e.g. `POST /crm/v3/objects/companies/batch/read` → 50. */
  apiCalls: Record<string, number>;
  errors: RunError[];
  /** Why the run failed or paused (e.g. "HubSpot daily API limit reached"). */
  message: string | null;
  /** Free-form details: the dry-run plan summary, the incremental selection, … */
  details: Record<string, unknown>;
}

export interface Checkpoint {
  runId: string;
  /** Paging cursor after the last completed chunk (null = start). */
  cursor: string | null;
  chunkIndex: number;
  /** Anything else the run needs to resume (e.g. the incremental selection still to do). */
  state: Record<string, unknown>;
  savedAt: Date;
}

/**
 * Write-ahead audit: a row is recorded `sent` BEFORE the value goes to HubSpot (a store that refuses it stops the
 * write), then settled: `applied` (HubSpot took it), `refused` (HubSpot answered no: a validation rule, an unknown
 * company), `not_applied` (the write was interrupted — kill, crash, a call out of retries — and HubSpot, read again,
 * does not hold the value). A row still `sent` is a write whose outcome is not known yet: the next sync run settles
 * it against what HubSpot holds. Only `applied` rows are values HubSpot received.
 */
export type AuditStatus = 'sent' | 'applied' | 'refused' | 'not_applied';

/** A value about to be sent to HubSpot. */
export interface AuditIntent {
  runId: string | null;
  companyId: string;
  property: string;
  oldValue: string | null;
  newValue: string | null;
}

export interface AuditEntry {
  /** The row's id (for settling it). */
  id: string;
  status: AuditStatus;
  runId: string | null;
  companyId: string;
  property: string;
  oldValue: string | null;
  newValue: string | null;
  at: Date;
}

// ---------------------------------------------------------------------------------------------------------------
// Portfolio KPI history and model reviews (issue #15)
// ---------------------------------------------------------------------------------------------------------------

/** One month's KPIs of one tier and owner (null: accounts with no owner). */
export interface KpiHistoryRow {
  /** YYYY-MM. */
  month: string;
  tier: Tier;
  ownerId: string | null;
  kpis: Kpis;
  samples: KpiSamples;
  /** The additive sums the KPIs derive from: rows add up to any total exactly. */
  sums: KpiSums;
  computedAt: Date;
}

/** A stored result with the columns it is grouped by (no input JSON: lighter than a snapshot). */
export interface AccountResultRow {
  companyId: string;
  companyName: string;
  ownerId: string | null;
  tier: Tier;
  result: AccountResult;
}

// ---------------------------------------------------------------------------------------------------------------
// The interface
// ---------------------------------------------------------------------------------------------------------------

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  close(): Promise<void>;

  // settings -----------------------------------------------------------------------------------------------------
  getCurrentSettings(portalId: string): Promise<SettingsVersion | null>;
  /**
   * Saves a new settings version if the current one is still `expectedVersion` (null = no version saved yet).
   * Optimistic concurrency: returns `version_conflict` instead of overwriting someone else's save.
   */
  saveSettings(
    portalId: string,
    input: { version: string; model: unknown; savedBy: string; expectedVersion: string | null },
  ): Promise<SaveSettingsResult>;
  /** Newest first. */
  listSettingsVersions(portalId: string, opts?: { limit?: number }): Promise<SettingsVersion[]>;

  // snapshots ----------------------------------------------------------------------------------------------------
  getSnapshot(portalId: string, companyId: string): Promise<AccountSnapshot | null>;
  getSnapshots(portalId: string, companyIds: readonly string[]): Promise<Map<string, AccountSnapshot>>;
  /** Upserts snapshots and appends tier history for companies whose tier or score changed. */
  saveSnapshots(portalId: string, snapshots: readonly AccountSnapshot[]): Promise<void>;
  /** Light rows (no JSON) for the portfolio summary, capacity and reports. */
  listSnapshotSummaries(portalId: string, filter?: SnapshotFilter): Promise<AccountSummary[]>;
  /** Streams full snapshots in pages (e.g. to preview a settings change over every stored AccountInput). */
  streamSnapshots(portalId: string, opts?: { pageSize?: number }): AsyncIterable<AccountSnapshot>;
  countSnapshots(portalId: string): Promise<number>;
  /** The HubSpot accounts this store holds scored companies of (so `report` can name the one without asking HubSpot). */
  listPortalIds(): Promise<string[]>;
  /** Forgets companies (deleted in HubSpot). */
  deleteSnapshots(portalId: string, companyIds: readonly string[]): Promise<void>;
  /** Company ids whose `reviewAt` ≤ now (time alone changes something for them). */
  listDueCompanyIds(portalId: string, now: Date): Promise<string[]>;
  /** Newest first. */
  getTierHistory(portalId: string, companyId: string, opts?: { limit?: number }): Promise<TierHistoryEntry[]>;

  // task ledger --------------------------------------------------------------------------------------------------
  /** The ledger row of one company and gap key (any status), or null. */
  getTask(portalId: string, companyId: string, gapKey: string): Promise<TaskLedgerEntry | null>;
  /** Pending and open Keyline tasks of a company (what the card shows). */
  listOpenTasks(portalId: string, companyId: string): Promise<TaskLedgerEntry[]>;
  /** Pending and open tasks of many companies (for the write plan). */
  listOpenTasksFor(portalId: string, companyIds: readonly string[]): Promise<TaskLedgerEntry[]>;
  /** Intents recorded but never confirmed (a crash between create and record): reconcile before creating. */
  listPendingTasks(portalId: string): Promise<TaskLedgerEntry[]>;
  /**
   * Write-ahead: records the intent to create a task (status `pending`) BEFORE calling HubSpot. Replaces a completed
   * row of the same company and gap key (a gap that reopened). Never replaces a pending or open row.
   */
  recordTaskIntents(
    portalId: string,
    intents: readonly { companyId: string; gapKey: string; marker: string; subject: string; runId: string | null }[],
  ): Promise<void>;
  markTasksOpen(portalId: string, created: readonly { companyId: string; gapKey: string; taskId: string }[]): Promise<void>;
  markTasksCompleted(portalId: string, done: readonly { companyId: string; gapKey: string }[]): Promise<void>;
  /** Of these HubSpot task ids, the ones any ledger row (pending, open or completed) names. */
  knownTaskIds(portalId: string, taskIds: readonly string[]): Promise<Set<string>>;
  /**
   * Keyline tasks found in HubSpot that the ledger did not know (see sync/adopt-tasks.ts): each becomes the open row of
   * its company and gap key — a new row (run `ADOPTED_RUN_ID`, created when HubSpot created the task), or an open row
   * that named another task. A pending row is never touched.
   */
  adoptTasks(
    portalId: string,
    tasks: readonly { companyId: string; gapKey: string; taskId: string; marker: string; createdAt: Date | null }[],
  ): Promise<void>;
  /** Drops a pending intent that reconciliation proved was never created (so it can be planned again). */
  deletePendingTask(portalId: string, companyId: string, gapKey: string): Promise<void>;

  // onboarding ledger (#16): each onboarding item's task made once per new customer (sync/track-onboarding.ts) ---------
  /** The items the onboarding ledger holds, of these companies (all the portal's when absent), in company order. */
  listOnboardingItems(portalId: string, companyIds?: readonly string[]): Promise<OnboardingLedgerItem[]>;
  /** Items whose task was made (status `task_open`); an item already in the ledger is left as it is. */
  recordOnboardingTasks(
    portalId: string,
    items: readonly { companyId: string; itemKey: string; wonAt: Date; taskId: string | null; createdAt: Date }[],
  ): Promise<void>;
  /** Items whose task the person completed (`done`, at `doneAt`) or deleted (`task_deleted`) in HubSpot. */
  settleOnboardingItems(
    portalId: string,
    items: readonly { companyId: string; itemKey: string; status: 'done' | 'task_deleted'; doneAt: Date | null }[],
  ): Promise<void>;

  // runs ---------------------------------------------------------------------------------------------------------
  createRun(portalId: string, input: { mode: RunMode; dryRun: boolean; details?: Record<string, unknown> }): Promise<RunRecord>;
  /** Replaces the mutable parts of a run (status, counts, apiCalls, errors, message, details, endedAt). */
  updateRun(run: RunRecord): Promise<void>;
  getRun(portalId: string, runId: string): Promise<RunRecord | null>;
  /** Newest first. */
  listRuns(portalId: string, opts?: { limit?: number }): Promise<RunRecord[]>;
  /**
   * The run to resume: the newest run that is neither dry nor targeted (`details.companyIds`), when it was left
   * `running` (killed), `paused` (daily limit, stopped) or `failed`. Dry and targeted runs are never resumed; a run
   * followed by a newer one that finished is not either.
   */
  findResumableRun(portalId: string): Promise<RunRecord | null>;
  /** The newest successful run of a mode (or of any mode). */
  lastSuccessfulRun(portalId: string, mode?: RunMode): Promise<RunRecord | null>;

  // checkpoints ----------------------------------------------------------------------------------------------------
  saveCheckpoint(checkpoint: Omit<Checkpoint, 'savedAt'>): Promise<void>;
  getCheckpoint(runId: string): Promise<Checkpoint | null>;

  // watermarks (per object type: companies, contacts, deals, calls, emails, meetings) ----------------------------
  getWatermarks(portalId: string): Promise<Record<string, Date>>;
  setWatermarks(portalId: string, watermarks: Record<string, Date>): Promise<void>;

  // audit ----------------------------------------------------------------------------------------------------------
  /** Write-ahead: records the values about to be sent (status `sent`); returns the rows' ids, in order. */
  recordAuditIntents(portalId: string, intents: readonly AuditIntent[]): Promise<string[]>;
  /**
   * Settles rows (by id) with their outcome. `onlyUnsettled`: leaves rows already settled as they are (a reconcile
   * must not overwrite the answer the writer itself recorded meanwhile).
   */
  settleAudit(portalId: string, ids: readonly string[], status: Exclude<AuditStatus, 'sent'>, opts?: { onlyUnsettled?: boolean }): Promise<void>;
  /** Oldest first. */
  listAudit(portalId: string, opts?: { runId?: string; companyId?: string; status?: AuditStatus; limit?: number }): Promise<AuditEntry[]>;

  // owners (names for people to read; ids stay the key everywhere) ------------------------------------------------
  /**
   * Upserts the owners as HubSpot's owners API answered. Owners no longer listed (left the portal) keep their last
   * known name: their accounts still show who held them.
   */
  saveOwners(portalId: string, owners: readonly OwnerIdentity[], seenAt: Date): Promise<void>;
  /** Every owner Keyline has seen, ordered by id (numeric order). */
  listOwners(portalId: string): Promise<OwnerIdentity[]>;

  // portfolio KPI history and model reviews (issue #15) -----------------------------------------------------------
  /** Replaces the month's rows with these (the month's latest completed sync stands). */
  replaceKpiMonth(portalId: string, month: string, rows: readonly Omit<KpiHistoryRow, 'month' | 'computedAt'>[], computedAt: Date): Promise<void>;
  /** Oldest month first; from `fromMonth` (YYYY-MM) when given. */
  listKpiHistory(portalId: string, opts?: { fromMonth?: string }): Promise<KpiHistoryRow[]>;
  /** Every stored result in pages, by company id, without the input JSON. */
  streamAccountResults(portalId: string, opts?: { pageSize?: number }): AsyncIterable<AccountResultRow>;
  recordModelReview(portalId: string, at: Date, by: string): Promise<void>;
  /** The latest model review, or null when none was ever run. */
  lastModelReview(portalId: string): Promise<{ at: Date; by: string } | null>;
  /** Attention per account (issue #16): the portal's records, replaced at the end of a completed sync; one read by key. */
  replaceAccountAttention(portalId: string, records: readonly AccountAttentionRecord[], measuredAt: Date): Promise<void>;
  getAccountAttention(portalId: string, companyId: string): Promise<{ record: AccountAttentionRecord; measuredAt: Date } | null>;

  // lock (one sync at a time across processes) -------------------------------------------------------------------
  /** Takes the named lease if free or expired; true when this holder has it. */
  acquireLock(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease; false when the holder lost it. */
  renewLock(name: string, holder: string, ttlMs: number): Promise<boolean>;
  releaseLock(name: string, holder: string): Promise<void>;
  /** Who holds the named lease, or null when it is free. */
  inspectLock(name: string): Promise<{ holder: string; expiresAt: Date } | null>;

  // seen request signatures (replay refusal across instances) ----------------------------------------------------
  /**
   * Records that a signed request (`digest` of its signature) was accepted, until `expiresAt` (ms epoch). True when
   * this call recorded it; false when a record that is still live at `now` exists (a replay). An expired record is
   * taken over.
   */
  claimSignature(portalId: string, digest: string, expiresAt: number, now: number): Promise<boolean>;
  /** Forgets a claimed signature (its request failed on our side, so the same request may be sent again). */
  releaseSignature(portalId: string, digest: string): Promise<void>;
  /** Deletes the records that expired before `before` (ms epoch); returns how many. */
  purgeSignatures(before: number): Promise<number>;
}

export function emptyRunCounts(): RunCounts {
  return {
    companiesRead: 0,
    companiesScored: 0,
    companiesWritten: 0,
    propertyWrites: 0,
    tasksCreated: 0,
    tasksClosed: 0,
    companiesFailed: 0,
    chunks: 0,
  };
}
