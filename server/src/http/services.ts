/**
 * What the HTTP API needs from the rest of Keyline, and nothing more: the use-cases the routes call and the store
 * reads the views are built from. Routes depend on this interface only; `services-from-keyline.ts` adapts the real
 * modules to it and the route tests use in-memory fakes of it.
 *
 * Expected failures are values (`{ ok: false, error }`), never exceptions: the routes map them to HTTP statuses.
 */
import type { AccountResult, Tier } from '../domain/types';
import type { PortfolioFilter, PortfolioView } from '../use-cases/read-portfolio';

/** A Keyline task still open in HubSpot for a company. */
export interface OpenKeylineTask {
  taskId: string;
  gapKey: string;
  title: string;
  createdAt: Date;
}

/** One point of the account's tier history (one per change, oldest first). */
export interface TierHistoryEntry {
  at: Date;
  tier: Tier;
  score: number;
}

/** Everything the account view is made of. */
export interface AccountSnapshot {
  result: AccountResult;
  /** The owner as a person reads it (name, else email, else "Owner <id>"); null when the account has no owner. */
  ownerName: string | null;
  openTasks: OpenKeylineTask[];
  tierHistory: TierHistoryEntry[];
}

export type AccountLookup =
  | { ok: true; account: AccountSnapshot }
  | { ok: false; error: 'company_not_found' | 'not_computed_yet' };

export type RecomputeOutcome = { ok: true } | { ok: false; error: 'company_not_found' };

export interface FollowUpTaskRequest {
  gapKey?: string | undefined;
  title?: string | undefined;
  note?: string | undefined;
}

export type FollowUpTaskOutcome =
  | { ok: true; taskId: string; gapKey: string; created: boolean }
  | { ok: false; error: string; message?: string };

export type OverrideOutcome = { ok: true } | { ok: false; error: string; message?: string };

// ---------------------------------------------------------------------------------------------------------------
// Portfolio
// ---------------------------------------------------------------------------------------------------------------

/** The portfolio is one use case with one shape, shared with `keyline report --json` (server/src/use-cases). */
export type { PortfolioFilter, PortfolioView } from '../use-cases/read-portfolio';

// ---------------------------------------------------------------------------------------------------------------
// Settings (the scoring model is data: validated, versioned)
// ---------------------------------------------------------------------------------------------------------------

export interface SettingsIssue {
  path: string;
  message: string;
}

export interface SettingsVersionInfo {
  version: string | number;
  savedAt: Date;
  savedBy: string | null;
}

export interface CurrentSettings {
  version: string | number;
  model: unknown;
  defaults: unknown;
  history: SettingsVersionInfo[];
}

export interface TierTransitionCount {
  from: Tier;
  to: Tier;
  count: number;
}

export interface SettingsPreview {
  accountsEvaluated: number;
  tierChanges: number;
  byTransition: TierTransitionCount[];
}

export type SettingsPreviewOutcome =
  | { valid: true; issues: []; preview: SettingsPreview }
  /** An invalid model previews nothing: the counts are zero. */
  | { valid: false; issues: SettingsIssue[]; preview: SettingsPreview };

export type SaveSettingsOutcome =
  | { ok: true; settings: CurrentSettings }
  | { ok: false; error: 'invalid_settings'; issues: SettingsIssue[] }
  | { ok: false; error: 'version_conflict'; currentVersion: string | number | null };

// ---------------------------------------------------------------------------------------------------------------
// Sync runs (operators)
// ---------------------------------------------------------------------------------------------------------------

export type SyncMode = 'full' | 'incremental';

export interface StartSyncRequest {
  mode: SyncMode;
  dryRun: boolean;
  companyIds?: string[] | undefined;
}

export type StartSyncOutcome =
  | { ok: true; runId: string }
  | { ok: false; error: 'sync_in_progress'; runningRunId: string | null };

/** A sync run as operators see it. The store's record is passed through as `details` (counts, errors, calls). */
export interface SyncRunView {
  id: string;
  mode: string;
  status: string;
  dryRun: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  details: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------------

export interface ApiServices {
  /** The stored snapshot of a company with its open tasks and tier history. Reads only the store. */
  getAccount(companyId: string): Promise<AccountLookup>;
  /** Re-reads the company from HubSpot, re-scores it and stores the new snapshot. */
  recomputeAccount(companyId: string): Promise<RecomputeOutcome>;
  /** Creates (or finds) the open Keyline task for a gap of the company: idempotent per gap key. */
  createFollowUpTask(companyId: string, request: FollowUpTaskRequest): Promise<FollowUpTaskOutcome>;
  /** Sets (tier) or clears (null) the human override of the company's tier. */
  setTierOverride(companyId: string, tier: Tier | null): Promise<OverrideOutcome>;

  getPortfolio(filter: PortfolioFilter): Promise<PortfolioView>;

  getSettings(): Promise<CurrentSettings>;
  /** Validates a candidate model and, when valid, re-scores the stored inputs with it. Writes nothing. */
  previewSettings(model: unknown): Promise<SettingsPreviewOutcome>;
  saveSettings(model: unknown, expectedVersion: string | number, savedBy: string | null): Promise<SaveSettingsOutcome>;

  startSyncRun(request: StartSyncRequest): Promise<StartSyncOutcome>;
  listSyncRuns(limit: number): Promise<SyncRunView[]>;
  getSyncRun(runId: string): Promise<SyncRunView | null>;

  /** True when the store answers. */
  isReady(): Promise<boolean>;
}
