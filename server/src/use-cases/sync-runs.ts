/**
 * Sync runs as operators start and read them (the API's /sync-runs, the schedule of `keyline serve`). The run itself
 * is `runSync` (sync/run-sync.ts); here it is started with an answer instead of an exception when another run holds
 * the lease, and the store's run records are shown.
 */
import { runSync, SyncAlreadyRunning } from '../sync';
import type { KeylineDeps } from '../sync/deps';
import type { RunRecord } from '../store/store';

/** How many of a run's errors a run view lists (its count is always there). */
const RUN_ERRORS_SHOWN = 100;

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

/** Runs a sync to its end; another run holding the lease is the answer `sync_in_progress` (with that run's id). */
export async function startSyncRun(
  deps: KeylineDeps,
  request: StartSyncRequest,
  control: { signal: AbortSignal; onRunId(runId: string): void },
): Promise<StartSyncOutcome> {
  try {
    const run = await runSync(deps, {
      mode: request.mode,
      dryRun: request.dryRun,
      ...(request.companyIds ? { companyIds: request.companyIds } : {}),
      signal: control.signal,
      onRunId: control.onRunId,
    });
    return { ok: true, runId: run.id };
  } catch (error) {
    if (!(error instanceof SyncAlreadyRunning)) throw error;
    const running = (await deps.store.listRuns(deps.portalId, { limit: 10 })).find((r) => r.status === 'running');
    return { ok: false, error: 'sync_in_progress', runningRunId: running?.id ?? null };
  }
}

export async function listSyncRuns(deps: Pick<KeylineDeps, 'store' | 'portalId'>, limit: number): Promise<SyncRunView[]> {
  return (await deps.store.listRuns(deps.portalId, { limit })).map(toRunView);
}

export async function getSyncRun(deps: Pick<KeylineDeps, 'store' | 'portalId'>, runId: string): Promise<SyncRunView | null> {
  const run = await deps.store.getRun(deps.portalId, runId);
  return run ? toRunView(run) : null;
}

function toRunView(run: RunRecord): SyncRunView {
  return {
    id: run.id,
    mode: run.mode,
    status: run.status,
    dryRun: run.dryRun,
    startedAt: run.startedAt,
    finishedAt: run.endedAt,
    details: {
      counts: run.counts,
      apiCalls: run.apiCalls,
      errorCount: run.errors.length,
      errors: run.errors.slice(0, RUN_ERRORS_SHOWN),
      message: run.message,
      details: run.details,
    },
  };
}
