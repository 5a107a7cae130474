/**
 * The company card's endpoints: view, fresh view, recompute, follow-up task, override.
 */
import { accountViewSchema, createTaskResponseSchema } from '@keyline/contract/account-view';
import { silenceLogger } from '../../server/src/logger';
import { buildTestApp } from './support/test-app';
import { signedCall } from './support/signed-client';

silenceLogger();

const view = (id: string) => `/api/v1/accounts/${id}`;

describe('GET /api/v1/accounts/:companyId', () => {
  it('when the company has a stored snapshot, then the view parses with the shared accountViewSchema', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: view('1001') });
    expect(res.status).toBe(200);
    const parsed = accountViewSchema.parse(res.body);
    expect(parsed.tier).toMatchObject({ tier: 'tier_2', tierLabel: 'Tier 2 · Growth', nearMiss: true });
    expect(parsed.openTasks).toHaveLength(1);
    expect(parsed.tierHistory.map((h) => h.tier)).toEqual(['tier_3', 'tier_2']);
    expect(parsed.gaps?.[0]?.key).toBe('missing_role:DECISION_MAKER');
    // Over the daily task budget: the gap waits, 4th in its owner's line.
    expect(parsed.gaps?.[0]?.task).toEqual({ state: 'queued', rank: 4 });
    expect(parsed.computedAt).toBe('2026-11-22T02:00:00.000Z');
    expect(world.writes).toEqual([]);
  });

  it('when ?fresh=1, then the company is recomputed first and the new view is returned', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: `${view('1001')}?fresh=1` });
    expect(res.status).toBe(200);
    expect(accountViewSchema.parse(res.body).computedAt).toBe('2026-11-22T12:00:00.000Z');
    expect(world.writes.map((w) => w.op)).toEqual(['recomputeAccount']);
  });

  it('when ?fresh=true for a company never computed, then it is computed and returned', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: `${view('1002')}?fresh=true` });
    expect(res.status).toBe(200);
    expect(accountViewSchema.parse(res.body).companyId).toBe('1002');
  });

  it('when the company exists but was never computed, then 404 not_computed_yet tells the card to recompute', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: view('1002') });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_computed_yet');
  });

  it('when ?fresh=1 for a company HubSpot does not have, then 404 company_not_found', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: `${view('5555')}?fresh=1` });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('company_not_found');
  });

  it.each([
    ['abc', 'params.companyId'],
    ['0', 'params.companyId'],
    ['12.5', 'params.companyId'],
    ['-3', 'params.companyId'],
    ['123456789012345678901', 'params.companyId'],
  ])('when the company id is %p, then 400 names %s', async (id, path) => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: view(id) });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details).toEqual([{ path, message: 'must be a numeric HubSpot company id' }]);
    expect(world.reads).toEqual([]);
  });

  it('when ?fresh has a value other than 1/true/0/false, then 400 names query.fresh and nothing is recomputed', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: `${view('1001')}?fresh=yes` });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('query.fresh');
    expect(res.body.error.message).toMatch(/query\.fresh/);
    expect(world.writes).toEqual([]);
  });
});

describe('POST /api/v1/accounts/:companyId/recompute', () => {
  it('when the company exists, then it is recomputed and the view returned', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: `${view('1003')}/recompute` });
    expect(res.status).toBe(200);
    expect(accountViewSchema.parse(res.body).companyId).toBe('1003');
    expect(world.writes).toEqual([{ op: 'recomputeAccount', args: ['1003'] }]);
  });

  it('when hubspot.fetch sends an empty JSON object, then it is accepted', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: `${view('1001')}/recompute`, body: {} });
    expect(res.status).toBe(200);
  });

  it('when the company does not exist, then 404 company_not_found and nothing is written', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: `${view('7777')}/recompute` });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('company_not_found');
    expect(world.writes).toEqual([]);
  });

  it('when the body carries unexpected fields, then 400 and nothing is recomputed', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: `${view('1001')}/recompute`, body: { force: true } });
    expect(res.status).toBe(400);
    expect(world.writes).toEqual([]);
  });
});

describe('POST /api/v1/accounts/:companyId/tasks', () => {
  it('when a gap has no open task, then 201 with the new task, and the same call again answers 200 with the same task', async () => {
    const { app, world } = buildTestApp();
    const call = { method: 'POST' as const, path: `${view('1001')}/tasks`, body: { gapKey: 'missing_role:DECISION_MAKER' } };
    const first = await signedCall(app, call);
    expect(first.status).toBe(201);
    expect(createTaskResponseSchema.parse(first.body)).toMatchObject({ gapKey: 'missing_role:DECISION_MAKER', created: true });
    const second = await signedCall(app, call);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ ...first.body, created: false });
    expect(world.writes.filter((w) => w.op === 'createFollowUpTask')).toHaveLength(1);
  });

  it('when the body is empty, then the task is created for the first gap', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: `${view('1001')}/tasks` });
    expect(res.status).toBe(201);
    expect(res.body.gapKey).toBe('missing_role:DECISION_MAKER');
  });

  it('when the gap key is not a gap of the company, then 422 gap_not_found and nothing is written', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: `${view('1001')}/tasks`, body: { gapKey: 'qbr_overdue' } });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('gap_not_found');
    expect(world.writes).toEqual([]);
  });

  it.each([
    [{ gapKey: '' }, 'body.gapKey'],
    [{ gapKey: 42 }, 'body.gapKey'],
    [{ title: 'x'.repeat(201) }, 'body.title'],
    [{ note: 'x'.repeat(5001) }, 'body.note'],
    [{ assignee: '1' }, 'body'],
    [[1, 2], 'body'],
    ['a string', 'body'],
  ])('when the body is %j, then 400 names %s and nothing is written', async (body, path) => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: `${view('1001')}/tasks`, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(world.writes).toEqual([]);
  });

  it('when the company was never computed, then 404 not_computed_yet', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: `${view('1002')}/tasks`, body: {} });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_computed_yet');
  });
});

describe('PUT /api/v1/accounts/:companyId/override', () => {
  it('when a tier is set, then it wins and the computed tier is still shown; null clears it', async () => {
    const { app, world } = buildTestApp();
    const set = await signedCall(app, { method: 'PUT', path: `${view('1001')}/override`, body: { tier: 'tier_1' } });
    expect(set.status).toBe(200);
    expect(accountViewSchema.parse(set.body).tier).toMatchObject({ tier: 'tier_1', override: 'tier_1', computedTier: 'tier_2' });
    const cleared = await signedCall(app, { method: 'PUT', path: `${view('1001')}/override`, body: { tier: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.tier).toMatchObject({ tier: 'tier_2', override: null });
    expect(world.writes.map((w) => w.args)).toEqual([['1001', 'tier_1'], ['1001', null]]);
  });

  it.each([
    [{ tier: 'tier_4' }, 'body.tier'],
    [{ tier: 1 }, 'body.tier'],
    [{}, 'body.tier'],
    [{ tier: 'tier_1', reason: 'x' }, 'body'],
  ])('when the body is %j, then 400 names %s and nothing is written', async (body, path) => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: `${view('1001')}/override`, body });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(world.writes).toEqual([]);
  });

  it('when there is no body at all, then 400 says the body is required', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: `${view('1001')}/override` });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body');
    expect(world.writes).toEqual([]);
  });

  it('when the company does not exist, then 404 company_not_found', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: `${view('8888')}/override`, body: { tier: 'tier_1' } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('company_not_found');
  });
});
