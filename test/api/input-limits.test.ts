/**
 * Input limits at the edge: bodies over 100 kB are 413, bodies nested deeper than 32 levels are 400 `json_too_deep`
 * (checked before parsing, so nothing recursive ever walks them), and a fast-check fuzz of every JSON endpoint —
 * hostile bodies (inside the request's own shape too), query strings and path params, validly signed so they reach
 * the handlers — never gets a 5xx and never writes on a refusal.
 */
import fc from 'fast-check';
import request from 'supertest';
import { apiErrorSchema } from '@keyline/contract/account-view';
import { silenceLogger } from '../../server/src/logger';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../server/src/http/read-body';
import { buildTestApp } from './support/test-app';
import { signedCall, TEST_OPERATOR_TOKEN, type SignedCall } from './support/signed-client';

silenceLogger();

const nested = (depth: number, inner = '1') => `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Every JSON endpoint with a body, and a body of its own shape with `x` where a value goes. */
const BODY_ENDPOINTS: { name: string; method: SignedCall['method']; path: string; wrap: (x: string) => string }[] = [
  { name: 'override', method: 'PUT', path: '/api/v1/accounts/1001/override', wrap: (x) => `{"tier":${x}}` },
  { name: 'task', method: 'POST', path: '/api/v1/accounts/1001/tasks', wrap: (x) => `{"gapKey":"missing_role:DECISION_MAKER","note":${x}}` },
  { name: 'recompute', method: 'POST', path: '/api/v1/accounts/1001/recompute', wrap: (x) => `{"x":${x}}` },
  { name: 'settings save', method: 'PUT', path: '/api/v1/settings', wrap: (x) => `{"model":{"weights":${x}},"expectedVersion":"v1"}` },
  { name: 'settings preview', method: 'POST', path: '/api/v1/settings/preview', wrap: (x) => `{"model":${x}}` },
];

describe('deeply nested bodies', () => {
  it.each(BODY_ENDPOINTS)('when a $name body nests 3,000 levels inside its own shape, then 400 json_too_deep and nothing is written', async ({ method, path, wrap }) => {
    const { app, world, logs } = buildTestApp();
    for (const deep of [nested(3_000), nestedArrays(3_000)]) {
      const res = await signedCall(app, { method, path, rawBody: wrap(deep) });
      expect(res.status).toBe(400);
      const body = apiErrorSchema.parse(res.body);
      expect(body.error.code).toBe('json_too_deep');
      expect(body.error.message).toMatch(/more than 32 levels/);
    }
    expect(world.writes).toEqual([]);
    expect(logs.filter((l) => l.includes('unhandled error'))).toEqual([]);
  });

  it('when a settings model nests exactly to the limit, then the depth check lets it through to validation', async () => {
    const { app, world } = buildTestApp();
    // {"model":{"weights": …}} is 2 levels: 30 more make 32.
    const res = await signedCall(app, { method: 'PUT', path: '/api/v1/settings', rawBody: BODY_ENDPOINTS[3]!.wrap(nested(MAX_JSON_DEPTH - 3)) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).not.toBe('json_too_deep');
    const over = await signedCall(app, { method: 'PUT', path: '/api/v1/settings', rawBody: BODY_ENDPOINTS[3]!.wrap(nested(MAX_JSON_DEPTH - 1)) });
    expect(over.body.error.code).toBe('json_too_deep');
    expect(world.writes).toEqual([]);
  });

  it('when brackets sit inside strings (escaped quotes included), then they do not count as nesting', async () => {
    const { app, world } = buildTestApp();
    const note = `"\\"${'[{'.repeat(500)}\\\\"`;
    const res = await signedCall(app, { method: 'POST', path: '/api/v1/accounts/1001/tasks', rawBody: BODY_ENDPOINTS[1]!.wrap(note) });
    expect(res.status).toBe(201);
    expect(world.writes).toHaveLength(1);
  });

  it('when a deep body arrives unsigned, then the signature is refused first (401)', async () => {
    const { app } = buildTestApp();
    const res = await request(app)
      .put('/api/v1/settings?portalId=246813579')
      .set('Content-Type', 'application/json')
      .send(BODY_ENDPOINTS[3]!.wrap(nested(3_000)));
    expect(res.status).toBe(401);
  });

  it('when an operator start request nests deeper than the limit, then 400 json_too_deep and no run starts', async () => {
    const { app, world } = buildTestApp();
    const res = await request(app)
      .post('/api/v1/sync/runs')
      .set('Authorization', `Bearer ${TEST_OPERATOR_TOKEN}`)
      .set('Content-Type', 'application/json')
      .send(`{"mode":"full","companyIds":${nestedArrays(3_000)}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('json_too_deep');
    expect(world.writes).toEqual([]);
  });

  it('the depth scan agrees with the parsed value’s depth for any JSON (fast-check)', () => {
    const depthOf = (v: unknown): number =>
      v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, limit) => {
        const text = JSON.stringify(value);
        expect(exceedsJsonDepth(text, limit)).toBe(depthOf(JSON.parse(text)) > limit);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('oversized bodies', () => {
  it.each(BODY_ENDPOINTS)('when a $name body is over 100 kB, then 413 payload_too_large naming the limit, and nothing is written', async ({ method, path, wrap }) => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method, path, rawBody: wrap(JSON.stringify('x'.repeat(101 * 1024))) });
    expect(res.status).toBe(413);
    expect(apiErrorSchema.parse(res.body).error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/100 kB/) });
    expect(world.writes).toEqual([]);
  });

  it('when the installation sets a smaller limit, then the 413 message names that limit', async () => {
    const { app, world } = buildTestApp({ bodyLimitBytes: 10 * 1024 });
    const res = await signedCall(app, { method: 'PUT', path: '/api/v1/accounts/1001/override', rawBody: BODY_ENDPOINTS[0]!.wrap(JSON.stringify('x'.repeat(11 * 1024))) });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toBe('The request body is larger than 10 kB.');
    expect(world.writes).toEqual([]);
  });
});

// ---- the fuzz ----------------------------------------------------------------------------------------------------

const nasty = fc.constantFrom(
  '__proto__', 'constructor', 'toString', '../../etc/passwd', '\u0000', '%00', '%2F..%2F', '1e309', '-1', '0', 'NaN',
  '99999999999999999999999999', "1'; DROP TABLE snapshots;--", '<script>', '\u202e', 'tier_1', 'true', 'null', '🦄'.repeat(20),
);
const hostileString = fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 30 }), fc.bigInt().map(String), fc.double().map(String));
/** A JSON value as text: ordinary, hostile, huge numbers, or nested up to far beyond the limit. */
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)),
  hostileString.map((s) => JSON.stringify(s)),
  fc.constantFrom('1e309', '-1e309', '123456789012345678901234567890', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', 'null', '[]', '{}'),
  fc.integer({ min: 1, max: 4_000 }).map((d) => nested(d)),
  fc.integer({ min: 1, max: 4_000 }).map((d) => nestedArrays(d)),
);
const hostileBody = fc.oneof(
  hostileJson,
  fc.tuple(fc.nat(), hostileJson).map(([i, x]) => BODY_ENDPOINTS[i % BODY_ENDPOINTS.length]!.wrap(x)),
  fc.constantFrom('{"tier": tier_1', '\ufeff{}', '{"a":1} junk', '\u0000', ''),
);
const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'fresh', 'limit', 'ownerId', 'tier', 'portalId', 'a[b][c]', 'fresh[]'), fc.string({ maxLength: 10 }));
const hostileQuery = fc
  .dictionary(hostileKey, fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 })), { maxKeys: 4 })
  .map((q) =>
    Object.entries(q)
      .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
      .join('&'),
  );
const hostileId = fc.oneof(hostileString, fc.constant('1001')).filter((s) => s.length > 0).map((s) => encodeURIComponent(s));

/** Every JSON endpoint: the signed card and settings API, and the operator API. */
const ENDPOINTS: { method: SignedCall['method']; path: (id: string) => string; signed: boolean }[] = [
  { method: 'GET', path: (id) => `/api/v1/accounts/${id}`, signed: true },
  { method: 'POST', path: (id) => `/api/v1/accounts/${id}/recompute`, signed: true },
  { method: 'POST', path: (id) => `/api/v1/accounts/${id}/tasks`, signed: true },
  { method: 'PUT', path: (id) => `/api/v1/accounts/${id}/override`, signed: true },
  { method: 'GET', path: () => '/api/v1/portfolio', signed: true },
  { method: 'GET', path: () => '/api/v1/settings', signed: true },
  { method: 'POST', path: () => '/api/v1/settings/preview', signed: true },
  { method: 'PUT', path: () => '/api/v1/settings', signed: true },
  { method: 'POST', path: () => '/api/v1/sync/runs', signed: false },
  { method: 'GET', path: () => '/api/v1/sync/runs', signed: false },
  { method: 'GET', path: (id) => `/api/v1/sync/runs/${id}`, signed: false },
];

describe('fuzzing every JSON endpoint (fast-check)', () => {
  it('when any path param, query string and body arrive (validly signed or with the operator token), then never a 5xx, and a refusal writes nothing', async () => {
    const { app, world, logs } = buildTestApp();
    let timestamp = Date.now();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), hostileId, hostileQuery, hostileBody, async (ep, id, query, body) => {
        const writesBefore = world.writes.length;
        const path = `${ep.path(id)}${query ? `?${query}` : ''}`;
        let res: request.Response;
        if (ep.signed) {
          // A new timestamp per call: each is a new request, never refused as a replay.
          timestamp += 1;
          res = await signedCall(app, { method: ep.method, path, timestamp, ...(body !== '' && ep.method !== 'GET' ? { rawBody: body } : {}) });
        } else {
          const agent = request(app);
          const r = ep.method === 'GET' ? agent.get(path) : agent.post(path);
          res = await r.set('Authorization', `Bearer ${TEST_OPERATOR_TOKEN}`).set('Content-Type', 'application/json').send(body);
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect([ep.method, path, body.slice(0, 60), res.status < 500]).toEqual([ep.method, path, body.slice(0, 60), true]);
        if (res.status >= 400) {
          expect(apiErrorSchema.safeParse(res.body).success).toBe(true);
          expect(world.writes.length).toBe(writesBefore);
        }
        expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      }),
      { seed: 20261205, numRuns: 250 },
    );
    expect(logs.filter((l) => l.includes('unhandled error'))).toEqual([]);
    // The fuzz reached the handlers: some requests were refused by validation, not only by the edge.
    expect((statuses.get(400) ?? 0) + (statuses.get(404) ?? 0)).toBeGreaterThan(0);
  });
});
