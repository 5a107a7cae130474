/**
 * An in-memory ApiServices for route tests: a few companies, some computed, and a log of every write, so a test can
 * say "nothing was written".
 */
import { noKpisView } from '@keyline/contract/kpi-view';
import { DEFAULT_SCORING_MODEL } from '../../../server/src/domain';
import { reviewModel } from '../../../server/src/domain/review-model';
import { toReviewView } from '../../../server/src/use-cases/review-model';
import type { Tier } from '../../../server/src/domain/types';
import type {
  AccountSnapshot,
  ApiServices,
  CurrentSettings,
  PortfolioFilter,
  PortfolioView,
  SettingsIssue,
  StartSyncRequest,
  SyncRunView,
} from '../../../server/src/http/services';
import { anAccountResult, anAccountSnapshot, aTierResult } from './an-account-result';

export interface FakeWorld {
  /** Companies HubSpot has. */
  hubspotCompanies: Set<string>;
  /** Stored snapshots by company id. */
  snapshots: Map<string, AccountSnapshot>;
  settings: CurrentSettings;
  runs: SyncRunView[];
  writes: { op: string; args: unknown[] }[];
  reads: { op: string; args: unknown[] }[];
  ready: boolean;
  /** When set, every use-case throws it (to exercise the error handler). */
  explode: Error | null;
}

export const DEFAULT_MODEL = { weights: { recurring_revenue: 35, relationship: 20 }, thresholds: { tier_1: 70, tier_2: 45 } };

function validateModel(model: unknown): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const m = model as { weights?: Record<string, unknown>; thresholds?: Record<string, unknown> };
  if (typeof m !== 'object' || m === null || typeof m.weights !== 'object' || m.weights === null) {
    issues.push({ path: 'weights', message: 'required' });
    return issues;
  }
  for (const [k, v] of Object.entries(m.weights)) {
    if (typeof v !== 'number' || v < 0) issues.push({ path: `weights.${k}`, message: 'must be a number ≥ 0' });
  }
  return issues;
}

export function createFakeWorld(): FakeWorld {
  const computed = anAccountSnapshot();
  return {
    hubspotCompanies: new Set(['1001', '1002', '1003']),
    snapshots: new Map([['1001', computed]]),
    settings: {
      version: 'v-default',
      model: DEFAULT_MODEL,
      defaults: DEFAULT_MODEL,
      history: [],
    },
    runs: [],
    writes: [],
    reads: [],
    ready: true,
    explode: null,
  };
}

export function createFakeServices(world: FakeWorld): ApiServices {
  const check = (): void => {
    if (world.explode) throw world.explode;
  };
  const write = (op: string, ...args: unknown[]): void => {
    world.writes.push({ op, args });
  };
  const read = (op: string, ...args: unknown[]): void => {
    world.reads.push({ op, args });
  };
  let runSeq = 0;

  return {
    async getAccount(companyId) {
      check();
      read('getAccount', companyId);
      const snapshot = world.snapshots.get(companyId);
      if (snapshot) return { ok: true, account: snapshot };
      return { ok: false, error: world.hubspotCompanies.has(companyId) ? 'not_computed_yet' : 'company_not_found' };
    },
    async recomputeAccount(companyId) {
      check();
      if (!world.hubspotCompanies.has(companyId)) return { ok: false, error: 'company_not_found' };
      write('recomputeAccount', companyId);
      const previous = world.snapshots.get(companyId);
      world.snapshots.set(
        companyId,
        anAccountSnapshot({
          result: anAccountResult({ companyId, computedAt: new Date('2026-11-22T12:00:00Z') }),
          openTasks: previous?.openTasks ?? [],
          tierHistory: previous?.tierHistory ?? [],
        }),
      );
      return { ok: true };
    },
    async createFollowUpTask(companyId, request) {
      check();
      const snapshot = world.snapshots.get(companyId);
      if (!snapshot) {
        return { ok: false, error: world.hubspotCompanies.has(companyId) ? 'not_computed_yet' : 'company_not_found' };
      }
      const gapKey = request.gapKey ?? snapshot.result.gaps[0]?.key;
      if (!gapKey) return { ok: false, error: 'no_open_gap' };
      if (request.gapKey && !snapshot.result.gaps.some((g) => g.key === request.gapKey)) {
        return { ok: false, error: 'gap_not_found' };
      }
      const existing = snapshot.openTasks.find((t) => t.gapKey === gapKey);
      if (existing) return { ok: true, taskId: existing.taskId, gapKey, created: false };
      write('createFollowUpTask', companyId, request);
      const taskId = String(9100 + world.writes.length);
      snapshot.openTasks.push({ taskId, gapKey, title: request.title ?? `Keyline · ${gapKey}`, createdAt: new Date() });
      return { ok: true, taskId, gapKey, created: true };
    },
    async setTierOverride(companyId, tier) {
      check();
      const snapshot = world.snapshots.get(companyId);
      if (!snapshot) {
        return { ok: false, error: world.hubspotCompanies.has(companyId) ? 'not_computed_yet' : 'company_not_found' };
      }
      write('setTierOverride', companyId, tier);
      const t = snapshot.result.tier;
      snapshot.result = { ...snapshot.result, tier: aTierResult({ ...t, override: tier, tier: tier ?? t.computedTier }) };
      return { ok: true };
    },
    async saveAccountPlan(companyId, plan) {
      check();
      if (!world.snapshots.has(companyId)) {
        return { ok: false, error: world.hubspotCompanies.has(companyId) ? 'not_computed_yet' : 'company_not_found' };
      }
      write('saveAccountPlan', companyId, plan);
      return { ok: true };
    },
    async getPortfolio(filter: PortfolioFilter): Promise<PortfolioView> {
      check();
      read('getPortfolio', filter);
      const snapshots = [...world.snapshots.values()]
        .filter((s) => (filter.ownerId ? s.result.ownerId === filter.ownerId : true))
        .filter((s) => (filter.tier ? s.result.tier.tier === filter.tier : true));
      const dist: Record<Tier, number> = { tier_1: 0, tier_2: 0, tier_3: 0 };
      for (const s of snapshots) dist[s.result.tier.tier] += 1;
      const rows = snapshots.map(({ result: r, ownerName }) => ({
        companyId: r.companyId,
        companyName: r.companyName,
        ownerId: r.ownerId,
        ownerName,
        tier: r.tier.tier,
        score: r.tier.score,
        nextTier: r.tier.nextTier,
        nextTierGap: r.tier.nextTierGap,
        nearMiss: r.tier.nearMiss,
        cadenceStatus: r.cadence.status,
        nextTouchDue: r.cadence.nextTouchDue?.toISOString() ?? null,
        singleThreaded: r.coverage.flags.includes('single_threaded'),
        engagedStakeholders: r.coverage.engagedStakeholders,
        closeTheGap: r.tier.closeTheGap.map((g) => g.text),
        computedAt: r.computedAt.toISOString(),
      }));
      return {
        filter: { ownerId: filter.ownerId ?? null, tier: filter.tier ?? null },
        accounts: snapshots.length,
        tierDistribution: dist,
        nearMiss: rows.filter((r) => r.nearMiss),
        overdue: rows.filter((r) => r.cadenceStatus === 'overdue'),
        singleThreaded: rows.filter((r) => r.singleThreaded),
        counts: {
          nearMiss: rows.filter((r) => r.nearMiss).length,
          overdue: rows.filter((r) => r.cadenceStatus === 'overdue').length,
          singleThreaded: rows.filter((r) => r.singleThreaded).length,
        },
        owners: [{ ownerId: '77', ownerName: 'Dana Whitfield', tier1Accounts: dist.tier_1, min: 5, max: 25, status: 'under' }],
        ownerIds: ['77'],
        ownerNames: { '77': 'Dana Whitfield' },
        computedAt: snapshots[0]?.result.computedAt.toISOString() ?? null,
        kpis: noKpisView(),
      };
    },
    async getReview() {
      check();
      read('getReview');
      const accounts = [...world.snapshots.values()].map((s) => ({
        companyId: s.result.companyId,
        companyName: s.result.companyName,
        ownerId: s.result.ownerId,
        tier: s.result.tier.tier,
        criteria: s.result.tier.criteria,
        outcomes: s.result.outcomes,
      }));
      const at = new Date('2026-11-20T10:00:00Z');
      return toReviewView(reviewModel(accounts, DEFAULT_SCORING_MODEL), { reviewedAt: at, modelVersion: 'fake', previousReview: null, nextDue: null }, (id) => (id === '77' ? 'Dana Whitfield' : id));
    },
    async getSettings() {
      check();
      return world.settings;
    },
    async previewSettings(model) {
      check();
      const issues = validateModel(model);
      if (issues.length > 0) {
        return { valid: false, issues, preview: { accountsEvaluated: 0, tierChanges: 0, byTransition: [] } };
      }
      const weights = (model as { weights: Record<string, number> }).weights;
      const changes = (weights['recurring_revenue'] ?? 0) > 50 ? world.snapshots.size : 0;
      return {
        valid: true,
        issues: [],
        preview: {
          accountsEvaluated: world.snapshots.size,
          tierChanges: changes,
          byTransition: changes ? [{ from: 'tier_2', to: 'tier_1', count: changes }] : [],
        },
      };
    },
    async saveSettings(model, expectedVersion, savedBy) {
      check();
      const issues = validateModel(model);
      if (issues.length > 0) return { ok: false, error: 'invalid_settings', issues };
      if (expectedVersion !== world.settings.version) {
        return { ok: false, error: 'version_conflict', currentVersion: world.settings.version };
      }
      write('saveSettings', model, expectedVersion, savedBy);
      const version = `v-${world.settings.history.length + 1}`;
      world.settings = {
        ...world.settings,
        version,
        model,
        history: [{ version, savedAt: new Date('2026-11-22T12:00:00Z'), savedBy }, ...world.settings.history],
      };
      return { ok: true, settings: world.settings };
    },
    async startSyncRun(request: StartSyncRequest) {
      check();
      const running = world.runs.find((r) => r.status === 'running');
      if (running) return { ok: false, error: 'sync_in_progress', runningRunId: running.id };
      write('startSyncRun', request);
      runSeq += 1;
      const run: SyncRunView = {
        id: `run-${runSeq}`,
        mode: request.mode,
        status: 'running',
        dryRun: request.dryRun,
        startedAt: new Date('2026-11-22T12:00:00Z'),
        finishedAt: null,
        details: { counts: { companiesRead: 0 } },
      };
      world.runs.unshift(run);
      return { ok: true, runId: run.id };
    },
    async listSyncRuns(limit) {
      check();
      return world.runs.slice(0, limit);
    },
    async getSyncRun(runId) {
      check();
      return world.runs.find((r) => r.id === runId) ?? null;
    },
    async isReady() {
      return world.ready;
    },
  };
}
