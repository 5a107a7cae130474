/**
 * What every request goes through: body limits, JSON parsing, unknown routes, the error handler, rate limiting,
 * request ids, security headers and the log lines.
 */
import request from 'supertest';
import { registerSecret, silenceLogger } from '../../server/src/logger';
import { apiErrorSchema } from '@keyline/contract/account-view';
import { buildTestApp } from './support/test-app';
import { TEST_OPERATOR_TOKEN, TEST_SECRET, signedCall } from './support/signed-client';

silenceLogger();
registerSecret(TEST_SECRET);
registerSecret(TEST_OPERATOR_TOKEN);

describe('request bodies', () => {
  it('when a body is larger than 100 kB, then 413 payload_too_large in the error shape and nothing is written', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, {
      method: 'POST',
      path: '/api/v1/accounts/1001/tasks',
      body: { note: 'x'.repeat(110 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(apiErrorSchema.parse(res.body).error.code).toBe('payload_too_large');
    expect(world.writes).toEqual([]);
  });

  it('when a signed body is not valid JSON, then 400 says so and nothing is written', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: '/api/v1/accounts/1001/override', rawBody: '{"tier": tier_1' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not valid JSON/);
    expect(world.writes).toEqual([]);
  });

  it('when an unsigned body is not valid JSON, then the signature is refused first (401), revealing nothing', async () => {
    const { app } = buildTestApp();
    const res = await request(app)
      .put('/api/v1/accounts/1001/override?portalId=246813579')
      .set('Content-Type', 'application/json')
      .send('{"tier": ');
    expect(res.status).toBe(401);
  });

  it('when the body is not JSON, then 415 unsupported_media_type', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, {
      method: 'PUT',
      path: '/api/v1/accounts/1001/override',
      rawBody: 'tier=tier_1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
    expect(world.writes).toEqual([]);
  });
});

describe('errors', () => {
  it('when a route does not exist, then 404 not_found in the error shape', async () => {
    const { app } = buildTestApp();
    const res = await request(app).get('/api/v2/everything');
    expect(res.status).toBe(404);
    expect(apiErrorSchema.parse(res.body).error.code).toBe('not_found');
  });

  it('when a use-case throws, then 500 internal_error with the request id and no internals; the log has the error', async () => {
    const { app, world, logs } = buildTestApp();
    world.explode = new Error(`connect ECONNREFUSED db password=${TEST_SECRET}`);
    const res = await signedCall(app, { method: 'GET', path: '/api/v1/accounts/1001' });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
    expect(res.text).not.toMatch(/ECONNREFUSED|password|at Object|\.ts:/);
    const line = logs.find((l) => l.includes('unhandled error'));
    expect(line).toContain('ECONNREFUSED');
    expect(line).toContain(res.body.error.requestId);
    expect(line).not.toContain(TEST_SECRET);
  });
});

describe('rate limiting per portal', () => {
  it('when a portal exceeds its limit, then 429 rate_limited in the error shape and further calls are not served', async () => {
    const { app, world } = buildTestApp({ rateLimit: { limit: 3, windowMs: 60_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await signedCall(app, { method: 'GET', path: '/api/v1/accounts/1001' })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const res = await signedCall(app, { method: 'GET', path: '/api/v1/portfolio' });
    expect(res.status).toBe(429);
    expect(apiErrorSchema.parse(res.body).error.code).toBe('rate_limited');
    expect(res.headers['ratelimit-policy']).toBeDefined();
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(world.reads.filter((r) => r.op === 'getAccount')).toHaveLength(3);
  });

  it('when unsigned requests flood in, then they do not use up the portal budget', async () => {
    const { app } = buildTestApp({ rateLimit: { limit: 2, windowMs: 60_000 } });
    for (let i = 0; i < 5; i += 1) await request(app).get('/api/v1/accounts/1001?portalId=246813579');
    expect((await signedCall(app, { method: 'GET', path: '/api/v1/accounts/1001' })).status).toBe(200);
  });
});

describe('request ids, headers and logs', () => {
  it('when a request has a well-formed X-Request-Id, then it is echoed; otherwise a new one is issued', async () => {
    const { app } = buildTestApp();
    const given = await request(app).get('/healthz').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const junk = await request(app).get('/healthz').set('X-Request-Id', 'has spaces and <html>');
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when any response is sent, then helmet security headers are set and Express is not advertised', async () => {
    const { app } = buildTestApp();
    const res = await request(app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('when requests are logged, then each line is JSON with id, route and status, and no secret, header or query', async () => {
    const { app, logs } = buildTestApp();
    await signedCall(app, { method: 'GET', path: '/api/v1/accounts/1001?fresh=1', userEmail: 'ceo@example.com' });
    await request(app).get('/metrics').set('Authorization', `Bearer ${TEST_OPERATOR_TOKEN}`);
    const lines = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const account = lines.find((l) => l['route'] === '/api/v1/accounts/:companyId');
    expect(account).toMatchObject({ message: 'request', method: 'GET', status: 200, portalId: '246813579' });
    expect(typeof account?.['requestId']).toBe('string');
    const all = logs.join('\n');
    expect(all).not.toContain(TEST_SECRET);
    expect(all).not.toContain(TEST_OPERATOR_TOKEN);
    expect(all).not.toContain('ceo@example.com');
    expect(all).not.toMatch(/signature/i);
  });
});
