/**
 * `PUT /api/v1/accounts/:companyId/plan` (issue #16): the light account plan from the card.
 */
import { accountViewSchema } from '@keyline/contract/account-view';
import { silenceLogger } from '../../server/src/logger';
import { buildTestApp } from './support/test-app';
import { signedCall } from './support/signed-client';

silenceLogger();

const plan = (id: string) => `/api/v1/accounts/${id}/plan`;

describe('PUT /api/v1/accounts/:companyId/plan', () => {
  it('when a valid plan is sent, then it is saved (trimmed, missing texts empty) and the account view comes back', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: plan('1001'), body: { objectives: ' Grow EMEA ', nextReviewDate: '2027-01-15' } });
    expect(res.status).toBe(200);
    accountViewSchema.parse(res.body);
    expect(world.writes.map((w) => w.args)).toEqual([['1001', { objectives: 'Grow EMEA', currentIssues: '', upsellPlan: '', nextReviewDate: '2027-01-15' }]]);
  });

  it.each([
    [{ objectives: 'x'.repeat(2001) }, 'body.objectives'],
    [{ nextReviewDate: '2027-02-30' }, 'body.nextReviewDate'],
    [{ nextReviewDate: 'tomorrow' }, 'body.nextReviewDate'],
    [{ upsellPlan: 42 }, 'body.upsellPlan'],
    [{ owner: 'me' }, 'body'],
  ])('when the body is %j, then 400 names %s and nothing is written', async (body, path) => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: plan('1001'), body });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(world.writes).toEqual([]);
  });

  it('when the company does not exist, then 404 company_not_found', async () => {
    const { app } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: plan('8888'), body: { objectives: 'x' } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('company_not_found');
  });

  it('when the request is not signed, then 401 and nothing is written', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'PUT', path: plan('1001'), body: { objectives: 'x' }, secret: 'wrong-secret-0123456789abcdef' });
    expect(res.status).toBe(401);
    expect(world.writes).toEqual([]);
  });
});
