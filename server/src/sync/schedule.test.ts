/**
 * The nightly schedule: node-cron with the configured expression and time zone; a tick that finds another process
 * holding the store's sync lock is skipped, not queued.
 */
import cron from 'node-cron';
import { hostname } from 'node:os';
import { loadConfig } from '../config';
import type { HubSpotGateway } from '../hubspot/gateway';
import { logger, silenceLogger } from '../logger';
import { openStore } from '../store/open-store';
import type { Store } from '../store/store';
import { SYNC_LOCK } from './run-sync';
import { scheduleNightlySync } from './schedule';

describe('the nightly schedule', () => {
  let store: Store;
  beforeEach(async () => {
    silenceLogger(true);
    store = await openStore('sqlite::memory:');
  });
  afterEach(async () => {
    await cron.shutdown?.();
    await store.close();
  });

  it('when SYNC_CRON and SYNC_TIMEZONE are set, then the next run is at that wall-clock time in that zone', () => {
    const config = loadConfig({ SYNC_CRON: '0 2 * * *', SYNC_TIMEZONE: 'Europe/Berlin' });
    const gateway = {} as HubSpotGateway;
    const task = scheduleNightlySync({ config, portalId: 'p', store, gateway, logger, now: () => new Date() });
    const next = task.getNextRun();
    expect(next).not.toBeNull();
    const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(next as Date);
    expect(berlin).toBe('02:00');
    void task.destroy();
  });

  it('when another live process holds the sync lock, then the tick is skipped with a warning and touches nothing', async () => {
    const config = loadConfig({ SYNC_CRON: '0 2 * * *' });
    // A holder on this host whose pid is alive (the process that started this one): not a crashed run, so not taken
    // over. (A holder with this process's own pid that no run of it is using is a run that stopped without releasing
    // the lock, which is taken over.)
    await store.acquireLock(SYNC_LOCK, `${hostname()}:${process.ppid}:other`, 60_000);
    const warn = jest.spyOn(logger, 'warn');
    const gateway = new Proxy({} as HubSpotGateway, {
      get: () => {
        throw new Error('the gateway must not be used');
      },
    });
    const task = scheduleNightlySync({ config, portalId: 'p', store, gateway, logger, now: () => new Date() });
    await task.execute();
    expect(warn).toHaveBeenCalledWith('nightly sync skipped: another sync is running', expect.anything());
    expect(await store.listRuns('p')).toEqual([]);
    void task.destroy();
  });
});
