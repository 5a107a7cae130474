/**
 * The one error handler: body-parser failures become their 4xx; a store that is down or locked becomes 503
 * `store_unavailable` with Retry-After; anything else is logged (with the request id) and answered 500 with a generic
 * message — never a stack, never the error's own text.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../logger';
import { StoreUnavailable } from '../store/store-errors';
import { sendError } from './api-error';

/** Seconds a client is asked to wait before retrying while the store is unavailable. */
const STORE_RETRY_AFTER_S = 5;

interface HttpishError {
  type?: unknown;
  limit?: unknown;
  status?: unknown;
  statusCode?: unknown;
}

export function handleErrors(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const e = (typeof err === 'object' && err !== null ? err : {}) as HttpishError;
    if (e.type === 'entity.too.large') {
      const kB = typeof e.limit === 'number' ? Math.floor(e.limit / 1024) : 100;
      sendError(res, 413, 'payload_too_large', `The request body is larger than ${kB} kB.`);
      return;
    }
    if (e.type === 'request.aborted') {
      sendError(res, 400, 'invalid_request', 'The request was aborted by the client.');
      return;
    }
    if (err instanceof StoreUnavailable) {
      logger.warn('store unavailable', { requestId: res.locals['requestId'] as string | undefined, method: req.method, path: req.path, error: err.message });
      res.setHeader('Retry-After', String(STORE_RETRY_AFTER_S));
      sendError(res, 503, 'store_unavailable', "Keyline's store is unavailable for a moment (locked or reconnecting). Try again in a few seconds.");
      return;
    }
    const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
    if (status >= 400 && status < 500) {
      sendError(res, status, 'invalid_request', 'The request could not be read.');
      return;
    }
    logger.error('unhandled error', {
      requestId: res.locals['requestId'] as string | undefined,
      method: req.method,
      path: req.path,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    sendError(res, 500, 'internal_error', 'Something went wrong on our side. Quote the request id when reporting it.');
  };
}

export const notFound: RequestHandler = (req, res) => {
  sendError(res, 404, 'not_found', `There is no ${req.method} ${req.path}.`);
};
