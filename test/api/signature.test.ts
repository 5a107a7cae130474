/**
 * HubSpot v3 request signatures on the card and settings endpoints.
 */
import { Signature } from '@hubspot/api-client';
import fc from 'fast-check';
import request from 'supertest';
import { silenceLogger } from '../../server/src/logger';
import { decodeSignedUri, signV3, verifySignature } from '../../server/src/http/verify-signature';
import { buildTestApp } from './support/test-app';
import {
  TEST_BASE_URL,
  TEST_SECRET,
  documentedV3Signature,
  hubSpotDecode,
  signedCall,
  withIdentity,
} from './support/signed-client';

silenceLogger();

const account = '/api/v1/accounts/1001';
const FIVE_MINUTES = 5 * 60 * 1000;

describe('HubSpot v3 signature', () => {
  it('when a GET is signed with the documented algorithm, then it is accepted', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: account });
    expect(res.status).toBe(200);
    expect(res.body.companyId).toBe('1001');
  });

  it('when a PUT with a body is signed with the documented algorithm, then it is accepted', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: `${account}/override`, body: { tier: 'tier_1' } });
    expect(res.status).toBe(200);
    expect(res.body.tier.override).toBe('tier_1');
  });

  it('when the signature comes from @hubspot/api-client Signature.getSignature, then it is accepted', async () => {
    const { app } = buildTestApp();
    const path = withIdentity(`${account}/override`);
    const body = JSON.stringify({ tier: null });
    const timestamp = Date.now();
    const signature = Signature.getSignature('PUT', 'v3', {
      signature: '',
      clientSecret: TEST_SECRET,
      // The helper does not apply HubSpot's URI decoding itself (userEmail's %40 is signed as @).
      url: hubSpotDecode(`${TEST_BASE_URL}${path}`),
      requestBody: body,
      timestamp,
    });
    const res = await request(app)
      .put(path)
      .set('X-HubSpot-Signature-v3', signature)
      .set('X-HubSpot-Request-Timestamp', String(timestamp))
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(200);
  });

  it('when the server signs a request, then @hubspot/api-client Signature.isValid agrees with it', () => {
    const timestamp = Date.now();
    const url = `${TEST_BASE_URL}${withIdentity('/api/v1/portfolio?tier=tier_1')}`;
    const signature = signV3({ clientSecret: TEST_SECRET, method: 'GET', uri: url, body: '', timestamp });
    expect(
      Signature.isValid({
        signatureVersion: 'v3',
        signature,
        clientSecret: TEST_SECRET,
        method: 'GET',
        url: hubSpotDecode(url),
        requestBody: '',
        timestamp,
      }),
    ).toBe(true);
  });

  it('when the URL holds escapes of HubSpot decoding table, then they are decoded before signing and others are kept', async () => {
    expect(decodeSignedUri('a%3Ab%2Fc%3Fd%40e%21f%24g%27h%28i%29j%2Ak%2Cl%3Bm')).toBe("a:b/c?d@e!f$g'h(i)j*k,l;m");
    expect(decodeSignedUri('x%2cy%20z%26w%3D')).toBe('x,y%20z%26w%3D');
    // userEmail=am%40example.com is signed by HubSpot as am@example.com
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: `${account}?fresh=0`, userEmail: 'o(k)!@example.com' });
    expect(res.status).toBe(200);
  });

  it('when the timestamp is 4 minutes old or 4 minutes ahead, then the request is accepted (clock skew both ways)', async () => {
    const { app } = buildTestApp();
    expect((await signedCall(app, { method: 'GET', path: account, timestamp: Date.now() - 4 * 60_000 })).status).toBe(200);
    expect((await signedCall(app, { method: 'GET', path: account, timestamp: Date.now() + 4 * 60_000 })).status).toBe(200);
  });

  const refusals: [string, Parameters<typeof signedCall>[1], RegExp][] = [
    ['stale (6 minutes old)', { method: 'GET', path: account, timestamp: Date.now() - FIVE_MINUTES - 60_000 }, /old/],
    ['from the future (6 minutes ahead)', { method: 'GET', path: account, timestamp: Date.now() + FIVE_MINUTES + 60_000 }, /future/],
    ['signed for another method', { method: 'POST', path: `${account}/recompute`, signAs: { method: 'GET' } }, /does not match/],
    ['signed for another URL', { method: 'GET', path: account, signAs: { path: withIdentity('/api/v1/accounts/1002') } }, /does not match/],
    [
      'sent with its query parameters reordered',
      { method: 'GET', path: `${account}?fresh=1`, signAs: { path: withIdentity(`${account}?fresh=1`).replace('?fresh=1&userId=42', '?userId=42&fresh=1') } },
      /does not match/,
    ],
    ['sent with a tampered body', { method: 'PUT', path: `${account}/override`, body: { tier: 'tier_1' }, signAs: { body: '{"tier":"tier_3"}' } }, /does not match/],
    ['signed over a different timestamp', { method: 'GET', path: account, signAs: { timestamp: Date.now() - 1000 } }, /does not match/],
    ['signed with another secret', { method: 'GET', path: account, secret: 'another-secret-xxxxxxxx' }, /does not match/],
    ['missing its signature', { method: 'GET', path: account, omitSignature: true }, /Signature-v3 header is missing/],
    ['missing its timestamp', { method: 'GET', path: account, omitTimestamp: true }, /Timestamp header is missing/],
    ['carrying a non-numeric timestamp', { method: 'GET', path: account, headers: { 'X-HubSpot-Request-Timestamp': 'yesterday' } }, /millisecond epoch/],
    ['carrying a truncated signature', { method: 'GET', path: account, headers: { 'X-HubSpot-Signature-v3': 'abc' } }, /does not match/],
  ];

  it.each(refusals)('when the request is %s, then it is refused with 401 and nothing is read', async (_name, call, message) => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, call);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_signature');
    expect(res.body.error.message).toMatch(message);
    expect(world.reads).toEqual([]);
    expect(world.writes).toEqual([]);
  });

  it('when a signature check fails, then the response never contains the expected signature or the secret', async () => {
    const { app } = buildTestApp();
    const timestamp = Date.now();
    const path = withIdentity(account);
    const expected = documentedV3Signature(TEST_SECRET, 'GET', `${TEST_BASE_URL}${path}`, '', timestamp);
    const res = await request(app).get(path).set('X-HubSpot-Signature-v3', 'AAAA').set('X-HubSpot-Request-Timestamp', String(timestamp));
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(expected);
    expect(res.text).not.toContain(TEST_SECRET);
  });

  it.each(['/api/v1/accounts/1001', '/api/v1/portfolio', '/api/v1/settings'])(
    'when %s is called without a signature, then it is refused',
    async (path) => {
      const { app } = buildTestApp();
      const res = await request(app).get(withIdentity(path));
      expect(res.status).toBe(401);
    },
  );

  it('when verifySignature is given equal-length but different signatures, then it says mismatch', () => {
    const timestamp = String(Date.now());
    const uri = `${TEST_BASE_URL}/x`;
    const good = signV3({ clientSecret: TEST_SECRET, method: 'GET', uri, body: '', timestamp });
    const flipped = `${good[0] === 'A' ? 'B' : 'A'}${good.slice(1)}`;
    const verdict = verifySignature(
      { method: 'GET', uri, rawBody: Buffer.alloc(0), signature: flipped, timestamp },
      TEST_SECRET,
      Number(timestamp),
    );
    expect(verdict).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('portal scoping', () => {
  it('when a validly signed request is for another portal, then it is refused with 403 and nothing is read', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: account, portalId: '999' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('portal_forbidden');
    expect(world.reads).toEqual([]);
  });

  it('when another portal tries to write, then nothing is written', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: `${account}/override`, portalId: '999', body: { tier: 'tier_1' } });
    expect(res.status).toBe(403);
    expect(world.writes).toEqual([]);
  });

  it('when a signed request has no portalId, then it is refused with 400 naming the parameter', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: account, portalId: null });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/portalId/);
  });

  it('when the portal asks for a company it does not have, then 404 company_not_found', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: '/api/v1/accounts/424242' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('company_not_found');
  });
});

describe('signature properties (fast-check)', () => {
  const now = 1_795_000_000_000;
  const request = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT'),
    path: fc.webPath(),
    query: fc.webQueryParameters(),
    body: fc.oneof(fc.constant(''), fc.json()),
    skew: fc.integer({ min: -299_000, max: 299_000 }),
  });

  it('when any request is signed with the documented algorithm within the window, then it verifies', () => {
    fc.assert(
      fc.property(request, ({ method, path, query, body, skew }) => {
        const uri = `${TEST_BASE_URL}${path || '/'}${query ? `?${query}` : ''}`;
        const timestamp = now + skew;
        const signature = documentedV3Signature(TEST_SECRET, method, uri, body, timestamp);
        const verdict = verifySignature(
          { method, uri, rawBody: Buffer.from(body, 'utf8'), signature, timestamp: String(timestamp) },
          TEST_SECRET,
          now,
        );
        expect(verdict).toEqual({ ok: true });
      }),
    );
  });

  it('when any one character of the signed body or URI changes, then it no longer verifies', () => {
    fc.assert(
      fc.property(request, fc.nat(), fc.boolean(), ({ method, path, query, body }, at, inBody) => {
        const uri = `${TEST_BASE_URL}${path || '/'}${query ? `?${query}` : ''}`;
        const signature = documentedV3Signature(TEST_SECRET, method, uri, body, now);
        const target = inBody && body.length > 0 ? body : uri;
        const i = at % target.length;
        const changed = `${target.slice(0, i)}${target[i] === 'x' ? 'y' : 'x'}${target.slice(i + 1)}`;
        // Skip changes the decoding table makes equivalent (e.g. "%3A" vs ":" both sign as ":").
        fc.pre(inBody && body.length > 0 ? true : hubSpotDecode(changed) !== hubSpotDecode(uri));
        const verdict = verifySignature(
          {
            method,
            uri: inBody && body.length > 0 ? uri : changed,
            rawBody: Buffer.from(inBody && body.length > 0 ? changed : body, 'utf8'),
            signature,
            timestamp: String(now),
          },
          TEST_SECRET,
          now,
        );
        expect(verdict).toEqual({ ok: false, reason: 'mismatch' });
      }),
    );
  });
});
