/**
 * Request bodies. The raw bytes are kept (the signature covers them exactly as sent, never a re-serialisation) and
 * capped (413 beyond 100 kB); JSON is parsed only after the caller is authenticated, so an unauthenticated caller
 * learns nothing from parse errors. Nesting is capped too (400 beyond 32 levels), checked by a flat scan of the text
 * BEFORE parsing: a deeply nested body would otherwise overflow the stack of whatever walks it recursively (zod's
 * JSON schema of the scoring model did, at 3,000 levels).
 */
import express, { type RequestHandler } from 'express';
import { sendError } from './api-error';

export const BODY_LIMIT_BYTES = 100 * 1024;
/** Deepest nesting of objects and arrays a body may have (the scoring model needs 6 with its wrapper). */
export const MAX_JSON_DEPTH = 32;

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
  const text = raw.toString('utf8');
  if (exceedsJsonDepth(text, MAX_JSON_DEPTH)) {
    sendError(res, 400, 'json_too_deep', `The request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep.`, [
      { path: 'body', message: `nested more than ${MAX_JSON_DEPTH} levels` },
    ]);
    return;
  }
  try {
    req.body = JSON.parse(text) as unknown;
  } catch {
    sendError(res, 400, 'invalid_request', 'The request body is not valid JSON.', [
      { path: 'body', message: 'not valid JSON' },
    ]);
    return;
  }
  next();
};

/**
 * True when the text opens more than `maxDepth` objects or arrays inside one another. One pass, no recursion, no
 * allocation; brackets inside strings (escapes included) do not count. Not a validator: malformed JSON that stays
 * shallow is left for `JSON.parse` to refuse.
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* backslash: skip the escaped char */) i += 1;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth -= 1;
    }
  }
  return false;
}
