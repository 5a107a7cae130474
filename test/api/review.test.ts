/**
 * GET /api/v1/review: the model review through the signed API (over the ApiServices port, with in-memory fakes).
 */
import { reviewViewSchema } from '@keyline/contract/review-view';
import { silenceLogger } from '../../server/src/logger';
import { anOutcomes } from '../factories/outcomes';
import { anAccountResult, anAccountSnapshot, aTierResult } from './support/an-account-result';
import { buildTestApp } from './support/test-app';
import { signedCall } from './support/signed-client';

silenceLogger();

describe('GET /api/v1/review', () => {
  it('when signed by HubSpot, then it answers the review in the shared shape: per tier, per criterion with sample sizes, disagreeing accounts by name', async () => {
    const { app, world } = buildTestApp();
    world.snapshots.set(
      '1003',
      anAccountSnapshot({
        result: {
          ...anAccountResult({ companyId: '1003', companyName: 'Globex', ownerId: '77', tier: aTierResult({ tier: 'tier_3', computedTier: 'tier_3' }) }),
          outcomes: anOutcomes({ prior: 10_000, trailing: 60_000 }),
        },
      }),
    );
    const res = await signedCall(app, { method: 'GET', path: '/api/v1/review' });
    expect(res.status).toBe(200);
    const view = reviewViewSchema.parse(res.body);
    expect(view.tiers.map((t) => t.tier)).toEqual(['tier_1', 'tier_2', 'tier_3']);
    expect(view.criteria.length).toBeGreaterThan(0);
    expect(view.criteria.every((c) => c.verdict === 'too_few' && c.warning !== null)).toBe(true);
    expect(view.disagreements.lowTierGrew[0]).toMatchObject({ companyName: 'Globex', ownerName: 'Dana Whitfield', amount: 50_000 });
    expect(view.suggestions).toEqual([]);
    expect(world.reads.map((r) => r.op)).toContain('getReview');
  });

  it('when the request is not signed, then it is refused and no review runs', async () => {
    const { app, world } = buildTestApp();
    const res = await signedCall(app, { method: 'GET', path: '/api/v1/review', omitSignature: true });
    expect(res.status).toBe(401);
    expect(world.reads.map((r) => r.op)).not.toContain('getReview');
  });
});
