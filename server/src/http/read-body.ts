/**
 * Request bodies. The raw bytes are kept (the signature covers them exactly as sent, never a re-serialisation) and
 * capped; JSON is parsed only after the caller is authenticated, so an unauthenticated caller learns nothing from
 * parse errors.
 */
import express, { type RequestHandler } from 'express';
import { sendError } from './api-error';

export const BODY_LIMIT_BYTES = 100 * 1024;

/** Reads any body (whatever its content type) into `req.body` as a Buffer, up to the limit (413 beyond). */
export function readRawBody(limitBytes: number = BODY_LIMIT_BYTES): RequestHandler {
  return express.raw({ type: () => true, limit: limitBytes });
}

export function rawBodyOf(body: unknown): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}

/** Turns the raw body into JSON (`undefined` when empty). Non-JSON content types → 415; malformed JSON → 400. */
export const parseJsonBody: RequestHandler = (req, res, next) => {
  const raw = rawBodyOf(req.body);
  if (raw.length === 0) {
    req.body = undefined;
    next();
    return;
  }
  const type = req.get('content-type');
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    sendError(res, 415, 'unsupported_media_type', 'Request bodies must be JSON (Content-Type: application/json).');
    return;
  }
  try {
    req.body = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    sendError(res, 400, 'invalid_request', 'The request body is not valid JSON.', [
      { path: 'body', message: 'not valid JSON' },
    ]);
    return;
  }
  next();
};
