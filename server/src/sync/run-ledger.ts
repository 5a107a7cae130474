/**
 * The run ledger: what a sync run records about itself as it goes. It holds the run record (counts, errors, API calls,
 * details, the plan summary) and the run's position (its phase, the read cursor, what is left to write), and saves
 * both at every checkpoint — renewing the sync lock's lease on the way, so a run that lost its lock stops there.
 *
 * The phases (read-phase.ts, write-phase.ts, the task phase) report to it through its methods and read the position
 * from it; the position moves only with a checkpoint. Whether a run pauses or fails is decided in run-sync.ts.
 */
import type { HubSpotGateway } from '../hubspot/gateway';
import type { RunCounts, RunError, RunRecord, Store } from '../store/store';
import { addTasksToSummary, addToSummary, emptyPlanSummary, type PlanSummary, type PlannedTask } from './plan-writes';
import type { WriteOutcome } from './write-accounts';

const MAX_RECORDED_ERRORS = 1_000;

/** Where a run is, as its checkpoint saves it (a resumed run starts again from here). */
export interface RunState {
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

/** The whole position of a run: its state, and where the full read stands (paging cursor, chunk index). */
export interface RunPosition {
  state: RunState;
  cursor: string | null;
  chunkIndex: number;
}

/** A step of the run: what changes in its position (the rest stays). */
export type RunStep = Partial<RunState> & { cursor?: string | null; chunkIndex?: number };

/** The sync lock as the run holds it: renewed on a timer (run-sync.ts) and by progress; `lost` once a renewal found another holder. */
export interface RunLease {
  name: string;
  holder: string;
  ttlMs: number;
  lost: boolean;
}

/** The sync lock was taken over (the lease expired while this run was stalled): the run stops without touching its record. */
export class SyncLockLost extends Error {
  override readonly name = 'SyncLockLost';
  constructor() {
    super('the sync lock was lost to another process');
  }
}

export class RunLedger {
  private position: RunPosition;
  private summary: PlanSummary = emptyPlanSummary();
  private readonly callsAtStart: Record<string, number>;
  private readonly failuresAtStart: Record<string, number>;
  /** Calls recorded by earlier attempts of a resumed run. */
  private readonly callsBefore: Record<string, number>;
  private readonly failuresBefore: Record<string, number>;
  /** The phase a resumed run was stopped in (null: a new run). */
  readonly resumedIn: RunState['phase'] | null;

  constructor(
    private readonly deps: { store: Store; gateway: HubSpotGateway },
    /** The run record: saved at every checkpoint and at the end. */
    readonly record: RunRecord,
    start: RunPosition & { resumed: boolean },
    readonly lease: RunLease,
    private readonly dryRun: boolean,
  ) {
    this.position = { state: start.state, cursor: start.cursor, chunkIndex: start.chunkIndex };
    this.resumedIn = start.resumed ? start.state.phase : null;
    this.callsAtStart = deps.gateway.apiCalls();
    this.failuresAtStart = deps.gateway.apiFailures?.() ?? {};
    this.callsBefore = { ...record.apiCalls };
    this.failuresBefore = { ...((record.details['failedCalls'] as Record<string, number> | undefined) ?? {}) };
  }

  get state(): Readonly<RunState> {
    return this.position.state;
  }

  get cursor(): string | null {
    return this.position.cursor;
  }

  get chunkIndex(): number {
    return this.position.chunkIndex;
  }

  count(what: keyof RunCounts, n: number): void {
    this.record.counts[what] += n;
  }

  /** An error of one company (counted as failed) or of the run (companyId null); the first 1,000 are kept. */
  recordError(companyId: string | null, message: string, refused?: RunError['refused']): void {
    this.record.counts.companiesFailed += companyId ? 1 : 0;
    if (this.record.errors.length < MAX_RECORDED_ERRORS) this.record.errors.push({ companyId, message, ...(refused ? { refused } : {}) });
  }

  /** Adds to the run record's details (what people read in `keyline runs`, `report`). */
  note(details: Record<string, unknown>): void {
    this.record.details = { ...this.record.details, ...details };
  }

  /** What a page of accounts wrote (or planned): counts, errors, plans. */
  tally(out: WriteOutcome): void {
    this.record.counts.companiesWritten += out.companiesWritten;
    this.record.counts.propertyWrites += out.propertyWrites;
    this.record.counts.tasksCreated += out.tasksCreated;
    this.record.counts.tasksClosed += out.tasksClosed;
    for (const e of out.errors) this.recordError(e.companyId, e.message, e.refused);
    for (const p of out.plans) this.summary = addToSummary(this.summary, p);
  }

  /** The tasks the task phase created (or planned), into the plan summary. */
  tallyTasks(planned: readonly PlannedTask[]): void {
    this.summary = addTasksToSummary(this.summary, planned);
  }

  /** The plan summary so far (a dry run's plan; a real run's writes). */
  plan(): PlanSummary {
    return this.summary;
  }

  /**
   * Moves the run on by `step` and records where it is: the lease is renewed (a run that lost it — expired while
   * stalled, taken over — stops here), the checkpoint saved (not by a dry run) and the run record saved.
   */
  async checkpoint(step: RunStep = {}): Promise<void> {
    const { cursor, chunkIndex, ...state } = step;
    this.position = {
      state: { ...this.position.state, ...state },
      cursor: cursor === undefined ? this.position.cursor : cursor,
      chunkIndex: chunkIndex ?? this.position.chunkIndex,
    };
    const { store } = this.deps;
    const { record } = this;
    record.counts.chunks += 1;
    // Progress renews the lease too (the heartbeat renews it between checkpoints); a run that lost it (taken over after
    // it expired) stops here, without saving anything: the run record belongs to the new holder.
    if (this.lease.lost || !(await store.renewLock(this.lease.name, this.lease.holder, this.lease.ttlMs))) {
      this.lease.lost = true;
      throw new SyncLockLost();
    }
    if (!this.dryRun) await store.saveCheckpoint({ runId: record.id, cursor: this.cursor, chunkIndex: this.chunkIndex, state: this.state });
    await this.save();
  }

  /** Ends the run that went through: its status, why (when there is something to say), when; saved. */
  async end(status: 'succeeded' | 'failed', endedAt: Date, message?: string): Promise<void> {
    this.record.status = status;
    if (message !== undefined) this.record.message = message;
    this.record.endedAt = endedAt;
    await this.save();
  }

  /** Saves the run record with the API calls of this attempt added to those of the earlier ones. */
  async save(): Promise<void> {
    const { gateway, store } = this.deps;
    const { record } = this;
    const calls = gateway.apiCalls();
    const apiCalls: Record<string, number> = { ...this.callsBefore };
    for (const [k, v] of Object.entries(calls)) {
      const delta = v - (this.callsAtStart[k] ?? 0);
      if (delta > 0) apiCalls[k] = (apiCalls[k] ?? 0) + delta;
    }
    record.apiCalls = apiCalls;
    // Failed attempts (429, 5xx, 423, lost connections…), retried or not: what the run met on its way.
    const failedCalls: Record<string, number> = { ...this.failuresBefore };
    for (const [k, v] of Object.entries(gateway.apiFailures?.() ?? {})) {
      const delta = v - (this.failuresAtStart[k] ?? 0);
      if (delta > 0) failedCalls[k] = (failedCalls[k] ?? 0) + delta;
    }
    record.details = { ...record.details, failedCalls };
    await store.updateRun(record);
  }
}
