/**
 * `keyline serve`: the API on PORT and the nightly sync on SYNC_CRON (SYNC_TIMEZONE), in one process.
 * Start-up is refused, naming the variable, when what serving needs is missing. On SIGTERM/SIGINT: stop the schedule,
 * stop accepting connections, ask a running sync to checkpoint (and wait for it, bounded), then close the store.
 */
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import cron from 'node-cron';
import { ConfigError, type Config } from '../config';
import { logger as processLogger, registerSecret, type Logger } from '../logger';
import { createApp, type ApiSecrets } from './app';
import type { SeenSignatures } from './seen-signatures';
import type { ApiServices } from './services';
import type { SyncRunner } from './sync-runner';

export interface ServeParts {
  services: ApiServices;
  syncRunner: SyncRunner;
  /** Where accepted signed requests are remembered (the store, so every instance refuses a replay); default memory. */
  seenSignatures?: SeenSignatures;
  /** Releases what the process holds (the store). Called last on shutdown. */
  close(): Promise<void>;
}

export interface ServeHandle {
  port: number;
  /** Resolves when the process has shut down (after SIGTERM/SIGINT or `shutdown()`). */
  closed: Promise<void>;
  shutdown(reason?: string): Promise<void>;
}

export interface ServeOptions {
  logger?: Logger;
  /** How long a running sync may take to checkpoint on shutdown (default 25 s, inside Kubernetes' 30 s grace). */
  shutdownGraceMs?: number;
  /** Listen for SIGTERM/SIGINT (default true). */
  handleSignals?: boolean;
  host?: string;
  /**
   * How long a client may take to send a whole request (headers and body) before the socket is answered 408 and
   * closed (default 30 s): a slow client cannot hold a connection for Node's default 5 minutes.
   */
  requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** What serving needs beyond the base config; every missing variable is named at once. */
export function requireServeSecrets(config: Config): ApiSecrets {
  const missing: { variable: string; message: string }[] = [];
  const need = (variable: keyof Config, why: string): string => {
    const value = config[variable];
    if (typeof value === 'string' && value.length > 0) return value;
    missing.push({ variable, message: `is required to serve the API (${why})` });
    return '';
  };
  const secrets: ApiSecrets = {
    clientSecret: need('HUBSPOT_CLIENT_SECRET', 'the key of HubSpot request signatures'),
    publicBaseUrl: need('PUBLIC_BASE_URL', 'the HTTPS address HubSpot calls, used to verify signatures'),
    portalId: need('HUBSPOT_PORTAL_ID', 'the HubSpot account whose signed requests are served'),
    operatorToken: need('OPERATOR_TOKEN', 'the bearer token of the operator endpoints'),
  };
  if (!cron.validate(config.SYNC_CRON)) {
    missing.push({ variable: 'SYNC_CRON', message: `"${config.SYNC_CRON}" is not a valid cron expression` });
  }
  if (missing.length > 0) throw new ConfigError(missing);
  return secrets;
}

export async function serve(config: Config, parts: ServeParts, options: ServeOptions = {}): Promise<ServeHandle> {
  const log = options.logger ?? processLogger;
  const secrets = requireServeSecrets(config);
  registerSecret(secrets.clientSecret);
  registerSecret(secrets.operatorToken);
  registerSecret(config.HUBSPOT_ACCESS_TOKEN);

  const { app } = createApp({
    services: parts.services,
    auth: secrets,
    logger: log,
    rateLimit: { limit: config.API_RATE_LIMIT_PER_MINUTE, windowMs: 60_000 },
    ...(parts.seenSignatures ? { seenSignatures: parts.seenSignatures } : {}),
  });
  // Behind a TLS-terminating proxy; signatures use PUBLIC_BASE_URL, not the Host header, so this is for req.ip only.
  app.set('trust proxy', 1);

  const server = await listen(app, config.PORT, options.host, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const port = (server.address() as AddressInfo).port;
  log.info('keyline api listening', { port, publicBaseUrl: secrets.publicBaseUrl });

  const schedule = cron.schedule(
    config.SYNC_CRON,
    async () => {
      log.info('scheduled sync starting', { cron: config.SYNC_CRON, timezone: config.SYNC_TIMEZONE });
      await parts.syncRunner.runScheduled({ mode: 'incremental', dryRun: false });
    },
    { name: 'keyline-nightly-sync', timezone: config.SYNC_TIMEZONE, noOverlap: true },
  );

  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let shuttingDown: Promise<void> | null = null;

  const shutdown = (reason = 'shutdown'): Promise<void> => {
    shuttingDown ??= (async () => {
      log.info('keyline shutting down', { reason });
      await schedule.stop();
      await schedule.destroy();
      const stopping = closeServer(server);
      const sync = await parts.syncRunner.stop(options.shutdownGraceMs ?? 25_000);
      if (sync !== 'idle') log.info('running sync asked to checkpoint', { outcome: sync });
      await stopping;
      await parts.close();
      log.info('keyline stopped');
      resolveClosed();
    })();
    return shuttingDown;
  };

  if (options.handleSignals ?? true) {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      shutdown(signal).catch((error: unknown) => log.error('shutdown failed', { error }));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    void closed.then(() => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    });
  }

  return { port, closed, shutdown };
}

function listen(app: ReturnType<typeof createApp>['app'], port: number, host: string | undefined, requestTimeoutMs: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Node checks these deadlines every `connectionsCheckingInterval`: a tenth of the deadline, at most 1 s.
    const server = createServer(
      {
        requestTimeout: requestTimeoutMs,
        headersTimeout: requestTimeoutMs,
        connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(requestTimeoutMs / 10))),
      },
      app,
    );
    server.once('listening', () => resolve(server));
    server.once('error', reject);
    if (host) server.listen(port, host);
    else server.listen(port);
  });
}

/** Stops accepting, lets in-flight requests finish, closes idle keep-alive connections. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
