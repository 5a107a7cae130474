/**
 * The process's owner of sync runs started by the API or the schedule: at most one at a time, each with an
 * AbortSignal so shutdown can ask it to checkpoint, and a way to wait for it. (Across processes the sync's own store
 * lock keeps runs exclusive; `execute` reports that as `sync_in_progress`.)
 */
import type { Logger } from '../logger';
import type { StartSyncOutcome, StartSyncRequest } from '../use-cases/sync-runs';

export interface SyncControl {
  signal: AbortSignal;
  /** Called by the sync as soon as its run is recorded, so the API can answer 202 with the id. */
  onRunId(runId: string): void;
}

export type ExecuteSync = (
  request: StartSyncRequest,
  control: SyncControl,
) => Promise<StartSyncOutcome>;

export class SyncRunner {
  private current: { controller: AbortController; runId: string | null; done: Promise<void> } | null = null;

  constructor(
    private readonly execute: ExecuteSync,
    private readonly log: Logger,
  ) {}

  get running(): boolean {
    return this.current !== null;
  }

  /** Starts a run in the background; resolves with its id once recorded (or why it did not start). */
  start(request: StartSyncRequest): Promise<StartSyncOutcome> {
    if (this.current) {
      return Promise.resolve({ ok: false, error: 'sync_in_progress', runningRunId: this.current.runId });
    }
    const controller = new AbortController();
    let reportId: (id: string) => void = () => undefined;
    const idReported = new Promise<string>((resolve) => {
      reportId = resolve;
    });
    const slot: { controller: AbortController; runId: string | null; done: Promise<void> } = {
      controller,
      runId: null,
      done: Promise.resolve(),
    };
    const run = this.execute(request, {
      signal: controller.signal,
      onRunId: (id) => {
        slot.runId = id;
        reportId(id);
      },
    });
    slot.done = run.then(
      (outcome) => {
        if (outcome.ok) this.log.info('sync run ended', { runId: outcome.runId, mode: request.mode });
      },
      (error: unknown) => {
        this.log.error('sync run failed', { runId: slot.runId, error });
      },
    ).finally(() => {
      if (this.current === slot) this.current = null;
    });
    this.current = slot;

    return Promise.race([
      idReported.then((runId): StartSyncOutcome => ({ ok: true, runId })),
      run.then(
        (outcome): StartSyncOutcome => (outcome.ok ? { ok: true, runId: outcome.runId } : outcome),
        (error: unknown) => {
          throw error;
        },
      ),
    ]);
  }

  /** Runs one scheduled sync and waits for its end (the schedule never overlaps itself). */
  async runScheduled(request: StartSyncRequest): Promise<void> {
    const outcome = await this.start(request);
    if (!outcome.ok) {
      this.log.warn('scheduled sync skipped: a run is already in progress', { runningRunId: outcome.runningRunId });
      return;
    }
    await this.current?.done;
  }

  /** Asks the running sync (if any) to checkpoint and stop, and waits for it up to `timeoutMs`. */
  async stop(timeoutMs: number): Promise<'idle' | 'stopped' | 'timed_out'> {
    const slot = this.current;
    if (!slot) return 'idle';
    slot.controller.abort(new Error('shutting down'));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timed_out'>((resolve) => {
      timer = setTimeout(() => resolve('timed_out'), timeoutMs);
    });
    const result = await Promise.race([slot.done.then(() => 'stopped' as const), timedOut]);
    clearTimeout(timer);
    return result;
  }
}
