/**
 * What the HTTP API needs from the rest of Keyline, and nothing more: the use cases (server/src/use-cases/) the routes
 * call. Routes depend on this interface only; `services-from-keyline.ts` binds each method to its use case (one call
 * each) and the route tests use in-memory fakes of it. The result types are the use cases' own.
 *
 * Expected failures are values (`{ ok: false, error }`), never exceptions: the routes map them to HTTP statuses.
 */
import type { SaveAccountPlanRequest } from '@keyline/contract/account-plan';
import type { Tier } from '../domain/types';
import type {
  AccountLookup,
  CurrentSettings,
  PortfolioFilter,
  PortfolioView,
  ReviewView,
  SaveSettingsOutcome,
  SettingsPreviewOutcome,
  StartSyncOutcome,
  StartSyncRequest,
  SyncRunView,
} from '../use-cases';

/** The use cases' result types, defined with their use cases (server/src/use-cases/), as the routes and fakes use them. */
export type {
  AccountLookup,
  AccountSnapshot,
  CurrentSettings,
  OpenKeylineTask,
  PortfolioFilter,
  PortfolioView,
  SaveSettingsOutcome,
  SettingsIssue,
  SettingsPreview,
  SettingsPreviewOutcome,
  SettingsVersionInfo,
  StartSyncOutcome,
  StartSyncRequest,
  SyncMode,
  SyncRunView,
  TierHistoryEntry,
  TierTransitionCount,
} from '../use-cases';

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

export interface ApiServices {
  /** The stored snapshot of a company with its open tasks and tier history. Reads only the store. */
  getAccount(companyId: string): Promise<AccountLookup>;
  /** Re-reads the company from HubSpot, re-scores it and stores the new snapshot. */
  recomputeAccount(companyId: string): Promise<RecomputeOutcome>;
  /** Creates (or finds) the open Keyline task for a gap of the company: idempotent per gap key. */
  createFollowUpTask(companyId: string, request: FollowUpTaskRequest): Promise<FollowUpTaskOutcome>;
  /** Sets (tier) or clears (null) the human override of the company's tier. */
  setTierOverride(companyId: string, tier: Tier | null): Promise<OverrideOutcome>;
  /** Saves the light account plan (issue #16) to HubSpot, then re-scores the company. */
  saveAccountPlan(companyId: string, plan: SaveAccountPlanRequest): Promise<OverrideOutcome>;

  getPortfolio(filter: PortfolioFilter): Promise<PortfolioView>;
  /** The model review over the stored results (records that it was run). Reads only the store. */
  getReview(): Promise<ReviewView>;

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
