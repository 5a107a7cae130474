/**
 * A signed request that changes state (every method but GET, HEAD and OPTIONS) is accepted once: its signature is
 * claimed before the route runs, and the same signed request seen again within the timestamp window is refused with
 * `409 replayed_request` before anything is read or written.
 *
 * A user's retry is not a replay: `hubspot.fetch` signs every call with a new timestamp, so each click is a new
 * signature. Reads (GET) are idempotent and never refused. When the route answers 5xx (it failed on our side), the
 * claim is released, so the same request may be sent again (HubSpot's proxy retries once on a 5xx).
 *
 * Runs after `requireHubSpotSignature`, which has verified the signature and the portal.
 */
import type { RequestHandler } from 'express';
import type { Logger } from '../logger';
import { sendError } from './api-error';
import { signatureDigest, type ClaimOutcome, type SeenSignatures } from './seen-signatures';
import { MAX_TIMESTAMP_SKEW_MS, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './verify-signature';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const REPLAYED_REQUEST_MESSAGE =
  'This signed request was already accepted: a request that changes something is accepted once. Send it again as a new request.';

export function refuseReplays(seen: SeenSignatures, options: { now: () => number; logger: Logger }): RequestHandler {
  return async (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const portalId = String(res.locals['portalId']);
    // Both headers were checked by the signature verification that ran before.
    const digest = signatureDigest(Buffer.from(req.get(SIGNATURE_HEADER) ?? '', 'base64'));
    const expiresAt = Number(req.get(TIMESTAMP_HEADER)) + MAX_TIMESTAMP_SKEW_MS;

    let outcome: ClaimOutcome;
    try {
      outcome = await seen.claim(portalId, digest, expiresAt, options.now());
    } catch (error) {
      options.logger.error('replay check failed: the store is not reachable', {
        requestId: res.locals['requestId'] as string | undefined,
        error: error instanceof Error ? error.message : String(error),
      });
      res.setHeader('Retry-After', '5');
      sendError(res, 503, 'store_unavailable', 'Keyline cannot record this request right now: nothing was changed. Try again shortly.');
      return;
    }
    if (outcome === 'replayed') {
      sendError(res, 409, 'replayed_request', REPLAYED_REQUEST_MESSAGE);
      return;
    }
    if (outcome === 'full') {
      sendError(res, 429, 'rate_limited', 'Too many changes for this HubSpot account in the last few minutes: retry after a moment.');
      return;
    }
    res.on('finish', () => {
      if (res.statusCode < 500) return;
      seen.release(portalId, digest).catch((error: unknown) => {
        options.logger.warn('could not release the signature of a failed request', {
          requestId: res.locals['requestId'] as string | undefined,
          error: error instanceof Error ? error.message : String(error),
        });
      });
    });
    next();
  };
}
