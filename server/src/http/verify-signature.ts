/**
 * HubSpot v3 request signatures: every `hubspot.fetch` call from the cards and the settings page arrives signed with
 * the app's client secret.
 *
 * Algorithm (https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation):
 * reject when `X-HubSpot-Request-Timestamp` is more than 5 minutes away from now; build
 * `method + requestUri + rawBody + timestamp`, where `requestUri` is the full URL HubSpot called with only the
 * characters of HubSpot's table URL-decoded; HMAC-SHA256 it with the client secret; compare the base64 digest with
 * `X-HubSpot-Signature-v3` in constant time.
 */
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hubspot-signature-v3';
export const TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';
export const MAX_TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

/** The only escapes HubSpot decodes before signing the URI. */
const DECODED_ESCAPES: Readonly<Record<string, string>> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function decodeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED_ESCAPES[m.toUpperCase()] ?? m);
}

/** The v3 signature of a request, as HubSpot computes it. */
export function signV3(input: {
  clientSecret: string;
  method: string;
  uri: string;
  body: string;
  timestamp: string | number;
}): string {
  const source = `${input.method.toUpperCase()}${decodeSignedUri(input.uri)}${input.body}${input.timestamp}`;
  return crypto.createHmac('sha256', input.clientSecret).update(source, 'utf8').digest('base64');
}

export type SignatureVerdict =
  | { ok: true }
  | { ok: false; reason: 'missing_signature' | 'missing_timestamp' | 'bad_timestamp' | 'stale' | 'future' | 'mismatch' };

export interface SignedRequest {
  method: string;
  /** The full URL HubSpot called: the public base URL + the original path and query, exactly as received. */
  uri: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
}

export function verifySignature(
  request: SignedRequest,
  clientSecret: string,
  now: number,
  maxSkewMs: number = MAX_TIMESTAMP_SKEW_MS,
): SignatureVerdict {
  if (!request.signature) return { ok: false, reason: 'missing_signature' };
  if (!request.timestamp) return { ok: false, reason: 'missing_timestamp' };
  if (!/^\d{1,16}$/.test(request.timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const ts = Number(request.timestamp);
  if (now - ts > maxSkewMs) return { ok: false, reason: 'stale' };
  if (ts - now > maxSkewMs) return { ok: false, reason: 'future' };

  const expected = Buffer.from(
    signV3({
      clientSecret,
      method: request.method,
      uri: request.uri,
      body: request.rawBody.toString('utf8'),
      timestamp: request.timestamp,
    }),
    'base64',
  );
  const given = Buffer.from(request.signature, 'base64');
  // timingSafeEqual needs equal lengths; a length mismatch says nothing about the secret.
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'mismatch' };
  }
  return { ok: true };
}

export const SIGNATURE_FAILURE_MESSAGES: Readonly<Record<Exclude<SignatureVerdict, { ok: true }>['reason'], string>> = {
  missing_signature: 'The X-HubSpot-Signature-v3 header is missing.',
  missing_timestamp: 'The X-HubSpot-Request-Timestamp header is missing.',
  bad_timestamp: 'The X-HubSpot-Request-Timestamp header is not a millisecond epoch.',
  stale: 'The request timestamp is more than 5 minutes old.',
  future: 'The request timestamp is more than 5 minutes in the future.',
  mismatch: 'The request signature does not match.',
};

/** Constant-time comparison of two strings of any length (for bearer tokens). */
export function constantTimeEquals(given: string, expected: string): boolean {
  // Hash both sides first: equal-length digests, so neither the length nor the content leaks through timing.
  const a = crypto.createHash('sha256').update(given, 'utf8').digest();
  const b = crypto.createHash('sha256').update(expected, 'utf8').digest();
  return crypto.timingSafeEqual(a, b) && given.length === expected.length;
}
