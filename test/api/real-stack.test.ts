/**
 * The real stack, in process: sandbox (HubSpot emulation) + createKeyline + the API, driven through supertest with
 * signed requests, as HubSpot's proxy would send them.
 */
import request from 'supertest';
import { accountViewSchema, createTaskResponseSchema } from '@keyline/contract/account-view';
import { settingsPreviewResponseSchema, settingsResponseSchema } from '@keyline/contract/settings-contract';
import { portfolioViewSchema } from '@keyline/contract/portfolio-view';
import { recomputeAccount } from '../../server/src/use-cases/account-actions';
import { sequentialRoundTrips } from './support/round-trip-recorder';
import { startRealStack, type RealStack } from './support/real-stack';
import { TEST_OPERATOR_TOKEN, signedCall, type SignedCall } from './support/signed-client';

let stack: RealStack;
let companyIds: string[];

beforeAll(async () => {
  stack = await startRealStack({ size: 'XS' });
  companyIds = stack.sandbox.store.list('companies').map((c) => c.id);
}, 120_000);

afterAll(async () => {
  await stack.close();
});

const call = (c: SignedCall) => signedCall(stack.app, { portalId: stack.portalId, ...c });
const first = () => companyIds[0] ?? '';

describe('the API over the real stack', () => {
  it('when every synced company is read, then each response parses with the shared accountViewSchema', async () => {
    expect(companyIds.length).toBeGreaterThan(0);
    for (const id of companyIds) {
      const res = await call({ method: 'GET', path: `/api/v1/accounts/${id}` });
      expect(res.status).toBe(200);
      const view = accountViewSchema.parse(res.body);
      expect(view.companyId).toBe(id);
    }
  });

  it('when the stored view is read, then HubSpot is not called at all', async () => {
    stack.recorder.reset();
    const res = await call({ method: 'GET', path: `/api/v1/accounts/${first()}` });
    expect(res.status).toBe(200);
    expect(stack.recorder.exchanges).toEqual([]);
  });

  it('when ?fresh=1, then the API adds no HubSpot call of its own to the recompute use-case', async () => {
    const id = first();
    // Warm the gateway's caches (pipelines, owners) so both measurements see the same state.
    await recomputeAccount(stack.keyline, id);
    stack.recorder.reset();
    await recomputeAccount(stack.keyline, id);
    const direct = stack.recorder.exchanges.map((e) => `${e.method} ${e.path}`).sort();
    stack.recorder.reset();
    const res = await call({ method: 'GET', path: `/api/v1/accounts/${id}?fresh=1` });
    expect(res.status).toBe(200);
    accountViewSchema.parse(res.body);
    expect(stack.recorder.exchanges.map((e) => `${e.method} ${e.path}`).sort()).toEqual(direct);
  });

  it('when ?fresh=1 and HubSpot answers with network latency, then the recompute takes at most 3 sequential round trips', async () => {
    // Held responses make requests sent together overlap, as they do over a real network (see round-trip-recorder).
    stack.recorder.setLatency(200);
    try {
      stack.recorder.reset();
      const res = await call({ method: 'GET', path: `/api/v1/accounts/${companyIds[1]}?fresh=1` });
      expect(res.status).toBe(200);
      expect(stack.recorder.exchanges.length).toBeGreaterThan(3);
      expect(sequentialRoundTrips(stack.recorder.exchanges)).toBeLessThanOrEqual(3);
    } finally {
      stack.recorder.setLatency(0);
    }
  });

  it('when a company HubSpot does not have is asked for fresh, then 404 company_not_found', async () => {
    const res = await call({ method: 'GET', path: '/api/v1/accounts/999999999?fresh=1' });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('company_not_found');
  });

  it('when the request is signed for another portal, then 403 and HubSpot is not called', async () => {
    stack.recorder.reset();
    const res = await call({ method: 'GET', path: `/api/v1/accounts/${first()}?fresh=1`, portalId: '13579' });
    expect(res.status).toBe(403);
    expect(stack.recorder.exchanges).toEqual([]);
  });

  it('when a follow-up task is asked twice, then HubSpot gets one task: 201 then 200 with the same id', async () => {
    const path = `/api/v1/accounts/${first()}/tasks`;
    const body = { gapKey: 'follow_up', title: 'Call the sponsor', note: 'From the card' };
    const one = await call({ method: 'POST', path, body });
    expect(one.status).toBe(201);
    const created = createTaskResponseSchema.parse(one.body);
    const two = await call({ method: 'POST', path, body });
    expect(two.status).toBe(200);
    expect(two.body).toEqual({ ...created, created: false });
    const tasks = stack.sandbox.store.list('tasks').filter((t) => t.id === created.taskId);
    expect(tasks).toHaveLength(1);
    const view = await call({ method: 'GET', path: `/api/v1/accounts/${first()}` });
    expect(view.body.openTasks.map((t: { taskId: string }) => t.taskId)).toContain(created.taskId);
  });

  it('when an override is set and cleared, then HubSpot holds it and the view shows override and computed tier', async () => {
    const id = first();
    const set = await call({ method: 'PUT', path: `/api/v1/accounts/${id}/override`, body: { tier: 'tier_1' } });
    expect(set.status).toBe(200);
    const view = accountViewSchema.parse(set.body);
    expect(view.tier.override).toBe('tier_1');
    expect(view.tier.tier).toBe('tier_1');
    expect(stack.sandbox.store.get('companies', id)?.properties['keyline_tier_override']).toBe('tier_1');
    const cleared = await call({ method: 'PUT', path: `/api/v1/accounts/${id}/override`, body: { tier: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.tier.override).toBeNull();
  });

  it('when the override body is invalid, then 400 and HubSpot is not written', async () => {
    stack.recorder.reset();
    const res = await call({ method: 'PUT', path: `/api/v1/accounts/${first()}/override`, body: { tier: 'gold' } });
    expect(res.status).toBe(400);
    expect(stack.recorder.exchanges).toEqual([]);
  });

  it('when the portfolio is read, then it summarises every synced company', async () => {
    const res = await call({ method: 'GET', path: '/api/v1/portfolio' });
    expect(res.status).toBe(200);
    const view = portfolioViewSchema.parse(res.body);
    expect(view.accounts).toBe(companyIds.length);
    const { tier_1, tier_2, tier_3 } = view.tierDistribution;
    expect(tier_1 + tier_2 + tier_3).toBe(companyIds.length);
  });

  it('when settings are previewed and saved, then the preview counts tier changes and a stale save gets 409', async () => {
    const current = settingsResponseSchema.parse((await call({ method: 'GET', path: '/api/v1/settings' })).body);
    const model = { ...current.model, thresholds: { tier_1: 95, tier_2: 45 } };
    const preview = await call({ method: 'POST', path: '/api/v1/settings/preview', body: { model } });
    expect(preview.status).toBe(200);
    const p = settingsPreviewResponseSchema.parse(preview.body);
    expect(p.valid).toBe(true);
    expect(p.preview.accountsEvaluated).toBe(companyIds.length);
    expect(p.preview.tierChanges).toBe(p.preview.byTransition.reduce((n, t) => n + t.count, 0));

    const saved = await call({ method: 'PUT', path: '/api/v1/settings', body: { model, expectedVersion: current.version } });
    expect(saved.status).toBe(200);
    expect(saved.body.history).toHaveLength(1);
    const stale = await call({ method: 'PUT', path: '/api/v1/settings', body: { model: current.model, expectedVersion: current.version } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');

    const invalid = await call({
      method: 'PUT',
      path: '/api/v1/settings',
      body: { model: { thresholds: { tier_1: 'high' } }, expectedVersion: saved.body.version },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_settings');
    expect(invalid.body.error.details[0].path).toMatch(/^thresholds/);
  });

  it('when an operator starts a dry run, then 202 with its id, a second start is 409, and the run finishes', async () => {
    const bearer = `Bearer ${TEST_OPERATOR_TOKEN}`;
    const started = await request(stack.app).post('/api/v1/sync/runs').set('Authorization', bearer).send({ mode: 'full', dryRun: true });
    expect(started.status).toBe(202);
    const runId = started.body.runId as string;
    const again = await request(stack.app).post('/api/v1/sync/runs').set('Authorization', bearer).send({});
    expect(again.status).toBe(409);
    await stack.parts.syncRunner.stop(60_000).catch(() => undefined);
    // stop() aborts: the run ends paused (checkpointed) or succeeded if it was already done.
    const run = await request(stack.app).get(`/api/v1/sync/runs/${runId}`).set('Authorization', bearer);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ id: runId, mode: 'full', dryRun: true });
    expect(['succeeded', 'paused']).toContain(run.body.status);
    const list = await request(stack.app).get('/api/v1/sync/runs').set('Authorization', bearer);
    expect(list.body.runs.map((r: { id: string }) => r.id)).toContain(runId);
  });

  it('when /readyz and /metrics are asked, then the store answers and the sync gauges are there', async () => {
    expect((await request(stack.app).get('/readyz')).status).toBe(200);
    const metrics = await request(stack.app).get('/metrics').set('Authorization', `Bearer ${TEST_OPERATOR_TOKEN}`);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/keyline_sync_last_run_started_seconds \d/);
  });
});
