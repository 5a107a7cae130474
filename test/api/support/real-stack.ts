/**
 * The real stack in one process: the HubSpot sandbox (behind a round-trip recorder), Keyline from its composition
 * root (SQLite in memory), and the API over it. Used by the integration test and the load benchmark.
 */
import winston from 'winston';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { loadConfig } from '../../../server/src/config';
import { createApp } from '../../../server/src/http/app';
import { createServeParts } from '../../../server/src/http/services-from-keyline';
import type { ServeParts } from '../../../server/src/http/serve';
import { createKeyline, type Keyline, type KeylineOptions } from '../../../server/src/keyline';
import { runSync } from '../../../server/src/sync';
import { startRoundTripRecorder, type RoundTripRecorder } from './round-trip-recorder';
import { TEST_BASE_URL, TEST_OPERATOR_TOKEN, TEST_SECRET } from './signed-client';

/** The sandbox's rate-limit windows shrink by this much, and Keyline's limiter with them. */
export const TIME_SCALE = 50;
export const AS_OF = new Date('2026-11-20T09:00:00Z');
export const NOW = new Date('2026-11-20T10:00:00Z');

export interface RealStack {
  sandbox: Sandbox;
  recorder: RoundTripRecorder;
  keyline: Keyline;
  parts: ServeParts;
  app: ReturnType<typeof createApp>['app'];
  portalId: string;
  close(): Promise<void>;
}

/**
 * `timeScale` shrinks the sandbox's rate-limit windows and Keyline's limiter spacing alike (default 50). A large
 * value (1000) takes the limiter's request spacing out of round-trip measurements.
 */
export async function startRealStack(
  opts: {
    size?: 'XS' | 'S';
    seed?: number;
    rateLimitPerMinute?: number;
    syncFirst?: boolean;
    timeScale?: number;
    /** The store (default SQLite in memory) and, for SQLite, how long a write waits for a lock (as `serve` opens it). */
    databaseUrl?: string;
    sqliteBusyTimeoutMs?: number;
    tuning?: KeylineOptions['tuning'];
  } = {},
): Promise<RealStack> {
  const quiet = winston.createLogger({ level: 'error', silent: !process.env['STACK_LOG'], transports: [new winston.transports.Console()] });
  const sandbox = await startSandbox({
    size: opts.size ?? 'XS',
    seed: opts.seed ?? 7,
    asOf: AS_OF,
    rateLimit: { timeScale: opts.timeScale ?? TIME_SCALE },
  });
  const recorder = await startRoundTripRecorder(sandbox.baseUrl);
  const config = loadConfig({
    HUBSPOT_BASE_URL: recorder.baseUrl,
    HUBSPOT_ACCESS_TOKEN: sandbox.token,
    HUBSPOT_PORTAL_ID: sandbox.portalId,
    HUBSPOT_CLIENT_SECRET: TEST_SECRET,
    PUBLIC_BASE_URL: TEST_BASE_URL,
    OPERATOR_TOKEN: TEST_OPERATOR_TOKEN,
    DATABASE_URL: opts.databaseUrl ?? 'sqlite::memory:',
    LOG_LEVEL: 'error',
  });
  const keyline = await createKeyline(config, {
    timeScale: opts.timeScale ?? TIME_SCALE,
    now: () => NOW,
    logger: quiet,
    ...(opts.sqliteBusyTimeoutMs === undefined ? {} : { sqliteBusyTimeoutMs: opts.sqliteBusyTimeoutMs }),
    ...(opts.tuning === undefined ? {} : { tuning: opts.tuning }),
  });
  // As `keyline setup` does before the first sync: Keyline's property group and properties exist in HubSpot.
  await keyline.gateway.setup({ lists: false });
  if (opts.syncFirst ?? true) await runSync(keyline, { mode: 'full' });
  const parts = createServeParts(keyline);
  const { app } = createApp({
    services: parts.services,
    auth: {
      clientSecret: TEST_SECRET,
      publicBaseUrl: TEST_BASE_URL,
      portalId: sandbox.portalId,
      operatorToken: TEST_OPERATOR_TOKEN,
    },
    logger: quiet,
    processMetrics: false,
    rateLimit: { limit: opts.rateLimitPerMinute ?? 600, windowMs: 60_000 },
    // As `keyline serve` does: accepted signed requests are remembered in the store.
    ...(parts.seenSignatures ? { seenSignatures: parts.seenSignatures } : {}),
  });
  return {
    sandbox,
    recorder,
    keyline,
    parts,
    app,
    portalId: sandbox.portalId,
    close: async () => {
      await parts.syncRunner.stop(5_000);
      await keyline.close();
      await recorder.close();
      await sandbox.close();
    },
  };
}
