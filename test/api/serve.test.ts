/**
 * `serve(config, parts)`: refuses to start without what serving needs, serves on loopback, and shuts down gracefully
 * (schedule stopped, connections closed, the running sync asked to checkpoint, the store closed last).
 */
import winston from 'winston';
import { ConfigError, loadConfig } from '../../server/src/config';
import { requireServeSecrets, serve, type ServeHandle } from '../../server/src/http/serve';
import type { StartSyncRequest } from '../../server/src/http/services';
import { SyncRunner, type ExecuteSync } from '../../server/src/http/sync-runner';
import { createFakeServices, createFakeWorld } from './support/fake-services';
import { memoryTransport } from './support/test-app';
import { TEST_BASE_URL, TEST_OPERATOR_TOKEN, TEST_PORTAL, TEST_SECRET } from './support/signed-client';

const fullEnv = {
  PORT: '0',
  PUBLIC_BASE_URL: TEST_BASE_URL,
  HUBSPOT_CLIENT_SECRET: TEST_SECRET,
  HUBSPOT_PORTAL_ID: TEST_PORTAL,
  OPERATOR_TOKEN: TEST_OPERATOR_TOKEN,
};

function quietLogger() {
  const { lines, transport } = memoryTransport();
  return { lines, logger: winston.createLogger({ level: 'debug', transports: [transport] }) };
}

describe('start-up', () => {
  it.each(['HUBSPOT_CLIENT_SECRET', 'PUBLIC_BASE_URL', 'OPERATOR_TOKEN', 'HUBSPOT_PORTAL_ID'])(
    'when %s is missing, then serving is refused with a message naming it',
    (variable) => {
      const config = loadConfig({ ...fullEnv, [variable]: undefined });
      expect(() => requireServeSecrets(config)).toThrow(ConfigError);
      expect(() => requireServeSecrets(config)).toThrow(new RegExp(`${variable}: is required to serve the API`));
    },
  );

  it('when several are missing, then every one is named at once', () => {
    const config = loadConfig({ PORT: '0' });
    try {
      requireServeSecrets(config);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.variable)).toEqual([
        'HUBSPOT_CLIENT_SECRET',
        'PUBLIC_BASE_URL',
        'HUBSPOT_PORTAL_ID',
        'OPERATOR_TOKEN',
      ]);
    }
  });

  it('when SYNC_CRON is not a cron expression, then serving is refused naming SYNC_CRON', () => {
    expect(() => requireServeSecrets(loadConfig({ ...fullEnv, SYNC_CRON: 'every night' }))).toThrow(/SYNC_CRON/);
  });

  it('when the refusal message is printed, then it holds no secret value', () => {
    const config = loadConfig({ ...fullEnv, PUBLIC_BASE_URL: undefined });
    expect(() => requireServeSecrets(config)).toThrow(ConfigError);
    try {
      requireServeSecrets(config);
    } catch (error) {
      expect(String(error)).not.toContain(TEST_SECRET);
      expect(String(error)).not.toContain(TEST_OPERATOR_TOKEN);
    }
  });
});

describe('serving and shutting down', () => {
  const handles: ServeHandle[] = [];
  const start = async (...args: Parameters<typeof serve>): Promise<ServeHandle> => {
    const handle = await serve(...args);
    handles.push(handle);
    return handle;
  };
  afterEach(async () => {
    // A failed expectation must not leave a server (and jest) running.
    await Promise.all(handles.splice(0).map((h) => h.shutdown('test cleanup')));
  });

  function partsWith(execute: ExecuteSync) {
    const { logger, lines } = quietLogger();
    const closed: string[] = [];
    const runner = new SyncRunner(execute, logger);
    return {
      logger,
      lines,
      closed,
      parts: {
        services: { ...createFakeServices(createFakeWorld()), startSyncRun: (r: StartSyncRequest) => runner.start(r) },
        syncRunner: runner,
        close: async () => {
          closed.push('store');
        },
      },
    };
  }

  it('when started, then /healthz answers on loopback, and shutdown() closes the store and stops accepting', async () => {
    const { parts, closed, logger } = partsWith(async () => ({ ok: true, runId: 'r' }));
    const handle = await start(loadConfig(fullEnv), parts, { logger, host: '127.0.0.1', handleSignals: false });
    const res = await fetch(`http://127.0.0.1:${handle.port}/healthz`);
    expect(res.status).toBe(200);
    await handle.shutdown('test');
    await handle.closed;
    expect(closed).toEqual(['store']);
    await expect(fetch(`http://127.0.0.1:${handle.port}/healthz`)).rejects.toThrow();
  });

  it('when SIGTERM arrives during a sync run, then the run is aborted (to checkpoint) before the store is closed', async () => {
    const events: string[] = [];
    const execute: ExecuteSync = (_request, control) =>
      new Promise((resolve) => {
        control.onRunId('run-7');
        control.signal.addEventListener('abort', () => {
          events.push('sync aborted');
          setTimeout(() => {
            events.push('sync checkpointed');
            resolve({ ok: true, runId: 'run-7' });
          }, 20);
        });
      });
    const { parts, logger } = partsWith(execute);
    const close = parts.close;
    parts.close = async () => {
      events.push('store closed');
      await close();
    };
    const handle = await start(loadConfig(fullEnv), parts, { logger, host: '127.0.0.1' });
    const started = await fetch(`http://127.0.0.1:${handle.port}/api/v1/sync/runs`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_OPERATOR_TOKEN}` },
    });
    expect(started.status).toBe(202);
    expect(await started.json()).toEqual({ runId: 'run-7', status: 'running' });

    process.emit('SIGTERM', 'SIGTERM');
    await handle.closed;
    expect(events).toEqual(['sync aborted', 'sync checkpointed', 'store closed']);
  });

  it('when the running sync does not checkpoint within the grace period, then shutdown still completes', async () => {
    const { parts, logger, closed } = partsWith((_r, control) => {
      control.onRunId('run-stuck');
      return new Promise(() => undefined);
    });
    const handle = await start(loadConfig(fullEnv), parts, { logger, host: '127.0.0.1', handleSignals: false, shutdownGraceMs: 20 });
    await parts.syncRunner.start({ mode: 'full', dryRun: false });
    await handle.shutdown();
    expect(closed).toEqual(['store']);
  });
});

describe('sync runner', () => {
  it('when a run is going, then a second start is refused with the running id, and after it ends another may start', async () => {
    let finish: () => void = () => undefined;
    const { logger } = quietLogger();
    const runner = new SyncRunner(
      (_r, control) =>
        new Promise((resolve) => {
          control.onRunId('run-1');
          finish = () => resolve({ ok: true, runId: 'run-1' });
        }),
      logger,
    );
    expect(await runner.start({ mode: 'full', dryRun: false })).toEqual({ ok: true, runId: 'run-1' });
    expect(await runner.start({ mode: 'full', dryRun: false })).toEqual({
      ok: false,
      error: 'sync_in_progress',
      runningRunId: 'run-1',
    });
    finish();
    await runner.stop(1000);
    expect(runner.running).toBe(false);
  });

  it('when another process holds the sync lock, then start reports sync_in_progress', async () => {
    const { logger } = quietLogger();
    const runner = new SyncRunner(async () => ({ ok: false, error: 'sync_in_progress', runningRunId: null }), logger);
    expect(await runner.start({ mode: 'incremental', dryRun: false })).toMatchObject({ ok: false, error: 'sync_in_progress' });
  });
});
