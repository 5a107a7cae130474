/**
 * The portfolio summary and the settings page's endpoints (versioning and preview).
 */
import {
  settingsPreviewResponseSchema,
  settingsResponseSchema,
} from '@keyline/contract/settings-contract';
import { portfolioViewSchema } from '@keyline/contract/portfolio-view';
import { silenceLogger } from '../../server/src/logger';
import { anAccountResult, anAccountSnapshot, aTierResult } from './support/an-account-result';
import { DEFAULT_MODEL } from './support/fake-services';
import { buildTestApp } from './support/test-app';
import { signedCall } from './support/signed-client';

silenceLogger();

describe('GET /api/v1/portfolio', () => {
  function withTwoOwners() {
    const built = buildTestApp();
    built.world.snapshots.set(
      '1003',
      anAccountSnapshot({
        result: anAccountResult({
          companyId: '1003',
          companyName: 'Globex',
          ownerId: '88',
          tier: aTierResult({ tier: 'tier_1', computedTier: 'tier_1', nearMiss: false, nextTier: null, nextTierGap: null }),
        }),
      }),
    );
    return built;
  }

  it('when unfiltered, then it has the tier distribution, near-miss, overdue, single-threaded lists and owners', async () => {
    const { app } = withTwoOwners();
    const res = await signedCall(app, { method: 'GET', path: '/api/v1/portfolio' });
    expect(res.status).toBe(200);
    const view = portfolioViewSchema.parse(res.body);
    expect(view.filter).toEqual({ ownerId: null, tier: null });
    expect(view.tierDistribution).toEqual({ tier_1: 1, tier_2: 1, tier_3: 0 });
    expect(view.nearMiss.map((a) => a.companyId)).toEqual(['1001']);
    expect(view.overdue).toHaveLength(2);
    expect(view.singleThreaded).toHaveLength(2);
    expect(view.owners[0]).toMatchObject({ min: 5, max: 25 });
  });

  it('when filtered by owner and tier, then only those accounts count and the filter is echoed', async () => {
    const { app, world } = withTwoOwners();
    const res = await signedCall(app, { method: 'GET', path: '/api/v1/portfolio?ownerId=88&tier=tier_1' });
    expect(res.status).toBe(200);
    expect(res.body.filter).toEqual({ ownerId: '88', tier: 'tier_1' });
    expect(res.body.accounts).toBe(1);
    expect(world.reads).toContainEqual({ op: 'getPortfolio', args: [{ ownerId: '88', tier: 'tier_1' }] });
  });

  it.each([
    ['tier=gold', 'query.tier'],
    ['ownerId=bob', 'query.ownerId'],
    ['tier=tier_1&tier=tier_2', 'query.tier'],
  ])('when the query is %s, then 400 names %s', async (query, path) => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: `/api/v1/portfolio?${query}` });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(world.reads).toEqual([]);
  });
});

describe('settings', () => {
  const aValidModel = { weights: { recurring_revenue: 60, relationship: 20 }, thresholds: { tier_1: 70, tier_2: 45 } };

  it('when read, then the current version, model, defaults and history follow the settings contract', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: '/api/v1/settings' });
    expect(res.status).toBe(200);
    expect(settingsResponseSchema.parse(res.body)).toEqual({
      version: 'v-default',
      model: DEFAULT_MODEL,
      defaults: DEFAULT_MODEL,
      history: [],
    });
  });

  it('when a valid model is previewed, then it reports how many accounts would change tier and writes nothing', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: '/api/v1/settings/preview', body: { model: aValidModel } });
    expect(res.status).toBe(200);
    expect(settingsPreviewResponseSchema.parse(res.body)).toEqual({
      valid: true,
      issues: [],
      preview: { accountsEvaluated: 1, tierChanges: 1, byTransition: [{ from: 'tier_2', to: 'tier_1', count: 1 }] },
    });
    expect(world.writes).toEqual([]);
  });

  it('when an invalid model is previewed, then 200 with valid false, the issues by path and zero counts', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, {
      method: 'POST',
      path: '/api/v1/settings/preview',
      body: { model: { weights: { recurring_revenue: -5 } } },
    });
    expect(res.status).toBe(200);
    expect(settingsPreviewResponseSchema.parse(res.body)).toMatchObject({
      valid: false,
      issues: [{ path: 'weights.recurring_revenue', message: 'must be a number ≥ 0' }],
      preview: { accountsEvaluated: 0, tierChanges: 0 },
    });
  });

  it('when saved twice from successive versions, then every version is kept, newest first, with who saved it', async () => {
    const { app } = buildTestApp();
    const first = await signedCall(app, {
      method: 'PUT',
      path: '/api/v1/settings',
      body: { model: aValidModel, expectedVersion: 'v-default' },
      userEmail: 'ceo@example.com',
    });
    expect(first.status).toBe(200);
    expect(settingsResponseSchema.parse(first.body).version).toBe('v-1');
    const second = await signedCall(app, {
      method: 'PUT',
      path: '/api/v1/settings',
      body: { model: DEFAULT_MODEL, expectedVersion: 'v-1' },
    });
    expect(second.status).toBe(200);
    expect(second.body.history.map((h: { version: string }) => h.version)).toEqual(['v-2', 'v-1']);
    expect(second.body.history[1].savedBy).toBe('ceo@example.com');
    const read = await signedCall(app, { method: 'GET', path: '/api/v1/settings' });
    expect(read.body.version).toBe('v-2');
  });

  it('when someone saved meanwhile, then 409 version_conflict and the newer version stays', async () => {
    const { app, world } = buildTestApp();
    await signedCall(app, { method: 'PUT', path: '/api/v1/settings', body: { model: aValidModel, expectedVersion: 'v-default' } });
    const late = await signedCall(app, {
      method: 'PUT',
      path: '/api/v1/settings',
      body: { model: DEFAULT_MODEL, expectedVersion: 'v-default' },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('version_conflict');
    expect(world.settings.version).toBe('v-1');
  });

  it('when the saved model is invalid, then 400 invalid_settings with details by model path and nothing is saved', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, {
      method: 'PUT',
      path: '/api/v1/settings',
      body: { model: { weights: { relationship: 'lots' } }, expectedVersion: 'v-default' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'invalid_settings',
      details: [{ path: 'weights.relationship', message: 'must be a number ≥ 0' }],
    });
    expect(world.writes).toEqual([]);
  });

  it.each([
    [{ model: aValidModel }, 'body.expectedVersion'],
    [{ expectedVersion: 'v-default' }, 'body.model'],
    [{ model: 'weights', expectedVersion: 'v-default' }, 'body.model'],
    [{ model: aValidModel, expectedVersion: 'v-default', force: true }, 'body'],
  ])('when the save body is %j, then 400 names %s and nothing is saved', async (body, path) => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: '/api/v1/settings', body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(world.writes).toEqual([]);
  });

  it('when the preview body has no model, then 400 names body.model', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'POST', path: '/api/v1/settings/preview', body: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.model');
  });
});
