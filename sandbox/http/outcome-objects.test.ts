/**
 * The sandbox's outcome objects (issue #15) on the endpoints Keyline calls: the product library listed and paged, line
 * items and survey answers read in batch, their associations read in batch, and survey answers refused to every write
 * (HubSpot's API only reads them).
 */
import { call } from '../../test/contract/sandbox-http';
import { startSandbox, type Sandbox } from '../index';
import { ID_BASE } from '../object-types';

const unlimited = { burstPer10s: 1_000_000, searchPerSecond: 1_000_000 };
const V = '/crm/objects/2026-09';
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ size: 'S', seed: 42, asOf: new Date('2026-11-01T00:00:00Z'), rateLimit: unlimited });
});
afterAll(async () => {
  await sb.close();
});

const ids = (body: { results: { id: string }[] }) => body.results.map((r) => r.id);

describe('products', () => {
  it('when the library is listed 3 a page, then every active product comes once, with its price and billing frequency, the deleted one only among the archived', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const res = await call(sb, 'GET', `${V}/products?limit=3&properties=name,price,recurringbillingfrequency${after ? `&after=${after}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res.body));
      after = res.body.paging?.next?.after;
      pages += 1;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(8);
    const platform = await call(sb, 'GET', `${V}/products/${ID_BASE.products + 1}?properties=name,price,recurringbillingfrequency`);
    expect(platform.body.properties).toMatchObject({ name: 'Platform licence', price: '24000', recurringbillingfrequency: 'annually' });
    const archived = await call(sb, 'GET', `${V}/products?archived=true&properties=name`);
    expect(archived.body.results.map((r: { properties: { name: string } }) => r.properties.name)).toEqual(['Legacy connector']);
  });
});

describe('line items', () => {
  it('when a won deal’s line items are found by association and batch read, then they carry product, amount and quantity', async () => {
    const wonDeal = sb.portfolio.outcomes.lineItemDeal[0] as number;
    const dealId = String(ID_BASE.deals + wonDeal + 1);
    const links = await call(sb, 'POST', '/crm/associations/2026-09/deals/line_items/batch/read', { inputs: [{ id: dealId }] });
    expect(links.status).toBe(200);
    const lineIds: string[] = links.body.results[0].to.map((t: { toObjectId: string }) => t.toObjectId);
    expect(lineIds.length).toBeGreaterThan(0);
    expect(links.body.results[0].to[0].associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 19 }]);
    const read = await call(sb, 'POST', `${V}/line_items/batch/read`, { inputs: lineIds.map((id) => ({ id })), properties: ['hs_product_id', 'amount', 'name', 'quantity'], propertiesWithHistory: [] });
    expect(read.status).toBe(200);
    expect(ids(read.body).sort()).toEqual([...lineIds].sort());
    for (const r of read.body.results) expect(r.properties).toEqual(expect.objectContaining({ amount: expect.any(String), name: expect.any(String), quantity: expect.any(String) }));
    const back = await call(sb, 'POST', '/crm/associations/2026-09/line_items/deals/batch/read', { inputs: [{ id: lineIds[0] }] });
    expect(back.body.results[0].to[0]).toMatchObject({ toObjectId: dealId, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 20 }] });
  });

  it('when a deal that was not won is asked for its line items, then HubSpot’s “none associated” error comes back inside the 200', async () => {
    const wonDeals = new Set(sb.portfolio.outcomes.lineItemDeal);
    const other = Array.from({ length: 50 }, (_, d) => d).find((d) => !wonDeals.has(d)) as number;
    const res = await call(sb, 'POST', '/crm/associations/2026-09/deals/line_items/batch/read', { inputs: [{ id: String(ID_BASE.deals + other + 1) }] });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([]);
    expect(res.body.errors[0].category).toBe('OBJECT_NOT_FOUND');
  });
});

describe('feedback submissions', () => {
  const answered = () => {
    const o = sb.portfolio.outcomes;
    const j = Array.from(o.feedbackContact).findIndex((c) => c >= 0);
    return { contactId: String(ID_BASE.contacts + (o.feedbackContact[j] as number) + 1), answerId: String(ID_BASE.feedback_submissions + j + 1) };
  };

  it('when a contact’s answers are found by association and batch read, then each carries its survey type, value and submission time', async () => {
    const { contactId, answerId } = answered();
    const links = await call(sb, 'POST', '/crm/associations/2026-09/contacts/feedback_submissions/batch/read', { inputs: [{ id: contactId }] });
    const answerIds: string[] = links.body.results[0].to.map((t: { toObjectId: string }) => t.toObjectId);
    expect(answerIds).toContain(answerId);
    expect(links.body.results[0].to[0].associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 97 }]);
    const read = await call(sb, 'POST', `${V}/feedback_submissions/batch/read`, {
      inputs: answerIds.map((id) => ({ id })),
      properties: ['hs_survey_type', 'hs_value', 'hs_submission_timestamp'],
      propertiesWithHistory: [],
    });
    expect(read.status).toBe(200);
    expect(read.body.results[0].properties).toEqual(
      expect.objectContaining({ hs_survey_type: expect.stringMatching(/^(NPS|CSAT|CES)$/), hs_submission_timestamp: expect.any(String) }),
    );
    const back = await call(sb, 'POST', '/crm/associations/2026-09/feedback_submissions/contacts/batch/read', { inputs: [{ id: answerId }] });
    expect(back.body.results[0].to[0]).toMatchObject({ toObjectId: contactId, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 98 }] });
  });

  it('when answers are listed 100 a page, then the pages hold every answer once', async () => {
    const seen = new Set<string>();
    let after: string | undefined;
    do {
      const res = await call(sb, 'GET', `${V}/feedback_submissions?limit=100${after ? `&after=${after}` : ''}`);
      for (const id of ids(res.body)) seen.add(id);
      after = res.body.paging?.next?.after;
    } while (after);
    expect(seen.size).toBe(sb.portfolio.counts.feedback_submissions);
  });

  it.each([
    ['POST', `${V}/feedback_submissions`, { properties: { hs_value: '10' } }],
    ['PATCH', `${V}/feedback_submissions/${ID_BASE.feedback_submissions + 1}`, { properties: { hs_value: '10' } }],
    ['DELETE', `${V}/feedback_submissions/${ID_BASE.feedback_submissions + 1}`, undefined],
    ['POST', `${V}/feedback_submissions/batch/create`, { inputs: [{ properties: { hs_value: '10' } }] }],
    ['POST', `${V}/feedback_submissions/batch/update`, { inputs: [{ id: String(ID_BASE.feedback_submissions + 1), properties: { hs_value: '10' } }] }],
    ['POST', `${V}/feedback_submissions/batch/archive`, { inputs: [{ id: String(ID_BASE.feedback_submissions + 1) }] }],
  ])('when %s %s is attempted, then HubSpot’s error answers and the answer is unchanged', async (method, path, body) => {
    const before = sb.store.get('feedback_submissions', ID_BASE.feedback_submissions + 1);
    const res = await call(sb, method, path, body);
    expect(res.status).toBe(405);
    expect(res.body).toEqual(expect.objectContaining({ status: 'error', category: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('read-only'), correlationId: expect.any(String) }));
    expect(sb.store.get('feedback_submissions', ID_BASE.feedback_submissions + 1)).toEqual(before);
  });
});
