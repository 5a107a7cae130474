/**
 * A sync run: load → decide → write, resumable at every chunk.
 *
 *   lock ─ resume or create the run ─ reconcile pending task intents ─ adopt Keyline's tasks found in HubSpot that
 *   the ledger does not know (adopt-tasks.ts: the ledger is a cache of HubSpot)
 *   phase "read":  stream the portfolio (full) or the selection (incremental) in chunks; score each account (pure);
 *                  save its snapshot (inputs, result before capacity, what HubSpot holds); write at once (pages of
 *                  100: plan, write only changes, create/close tasks, save snapshots + audit) every account whose
 *                  capacity verdict cannot depend on the rest of the portfolio — all but owners' tier-1 accounts —
 *                  while the next chunks are read; checkpoint per chunk
 *   capacity:      assess every owner's tier-1 count over ALL snapshots (incremental runs stay correct); when the
 *                  model in force is not the one the stored accounts were scored with (a saved change), every stored
 *                  account is rescored from its snapshot first (decide-portfolio.ts, which the settings preview runs too)
 *   phase "write": the rest (owners' tier-1 accounts; incremental: companies not read whose verdict changed, or after
 *                  a model change every company not read: no HubSpot read, only the values that changed are sent), in
 *                  pages of 100 with the capacity verdict applied; checkpoint per group of pages. Both phases write
 *                  properties and close tasks but create none
 *   phase "tasks": the day's new tasks per owner, decided over the whole portfolio (daily budget, open cap, priority;
 *                  apply-task-budget.ts), created; the rest queued with their rank
 *   finish:        watermarks (run start), run record
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
import { applyCapacityVerdict, scoreAccount, type CapacityEntry, type CapacityVerdict } from '../domain';
import type { AccountInput, AccountResult } from '../domain/types';
import { sameValue } from '../hubspot/to-company-properties';
import { encodeJson } from '../store/json-codec';
import { StoreUnavailable } from '../store/store-errors';
import { DailyLimitReached, HubSpotRequestError } from '../hubspot/errors';
import { WATERMARK_OBJECTS, type ReadAccount, type WatermarkObject } from '../hubspot/gateway';
import type { AccountSummary, PropertyValues, RunError, RunMode, RunRecord } from '../store/store';
import { loadScoringModel, type KeylineDeps } from './deps';
import { adoptKeylineTasks } from './adopt-tasks';
import { applyTaskBudget } from './apply-task-budget';
import { decidePortfolio, decideStored } from './decide-portfolio';
import { addTasksToSummary, addToSummary, emptyPlanSummary, type PlanSummary } from './plan-writes';
import { readOwners } from './read-owners';
import { reconcilePendingTasks } from './reconcile-tasks';
import { settleUnsettled } from './settle-audit';
import { toSnapshot, writeAccounts, type ScoredAccount, type WriteOutcome } from './write-accounts';

export interface SyncProgress {
  phase: 'read' | 'write';
  done: number;
  /** Companies expected in this phase, when known. */
  total: number | null;
  runId: string;
}

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
/** Search results lag a little behind writes: incremental windows overlap the previous run by this much. */
export const WATERMARK_OVERLAP_MS = 5 * 60_000;
export const RECONCILE_EVERY_MS = 7 * 86_400_000;
const DEFAULT_WRITE_PAGE = 100;
/** Write pages in flight at once. */
const WRITE_PARALLEL = 3;
const DEFAULT_READ_CHUNK = 1_000;
const MAX_RECORDED_ERRORS = 1_000;

interface RunState {
  phase: 'read' | 'write' | 'tasks';
  /** Incremental: the companies to read. */
  selection?: string[];
  /** Incremental: chunks of the selection done. */
  readChunks?: number;
  /** Phase write: the last company id written (ids ascend). */
  writeAfter?: string | null;
  /** Phase write: the companies to write (incremental); absent = every snapshot (full). */
  writeSet?: string[];
  /**
   * Incremental: the stored accounts were scored with another model than the one in force, so every account is
   * rescored from its snapshot and written (only the values that changed), not only the companies read.
   */
  rescoreAll?: boolean;
}

const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

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

/** The lease as a run holds it: renewed on a timer; `lost` once a renewal found another holder. */
interface Lease {
  name: string;
  holder: string;
  ttlMs: number;
  lost: boolean;
}

/** The sync lock was taken over (the lease expired while this run was stalled): the run stops without touching its record. */
class SyncLockLost extends Error {
  override readonly name = 'SyncLockLost';
  constructor() {
    super('the sync lock was lost to another process');
  }
}

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
  const { store, gateway, portalId, logger } = deps;
  const now = deps.now();
  gateway.beginRun();
  const READ_CHUNK = deps.tuning?.readChunk ?? DEFAULT_READ_CHUNK;
  const WRITE_PAGE = Math.min(100, deps.tuning?.writePage ?? DEFAULT_WRITE_PAGE);
  const targeted = options.companyIds !== undefined;

  // Resume a run that was killed, paused or failed (store.findResumableRun), unless this is a dry or targeted run.
  let run: RunRecord | null = dryRun || targeted ? null : await store.findResumableRun(portalId);
  let state: RunState = { phase: 'read' };
  let cursor: string | null = null;
  let chunkIndex = 0;
  let resumedInWritePhase = false;
  if (run) {
    const cp = await store.getCheckpoint(run.id);
    if (cp) {
      state = cp.state as unknown as RunState;
      cursor = cp.cursor;
      chunkIndex = cp.chunkIndex;
    }
    run = { ...run, status: 'running', message: null, endedAt: null, details: { ...run.details, resumedAt: now.toISOString() } };
    resumedInWritePhase = state.phase === 'write';
    logger.info('resuming sync run', { runId: run.id, phase: state.phase, chunkIndex });
  } else {
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
    run = await store.createRun(portalId, {
      mode,
      dryRun,
      details: {
        reason,
        scoredFrom: now.toISOString(),
        ...(targeted ? { companyIds: options.companyIds } : {}),
        ...(state.rescoreAll ? { modelChanged: { from: scoredWith, to: version } } : {}),
      },
    });
  }
  options.onRunId?.(run.id);
  const callsAtStart = gateway.apiCalls();
  const failuresAtStart = gateway.apiFailures?.() ?? {};
  /** Calls recorded by earlier attempts of a resumed run. */
  const callsBefore = { ...run.apiCalls };
  const failuresBefore = { ...((run.details.failedCalls as Record<string, number> | undefined) ?? {}) };
  const record: RunRecord = run;

  const saveRun = async () => {
    const calls = gateway.apiCalls();
    const apiCalls: Record<string, number> = { ...callsBefore };
    for (const [k, v] of Object.entries(calls)) {
      const delta = v - (callsAtStart[k] ?? 0);
      if (delta > 0) apiCalls[k] = (apiCalls[k] ?? 0) + delta;
    }
    record.apiCalls = apiCalls;
    // Failed attempts (429, 5xx, 423, lost connections…), retried or not: what the run met on its way.
    const failedCalls: Record<string, number> = { ...failuresBefore };
    for (const [k, v] of Object.entries(gateway.apiFailures?.() ?? {})) {
      const delta = v - (failuresAtStart[k] ?? 0);
      if (delta > 0) failedCalls[k] = (failedCalls[k] ?? 0) + delta;
    }
    record.details = { ...record.details, failedCalls };
    await store.updateRun(record);
  };
  const recordError = (companyId: string | null, message: string, refused?: RunError['refused']) => {
    record.counts.companiesFailed += companyId ? 1 : 0;
    if (record.errors.length < MAX_RECORDED_ERRORS) record.errors.push({ companyId, message, ...(refused ? { refused } : {}) });
  };
  const checkpoint = async () => {
    record.counts.chunks += 1;
    // Progress renews the lease too (the heartbeat renews it between checkpoints); a run that lost it (taken over after
    // it expired) stops here, before it writes anything more.
    if (lease.lost || !(await store.renewLock(lease.name, lease.holder, lease.ttlMs))) {
      lease.lost = true;
      throw new SyncLockLost();
    }
    if (!dryRun) await store.saveCheckpoint({ runId: record.id, cursor, chunkIndex, state: state as unknown as Record<string, unknown> });
    await saveRun();
  };
  const stopRequested = () => options.signal?.aborted === true;

  try {
    const { model, version } = await loadScoringModel(deps);
    // The version the run's accounts are scored with (what the next run compares the model in force with). A run
    // resumed under another model than its first attempt scored some accounts with each: null, so the next run looks
    // at the stored accounts themselves.
    const firstAttempt = record.details.modelVersion;
    record.details = { ...record.details, modelVersion: firstAttempt === undefined || firstAttempt === version ? version : null };
    if (!dryRun) {
      await reconcilePendingTasks(deps);
      // Audit rows of writes whose outcome is unknown (this run killed mid-group, a crash, a store gone before the
      // settle) are settled against what HubSpot holds before anything else is written (settle-audit.ts).
      await settleUnsettled(deps);
    }
    // HubSpot, not the ledger, says which Keyline tasks exist: adopted before any task is closed or created. (A portal
    // without the keyline_task_key property has none to adopt; the task phase then asks for `keyline setup`.)
    if (await gateway.hasTaskKeyProperty()) record.details = { ...record.details, adoptedTasks: await adoptKeylineTasks(deps, now) };
    const ownerIds = await readOwners(deps);
    const readOpts = { now, lookbackDays: model.look_back_days };
    /** Dry runs keep scored accounts in memory (nothing is saved); real runs keep them in the store. */
    const dryScored = new Map<string, ScoredAccount>();

    const scoreAll = (accounts: readonly ReadAccount[]): ScoredAccount[] =>
      accounts.flatMap((a) => {
        try {
          return [{ input: a.input, base: scoreAccount(a.input, model, now), current: a.current, computedAt: now }];
        } catch (err) {
          recordError(a.input.company.id, `could not score: ${err instanceof Error ? err.message : String(err)}`);
          return [];
        }
      });
    let summary: PlanSummary = emptyPlanSummary();
    const tally = (out: WriteOutcome) => {
      record.counts.companiesWritten += out.companiesWritten;
      record.counts.propertyWrites += out.propertyWrites;
      record.counts.tasksCreated += out.tasksCreated;
      record.counts.tasksClosed += out.tasksClosed;
      for (const e of out.errors) recordError(e.companyId, e.message, e.refused);
      for (const p of out.plans) summary = addToSummary(summary, p);
    };
    /**
     * Writes pages of accounts a few at a time. Settled, not Promise.all: when one page fails (DAILY, a call out of
     * retries) the others run to their end before the run pauses or fails, so none is still writing to HubSpot once
     * the lock is released. Pages that completed are counted; the first failure is rethrown.
     */
    const writePages = async (pages: ScoredAccount[][], verdicts: ReadonlyMap<string, CapacityVerdict>) => {
      // A run whose lease was taken over sends nothing more (the heartbeat saw it; the checkpoint would stop it later).
      if (lease.lost) throw new SyncLockLost();
      const settled = await Promise.allSettled(pages.map((accounts) => writeAccounts(deps, accounts, { model, verdicts, ownerIds, runId: record.id, dryRun, now })));
      for (const page of settled) if (page.status === 'fulfilled') tally(page.value);
      const failedPage = settled.find((page): page is PromiseRejectedResult => page.status === 'rejected');
      if (failedPage) throw failedPage.reason;
    };
    const keep = async (scored: ScoredAccount[]) => {
      record.counts.companiesScored += scored.length;
      if (dryRun) {
        for (const s of scored) dryScored.set(s.base.companyId, s);
        return;
      }
      await store.saveSnapshots(
        portalId,
        scored.map((s) => toSnapshot(portalId, s.input, s.base, s.computedAt, null, s.current)),
      );
      // Written at once, while the next chunks are being read (the reads are bound by the search budget, the writes by
      // the burst budget): every account whose capacity verdict cannot be anything but neutral, i.e. all but the
      // tier-1 accounts of an owner (only those count towards a cap, see apply-capacity.ts). The tier-1 accounts wait
      // for the write phase, when every owner's count is known. A run killed here re-reads the chunk on resume and
      // finds these values in HubSpot already.
      const early = scored.filter((s) => !capacityBound(capacityEntry(s.base)));
      for (const pages of pageGroups(early, WRITE_PAGE)) await writePages(pages, NO_VERDICTS);
    };

    // ---------------------------------------------------------------------------------------------- phase read
    if (state.phase === 'read') {
      if (record.mode === 'full' && !targeted) {
        const total = await gateway.countCompanies().catch(() => null);
        let done = record.counts.companiesRead;
        for await (const chunk of prefetch(gateway.streamPortfolio({ ...readOpts, cursor, startIndex: chunkIndex, chunkSize: READ_CHUNK }))) {
          record.counts.companiesRead += chunk.accounts.length + chunk.errors.length;
          for (const e of chunk.errors) recordError(e.companyId, e.message);
          await keep(scoreAll(chunk.accounts));
          done += chunk.accounts.length + chunk.errors.length;
          cursor = chunk.nextCursor;
          chunkIndex = chunk.index + 1;
          await checkpoint();
          options.onProgress?.({ phase: 'read', done, total, runId: record.id });
          if (stopRequested() && chunk.nextCursor !== null) return await pause(record, 'stopped on request; resumes from its checkpoint');
        }
        // Companies that no longer exist in HubSpot (not seen by this full read) are forgotten.
        if (!dryRun) {
          const failed = new Set(record.errors.map((e) => e.companyId));
          // Every company read by this run (first attempt or a resumed one) was scored at or after `scoredFrom`.
          const scoredFrom = Date.parse(String(record.details.scoredFrom ?? now.toISOString()));
          const stale = (await store.listSnapshotSummaries(portalId))
            .filter((s) => s.computedAt.getTime() < scoredFrom && !failed.has(s.companyId))
            .map((s) => s.companyId);
          await store.deleteSnapshots(portalId, stale);
          record.details = { ...record.details, forgottenCompanies: stale.length };
        }
      } else {
        if (!state.selection) {
          state.selection = targeted ? [...new Set(options.companyIds ?? [])] : await selectIncremental(deps, now);
          state.readChunks = 0;
          record.details = { ...record.details, selected: state.selection.length };
          await checkpoint();
        }
        const selection = state.selection;
        for (let i = (state.readChunks ?? 0) * READ_CHUNK; i < selection.length; i += READ_CHUNK) {
          const ids = selection.slice(i, i + READ_CHUNK);
          const res = await gateway.readAccounts(ids, readOpts);
          record.counts.companiesRead += ids.length;
          for (const e of res.errors) recordError(e.companyId, e.message);
          if (!dryRun && res.missing.length > 0) await store.deleteSnapshots(portalId, res.missing);
          if (targeted && res.missing.length > 0) {
            // An id asked for by name that HubSpot does not have is an error of the request, not a quiet success.
            for (const id of res.missing) recordError(id, `company ${id} not found in HubSpot`);
            record.details = { ...record.details, notFound: [...((record.details.notFound as string[] | undefined) ?? []), ...res.missing] };
          }
          await keep(scoreAll(res.accounts));
          state.readChunks = (state.readChunks ?? 0) + 1;
          chunkIndex += 1;
          await checkpoint();
          options.onProgress?.({ phase: 'read', done: Math.min(selection.length, i + READ_CHUNK), total: selection.length, runId: record.id });
          if (stopRequested() && i + READ_CHUNK < selection.length) return await pause(record, 'stopped on request; resumes from its checkpoint');
        }
      }
      state = { ...state, phase: 'write', writeAfter: null };
      await checkpoint();
    }

    // ------------------------------------------------------------------------------------- capacity + phase write
    const summaries = await store.listSnapshotSummaries(portalId);
    const fresh = new Map<string, CapacityEntry>([...dryScored.values()].map((s) => [s.base.companyId, capacityEntry(s.base)]));
    // Every account's tier under the model in force, then each owner's tier-1 count. After a model change the stored
    // accounts are rescored (the same decision the settings preview shows); otherwise their stored results stand.
    const { verdicts } = await decidePortfolio(store, portalId, model, { version, fresh, ...(state.rescoreAll ? {} : { storedOnModel: summaries }) });

    if (state.writeSet === undefined && !state.rescoreAll && (record.mode === 'incremental' || targeted)) {
      const touched = new Set(state.selection ?? []);
      // Companies not read in this run whose capacity verdict changed (an owner crossed the cap) are written too.
      for (const s of summaries) if (!touched.has(s.companyId) && verdictChanged(s, verdicts.get(s.companyId))) touched.add(s.companyId);
      state.writeSet = [...touched].sort(byId);
      await checkpoint();
    }

    // What this run read and could write at once was written in the read phase (see `keep`). Left for this phase:
    // the tier-1 accounts of an owner, whose verdict needed the whole portfolio, and (incremental) companies not read
    // whose verdict changed — or, after a model change, every company not read. A dry run wrote nothing early: it
    // plans everything here.
    const readThisRun = record.mode === 'full' && !targeted ? null : new Set(state.selection ?? []);
    const summaryOf = new Map(summaries.map((s) => [s.companyId, s]));
    const leftToWrite = (id: string) => {
      const s = summaryOf.get(id);
      return s === undefined || capacityBound(s) || (readThisRun !== null && !readThisRun.has(id));
    };
    const writeIds = dryRun
      ? [...new Set([...dryScored.keys(), ...(state.writeSet ?? summaries.map((s) => s.companyId))])].sort(byId)
      : (state.writeSet ?? summaries.map((s) => s.companyId).sort(byId)).filter(leftToWrite);
    const pending = state.writeAfter ? writeIds.filter((id) => byId(id, state.writeAfter as string) > 0) : writeIds;
    let done = writeIds.length - pending.length;
    // A run killed (or paused) in the write phase may have written the group after its checkpoint without recording
    // it: what HubSpot holds for that group is read again, so those values are not sent a second time.
    const heldNow = new Map<string, PropertyValues>();
    if (resumedInWritePhase && !dryRun && pending.length > 0) {
      const fresh = await gateway.readAccounts(pending.slice(0, WRITE_PAGE * WRITE_PARALLEL), readOpts);
      for (const a of fresh.accounts) heldNow.set(a.input.company.id, a.current);
    }
    // Pages are written a few at a time (their HubSpot calls interleave under the limiter); the checkpoint moves past
    // a group only when every page of it is done.
    const groups = pageGroups(pending, WRITE_PAGE);
    for (const [g, group] of groups.entries()) {
      const pages = await Promise.all(
        group.map(async (ids) => {
          const accounts: ScoredAccount[] = [];
          const fromStore = await store.getSnapshots(portalId, ids.filter((id) => !dryScored.has(id)));
          for (const id of ids) {
            const mem = dryScored.get(id);
            if (mem) {
              accounts.push(mem);
              continue;
            }
            const snap = fromStore.get(id);
            if (!snap) continue;
            // The result before capacity, recomputed from the stored inputs (deterministic for the same model and time;
            // after a model change, the account rescored under the new one).
            const { input, base } = decideStored(snap, model, version);
            accounts.push({ input, base, current: heldNow.get(id) ?? snap.writtenValues, computedAt: snap.computedAt });
          }
          return accounts;
        }),
      );
      await writePages(pages, verdicts);
      const last = group[group.length - 1];
      done += group.reduce((n, g) => n + g.length, 0);
      state.writeAfter = last?.[last.length - 1] ?? state.writeAfter ?? null;
      await checkpoint();
      options.onProgress?.({ phase: 'write', done, total: writeIds.length, runId: record.id });
      if (stopRequested() && g + 1 < groups.length) return await pause(record, 'stopped on request; resumes from its checkpoint');
    }

    // ------------------------------------------------------------------------------------------------ phase tasks
    // Only this phase creates tasks: the daily budget per owner is decided over the whole portfolio (see
    // apply-task-budget.ts). A run resumed here passed the write phase with nothing left to write.
    if (state.phase !== 'tasks') {
      state = { ...state, phase: 'tasks' };
      await checkpoint();
    }
    const tasks = await applyTaskBudget(deps, {
      model,
      ownerIds,
      runId: record.id,
      dryRun,
      now,
      ...(dryRun ? { inMemory: new Map([...dryScored.values()].map((s) => [s.base.companyId, applyCapacityVerdict(s.base, verdicts.get(s.base.companyId))])) } : {}),
      ...(targeted ? { onlyCompanies: new Set(options.companyIds) } : {}),
      unread: record.errors.flatMap((e) => (e.companyId === null ? [] : [e.companyId])),
    });
    record.counts.tasksCreated += dryRun ? tasks.planned.length : tasks.created;
    for (const e of tasks.errors) recordError(e.companyId, e.message);
    summary = addTasksToSummary(summary, tasks.planned);
    record.details = { ...record.details, taskBudget: { queued: tasks.queued, owners: tasks.owners } };

    record.details = { ...record.details, plan: summary };
    if (!dryRun && !targeted) {
      const watermarks = Object.fromEntries(WATERMARK_OBJECTS.map((o) => [o, record.startedAt])) as Record<WatermarkObject, Date>;
      await store.setWatermarks(portalId, watermarks);
    }
    const notFound = (record.details.notFound as string[] | undefined) ?? [];
    record.status = notFound.length > 0 ? 'failed' : 'succeeded';
    if (notFound.length > 0) record.message = `HubSpot has no company ${notFound.join(', ')} (the other companies asked for were synced)`;
    record.endedAt = deps.now();
    await saveRun();
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

/** Reads the next chunk while the current one is scored and saved (one chunk ahead, so memory stays bounded). */
async function* prefetch<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = it.next();
    // Keep an unhandled rejection of the prefetch from crashing the process; it is rethrown when awaited.
    next.catch(() => undefined);
    yield current.value;
  }
}

/** A HubSpot failure that outlasted the retries but says nothing about the request: rate limited, a 5xx, no answer. */
function isTransient(err: unknown): err is HubSpotRequestError {
  return err instanceof HubSpotRequestError && (err.lostConnection || err.status === 429 || (err.status !== null && err.status >= 500));
}

const NO_VERDICTS: ReadonlyMap<string, CapacityVerdict> = new Map();

/** Pages of `pageSize`, in groups of WRITE_PARALLEL pages (the pages of a group are written at once). */
function pageGroups<T>(items: readonly T[], pageSize: number): T[][][] {
  const groups: T[][][] = [];
  for (let i = 0; i < items.length; i += pageSize * WRITE_PARALLEL) {
    const group: T[][] = [];
    for (let j = i; j < Math.min(items.length, i + pageSize * WRITE_PARALLEL); j += pageSize) group.push(items.slice(j, j + pageSize));
    groups.push(group);
  }
  return groups;
}

/** Whether an account's capacity verdict depends on the rest of the portfolio: a tier-1 account (override included) with an owner. */
function capacityBound(e: CapacityEntry): boolean {
  return e.ownerId !== null && e.ownerId !== '' && (e.override ?? e.computedTier) === 'tier_1';
}

function capacityEntry(r: AccountResult): CapacityEntry {
  return { companyId: r.companyId, ownerId: r.ownerId, computedTier: r.tier.computedTier, score: r.tier.score, override: r.tier.override };
}

function verdictChanged(s: AccountSummary, v: CapacityVerdict | undefined): boolean {
  const over = v?.ownerOverCapacity ?? false;
  const demoted = v?.demoted ?? false;
  const wasDemoted = s.tier !== s.computedTier && s.override === null && s.computedTier === 'tier_1';
  return over !== s.ownerOverCapacity || demoted !== wasDemoted;
}

/**
 * The model version the stored accounts were scored with: the one the last nightly run (not dry, not targeted) ran
 * under — after it every stored account is on that version — or, when no run recorded it (runs before the version was
 * recorded), the version of any stored account that differs from `current`.
 */
async function storedModelVersion(deps: KeylineDeps, current: string): Promise<string> {
  const runs = await deps.store.listRuns(deps.portalId, { limit: 20 });
  const last = runs.find((r) => r.status === 'succeeded' && !r.dryRun && r.details.companyIds === undefined);
  if (typeof last?.details.modelVersion === 'string') return last.details.modelVersion;
  for await (const snap of deps.store.streamSnapshots(deps.portalId, { pageSize: 200 })) {
    if (snap.result.modelVersion !== current) return snap.result.modelVersion;
  }
  return current;
}

/**
 * Incremental selection: what changed since the watermarks (minus an overlap), plus accounts whose review date came,
 * plus the companies the last run failed on.
 * A company whose record changed only by Keyline's own writes (its inputs as stored, its Keyline values as written)
 * is not a change.
 */
async function selectIncremental(deps: KeylineDeps, now: Date): Promise<string[]> {
  const marks = await deps.store.getWatermarks(deps.portalId);
  const since: Partial<Record<WatermarkObject, Date>> = {};
  for (const o of WATERMARK_OBJECTS) {
    const at = marks[o];
    if (at) since[o] = new Date(at.getTime() - (deps.tuning?.watermarkOverlapMs ?? WATERMARK_OVERLAP_MS));
  }
  const changed = await deps.gateway.findChangedCompanies(since);
  const selected = new Set(changed.companyIds);
  const snapshots = await deps.store.getSnapshots(
    deps.portalId,
    changed.changedCompanies.map((c) => c.company.id),
  );
  for (const c of changed.changedCompanies) {
    const snap = snapshots.get(c.company.id);
    if (!snap || !sameCompanyInputs(snap.input.company, c.company) || !sameKeylineValues(snap.writtenValues, c.current)) selected.add(c.company.id);
  }
  const due = await deps.store.listDueCompanyIds(deps.portalId, now);
  return [...new Set([...selected, ...due, ...(await failedLastRun(deps))])].sort(byId);
}

/**
 * The companies the last nightly run could not read, score or write (a 5xx that outlasted the retries, a 207 error,
 * a task left undone): the next incremental run tries them again instead of leaving them to the weekly reconcile.
 * Targeted runs (`--company`) and dry runs do not count as the last nightly run.
 */
async function failedLastRun(deps: KeylineDeps): Promise<string[]> {
  const runs = await deps.store.listRuns(deps.portalId, { limit: 20 });
  const last = runs.find((r) => r.status === 'succeeded' && !r.dryRun && r.details.companyIds === undefined);
  return (last?.errors ?? []).flatMap((e) => (e.companyId === null ? [] : [e.companyId]));
}

function sameCompanyInputs(a: AccountInput['company'], b: AccountInput['company']): boolean {
  const { stored: _a, ...restA } = a;
  const { stored: _b, ...restB } = b;
  return encodeJson(restA) === encodeJson(restB) && (a.stored?.override ?? null) === (b.stored?.override ?? null);
}

function sameKeylineValues(written: PropertyValues, current: PropertyValues): boolean {
  return Object.keys({ ...written, ...current }).every((k) => sameValue(k, written[k], current[k]));
}
