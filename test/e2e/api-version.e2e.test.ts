/**
 * Keyline on HubSpot's 2026-09 API: an operator's setup with lists, the first full sync and the next incremental one
 * reach HubSpot on date-versioned paths only (the sandbox serves no legacy path), and without HUBSPOT_PORTAL_ID the
 * account id comes from the token.
 */
import { HUBSPOT_API_VERSION } from '../../server/src/hubspot/api-version';
import { runSync } from '../../server/src/sync';
import { startWorld, type World } from './harness';

jest.setTimeout(180_000);

describe('keyline on the 2026-09 API', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when setup --lists, a full sync and an incremental sync run, then the ledger shows no call to /crm/v3, /crm/v4 or any numeric version', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: true });
    const full = await runSync(k, { mode: 'full' });
    const incremental = await runSync(k, { mode: 'incremental' });
    expect([full.status, incremental.status]).toEqual(['succeeded', 'succeeded']);
    const endpoints = Object.keys(world.sandbox.ledger.snapshot().byEndpoint);
    expect(endpoints.length).toBeGreaterThan(10);
    expect(endpoints.filter((e) => /\/v\d+(\/|$)/.test(e) || e.includes('(unknown)'))).toEqual([]);
    expect(endpoints.every((e) => e.includes(`/${HUBSPOT_API_VERSION}`))).toBe(true);
    // What the runs recorded agrees with what HubSpot saw.
    expect(Object.keys(full.apiCalls).every((e) => e.includes(`/${HUBSPOT_API_VERSION}`))).toBe(true);
  });

  it('when HUBSPOT_PORTAL_ID is not set, then Keyline takes the account id from the token and keys what it stores by it', async () => {
    world = await startWorld({ withoutPortalId: true });
    const k = world.keyline;
    expect(k.portalId).toBe(world.sandbox.portalId);
    expect(world.sandbox.ledger.calls(`GET /account-info/${HUBSPOT_API_VERSION}/details`)).toBe(1);
    await k.gateway.setup({ lists: false });
    await runSync(k, { mode: 'full', companyIds: [world.sandbox.store.list('companies')[0]?.id as string] });
    expect((await k.store.listRuns(world.sandbox.portalId, { limit: 1 }))[0]?.status).toBe('succeeded');
  });
});
