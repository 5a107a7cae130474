/**
 * The sandbox's HTTP face: one Express app that, for every HubSpot endpoint, checks the bearer token, counts the call
 * in the ledger, applies the rate limits and injected faults, then runs the endpoint's handler. It serves HubSpot's
 * 2026-09 paths, and the legacy v3/v4 ones only when told to (`legacyPaths`): a legacy request to a sandbox without
 * them is an unknown endpoint (404, counted in the ledger as `(unknown)`). Admin endpoints under /__sandbox are not
 * rate limited and need no token.
 */
import express, { type Request, type Response } from 'express';
import type { FaultDecision, FaultInjector, FaultOptions } from '../fault-injector';
import type { RateLimiter } from '../rate-limits';
import type { RequestLedger } from '../request-ledger';
import type { SandboxStore } from '../sandbox-store';
import type { WriteRule, WriteRules } from '../write-rules';
import type { Generation } from './api-paths';
import { associationRoutes } from './association-routes';
import { HubSpotError, errorBody } from './hubspot-errors';
import { objectRoutes } from './object-routes';
import { portalRoutes } from './portal-routes';
import { propertyRoutes } from './property-routes';
import { compileRoutes, matchRoute, type CompiledRoute, type RouteResult } from './route-table';
import { searchRoutes } from './search-objects';

export interface SandboxAppDeps {
  store: SandboxStore;
  ledger: RequestLedger;
  limiter: RateLimiter;
  faults: FaultInjector;
  token: string;
  portalId: string;
  info: () => Record<string, unknown>;
  resetLimits: () => void;
  nullUnsetProperties?: boolean;
  searchIndexLagMs?: number;
  /** Also serve the legacy v3/v4 paths (default: 2026-09 only). */
  legacyPaths?: boolean;
  writeRules: WriteRules;
  /** Called with every HubSpot request the sandbox receives (contract tests check them against HubSpot's specs). */
  onRequest?: (req: SandboxRequest) => void;
}

/** A request as it reached the sandbox (path without the query string; query parameters as parsed). */
export interface SandboxRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
}

const ALL_ROUTES = [...searchRoutes, ...objectRoutes, ...associationRoutes, ...propertyRoutes, ...portalRoutes];

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function send(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (body === undefined || status === 204) res.status(status).end();
  else res.status(status).json(body);
}

export function createSandboxApp(deps: SandboxAppDeps): express.Express {
  const generations: Generation[] = deps.legacyPaths === true ? ['dated', 'legacy'] : ['dated'];
  const app = express();
  app.disable('x-powered-by');
  // HubSpot repeats list parameters (properties=a&properties=b…) with no limit; qs's 'extended' parser turns more than 20
  // repeats into an object. Flat parsing: a repeated key becomes an array, nothing is nested, no prototype keys.
  app.set('query parser', (query: string | null | undefined) => {
    const out: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
    // A URL without a query string gives null here: no parameters (URLSearchParams(null) would read it as "null").
    for (const [key, value] of new URLSearchParams(query ?? '')) {
      const seen = out[key];
      out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
    }
    return out;
  });
  app.use(express.json({ limit: '20mb' }));

  mountAdmin(app, deps);
  app.use(serveHubSpot(deps, compileRoutes(ALL_ROUTES, generations)));

  // Malformed JSON bodies: HubSpot answers 400 with its error shape; bodies over the limit 413.
  app.use((err: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    const status = typeof err === 'object' && err !== null && 'status' in err ? Number((err).status) : 500;
    if (status === 413) send(res, 413, errorBody('Request body too large (over 20 MB)', 'VALIDATION_ERROR'));
    else if (status === 400) send(res, 400, errorBody('Invalid input JSON: the body could not be parsed', 'VALIDATION_ERROR'));
    else send(res, 500, errorBody('internal error', 'INTERNAL_ERROR'));
  });
  return app;
}

/** Admin endpoints under /__sandbox: no token, no limits. */
function mountAdmin(app: express.Express, deps: SandboxAppDeps): void {
  app.get('/__sandbox/ledger', (_req, res) => send(res, 200, deps.ledger.snapshot()));
  app.post('/__sandbox/reset-ledger', (_req, res) => {
    deps.ledger.reset();
    send(res, 204, undefined);
  });
  app.post('/__sandbox/reset-limits', (_req, res) => {
    deps.resetLimits();
    send(res, 204, undefined);
  });
  app.get('/__sandbox/faults', (_req, res) => send(res, 200, deps.faults.current()));
  app.post('/__sandbox/faults', (req, res) => {
    deps.faults.set((req.body ?? {}) as FaultOptions);
    send(res, 200, deps.faults.current());
  });
  app.get('/__sandbox/info', (_req, res) => send(res, 200, deps.info()));
  app.get('/__sandbox/write-rules', (_req, res) => send(res, 200, deps.writeRules.list()));
  app.post('/__sandbox/write-rules', (req, res) => {
    try {
      deps.writeRules.set((req.body ?? []) as WriteRule[]);
      send(res, 200, deps.writeRules.list());
    } catch (err) {
      send(res, 400, errorBody(`Invalid write rules: ${err instanceof Error ? err.message : String(err)}`, 'VALIDATION_ERROR'));
    }
  });
}

/** Every HubSpot request: token, ledger, limits, injected faults, then the endpoint's handler. */
function serveHubSpot(deps: SandboxAppDeps, routes: CompiledRoute[]) {
  return async (req: Request, res: Response): Promise<void> => {
    deps.onRequest?.({ method: req.method, path: req.path, query: req.query as Record<string, string | string[]>, body: req.body as unknown });
    const match = matchRoute(routes, req.method, req.path);
    if (!match) {
      deps.ledger.record(`${req.method} (unknown) ${req.path}`, { status: 404 });
      send(res, 404, errorBody(`Unknown endpoint: ${req.method} ${req.path}`, 'OBJECT_NOT_FOUND'));
      return;
    }
    const { route, params, endpoint } = match;
    let fault = false;
    res.on('finish', () => deps.ledger.record(endpoint, { status: res.statusCode, fault }));

    const auth = req.header('authorization') ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : '';
    if (token !== deps.token) {
      send(
        res,
        401,
        errorBody(
          token === ''
            ? 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview'
            : 'The access token provided is invalid or has expired.',
          'INVALID_AUTHENTICATION',
        ),
      );
      return;
    }

    const verdict = deps.limiter.check(token, route.kind ?? 'standard');
    if (!verdict.ok) {
      send(
        res,
        429,
        {
          status: 'error',
          message: verdict.message,
          errorType: 'RATE_LIMIT',
          correlationId: errorBody('', '')['correlationId'],
          policyName: verdict.policyName,
          groupName: verdict.policyName === 'SECONDLY' ? 'publicapi:search' : `publicapi:private-app:${deps.portalId}`,
          category: 'RATE_LIMITS',
        },
        verdict.headers,
      );
      return;
    }

    const delay = deps.faults.latency(endpoint);
    if (delay > 0) await sleep(delay);
    const decision = deps.faults.decide(endpoint, route.write === true);
    if (decision.kind !== 'none') fault = true;
    if (decision.kind !== 'none') {
      if (decision.kind === 'reset') fault = false; // recorded by answerFault, without an answer
      answerFault(req, res, decision, { deps, endpoint, kind: route.kind, headers: verdict.headers });
      return;
    }

    let result: RouteResult;
    try {
      result = route.handle({
        params,
        query: req.query as Record<string, string | string[] | undefined>,
        body: req.body as unknown,
        store: deps.store,
        faults: deps.faults,
        portalId: deps.portalId,
        endpoint,
        nullUnsetProperties: deps.nullUnsetProperties === true,
        searchIndexLagMs: deps.searchIndexLagMs ?? 0,
        generation: route.generation,
        writeRules: deps.writeRules,
      });
    } catch (err) {
      if (err instanceof HubSpotError) {
        send(res, err.httpStatus, err.body, verdict.headers);
        return;
      }
      send(res, 500, errorBody('internal error', 'INTERNAL_ERROR'), verdict.headers);
      return;
    }
    if (result.injectedFault) fault = true;
    send(res, result.status, result.body, verdict.headers);
  };
}

/** The answer of an injected fault (a reset answers nothing: the socket is destroyed). */
function answerFault(
  req: Request,
  res: Response,
  decision: Exclude<FaultDecision, { kind: 'none' }>,
  at: { deps: SandboxAppDeps; endpoint: string; kind: CompiledRoute['kind']; headers: Record<string, string> },
): void {
  const { deps, endpoint } = at;
  const verdict = { headers: at.headers };
  const route = { kind: at.kind };
  switch (decision.kind) {
    case 'reset':
      deps.ledger.record(endpoint, { status: 0, fault: true });
      res.removeAllListeners('finish');
      req.socket.destroy();
      return;
    case 'storm': {
      const secondly = deps.faults.current().stormPolicy === 'SECONDLY';
      send(
        res,
        429,
        {
          status: 'error',
          message: secondly ? 'You have reached your secondly limit.' : 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: errorBody('', '')['correlationId'],
          policyName: secondly ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING',
          groupName: secondly ? 'publicapi:search' : `publicapi:private-app:${deps.portalId}`,
          category: 'RATE_LIMITS',
        },
        route.kind === 'search' ? {} : { ...verdict.headers, 'X-HubSpot-RateLimit-Remaining': '0' },
      );
      return;
    }
    case 'error': {
      const messages = { 500: 'internal error', 502: 'Bad Gateway', 503: 'Service Unavailable: please retry shortly' };
      const categories = { 500: 'INTERNAL_ERROR', 502: 'BAD_GATEWAY', 503: 'SERVICE_UNAVAILABLE' };
      send(res, decision.status, errorBody(messages[decision.status], categories[decision.status]), verdict.headers);
      return;
    }
    case 'lock':
      send(
        res,
        423,
        errorBody('This record is locked by another write in progress; locks last 2 seconds. Retry after 2 seconds.', 'LOCKED', {
          subCategory: 'crm.objects.RECORD_LOCKED',
        }),
        verdict.headers,
      );
      return;
  }
}
