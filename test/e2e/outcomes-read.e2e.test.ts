/**
 * Keyline reads what outcomes need (issue #15) from the sandbox: the product library once, the line items of won
 * deals, the survey answers of each account's contacts; junk becomes null, anonymous answers belong to no account,
 * and answers HubSpot fails to give twice leave the account's feedback "not read" instead of failing it.
 */
import { ID_BASE } from '../../sandbox/object-types';
import { runSync } from '../../server/src/sync';
import { startWorld, NOW, type World } from './harness';

jest.setTimeout(180_000);

const opts = { now: NOW, lookbackDays: 365 };

describe('reading outcomes', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  it('when accounts are read, then won deals carry their line items, other deals none, and each account its contacts’ answers', async () => {
    world = await startWorld({ size: 'S', seed: 42 });
    const { store, portfolio } = world.sandbox;
    const companies = store.list('companies').slice(0, 60).map((c) => c.id);
    const read = await world.keyline.gateway.readAccounts(companies, opts);
    expect(read.errors).toEqual([]);
    let withLines = 0;
    let answers = 0;
    for (const { input } of read.accounts) {
      for (const deal of input.deals) {
        const lines = store.associations('deals', deal.id, 'line_items').map((l) => l.toObjectId).sort();
        if (deal.status === 'won') {
          expect(deal.lineItems?.map((l) => l.id).sort()).toEqual(lines);
          if (lines.length > 0) withLines += 1;
        } else expect(deal.lineItems).toBeUndefined();
        expect(deal.dealType === null || /^[a-z]+$/.test(deal.dealType ?? '')).toBe(true);
      }
      const expected = store
        .associations('companies', input.company.id, 'contacts')
        .flatMap((c) => store.associations('contacts', c.toObjectId, 'feedback_submissions').map((f) => f.toObjectId))
        .sort();
      expect(input.feedback?.map((f) => f.id).sort()).toEqual(expected);
      for (const f of input.feedback ?? []) {
        answers += 1;
        expect(f.contactId).not.toBeNull();
        if (f.score !== null) expect(f.score).toBeGreaterThanOrEqual(0);
        if (f.kind === 'NPS' && f.score !== null) expect(f.score).toBeLessThanOrEqual(10);
        if (f.kind === 'CSAT' && f.score !== null) expect(f.score).toBeLessThanOrEqual(5);
      }
    }
    expect(withLines).toBeGreaterThan(10);
    expect(answers).toBeGreaterThan(10);
    // Anonymous answers (no contact) exist in the portal but belong to no account.
    const anonymous = Array.from(portfolio.outcomes.feedbackContact).flatMap((c, j) => (c < 0 ? [String(ID_BASE.feedback_submissions + j + 1)] : []));
    expect(anonymous.length).toBeGreaterThan(0);
    const seen = new Set(read.accounts.flatMap((a) => a.input.feedback ?? []).map((f) => f.id));
    expect(anonymous.some((id) => seen.has(id))).toBe(false);
  });

  it('when one company is read fresh (a card’s recompute), then its outcomes come by search in one round trip and equal the batch reads', async () => {
    world = await startWorld({ size: 'S', seed: 42 });
    const { store, portfolio, ledger } = world.sandbox;
    const wonDeal = String(ID_BASE.deals + (portfolio.outcomes.lineItemDeal[0] as number) + 1);
    const company = store.associations('deals', wonDeal, 'companies')[0]?.toObjectId as string;
    const [viaChunk] = (await world.keyline.gateway.readAccounts(store.list('companies').map((c) => c.id), opts)).accounts.filter((a) => a.input.company.id === company);
    ledger.reset();
    const fresh = await world.keyline.gateway.readAccounts([company], opts);
    const calls = ledger.snapshot().byEndpoint;
    expect(calls['POST /crm/objects/2026-09/line_items/search']?.calls).toBeGreaterThan(0);
    expect(calls['POST /crm/objects/2026-09/line_items/batch/read']).toBeUndefined();
    expect(calls['POST /crm/objects/2026-09/feedback_submissions/batch/read']).toBeUndefined();
    const input = fresh.accounts[0]?.input;
    expect(input?.deals.find((d) => d.id === wonDeal)?.lineItems?.length).toBeGreaterThan(0);
    expect(input?.deals).toEqual(viaChunk?.input.deals);
    expect(input?.feedback).toEqual(viaChunk?.input.feedback);
  });

  it('when a line item was added seconds ago (search lags writes), then a fresh read still finds it', async () => {
    world = await startWorld({ size: 'S', seed: 42, searchIndexLagMs: 60_000 });
    const { store, portfolio } = world.sandbox;
    const wonDeal = String(ID_BASE.deals + (portfolio.outcomes.lineItemDeal[0] as number) + 1);
    const company = store.associations('deals', wonDeal, 'companies')[0]?.toObjectId as string;
    const added = store.create('line_items', { name: 'Premium support', hs_product_id: String(ID_BASE.products + 4), amount: '6000', quantity: '1' }, [
      { toType: 'deals', toId: wonDeal },
    ]);
    const fresh = await world.keyline.gateway.readAccounts([company], opts);
    const lines = fresh.accounts[0]?.input.deals.find((d) => d.id === wonDeal)?.lineItems ?? [];
    expect(lines.map((l) => l.id)).toContain(added.id);
    expect(lines.find((l) => l.id === added.id)).toMatchObject({ productId: String(ID_BASE.products + 4), amount: 6000 });
  });

  it('when the product library is read, then the active products come with price and billing, the deleted one not at all', async () => {
    world = await startWorld({ size: 'XS' });
    const products = await world.keyline.gateway.readProducts();
    expect(products.map((p) => p.name)).toEqual([
      'Platform licence',
      'Additional seats',
      'Analytics add-on',
      'Premium support',
      'Integrations pack',
      'Implementation services',
      'Training workshop',
      'Data migration',
    ]);
    expect(products[0]).toMatchObject({ price: 24000, billingFrequency: 'annually' });
    expect(products[5]?.billingFrequency).toBeNull();
  });

  it('when HubSpot fails every survey answer read, then the accounts with answers are not scored on partial data: each is reported, the rest are scored', async () => {
    world = await startWorld({ size: 'XS' });
    world.sandbox.setFaults({ partialBatchFailureRate: 1, match: ['feedback_submissions/batch/read'] });
    const companies = world.sandbox.store.list('companies').map((c) => c.id);
    const withAnswers = new Set(
      companies.filter((id) =>
        world.sandbox.store.associations('companies', id, 'contacts').some((c) => world.sandbox.store.associations('contacts', c.toObjectId, 'feedback_submissions').length > 0),
      ),
    );
    expect(withAnswers.size).toBeGreaterThan(0);
    const read = await world.keyline.gateway.readAccounts(companies, opts);
    // Scored without its answers, an account's NPS and renewal risk would be wrong: it waits for the next run instead.
    expect(new Set(read.errors.map((e) => e.companyId))).toEqual(withAnswers);
    for (const e of read.errors) expect(e.message).toMatch(/not scored: .*survey answers/);
    expect(read.accounts.map((a) => a.input.company.id).sort()).toEqual(companies.filter((id) => !withAnswers.has(id)).sort());
  });

  it('when a full sync runs, then the product library is read once and the run’s calls equal the sandbox’s ledger', async () => {
    world = await startWorld({ size: 'S', seed: 42 });
    await world.keyline.gateway.setup({ lists: false });
    world.sandbox.ledger.reset();
    const before = world.keyline.gateway.apiCalls();
    const run = await runSync(world.keyline, { mode: 'full' });
    expect(run.status).toBe('succeeded');
    const ledger = world.sandbox.ledger.snapshot();
    const calls = (endpoint: string) => ledger.byEndpoint[endpoint]?.calls ?? 0;
    expect(calls('GET /crm/objects/2026-09/products')).toBe(1);
    expect(calls('POST /crm/associations/2026-09/deals/line_items/batch/read')).toBeGreaterThan(0);
    expect(calls('POST /crm/objects/2026-09/line_items/batch/read')).toBeGreaterThan(0);
    expect(calls('POST /crm/associations/2026-09/contacts/feedback_submissions/batch/read')).toBeGreaterThan(0);
    expect(calls('POST /crm/objects/2026-09/feedback_submissions/batch/read')).toBeGreaterThan(0);
    const after = world.keyline.gateway.apiCalls();
    const made = Object.keys(after).reduce((s, k) => s + (after[k] ?? 0) - (before[k] ?? 0), 0);
    expect(made).toBe(ledger.total);
    expect(Object.values(run.apiCalls).reduce((s, n) => s + n, 0)).toBe(ledger.total);
  });
});
