/**
 * The light account plan (issue #16) against the sandbox: plan properties a person keeps on a company are read back by
 * the sync, and a plan past its review date becomes the `plan_review_overdue` gap (a task, or queued by the budget).
 */
import { saveAccountPlanRequestSchema } from '@keyline/contract/account-plan';
import { runSync } from '../../server/src/sync';
import { saveAccountPlan } from '../../server/src/use-cases/save-account-plan';
import { keylineTasks, startWorld, type World } from './harness';

jest.setTimeout(180_000);

describe('account plan against the sandbox', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when a tier-1 account plan is past its review date in HubSpot, then the next sync raises the plan review gap with one task, and a missing plan raises none', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    expect(await runSync(k, { mode: 'full' })).toMatchObject({ status: 'succeeded', errors: [] });
    const all = await k.store.listSnapshotSummaries(k.portalId);
    const a = all.find((s) => s.tier === 'tier_1')?.companyId as string;
    expect(a).toBeDefined();
    // No plan anywhere yet: a missing plan is never a gap.
    for (const s of all) {
      const snap = await k.store.getSnapshot(k.portalId, s.companyId);
      expect(snap?.result.gaps.some((g) => g.kind === 'plan_review_overdue')).toBe(false);
    }

    world.sandbox.store.update('companies', a, {
      keyline_plan_objectives: 'Roll out to the EMEA sites',
      keyline_plan_next_review: '2026-10-01',
      keyline_plan_updated_at: '2026-07-01T09:00:00.000Z',
    });
    expect(await runSync(k, { mode: 'incremental' })).toMatchObject({ status: 'succeeded', errors: [] });

    const gap = (await k.store.getSnapshot(k.portalId, a))?.result.gaps.find((g) => g.kind === 'plan_review_overdue');
    expect(gap?.detail).toContain('last saved 2026-07-01');
    expect(gap?.detail).toContain('was due for review on 2026-10-01');
    expect(gap?.task).toEqual({ state: 'open' });
    const task = keylineTasks(world.sandbox).get(`keyline:gap=${a}/plan_review_overdue`);
    expect(task).toEqual({ ids: [expect.any(String)], statuses: ['NOT_STARTED'] });
    // The sync never writes the plan properties.
    expect(world.sandbox.store.get('companies', a)?.properties['keyline_plan_objectives']).toBe('Roll out to the EMEA sites');
  });

  it('when a person saves the plan from the card, then HubSpot holds it first, the sync keeps it, and a past review date is a gap at once', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    await runSync(k, { mode: 'full' });
    const a = (await k.store.listSnapshotSummaries(k.portalId)).find((s) => s.tier === 'tier_1')?.companyId as string;
    const body = saveAccountPlanRequestSchema.parse({ objectives: '  Expand to the US  ', upsellPlan: 'Analytics add-on', nextReviewDate: '2026-11-01' });
    const saved = await saveAccountPlan(k, a, body);
    expect(saved.ok).toBe(true);
    expect(world.sandbox.store.get('companies', a)?.properties).toMatchObject({
      keyline_plan_objectives: 'Expand to the US',
      keyline_plan_upsell: 'Analytics add-on',
      keyline_plan_next_review: '2026-11-01',
    });
    expect(world.sandbox.store.get('companies', a)?.properties['keyline_plan_updated_at']).toMatch(/^2026-/);
    expect(saved.ok && saved.result.gaps.some((g) => g.kind === 'plan_review_overdue')).toBe(true);
    await runSync(k, { mode: 'incremental' });
    expect(world.sandbox.store.get('companies', a)?.properties['keyline_plan_objectives']).toBe('Expand to the US');
    await expect(saveAccountPlan(k, '1999999999', body)).resolves.toEqual({ ok: false, error: 'company_not_found' });
  });
});

describe('the account plan request', () => {
  it('when the plan body is too long, has an unknown field or an impossible date, then it is refused with the field named', () => {
    const issues = (input: unknown) => saveAccountPlanRequestSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(issues({ objectives: 'x'.repeat(2001) })).toEqual(['objectives']);
    expect(issues({ nextReviewDate: '2026-02-30' })).toEqual(['nextReviewDate']);
    expect(issues({ owner: 'me' })).toEqual(['']);
    expect(saveAccountPlanRequestSchema.parse({})).toEqual({ objectives: '', currentIssues: '', upsellPlan: '', nextReviewDate: null });
  });
});
