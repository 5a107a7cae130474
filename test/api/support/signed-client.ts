/**
 * Test-side HubSpot: builds requests the way HubSpot's proxy sends them — the portal identity appended to the URL,
 * the body as JSON bytes, and the v3 signature computed from the documented algorithm (written here independently of
 * the server's code, so the two check each other).
 */
import crypto from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';

export const TEST_SECRET = 'test-client-secret-0123456789';
export const TEST_BASE_URL = 'https://keyline.example.com';
export const TEST_PORTAL = '246813579';
export const TEST_OPERATOR_TOKEN = 'operator-token-abcdefghijklmnop';

/** HubSpot's table: only these escapes are decoded in the signed URI. */
const HUBSPOT_DECODES: [string, string][] = [
  ['%3A', ':'], ['%2F', '/'], ['%3F', '?'], ['%40', '@'], ['%21', '!'], ['%24', '$'],
  ['%27', "'"], ['%28', '('], ['%29', ')'], ['%2A', '*'], ['%2C', ','], ['%3B', ';'],
];

export function hubSpotDecode(uri: string): string {
  let out = uri;
  for (const [escape, char] of HUBSPOT_DECODES) {
    out = out.split(escape).join(char).split(escape.toLowerCase()).join(char);
  }
  return out;
}

export function documentedV3Signature(secret: string, method: string, uri: string, body: string, timestamp: number): string {
  return crypto
    .createHmac('sha256', secret)
    .update(`${method}${hubSpotDecode(uri)}${body}${timestamp}`, 'utf8')
    .digest('base64');
}

export interface SignedCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Path and the route's own query, e.g. `/api/v1/accounts/1001?fresh=1`. */
  path: string;
  body?: unknown;
  /** Raw body string (overrides `body`). */
  rawBody?: string;
  portalId?: string | null;
  userEmail?: string;
  secret?: string;
  timestamp?: number;
  /** Mutate what is signed vs what is sent, to tamper. */
  signAs?: { method?: string; path?: string; body?: string; timestamp?: number };
  headers?: Record<string, string>;
  omitSignature?: boolean;
  omitTimestamp?: boolean;
}

/** The URL HubSpot calls: the card's path plus the identity HubSpot appends. */
export function withIdentity(path: string, portalId: string | null = TEST_PORTAL, userEmail = 'am@example.com'): string {
  if (portalId === null) return path;
  const sep = path.includes('?') ? '&' : '?';
  return `${path}${sep}userId=42&portalId=${portalId}&userEmail=${encodeURIComponent(userEmail)}&appId=777`;
}

export function signedCall(app: Express, call: SignedCall): request.Test {
  const path = withIdentity(call.path, call.portalId === undefined ? TEST_PORTAL : call.portalId, call.userEmail);
  const body = call.rawBody ?? (call.body === undefined ? '' : JSON.stringify(call.body));
  const timestamp = call.timestamp ?? Date.now();
  const signature = documentedV3Signature(
    call.secret ?? TEST_SECRET,
    call.signAs?.method ?? call.method,
    `${TEST_BASE_URL}${call.signAs?.path ?? path}`,
    call.signAs?.body ?? body,
    call.signAs?.timestamp ?? timestamp,
  );
  const agent = request(app);
  let req =
    call.method === 'GET' ? agent.get(path)
    : call.method === 'POST' ? agent.post(path)
    : call.method === 'PUT' ? agent.put(path)
    : call.method === 'PATCH' ? agent.patch(path)
    : agent.delete(path);
  if (!call.omitSignature) req = req.set('X-HubSpot-Signature-v3', signature);
  if (!call.omitTimestamp) req = req.set('X-HubSpot-Request-Timestamp', String(timestamp));
  for (const [k, v] of Object.entries(call.headers ?? {})) req = req.set(k, v);
  if (body !== '') req = req.set('Content-Type', call.headers?.['Content-Type'] ?? 'application/json').send(body);
  return req;
}
