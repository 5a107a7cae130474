/**
 * The card's plan and attention blocks over the real stack (issue #16, parts 1 and 4): the sandbox, Keyline and the
 * signed API in one process. A plan saved through the card's endpoint lands in the sandbox's HubSpot company
 * properties, the next sync reads it back from HubSpot, and the account view returns it; the attention block is the
 * report's own share for the account, recorded by the sync.
 */
import { accountViewSchema, type AccountView } from '@keyline/contract/account-view';
import { runSync } from '../../server/src/sync';
import { loadScoringModel } from '../../server/src/sync/deps';
import { readAttention } from '../../server/src/use-cases/read-attention';
import { NOW, startRealStack, type RealStack } from '../api/support/real-stack';
import { signedCall } from '../api/support/signed-client';

jest.setTimeout(180_000);

let stack: RealStack;
beforeAll(async () => {
  stack = await startRealStack({ size: 'S' });
});
afterAll(async () => {
  await stack?.close();
});

async function viewOf(companyId: string): Promise<AccountView> {
  const res = await signedCall(stack.app, { method: 'GET', path: `/api/v1/accounts/${companyId}`, portalId: stack.portalId });
  expect(res.status).toBe(200);
  return accountViewSchema.parse(res.body);
}

async function aTier1WithoutPlan(): Promise<string> {
  const { keyline: k } = stack;
  for (const s of await k.store.listSnapshotSummaries(k.portalId, { tier: 'tier_1' })) {
    if ((await viewOf(s.companyId)).plan?.status === 'missing') return s.companyId;
  }
  throw new Error('the S portfolio has no tier-1 account without a plan');
}

describe('the account plan from the card, through HubSpot and back', () => {
  it('when a person saves a plan on a tier-1 card, then HubSpot holds it, the next sync reads it back and the account view returns it', async () => {
    const { keyline: k, sandbox } = stack;
    const id = await aTier1WithoutPlan();
    const before = await viewOf(id);
    expect(before.plan).toMatchObject({ needed: true, status: 'missing', objectives: '', nextReviewDate: null, lastSavedAt: null });

    const body = { objectives: 'Roll out to the EMEA sites', currentIssues: 'Slow support answers', upsellPlan: 'Analytics add-on', nextReviewDate: '2027-01-15' };
    const saved = await signedCall(stack.app, { method: 'PUT', path: `/api/v1/accounts/${id}/plan`, body, portalId: stack.portalId });
    expect(saved.status).toBe(200);
    expect(accountViewSchema.parse(saved.body).plan).toMatchObject({ ...body, needed: true, status: 'current', lastSavedAt: NOW.toISOString() });
    expect(sandbox.store.get('companies', id)?.properties).toMatchObject({
      keyline_plan_objectives: 'Roll out to the EMEA sites',
      keyline_plan_current_issues: 'Slow support answers',
      keyline_plan_upsell: 'Analytics add-on',
      keyline_plan_next_review: '2027-01-15',
      keyline_plan_updated_at: NOW.toISOString(),
    });

    // Forget what the save stored: only the sync's read of HubSpot can bring the plan back.
    await k.store.deleteSnapshots(k.portalId, [id]);
    await expect(runSync(k, { mode: 'full' })).resolves.toMatchObject({ status: 'succeeded', errors: [] });
    const after = await viewOf(id);
    expect(after.plan).toEqual({
      ...body,
      needed: true,
      status: 'current',
      reviewDueAt: '2027-01-15T00:00:00.000Z',
      reason: 'Next review on 2027-01-15 (next review date).',
      lastSavedAt: NOW.toISOString(),
    });
  });

  it('when the plan is refused by the contract, then the API answers 400 naming the field and HubSpot is not written', async () => {
    const { sandbox } = stack;
    const id = await aTier1WithoutPlan();
    const res = await signedCall(stack.app, { method: 'PUT', path: `/api/v1/accounts/${id}/plan`, body: { nextReviewDate: '2027-02-30' }, portalId: stack.portalId });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'body.nextReviewDate', message: 'must be a real calendar day' }]);
    expect(sandbox.store.get('companies', id)?.properties['keyline_plan_next_review'] ?? null).toBeNull();
  });

  it("when the sync has run, then each account's attention block is the report's share of its owner's time and book value", async () => {
    const { keyline: k } = stack;
    const { model } = await loadScoringModel(k);
    const owners = new Set((await k.store.listOwners(k.portalId)).map((o) => o.ownerId));
    const report = await readAttention(k.store, k.portalId, model, NOW, owners);
    const busiest = [...report.owners].sort((a, b) => b.totalMinutes - a.totalMinutes)[0]!;
    const shares = busiest.accounts.filter((a) => a.owned).slice(0, 3);
    expect(shares.length).toBeGreaterThan(0);
    for (const share of shares) {
      const view = await viewOf(share.companyId);
      expect(view.attention).toMatchObject({
        measuredAt: NOW.toISOString(),
        ownerId: busiest.ownerId,
        attentionShare: share.attentionShare,
        valueShare: share.valueShare,
        ownerMinutes: share.minutes,
        ownerTotalMinutes: busiest.totalMinutes,
        ownerOverCapacity: busiest.overCapacity,
      });
    }
  });
});
