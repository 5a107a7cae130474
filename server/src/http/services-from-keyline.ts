/**
 * The adapter from Keyline's use cases (server/src/use-cases/) to the API's `ApiServices`, and the parts `serve`
 * needs: each method is one use-case call. The composition root of the HTTP layer.
 */
import type { Keyline } from '../keyline';
import {
  createFollowUpTask,
  getSyncRun,
  listSyncRuns,
  previewSettings,
  readAccount,
  readCurrentPortfolio,
  readSettings,
  recomputeAccount,
  runModelReview,
  saveSettings,
  setTierOverride,
  startSyncRun,
} from '../use-cases';
import { saveAccountPlan } from '../use-cases/save-account-plan';
import type { ServeParts } from './serve';
import { rememberInStore } from './seen-signatures';
import type { ApiServices } from './services';
import { SyncRunner } from './sync-runner';

export function createSyncRunner(k: Keyline): SyncRunner {
  return new SyncRunner((request, control) => startSyncRun(k, request, control), k.logger);
}

export function servicesFromKeyline(k: Keyline, runner: SyncRunner = createSyncRunner(k)): ApiServices {
  const { store, portalId } = k;
  return {
    getAccount: (companyId) => readAccount(k, companyId),
    async recomputeAccount(companyId) {
      const outcome = await recomputeAccount(k, companyId);
      return outcome.ok ? { ok: true } : outcome;
    },
    createFollowUpTask: (companyId, request) => createFollowUpTask(k, companyId, request),
    async setTierOverride(companyId, tier) {
      const outcome = await setTierOverride(k, companyId, tier);
      return outcome.ok ? { ok: true } : outcome;
    },
    async saveAccountPlan(companyId, plan) {
      const outcome = await saveAccountPlan(k, companyId, plan);
      return outcome.ok ? { ok: true } : outcome;
    },

    getPortfolio: (filter) => readCurrentPortfolio(k, filter),
    getReview: () => runModelReview(k, { now: k.now(), by: 'api' }),

    getSettings: () => readSettings(store, portalId),
    previewSettings: (model) => previewSettings(store, portalId, model),
    saveSettings: (model, expectedVersion, savedBy) => saveSettings(store, portalId, model, expectedVersion, savedBy),

    startSyncRun: (request) => runner.start(request),
    listSyncRuns: (limit) => listSyncRuns(k, limit),
    getSyncRun: (runId) => getSyncRun(k, runId),

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
