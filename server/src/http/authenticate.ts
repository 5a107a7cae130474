/**
 * Who may call what. Card and settings requests carry HubSpot's v3 signature and are scoped to the signed `portalId`
 * (which must be the portal this installation serves); operator requests carry the operator bearer token.
 */
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { sendError } from './api-error';
import { rawBodyOf } from './read-body';
import {
  SIGNATURE_FAILURE_MESSAGES,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  constantTimeEquals,
  verifySignature,
} from './verify-signature';

export interface SignatureOptions {
  clientSecret: string;
  /** The base URL HubSpot calls (origin and optional path prefix), without a trailing slash. */
  publicBaseUrl: string;
  portalId: string;
  now: () => number;
}

/** The identity HubSpot appends to the URL it signs. Trusted only after the signature is verified. */
export interface HubSpotCaller {
  portalId: string;
  userId: string | null;
  userEmail: string | null;
  appId: string | null;
}

const identitySchema = z.object({
  portalId: z.string().regex(/^\d{1,20}$/, 'must be a numeric HubSpot account id'),
  userId: z.string().max(100).optional(),
  userEmail: z.string().max(320).optional(),
  appId: z.string().max(100).optional(),
});

export function requireHubSpotSignature(options: SignatureOptions): RequestHandler {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  return (req, res, next) => {
    const verdict = verifySignature(
      {
        method: req.method,
        uri: `${base}${req.originalUrl}`,
        rawBody: rawBodyOf(req.body),
        signature: req.get(SIGNATURE_HEADER),
        timestamp: req.get(TIMESTAMP_HEADER),
      },
      options.clientSecret,
      options.now(),
    );
    if (!verdict.ok) {
      sendError(res, 401, 'invalid_signature', SIGNATURE_FAILURE_MESSAGES[verdict.reason]);
      return;
    }

    const query = req.query as Record<string, unknown>;
    const identity = identitySchema.safeParse({
      portalId: query['portalId'],
      userId: query['userId'],
      userEmail: query['userEmail'],
      appId: query['appId'],
    });
    if (!identity.success) {
      const missing = query['portalId'] === undefined;
      sendError(
        res,
        400,
        'invalid_request',
        missing ? 'The portalId query parameter is missing.' : 'The HubSpot identity query parameters are invalid.',
        identity.error.issues.map((i) => ({ path: ['query', ...i.path.map(String)].join('.'), message: i.message })),
      );
      return;
    }
    if (identity.data.portalId !== options.portalId) {
      sendError(res, 403, 'portal_forbidden', 'This Keyline installation does not serve that HubSpot account.');
      return;
    }
    const caller: HubSpotCaller = {
      portalId: identity.data.portalId,
      userId: identity.data.userId ?? null,
      userEmail: identity.data.userEmail ?? null,
      appId: identity.data.appId ?? null,
    };
    res.locals['caller'] = caller;
    res.locals['portalId'] = caller.portalId;
    next();
  };
}

export function callerOf(locals: Record<string, unknown>): HubSpotCaller {
  const caller = locals['caller'] as HubSpotCaller | undefined;
  if (!caller) throw new Error('callerOf used on a route without requireHubSpotSignature');
  return caller;
}

export function requireOperatorToken(operatorToken: string): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      sendError(res, 401, 'unauthorized', 'Operator endpoints need an Authorization: Bearer <token> header.');
      return;
    }
    if (!constantTimeEquals(match[1], operatorToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      sendError(res, 401, 'unauthorized', 'The operator token is not valid.');
      return;
    }
    next();
  };
}
