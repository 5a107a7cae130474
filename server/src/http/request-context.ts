/**
 * Per-request bookkeeping: a request id (accepted from `X-Request-Id` when it looks like one, else generated, and
 * echoed back), the route pattern for metrics and logs, and one JSON log line per request. The query string is never
 * logged (HubSpot puts the user's e-mail there), nor any header.
 */
import crypto from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logger';
import type { HttpMetrics } from './metrics';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestContext(logger: Logger, metrics: HttpMetrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    res.locals['requestId'] = requestId;
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();

    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(req, res);
      metrics.observe(req.method, route, res.statusCode, seconds);
      logger.log(res.statusCode >= 500 ? 'error' : 'http', 'request', {
        requestId,
        method: req.method,
        route,
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(seconds * 1000 * 10) / 10,
        portalId: res.locals['portalId'] as string | undefined,
      });
    });
    next();
  };
}

/** Remembers where a router is mounted, so the route label survives an error thrown inside it. */
export const rememberMount: RequestHandler = (req, res, next) => {
  res.locals['mount'] = req.baseUrl;
  next();
};

/** The route pattern (bounded cardinality): `/api/v1/accounts/:companyId`, `/api/v1/accounts/*` when refused before a
 * route matched (bad signature, 404 inside the API), `unmatched` elsewhere. */
function routeLabel(req: Request, res: Response): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  const mount = (res.locals['mount'] as string | undefined) ?? req.baseUrl;
  if (typeof pattern !== 'string') return mount ? `${mount}/*` : 'unmatched';
  return `${mount}${pattern === '/' && mount ? '' : pattern}`;
}
