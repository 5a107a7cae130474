/**
 * Operator endpoints (sync runs, metrics) and the health probes.
 */
import request from 'supertest';
import { silenceLogger } from '../../server/src/logger';
import { buildTestApp } from './support/test-app';
import { TEST_OPERATOR_TOKEN, signedCall } from './support/signed-client';

silenceLogger();

const bearer = `Bearer ${TEST_OPERATOR_TOKEN}`;

describe('sync runs', () => {
  it('when a run is started, then 202 with its id and Location, and it is listed and readable', async () => {
    const { app, world } = buildTestApp();
    const started = await request(app)
      .post('/api/v1/sync/runs')
      .set('Authorization', bearer)
      .send({ mode: 'full', dryRun: true });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ runId: 'run-1', status: 'running' });
    expect(started.headers['location']).toBe('/api/v1/sync/runs/run-1');
    expect(world.writes).toEqual([{ op: 'startSyncRun', args: [{ mode: 'full', dryRun: true }] }]);

    const list = await request(app).get('/api/v1/sync/runs?limit=5').set('Authorization', bearer);
    expect(list.status).toBe(200);
    expect(list.body.runs).toHaveLength(1);
    const one = await request(app).get('/api/v1/sync/runs/run-1').set('Authorization', bearer);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 'run-1', mode: 'full', dryRun: true, status: 'running', finishedAt: null });
  });

  it('when no body is sent, then an incremental, real run starts', async () => {
    const { app, world } = buildTestApp();
    const res = await request(app).post('/api/v1/sync/runs').set('Authorization', bearer);
    expect(res.status).toBe(202);
    expect(world.writes[0]?.args).toEqual([{ mode: 'incremental', dryRun: false }]);
  });

  it('when a run is in progress, then another start is refused with 409 naming the running run', async () => {
    const { app } = buildTestApp();
    await request(app).post('/api/v1/sync/runs').set('Authorization', bearer).send({});
    const res = await request(app).post('/api/v1/sync/runs').set('Authorization', bearer).send({ mode: 'full' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('sync_in_progress');
    expect(res.body.error.message).toMatch(/run-1/);
  });

  it.each([
    [{ mode: 'sometimes' }, 'body.mode'],
    [{ dryRun: 'yes' }, 'body.dryRun'],
    [{ companyIds: ['abc'] }, 'body.companyIds.0'],
    [{ companyIds: [] }, 'body.companyIds'],
    [{ everything: true }, 'body'],
  ])('when the start body is %j, then 400 names %s and no run starts', async (body, path) => {
    const { app, world } = buildTestApp();
    const res = await request(app).post('/api/v1/sync/runs').set('Authorization', bearer).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(world.writes).toEqual([]);
  });

  it('when a run id is unknown, then 404 run_not_found; when malformed, then 400', async () => {
    const { app } = buildTestApp();
    const missing = await request(app).get('/api/v1/sync/runs/nope').set('Authorization', bearer);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('run_not_found');
    const bad = await request(app).get('/api/v1/sync/runs/a%20b').set('Authorization', bearer);
    expect(bad.status).toBe(400);
  });

  it('when the limit is not a number in 1..200, then 400 names query.limit', async () => {
    const { app } = buildTestApp();
    for (const limit of ['x', '0', '500']) {
      const res = await request(app).get(`/api/v1/sync/runs?limit=${limit}`).set('Authorization', bearer);
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe('query.limit');
    }
  });

  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', 'Bearer not-the-operator-token-xx'],
    ['a token prefix', `Bearer ${TEST_OPERATOR_TOKEN.slice(0, -1)}`],
    ['basic auth', `Basic ${Buffer.from(`op:${TEST_OPERATOR_TOKEN}`).toString('base64')}`],
  ])('when called with %s, then 401 and no run starts', async (_name, header) => {
    const { app, world } = buildTestApp();
    let req = request(app).post('/api/v1/sync/runs').send({ mode: 'full' });
    if (header) req = req.set('Authorization', header);
    const res = await req;
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect(res.text).not.toContain(TEST_OPERATOR_TOKEN);
    expect(world.writes).toEqual([]);
  });

  it('when a card request carries a HubSpot signature but no bearer token, then the operator API refuses it', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: '/api/v1/sync/runs', body: {} });
    expect(res.status).toBe(401);
  });
});

describe('metrics and probes', () => {
  it('when scraped with the operator token, then request counts by route and status and sync gauges are exposed', async () => {
    const { app, world } = buildTestApp();
    await signedCall(app, { method: 'GET', path: '/api/v1/accounts/1001' });
    await signedCall(app, { method: 'GET', path: '/api/v1/accounts/abc' });
    await request(app).get('/api/v1/accounts/1001');
    await request(app).get('/nowhere');
    await request(app).post('/api/v1/sync/runs').set('Authorization', bearer).send({});
    world.runs.push({
      id: 'old',
      mode: 'full',
      status: 'failed',
      dryRun: false,
      startedAt: new Date('2026-11-21T02:00:00Z'),
      finishedAt: new Date('2026-11-21T02:10:00Z'),
      details: {},
    });
    const res = await request(app).get('/metrics').set('Authorization', bearer);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(/keyline_http_requests_total\{method="GET",route="\/api\/v1\/accounts\/:companyId",status="200"\} 1/);
    expect(res.text).toMatch(/keyline_http_requests_total\{method="GET",route="\/api\/v1\/accounts\/:companyId",status="400"\} 1/);
    expect(res.text).toMatch(/keyline_http_requests_total\{method="GET",route="\/api\/v1\/accounts\/\*",status="401"\} 1/);
    expect(res.text).toMatch(/keyline_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(res.text).toMatch(/keyline_http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/v1\/accounts\/:companyId",status="200"\}/);
    expect(res.text).toMatch(/keyline_sync_run_in_progress 1/);
    expect(res.text).toMatch(/keyline_sync_last_run_duration_seconds 600/);
    expect(res.text).toMatch(/keyline_sync_last_run_failed 1/);
  });

  it('when scraped without the operator token, then 401', async () => {
    const { app } = buildTestApp();
    expect((await request(app).get('/metrics')).status).toBe(401);
  });

  it('when the store answers, then /readyz is 200; when it does not, then 503 not_ready', async () => {
    const { app, world } = buildTestApp();
    expect((await request(app).get('/readyz')).status).toBe(200);
    world.ready = false;
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('not_ready');
  });

  it('when /healthz is called, then 200 without any authentication', async () => {
    const { app } = buildTestApp();
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});
