/**
 * Operator-started targeted runs (`POST /api/v1/sync/runs` with `companyIds`) over the real stack: recorded as mode
 * `targeted`, failing (after syncing the rest) when HubSpot does not have an id asked for.
 */
import request from 'supertest';
import { startRealStack, type RealStack } from './support/real-stack';
import { TEST_OPERATOR_TOKEN } from './support/signed-client';

let stack: RealStack;
const bearer = `Bearer ${TEST_OPERATOR_TOKEN}`;

beforeAll(async () => {
  stack = await startRealStack({ size: 'XS' });
}, 120_000);

afterAll(async () => {
  await stack.close();
});

async function finished(runId: string): Promise<Record<string, unknown>> {
  for (;;) {
    const res = await request(stack.app).get(`/api/v1/sync/runs/${runId}`).set('Authorization', bearer);
    if (res.body.status !== 'running') return res.body as Record<string, unknown>;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('targeted runs through the operator API', () => {
  it('when companyIds include one HubSpot does not have, then the run is targeted and failed, naming it, and the known one is synced', async () => {
    const known = stack.sandbox.store.list('companies')[0]?.id ?? '';
    const started = await request(stack.app)
      .post('/api/v1/sync/runs')
      .set('Authorization', bearer)
      .send({ mode: 'full', companyIds: [known, '1999999999'] });
    expect(started.status).toBe(202);
    const run = await finished(started.body.runId as string);
    expect(run).toMatchObject({ mode: 'targeted', status: 'failed' });
    expect(String(run['message'])).toContain('1999999999');
    expect(run['counts']).toMatchObject({ companiesScored: 1 });
  });

  it('when every id is known, then the targeted run succeeds and is not the full run the weekly reconcile counts from', async () => {
    const fullBefore = await stack.keyline.store.lastSuccessfulRun(stack.portalId, 'full');
    const known = stack.sandbox.store.list('companies')[1]?.id ?? '';
    const started = await request(stack.app).post('/api/v1/sync/runs').set('Authorization', bearer).send({ mode: 'full', companyIds: [known] });
    const run = await finished(started.body.runId as string);
    expect(run).toMatchObject({ mode: 'targeted', status: 'succeeded' });
    expect((await stack.keyline.store.lastSuccessfulRun(stack.portalId, 'full'))?.id).toBe(fullBefore?.id);
  });
});
