/**
 * A sync run: load → decide → write, resumable at every chunk.
 *
 *   lock ─ resume or create the run ─ reconcile pending task intents ─ adopt Keyline's tasks found in HubSpot that
 *   the ledger does not know (adopt-tasks.ts: the ledger is a cache of HubSpot)
 *   phase "read":  stream the portfolio (full) or the selection (incremental) in chunks; score each account (pure);
 *                  save its snapshot (inputs, result before capacity, what HubSpot holds); write at once (pages of
 *                  100: plan, write only changes, close tasks, save snapshots + audit) every account whose
 *                  capacity verdict cannot depend on the rest of the portfolio — all but owners' tier-1 accounts —
 *                  while the next chunks are read; checkpoint per chunk (read-phase.ts)
 *   capacity:      assess every owner's tier-1 count over ALL snapshots (incremental runs stay correct); when the
 *                  model in force is not the one the stored accounts were scored with (a saved change), every stored
 *                  account is rescored from its snapshot first (decide-portfolio.ts, which the settings preview runs too)
 *   phase "write": the rest (owners' tier-1 accounts; incremental: companies not read whose verdict changed, or after
 *                  a model change every company not read: no HubSpot read, only the values that changed are sent), in
 *                  pages of 100 with the capacity verdict applied; checkpoint per group of pages (write-phase.ts).
 *                  Both phases write properties and close tasks but create none (write-pages.ts, write-accounts.ts)
 *   phase "tasks": the day's new tasks per owner, decided over the whole portfolio (daily budget, open cap, priority;
 *                  apply-task-budget.ts), created; the rest queued with their rank
 *   finish:        watermarks (run start), run record
 *
 * What the run records as it goes — counts, errors, API calls, the plan, its position and checkpoints, the lease
 * renewed with each — is the run ledger's (run-ledger.ts); what every phase is given, the run context's
 * (run-context.ts). This file takes the lock, opens the run, calls the phases in order and decides, when one throws,
 * whether the run pauses or fails.
 *
 * A killed run leaves status `running` with its checkpoint; the next run takes over the lock (the holder is dead) and
 * resumes from the checkpoint. HubSpot's DAILY limit pauses the run (status `paused`) the same way; a run that failed
 * (status `failed`) is resumed the same way too. Dry and targeted runs are never resumed.
 *
 * Every property value goes into the audit as `sent` before it goes to HubSpot and is settled by HubSpot's answer;
 * rows left `sent` by an interrupted attempt are settled against HubSpot before the next run writes (settle-audit.ts).
 * The lock is one lease per portal, renewed on a timer for as long as the run lasts. A dry run reads and
 * plans, writes nothing (not to HubSpot, not to the snapshots) and puts the plan in the run record.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { StoreUnavailable } from '../store/store-errors';
import { DailyLimitReached, HubSpotRequestError } from '../hubspot/errors';
import { WATERMARK_OBJECTS, type WatermarkObject } from '../hubspot/gateway';
import type { RunMode, RunRecord } from '../store/store';
import { loadScoringModel, type KeylineDeps } from './deps';
import { adoptKeylineTasks } from './adopt-tasks';
import { runTaskPhase } from './apply-task-budget';
import { runReadPhase, type ReadPhaseOutcome } from './read-phase';
import { readOwners } from './read-owners';
import { reconcilePendingTasks } from './reconcile-tasks';
import { recordKpiHistory } from './record-kpi-history';
import { recordAttention } from './record-account-attention';
import { remindModelReview } from './remind-model-review';
import { settleUnsettled } from './settle-audit';
import type { RunContext, SyncProgress } from './run-context';
import { RunLedger, SyncLockLost, type RunLease, type RunPosition, type RunState } from './run-ledger';
import { runWritePhase } from './write-phase';

export type { SyncProgress } from './run-context';

export interface SyncOptions {
  mode: RunMode;
  dryRun?: boolean;
  /** Only these companies (an incremental run over an explicit selection; never resumed). */
  companyIds?: readonly string[];
  onProgress?: (p: SyncProgress) => void;
  /** Abort = checkpoint and stop (status `paused`), e.g. on shutdown. */
  signal?: AbortSignal;
  /** Called as soon as the run is recorded. */
  onRunId?: (runId: string) => void;
}

/** Another process (or this one) holds the sync lock. */
export class SyncAlreadyRunning extends Error {
  constructor(readonly holder: string | null) {
    super(`another sync is running${holder ? ` (${holder})` : ''}`);
    this.name = 'SyncAlreadyRunning';
  }
}

/**
 * One sync lock per portal (several portals may share one store). The lease lasts LOCK_TTL_MS and is renewed on a
 * timer (every third of it) for as long as the run lasts, whatever a chunk costs, and at every checkpoint.
 */
export const syncLockName = (portalId: string): string => `sync:${portalId}`;
const LOCK_TTL_MS = 10 * 60_000;
export const RECONCILE_EVERY_MS = 7 * 86_400_000;
const DEFAULT_WRITE_PAGE = 100;
const DEFAULT_READ_CHUNK = 1_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Holders of runs in progress in this process (a lease of this process not listed here was left by a stopped run). */
const activeHolders = new Set<string>();

/**
 * Takes the sync lock. A lease left on this host by a dead process, or by a run of this process that stopped without
 * releasing it (the store was unreachable at the end), is taken over at once.
 */
async function acquireSyncLock(deps: KeylineDeps, holder: string, ttlMs: number): Promise<void> {
  const SYNC_LOCK = syncLockName(deps.portalId);
  if (await deps.store.acquireLock(SYNC_LOCK, holder, ttlMs)) return;
  const current = await deps.store.inspectLock(SYNC_LOCK);
  const [host, pid] = (current?.holder ?? '').split(':');
  const leftByThisProcess = Number(pid) === process.pid && current !== null && !activeHolders.has(current.holder);
  if (current && host === hostname() && pid && (leftByThisProcess || !processAlive(Number(pid)))) {
    await deps.store.releaseLock(SYNC_LOCK, current.holder);
    if (await deps.store.acquireLock(SYNC_LOCK, holder, ttlMs)) return;
  }
  throw new SyncAlreadyRunning(current?.holder ?? null);
}

/** The lease as a run holds it (run-ledger.ts): renewed on a timer; `lost` once a renewal found another holder. */
type Lease = RunLease;

/**
 * Renews the lease every third of its TTL, independent of checkpoints (a slow chunk must not let a second run in).
 * A renewal that finds the lease gone marks it lost; the run stops at its next checkpoint. A renewal the store cannot
 * answer is retried at the next tick (the lease has two more thirds to live). Unref'd: never keeps the process alive.
 */
function startHeartbeat(deps: KeylineDeps, lease: Lease): () => void {
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight || lease.lost) return;
    inFlight = true;
    deps.store
      .renewLock(lease.name, lease.holder, lease.ttlMs)
      .then((held) => {
        if (!held) {
          lease.lost = true;
          deps.logger.warn('the sync lock was taken over; the run stops at its next checkpoint', { lock: lease.name });
        }
      })
      .catch((err: unknown) => {
        deps.logger.warn('could not renew the sync lock; trying again', { error: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => {
        inFlight = false;
      });
  }, Math.max(1, Math.floor(lease.ttlMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}

export async function runSync(deps: KeylineDeps, options: SyncOptions): Promise<RunRecord> {
  const dryRun = options.dryRun ?? false;
  const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
  const lease: Lease = { name: syncLockName(deps.portalId), holder, ttlMs: deps.tuning?.lockTtlMs ?? LOCK_TTL_MS, lost: false };
  await acquireSyncLock(deps, holder, lease.ttlMs);
  activeHolders.add(holder);
  const stopHeartbeat = startHeartbeat(deps, lease);
  try {
    return await runLocked(deps, options, dryRun, lease);
  } finally {
    stopHeartbeat();
    activeHolders.delete(holder);
    // With the store gone the lock cannot be released: its lease expires (or, on this host, the dead holder is seen).
    await deps.store.releaseLock(lease.name, holder).catch((err: unknown) => {
      deps.logger.warn('could not release the sync lock; its lease expires', { error: err instanceof Error ? err.message : String(err) });
    });
  }
}

async function runLocked(deps: KeylineDeps, options: SyncOptions, dryRun: boolean, lease: Lease): Promise<RunRecord> {
  const { gateway, logger } = deps;
  const now = deps.now();
  gateway.beginRun();
  const targeted = options.companyIds !== undefined;

  const opened = await openRun(deps, options, dryRun, now);
  options.onRunId?.(opened.run.id);
  const ledger = new RunLedger(deps, opened.run, opened, lease, dryRun);
  const record: RunRecord = ledger.record;
  const saveRun = () => ledger.save();

  try {
    if ((await runPhases(deps, options, dryRun, ledger, now)) === 'stopped') return await pause(record, 'stopped on request; resumes from its checkpoint');
    return record;
  } catch (err) {
    // Another process took the lease over (it expired) and may be running this very run: its record is not ours to
    // write any more. Nothing is saved; the caller sees the run as failed.
    if (err instanceof SyncLockLost) {
      logger.warn('sync run stopped: its lock was taken over', { runId: record.id });
      return { ...record, status: 'failed', message: err.message, endedAt: deps.now() };
    }
    if (err instanceof DailyLimitReached) {
      logger.warn('HubSpot daily limit reached: run paused', { runId: record.id });
      return pause(record, err.message);
    }
    // HubSpot still busy or down after every retry (429s, 5xx, no answer): nothing is wrong with the run itself, so it
    // keeps its checkpoint and the next run resumes it instead of reading the whole portfolio again. Dry and targeted
    // runs are never resumed: they fail.
    if (isTransient(err) && !dryRun && !targeted) {
      logger.warn('HubSpot kept failing after every retry: run paused', { runId: record.id, error: err.message });
      return pause(record, `${err.message} — paused after every retry; the next run resumes from its checkpoint`);
    }
    // The store went away (PostgreSQL restarted, SQLite locked too long): the run stops at its last checkpoint. If the
    // store answers again it is recorded as paused; if not, the record stays as the last checkpoint left it and the
    // next run resumes it all the same (as after a kill).
    if (err instanceof StoreUnavailable && !dryRun && !targeted) {
      logger.warn('store unavailable: run stopped at its last checkpoint', { runId: record.id, error: err.message });
      try {
        return await pause(record, `${err.message} — stopped at its last checkpoint; the next run resumes from there`);
      } catch {
        throw err;
      }
    }
    // Any other failure: the run is recorded `failed` with its checkpoint, and the next run resumes it like a paused
    // one (store.findResumableRun) — except a dry or a targeted run, which is never resumed.
    record.status = 'failed';
    record.message = err instanceof Error ? err.message : String(err);
    record.endedAt = deps.now();
    await saveRun();
    logger.error('sync run failed', { runId: record.id, error: err });
    return record;
  }

  async function pause(r: RunRecord, message: string): Promise<RunRecord> {
    r.status = 'paused';
    r.message = message;
    r.endedAt = deps.now();
    await saveRun();
    return r;
  }
}

/** The run to go on with: the one a kill or a pause left (from its checkpoint), unless this is a dry or a targeted run; else a new one. */
async function openRun(deps: KeylineDeps, options: SyncOptions, dryRun: boolean, now: Date): Promise<RunPosition & { run: RunRecord; resumed: boolean }> {
  const targeted = options.companyIds !== undefined;
  // Resume a run that was killed or paused, unless this is a dry run or a targeted run.
  const run: RunRecord | null = dryRun || targeted ? null : await deps.store.findResumableRun(deps.portalId);
  if (run) {
    let state: RunState = { phase: 'read' };
    let cursor: string | null = null;
    let chunkIndex = 0;
    const cp = await deps.store.getCheckpoint(run.id);
    if (cp) {
      state = cp.state as unknown as RunState;
      cursor = cp.cursor;
      chunkIndex = cp.chunkIndex;
    }
    deps.logger.info('resuming sync run', { runId: run.id, phase: state.phase, chunkIndex });
    const resumed = { ...run, status: 'running' as const, message: null, endedAt: null, details: { ...run.details, resumedAt: now.toISOString() } };
    return { run: resumed, state, cursor, chunkIndex, resumed: true };
  }
  return { ...(await createRun(deps, options, dryRun, now)), cursor: null, chunkIndex: 0, resumed: false };
}

/** A new run: its mode (an incremental run becomes full the first time and once a week) and whether it rescores all. */
async function createRun(deps: KeylineDeps, options: SyncOptions, dryRun: boolean, now: Date): Promise<{ run: RunRecord; state: RunState }> {
  const { store, portalId } = deps;
  const targeted = options.companyIds !== undefined;
  let state: RunState = { phase: 'read' };
  let mode: RunMode = options.mode;
  let reason = `${options.mode} requested`;
  if (mode === 'incremental' && !targeted) {
    const lastFull = await store.lastSuccessfulRun(portalId, 'full');
    const watermarks = await store.getWatermarks(portalId);
    if (!lastFull || Object.keys(watermarks).length === 0) {
      mode = 'full';
      reason = 'first run: full';
    } else if (now.getTime() - lastFull.startedAt.getTime() >= RECONCILE_EVERY_MS) {
      mode = 'full';
      reason = 'weekly full reconcile';
    }
  }
  // A targeted run (--company) is its own mode: never taken for a full run (the weekly reconcile clock).
  if (targeted) {
    mode = 'targeted';
    reason = `targeted: ${options.companyIds?.length ?? 0} compan${options.companyIds?.length === 1 ? 'y' : 'ies'} asked for`;
  }
  // A saved model change reaches every account at the next run: an incremental run rescores the stored accounts.
  const { version } = await loadScoringModel(deps);
  const scoredWith = mode === 'incremental' && !targeted ? await storedModelVersion(deps, version) : version;
  if (scoredWith !== version) state = { ...state, rescoreAll: true };
  const run = await store.createRun(portalId, {
    mode,
    dryRun,
    details: {
      reason,
      scoredFrom: now.toISOString(),
      ...(targeted ? { companyIds: options.companyIds } : {}),
      ...(state.rescoreAll ? { modelChanged: { from: scoredWith, to: version } } : {}),
    },
  });
  return { run, state };
}

/**
 * The run's phases in order, from where its ledger stands: read, capacity + write, tasks, finish. 'stopped' when the
 * run was asked to stop between two chunks or groups of pages (it has checkpointed; the caller pauses it).
 */
async function runPhases(deps: KeylineDeps, options: SyncOptions, dryRun: boolean, ledger: RunLedger, now: Date): Promise<'stopped' | 'finished'> {
  const { model, version } = await loadScoringModel(deps);
  // The version the run's accounts are scored with (what the next run compares the model in force with). A run
  // resumed under another model than its first attempt scored some accounts with each: null, so the next run looks
  // at the stored accounts themselves.
  const firstAttempt = ledger.record.details['modelVersion'];
  ledger.note({ modelVersion: firstAttempt === undefined || firstAttempt === version ? version : null });
  if (!dryRun) {
    await reconcilePendingTasks(deps);
    // Audit rows of writes whose outcome is unknown (this run killed mid-group, a crash, a store gone before the
    // settle) are settled against what HubSpot holds before anything else is written (settle-audit.ts).
    await settleUnsettled(deps);
  }
  // HubSpot, not the ledger, says which Keyline tasks exist: adopted before any task is closed or created. (A portal
  // without the keyline_task_key property has none to adopt; the task phase then asks for `keyline setup`.)
  if (await deps.gateway.hasTaskKeyProperty()) ledger.note({ adoptedTasks: await adoptKeylineTasks(deps, now) });
  const ctx: RunContext = {
    deps,
    model,
    version,
    ownerIds: await readOwners(deps),
    products: await deps.gateway.readProducts(),
    now,
    dryRun,
    companyIds: options.companyIds ?? null,
    readChunk: deps.tuning?.readChunk ?? DEFAULT_READ_CHUNK,
    writePage: Math.min(100, deps.tuning?.writePage ?? DEFAULT_WRITE_PAGE),
    onProgress: options.onProgress,
    stopRequested: () => options.signal?.aborted === true,
  };
  const read: ReadPhaseOutcome = ledger.state.phase === 'read' ? await runReadPhase(ctx, ledger) : { stopped: false, inMemory: new Map() };
  if (read.stopped) return 'stopped';
  const written = await runWritePhase(ctx, ledger, read.inMemory);
  if (written.stopped) return 'stopped';
  await runTaskPhase(ctx, ledger, read.inMemory, written.verdicts);
  // The month's portfolio KPIs over every stored account (issue #15): completed full and incremental runs only.
  if (!dryRun && ctx.companyIds === null) {
    ledger.note({ kpiHistory: await recordKpiHistory(deps, now) });
    ledger.note({ attention: await recordAttention(deps, model, ctx.ownerIds, now) });
    // One reminder task when a model review is due; closed once a review has been run (remind-model-review.ts).
    ledger.note({ modelReview: await remindModelReview(ctx, ledger.record.id) });
  }
  await finishRun(ctx, ledger);
  return 'finished';
}

/**
 * The end of a run that went through: the plan, the watermarks (a real nightly run's start: the next incremental run
 * looks for changes since then), the status — failed when a company asked for by name does not exist.
 */
async function finishRun(ctx: RunContext, ledger: RunLedger): Promise<void> {
  const { store, portalId } = ctx.deps;
  const { record } = ledger;
  ledger.note({ plan: ledger.plan() });
  if (!ctx.dryRun && ctx.companyIds === null) {
    const watermarks = Object.fromEntries(WATERMARK_OBJECTS.map((o) => [o, record.startedAt])) as Record<WatermarkObject, Date>;
    await store.setWatermarks(portalId, watermarks);
  }
  const notFound = (record.details['notFound'] as string[] | undefined) ?? [];
  if (notFound.length > 0) await ledger.end('failed', ctx.deps.now(), `HubSpot has no company ${notFound.join(', ')} (the other companies asked for were synced)`);
  else await ledger.end('succeeded', ctx.deps.now());
}

/** A HubSpot failure that outlasted the retries but says nothing about the request: rate limited, a 5xx, no answer. */
function isTransient(err: unknown): err is HubSpotRequestError {
  return err instanceof HubSpotRequestError && (err.lostConnection || err.status === 429 || (err.status !== null && err.status >= 500));
}

/**
 * The model version the stored accounts were scored with: the one the last nightly run (not dry, not targeted) ran
 * under — after it every stored account is on that version — or, when no run recorded it (runs before the version was
 * recorded), the version of any stored account that differs from `current`.
 */
async function storedModelVersion(deps: KeylineDeps, current: string): Promise<string> {
  const runs = await deps.store.listRuns(deps.portalId, { limit: 20 });
  const last = runs.find((r) => r.status === 'succeeded' && !r.dryRun && r.details['companyIds'] === undefined);
  if (typeof last?.details['modelVersion'] === 'string') return last.details['modelVersion'];
  for await (const snap of deps.store.streamSnapshots(deps.portalId, { pageSize: 200 })) {
    if (snap.result.modelVersion !== current) return snap.result.modelVersion;
  }
  return current;
}
