/**
 * The nightly schedule for processes that run the sync without the HTTP API (the API's `serve` schedules through its
 * own runner): node-cron with SYNC_CRON and SYNC_TIMEZONE, `noOverlap` inside the process, and the store's lock across
 * processes (a run that finds the lock taken is skipped, not queued).
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { KeylineDeps } from './deps';
import { runSync, SyncAlreadyRunning } from './run-sync';

export function scheduleNightlySync(deps: KeylineDeps): ScheduledTask {
  const task = cron.schedule(
    deps.config.SYNC_CRON,
    async () => {
      try {
        const run = await runSync(deps, { mode: 'incremental' });
        deps.logger.info('nightly sync ended', { runId: run.id, status: run.status, counts: run.counts });
      } catch (err) {
        if (err instanceof SyncAlreadyRunning) deps.logger.warn('nightly sync skipped: another sync is running', { holder: err.holder });
        else deps.logger.error('nightly sync failed', { error: err });
      }
    },
    { name: 'keyline-nightly-sync', timezone: deps.config.SYNC_TIMEZONE, noOverlap: true },
  );
  task.on('execution:overlap', () => {
    deps.logger.warn('nightly sync skipped: the previous one is still running');
  });
  return task;
}
