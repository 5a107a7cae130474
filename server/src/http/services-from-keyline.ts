/**
 * The adapter from Keyline's modules (store, sync use-cases, engine) to the API's `ApiServices`, and the parts
 * `serve` needs. The only file of the HTTP layer that knows the real modules.
 */
import type { Keyline } from '../keyline';
import type { RunRecord, TaskLedgerEntry } from '../store/store';
import {
  SyncAlreadyRunning,
  createFollowUpTask,
  loadScoringModel,
  recomputeAccount,
  runSync,
  setTierOverride,
} from '../sync';
import { readSettings, saveSettings } from './manage-settings';
import { previewSettings } from './preview-settings';
import { loadOwnerNamer } from '../use-cases/name-owners';
import { readPortfolio } from '../use-cases/read-portfolio';
import type { ServeParts } from './serve';
import { rememberInStore } from './seen-signatures';
import type { ApiServices, OpenKeylineTask, SyncRunView } from './services';
import { SyncRunner, type ExecuteSync } from './sync-runner';

const TIER_HISTORY_LIMIT = 100;
const RUN_ERRORS_SHOWN = 100;

export function createSyncRunner(k: Keyline): SyncRunner {
  const execute: ExecuteSync = async (request, control) => {
    try {
      const run = await runSync(k, {
        mode: request.mode,
        dryRun: request.dryRun,
        ...(request.companyIds ? { companyIds: request.companyIds } : {}),
        signal: control.signal,
        onRunId: control.onRunId,
      });
      return { ok: true, runId: run.id };
    } catch (error) {
      if (!(error instanceof SyncAlreadyRunning)) throw error;
      const running = (await k.store.listRuns(k.portalId, { limit: 10 })).find((r) => r.status === 'running');
      return { ok: false, error: 'sync_in_progress', runningRunId: running?.id ?? null };
    }
  };
  return new SyncRunner(execute, k.logger);
}

export function servicesFromKeyline(k: Keyline, runner: SyncRunner = createSyncRunner(k)): ApiServices {
  const { store, portalId } = k;
  return {
    async getAccount(companyId) {
      const snapshot = await store.getSnapshot(portalId, companyId);
      if (!snapshot) return { ok: false, error: 'not_computed_yet' };
      const [tasks, history, nameOf] = await Promise.all([
        store.listOpenTasks(portalId, companyId),
        store.getTierHistory(portalId, companyId, { limit: TIER_HISTORY_LIMIT }),
        loadOwnerNamer(store, portalId),
      ]);
      return {
        ok: true,
        account: {
          result: snapshot.result,
          ownerName: nameOf(snapshot.result.ownerId),
          openTasks: tasks.flatMap(toOpenTask),
          // The store answers newest first; the card charts oldest first.
          tierHistory: history.map((h) => ({ at: h.at, tier: h.tier, score: h.score })).reverse(),
        },
      };
    },
    async recomputeAccount(companyId) {
      const outcome = await recomputeAccount(k, companyId);
      return outcome.ok ? { ok: true } : outcome;
    },
    createFollowUpTask: (companyId, request) => createFollowUpTask(k, companyId, request),
    async setTierOverride(companyId, tier) {
      const outcome = await setTierOverride(k, companyId, tier);
      return outcome.ok ? { ok: true } : outcome;
    },

    async getPortfolio(filter) {
      const { model } = await loadScoringModel(k);
      return readPortfolio(store, portalId, model, filter);
    },

    getSettings: () => readSettings(store, portalId),
    previewSettings: (model) => previewSettings(store, portalId, model),
    saveSettings: (model, expectedVersion, savedBy) => saveSettings(store, portalId, model, expectedVersion, savedBy),

    startSyncRun: (request) => runner.start(request),
    async listSyncRuns(limit) {
      return (await store.listRuns(portalId, { limit })).map(toRunView);
    },
    async getSyncRun(runId) {
      const run = await store.getRun(portalId, runId);
      return run ? toRunView(run) : null;
    },

    async isReady() {
      await store.countSnapshots(portalId);
      return true;
    },
  };
}

/**
 * What `keyline serve` runs: the services, the one sync runner (API and schedule share it), the store-backed memory of
 * accepted signed requests (shared by every instance), and the store's close.
 */
export function createServeParts(k: Keyline): ServeParts {
  const syncRunner = createSyncRunner(k);
  return {
    services: servicesFromKeyline(k, syncRunner),
    syncRunner,
    seenSignatures: rememberInStore(k.store),
    close: () => k.close(),
  };
}

function toOpenTask(t: TaskLedgerEntry): OpenKeylineTask[] {
  // A pending intent has no HubSpot task yet: nothing the card can link to.
  if (t.status !== 'open' || t.taskId === null) return [];
  return [{ taskId: t.taskId, gapKey: t.gapKey, title: t.subject, createdAt: t.createdAt }];
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
