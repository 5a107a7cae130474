/**
 * Incremental runs see new outcome records (issue #15): a survey answer reaches its company through its contact, a
 * line item through its deal, so neither waits for something else on the company to change.
 */
import { runSync } from '../../server/src/sync';
import { keylineState, NOW, startWorld, type World } from './harness';

jest.setTimeout(180_000);

describe('outcome records in incremental runs', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when a customer answers an NPS survey, then the next incremental run rescores only that company and writes its last NPS', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    expect(await runSync(k, { mode: 'full' })).toMatchObject({ status: 'succeeded' });
    const quiet = await runSync(k, { mode: 'incremental' });
    expect(quiet.counts.companiesRead).toBe(0);

    const store = world.sandbox.store;
    const companyId = store.list('companies').map((c) => c.id).find((id) => store.associations('companies', id, 'contacts').length > 0)!;
    const contactId = store.associations('companies', companyId, 'contacts')[0]!.toObjectId;
    // HubSpot's API cannot create survey answers (they come from its surveys): the sandbox's store adds one.
    store.create(
      'feedback_submissions',
      { hs_survey_type: 'NPS', hs_survey_name: 'Customer loyalty (NPS)', hs_value: '2', hs_submission_timestamp: new Date(NOW.getTime() - 3_600_000).toISOString(), hs_contact_id: contactId },
      [{ toType: 'contacts', toId: contactId }],
    );
    const run = await runSync(k, { mode: 'incremental' });
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });
    expect(run.counts.companiesRead).toBe(1);
    expect(keylineState(world.sandbox).get(companyId)?.['keyline_last_nps']).toBe('2');
  });

  it('when a product is added to a won deal, then the next incremental run rescores that deal\'s company', async () => {
    world = await startWorld();
    const k = world.keyline;
    await k.gateway.setup({ lists: false });
    expect(await runSync(k, { mode: 'full' })).toMatchObject({ status: 'succeeded' });

    const store = world.sandbox.store;
    const deal = store.list('deals').find((d) => d.properties['dealstage'] === 'closedwon' && store.associations('deals', d.id, 'companies').length === 1)!;
    const companyId = store.associations('deals', deal.id, 'companies')[0]!.toObjectId;
    const product = store.list('products')[0]!;
    store.create('line_items', { name: product.properties['name'] ?? 'Line', hs_product_id: product.id, quantity: '1', price: '1000', amount: '1000' }, [{ toType: 'deals', toId: deal.id }]);
    const run = await runSync(k, { mode: 'incremental' });
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });
    expect(run.counts.companiesRead).toBe(1);
    const snap = await k.store.getSnapshot(k.portalId, companyId);
    expect(snap?.input.deals.find((d) => d.id === deal.id)?.lineItems?.some((l) => l.productId === product.id && l.amount === 1000)).toBe(true);
  });
});
