/**
 * The Express app: hardening and bookkeeping first, then the health probes, then the signed card/settings API
 * (raw body capped → signature and portal → per-portal rate limit → JSON parsed with a depth cap → a state-changing
 * request accepted once), the operator API and the metrics, then one 404 and one error handler. No listening, no config reading, no clock of its
 * own: everything arrives through `AppOptions` (so tests build it in-process).
 */
import express, { type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { logger as processLogger, type Logger } from '../logger';
import { sendError } from './api-error';
import { requireHubSpotSignature, requireOperatorToken } from './authenticate';
import { handleErrors, notFound } from './error-handler';
import { createMetrics, type HttpMetrics } from './metrics';
import { BODY_LIMIT_BYTES, parseJsonBody, readRawBody } from './read-body';
import { refuseReplays } from './refuse-replays';
import { rememberMount, requestContext } from './request-context';
import { accountRoutes } from './routes/accounts';
import { portfolioRoutes } from './routes/portfolio';
import { reviewRoutes } from './routes/review';
import { settingsRoutes } from './routes/settings';
import { syncRunRoutes } from './routes/sync-runs';
import { rememberInMemory, type SeenSignatures } from './seen-signatures';
import type { ApiServices } from './services';

export interface ApiSecrets {
  /** HubSpot app client secret: the key of the v3 request signatures. */
  clientSecret: string;
  /** The base URL HubSpot calls (as in permittedUrls.fetch), e.g. https://keyline.example.com */
  publicBaseUrl: string;
  /** The HubSpot account this installation serves: the signed portalId must equal it. */
  portalId: string;
  /** Bearer token of the operator endpoints. */
  operatorToken: string;
}

export interface AppOptions {
  services: ApiServices;
  auth: ApiSecrets;
  /** Requests per portal per window on the signed API (default 600 per minute). */
  rateLimit?: { limit: number; windowMs: number };
  bodyLimitBytes?: number;
  /**
   * Where signed state-changing requests already accepted are remembered (a replay is refused 409). Default: this
   * process's memory; `keyline serve` passes the store's, shared by every instance.
   */
  seenSignatures?: SeenSignatures;
  logger?: Logger;
  now?: () => number;
  /** Node process metrics in /metrics (default true). */
  processMetrics?: boolean;
}

export interface KeylineApi {
  app: Express;
  metrics: HttpMetrics;
}

export const DEFAULT_RATE_LIMIT = { limit: 600, windowMs: 60_000 };

export function createApp(options: AppOptions): KeylineApi {
  const { services, auth } = options;
  const log = options.logger ?? processLogger;
  const now = options.now ?? Date.now;
  const metrics = createMetrics(services, { defaults: options.processMetrics ?? true });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestContext(log, metrics));
  app.use(helmet());

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await services.isReady().catch(() => false);
    if (ready) res.json({ status: 'ready' });
    else sendError(res, 503, 'not_ready', 'The store is not reachable.');
  });

  app.use('/api/v1', readRawBody(options.bodyLimitBytes ?? BODY_LIMIT_BYTES));

  const signed: RequestHandler[] = [
    requireHubSpotSignature({ ...auth, now }),
    portalRateLimit(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    parseJsonBody,
    refuseReplays(options.seenSignatures ?? rememberInMemory(), { now, logger: log }),
  ];
  // rememberMount first: requests refused before a route matches are still counted under their API (`/api/v1/accounts/*`).
  app.use('/api/v1/accounts', rememberMount, ...signed, accountRoutes(services));
  app.use('/api/v1/portfolio', rememberMount, ...signed, portfolioRoutes(services));
  app.use('/api/v1/review', rememberMount, ...signed, reviewRoutes(services));
  app.use('/api/v1/settings', rememberMount, ...signed, settingsRoutes(services));

  const operator = requireOperatorToken(auth.operatorToken);
  app.use('/api/v1/sync', rememberMount, operator, parseJsonBody, syncRunRoutes(services));
  app.get('/metrics', operator, async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  app.use(notFound);
  app.use(handleErrors(log));
  return { app, metrics };
}

/** Per-portal limit, keyed by the signed portalId (so it runs after signature verification). */
function portalRateLimit(options: { limit: number; windowMs: number }): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_req, res) => `portal:${String(res.locals['portalId'])}`,
    handler: (_req, res) => {
      sendError(res, 429, 'rate_limited', 'Too many requests for this HubSpot account: retry after a moment.');
    },
    validate: { xForwardedForHeader: false },
  });
}
