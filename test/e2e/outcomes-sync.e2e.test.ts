/**
 * Outcomes through the sync (issue #15): every account a sync scores is stored with its outcomes, the outcome
 * properties HubSpot holds are the stored ones, and a one-company recompute keeps computing them.
 */
import { toCompanyProperties } from '../../server/src/hubspot/to-company-properties';
import { runSync } from '../../server/src/sync';
import { recomputeAccount } from '../../server/src/use-cases/account-actions';
import { keylineState, startWorld, type World } from './harness';

jest.setTimeout(180_000);

const OUTCOME_PROPERTIES = ['keyline_trailing_revenue', 'keyline_grr', 'keyline_nrr', 'keyline_share_of_wallet', 'keyline_wallet_headroom', 'keyline_renewal_risk'] as const;

describe('outcomes through the sync', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when a full sync runs, then every stored account has outcomes and HubSpot holds their properties; a recompute keeps them', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    expect(await runSync(k, { mode: 'full' })).toMatchObject({ status: 'succeeded' });

    const summaries = await k.store.listSnapshotSummaries(k.portalId);
    expect(summaries.length).toBeGreaterThan(0);
    const state = keylineState(world.sandbox);
    let withRevenue = 0;
    for (const s of summaries) {
      const snap = await k.store.getSnapshot(k.portalId, s.companyId);
      const outcomes = snap?.result.outcomes;
      expect([s.companyId, outcomes === undefined]).toEqual([s.companyId, false]);
      const expected = toCompanyProperties(snap!.result);
      for (const name of OUTCOME_PROPERTIES) expect([s.companyId, name, state.get(s.companyId)?.[name] ?? '']).toEqual([s.companyId, name, expected[name]]);
      if ((outcomes?.wallet.spend ?? 0) > 0) withRevenue += 1;
    }
    // The sandbox's won deals make trailing revenue for many accounts, written as keyline_trailing_revenue.
    expect(withRevenue).toBeGreaterThan(0);

    const id = summaries[0]!.companyId;
    const recomputed = await recomputeAccount(k, id);
    expect(recomputed.ok && recomputed.result.outcomes !== undefined).toBe(true);
  });
});
