/**
 * The sandbox's limits and faults, checked against HubSpot's OpenAPI specs: every error it answers (429 burst and
 * search, 400 past the search cap, 5xx, 423) and every multi-status batch must have the shape HubSpot documents, so that
 * Keyline's error handling is tested against what HubSpot really sends. (The behaviour itself is tested in sandbox/.)
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import { validateResponse } from './openapi-validator';
import { call } from './sandbox-http';

const asOf = new Date('2026-11-01T00:00:00Z');

function expectMatchesSpec(method: string, path: string, status: number, body: unknown) {
  const result = validateResponse(method, path, status, body);
  if (!result.valid) throw new Error(`${status} of ${method} ${path} does not match the spec:\n${result.errors}`);
}

describe('limits', () => {
  it('when the burst limit and the search limit are met, then both 429 bodies match the spec', async () => {
    let now = Date.parse('2026-11-02T09:00:00Z');
    const sb = await startSandbox({ size: 'XS', asOf, rateLimit: { burstPer10s: 2, searchPerSecond: 1 }, clock: () => now });
    try {
      const searchBody = { filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' };
      expect((await call(sb, 'POST', '/crm/objects/2026-09/companies/search', searchBody)).status).toBe(200);
      const searchLimited = await call(sb, 'POST', '/crm/objects/2026-09/companies/search', searchBody);
      expect(searchLimited.status).toBe(429);
      expectMatchesSpec('POST', '/crm/objects/2026-09/companies/search', 429, searchLimited.body);

      await call(sb, 'GET', '/crm/owners/2026-09');
      await call(sb, 'GET', '/crm/owners/2026-09');
      const burstLimited = await call(sb, 'GET', '/crm/objects/2026-09/companies');
      expect(burstLimited.status).toBe(429);
      expectMatchesSpec('GET', '/crm/objects/2026-09/companies', 429, burstLimited.body);
      now += 10_000;
    } finally {
      await sb.close();
    }
  });

  it('when a search pages past 10,000 results, then the 400 matches the spec', async () => {
    const sb = await startSandbox({ size: 'XS', asOf, rateLimit: { burstPer10s: 100_000, searchPerSecond: 100_000 } });
    try {
      const past = await call(sb, 'POST', '/crm/objects/2026-09/emails/search', { filterGroups: [], sorts: [], properties: [], limit: 200, after: '10000' });
      expect(past.status).toBe(400);
      expectMatchesSpec('POST', '/crm/objects/2026-09/emails/search', 400, past.body);
    } finally {
      await sb.close();
    }
  });
});

describe('faults', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ size: 'XS', asOf, rateLimit: { burstPer10s: 100_000, searchPerSecond: 100_000 } });
  });
  afterAll(async () => {
    await sb.close();
  });
  beforeEach(() => sb.setFaults({}));

  it('when HubSpot fails with 500, 502 or 503, then each error body matches the spec', async () => {
    sb.setFaults({ errorRate: 1, seed: 5 });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const res = await call(sb, 'GET', '/crm/objects/2026-09/companies');
      statuses.add(res.status);
      expectMatchesSpec('GET', '/crm/objects/2026-09/companies', res.status, res.body);
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
  });

  it('when a record is locked, then the 423 matches the spec', async () => {
    sb.setFaults({ lockRate: 1 });
    const id = sb.store.list('companies')[0]?.id as string;
    const locked = await call(sb, 'PATCH', `/crm/objects/2026-09/companies/${id}`, { properties: { country: 'Chile' } });
    expect(locked.status).toBe(423);
    expectMatchesSpec('PATCH', `/crm/objects/2026-09/companies/${id}`, 423, locked.body);
  });

  it('when a batch read partly fails, then the 200 with its per-input errors matches the spec', async () => {
    sb.setFaults({ partialBatchFailureRate: 0.3, seed: 11 });
    const inputs = sb.store.list('contacts').slice(0, 40).map((o) => ({ id: o.id }));
    const res = await call(sb, 'POST', '/crm/objects/2026-09/contacts/batch/read', { inputs, properties: ['firstname'], propertiesWithHistory: [] });
    expect(res.status).toBe(200);
    expect(res.body.numErrors).toBeGreaterThan(0);
    expectMatchesSpec('POST', '/crm/objects/2026-09/contacts/batch/read', 200, res.body);
  });

  it('when a record’s associations are paged, then each page matches the spec', async () => {
    const company = sb.store.create('companies', { name: 'Big Account' });
    for (let i = 0; i < 520; i++) sb.store.create('contacts', { firstname: `C${i}` }, [{ toType: 'companies', toId: company.id }]);
    const path = '/crm/associations/2026-09/companies/contacts/batch/read';
    let after: string | undefined;
    let pages = 0;
    do {
      const res = await call(sb, 'POST', path, { inputs: [{ id: company.id, ...(after ? { after } : {}) }] });
      expect(res.status).toBe(200);
      expectMatchesSpec('POST', path, 200, res.body);
      after = res.body.results[0]?.paging?.next?.after;
      pages++;
    } while (after);
    expect(pages).toBe(2);
  });
});
