/**
 * The HubSpot gateway: everything Keyline reads from and writes to HubSpot, behind one interface.
 * The sync engine, the CLI and the HTTP API depend on this interface only; `createHubSpotGateway` (./hubspot-gateway)
 * implements it over the process's one connection to HubSpot's 2026-09 API (./hubspot-transport). Tests may
 * implement it in memory.
 *
 * Reads return domain inputs (already parsed and mapped; junk became null) plus the current values of Keyline's own
 * properties, so the write plan can diff. Writes report every per-record failure instead of throwing for them.
 * A DAILY rate limit throws `DailyLimitReached` (./errors): the caller pauses the run.
 */
import type { OwnerIdentity } from '../domain/name-owner';
import type { AccountInput, Product, PropertyValues, RunError, Tier } from '../domain/types';

export interface ReadOptions {
  now: Date;
  /** Engagements older than now − lookbackDays are not read. */
  lookbackDays: number;
  /** The company date property holding the contract's end (the model's `outcomes.contract_end_property`). */
  contractEndProperty?: string;
}

export interface ReadAccount {
  input: AccountInput;
  /** Current values of Keyline's properties on the company (null when empty). */
  current: PropertyValues;
}

export interface PortfolioChunk {
  /** 0-based index of this chunk in the run. */
  index: number;
  /** Paging cursor to continue after this chunk; null when it was the last. */
  nextCursor: string | null;
  accounts: ReadAccount[];
  /** Companies that could not be read or parsed (the run continues without them). */
  errors: RunError[];
}

export interface ReadAccountsResult {
  accounts: ReadAccount[];
  errors: RunError[];
  /** Requested ids HubSpot does not know (deleted or never existed). */
  missing: string[];
}

/** Object types whose last-modified dates drive incremental sync. */
export const WATERMARK_OBJECTS = ['companies', 'contacts', 'deals', 'calls', 'emails', 'meetings', 'line_items', 'feedback_submissions'] as const;
export type WatermarkObject = (typeof WATERMARK_OBJECTS)[number];

export interface ChangedCompany {
  company: AccountInput['company'];
  /** Keyline's property values on the company now. */
  current: PropertyValues;
}

export interface ChangedCompanies {
  /** Companies whose contacts, deals or engagements changed. */
  companyIds: string[];
  /**
   * Company records modified since the watermark, mapped. Keyline's own writes modify companies too: the caller
   * compares these with what it stored to keep only real changes.
   */
  changedCompanies: ChangedCompany[];
  /** The newest last-modified date seen per object type (the next watermark). */
  watermarks: Partial<Record<WatermarkObject, Date>>;
}

export interface CompanyUpdate {
  companyId: string;
  /** Property name → new value as HubSpot wants it ('' clears). */
  properties: Record<string, string>;
}

/**
 * A property value HubSpot refused because of the portal's own validation rules (enforced on every API write from
 * 2026-09): never retried, reported for the company, whose other values stay as they were.
 */
export interface WriteRefusal {
  property: string;
  /** HubSpot's code for the rule (e.g. REQUIRED_PROPERTY, INVALID_FORMAT). */
  rule: string;
  message: string;
}

export interface RecordFailure {
  id: string;
  message: string;
  /** Set when the portal's validation rules refused the write (a 400 VALIDATION_ERROR naming properties). */
  refusals?: WriteRefusal[];
}

export interface WriteOutcome {
  /** Ids written successfully. */
  succeeded: string[];
  /** Per-record failures after the gateway's retries. */
  failed: RecordFailure[];
}

export type TaskPriority = 'HIGH' | 'MEDIUM' | 'LOW';

export interface NewTask {
  companyId: string;
  gapKey: string;
  /** `keyline:gap=<companyId>/<gapKey>`: written into the body, used to find the task again after a crash. */
  marker: string;
  subject: string;
  body: string;
  ownerId: string | null;
  priority: TaskPriority;
  dueAt: Date;
  /** The contact concerned (associated with type 204), if any. */
  contactId?: string;
}

export interface CreatedTask {
  companyId: string;
  gapKey: string;
  taskId: string;
}

export interface TaskFailure {
  companyId: string;
  gapKey: string;
  message: string;
  /** `unknown`: HubSpot may have created it (5xx, connection lost) — reconcile by marker before creating again. */
  outcome?: 'not_created' | 'unknown';
  /** Set when the portal's validation rules refused the task. */
  refusals?: WriteRefusal[];
}

export interface TaskToComplete {
  taskId: string;
  companyId: string;
  gapKey: string;
  /** Appended to the task body when it is completed. */
  note: string;
}

/** A Keyline task found in HubSpot (by its marker), for reconciling pending intents. */
export interface FoundTask {
  taskId: string;
  marker: string;
  status: string | null;
}

/**
 * A task carrying Keyline's identity (`keyline_task_key`), found by `findKeylineTasks`: what HubSpot holds, so the
 * store's ledger can adopt it (see sync/adopt-tasks.ts).
 */
export interface KeylineTaskFound {
  taskId: string;
  /** The task's `keyline_task_key`, e.g. `keyline:gap=123/qbr_overdue`. */
  marker: string;
  status: string | null;
  /** HubSpot's `hs_createdate`, or null when HubSpot did not send a readable one. */
  createdAt: Date | null;
}

/** A task read back by id: a task HubSpot does not hold is `deleted`. */
export type TaskStatusRead = { state: 'open' } | { state: 'completed'; at: Date | null } | { state: 'deleted' };

export type SetupOutcome = 'created' | 'unchanged' | 'updated';

export interface SetupReport {
  group: SetupOutcome;
  properties: { name: string; outcome: SetupOutcome }[];
  lists: { name: string; outcome: Exclude<SetupOutcome, 'updated'> }[];
}

export interface HubSpotGateway {
  /** The portfolio, company list order, in chunks of ≤ chunkSize companies with their deals, contacts, touches. */
  streamPortfolio(
    opts: ReadOptions & { cursor?: string | null; startIndex?: number; chunkSize?: number },
  ): AsyncIterable<PortfolioChunk>;
  /** Reads the given companies fresh (for incremental runs and one-company recomputes). */
  readAccounts(companyIds: readonly string[], opts: ReadOptions): Promise<ReadAccountsResult>;
  /** Companies whose company, deals, contacts or engagements changed since the watermarks. */
  findChangedCompanies(since: Partial<Record<WatermarkObject, Date>>, opts?: Pick<ReadOptions, 'contractEndProperty'>): Promise<ChangedCompanies>;

  /** Batch update (≤ 100 per call); only the given values are sent. */
  updateCompanyProperties(updates: readonly CompanyUpdate[]): Promise<WriteOutcome>;
  createTasks(tasks: readonly NewTask[]): Promise<{ created: CreatedTask[]; failed: TaskFailure[] }>;
  completeTasks(tasks: readonly TaskToComplete[]): Promise<{ completed: TaskToComplete[]; failed: TaskFailure[] }>;
  /** Keyline tasks associated with a company whose body carries one of the markers. */
  findTasksByMarker(companyId: string, markers: readonly string[]): Promise<FoundTask[]>;
  /**
   * Every task carrying Keyline's identity that is not completed, plus those created at or after `createdSince`
   * whatever their status (a search over tasks, paged by id; it lags HubSpot's writes by seconds).
   */
  findKeylineTasks(opts: { createdSince: Date }): Promise<KeylineTaskFound[]>;

  /** Where these tasks stand (by id, batch reads; not the lagging search): open, completed (when) or deleted. */
  readTaskStatuses(taskIds: readonly string[]): Promise<Map<string, TaskStatusRead>>;

  /** The id of the HubSpot account the token belongs to (when HUBSPOT_PORTAL_ID is not set). */
  readAccountId(): Promise<string>;
  /** How many companies the portal holds (for progress), or null when HubSpot does not say. */
  countCompanies(): Promise<number | null>;
  /** The portal's product library (active products; empty when the token may not read products). Read once per run. */
  readProducts(): Promise<Product[]>;
  /** Ids of the portal's active owners (a task assigned to an unknown owner is rejected by HubSpot). */
  listOwnerIds(): Promise<Set<string>>;
  /** The portal's active owners with their names and emails (one read of the owners API; ids included). */
  listOwners(): Promise<OwnerIdentity[]>;

  /**
   * Whether the portal has the task property `keyline_task_key` (checked before tasks are created; a `true` is
   * remembered for the life of the gateway, so a process asks at most until it is there).
   */
  hasTaskKeyProperty(): Promise<boolean>;
  /** Creates or updates the property group and every Keyline property; `lists` also creates the saved lists. */
  setup(opts: { lists: boolean }): Promise<SetupReport>;

  /** A new run starts: requests refused after a DAILY limit may be tried again. */
  beginRun(): void;

  /** HTTP requests made so far by endpoint (`POST /crm/objects/2026-09/companies/batch/read` → n), since creation. */
  apiCalls(): Record<string, number>;
  /** Failed requests so far (retried attempts included) by HTTP status or "network", since creation. */
  apiFailures?(): Record<string, number>;
}

export type { Tier };
