import { call } from '../test/contract/sandbox-http';
import { startSandbox, type Sandbox } from './index';

const unlimited = { burstPer10s: 1_000_000, searchPerSecond: 1_000_000 };
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ size: 'S', seed: 42, asOf: new Date('2026-11-01T00:00:00Z'), rateLimit: unlimited });
});
afterAll(async () => {
  await sb.close();
});

describe('paging objects', () => {
  it('when following `after` with 100 per page, then every company comes exactly once, archived ones left out', async () => {
    const archivedId = sb.store.list('companies')[5]?.id as string;
    sb.store.archive('companies', archivedId);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const res = await call(sb, 'GET', `/crm/objects/2026-09/companies?limit=100${after ? `&after=${after}` : ''}`);
      seen.push(...res.body.results.map((r: { id: string }) => r.id));
      after = res.body.paging?.next?.after;
      pages += 1;
    } while (after);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(199);
    expect(new Set(seen).size).toBe(199);
    expect(seen).not.toContain(archivedId);
    const archived = await call(sb, 'GET', '/crm/objects/2026-09/companies?archived=true&limit=100');
    expect(archived.body.results.map((r: { id: string }) => r.id)).toEqual([archivedId]);
  });

  it('when asking for more than 100 per page, then 100 come back', async () => {
    const res = await call(sb, 'GET', '/crm/objects/2026-09/contacts?limit=500');
    expect(res.body.results).toHaveLength(100);
  });
});

describe('paging associations per record', () => {
  it('when a company has 1,203 contacts, then batch read pages that record by 500 with `after`, and the others are not paged', async () => {
    const company = sb.store.create('companies', { name: 'Big Account' });
    for (let i = 0; i < 1203; i++) sb.store.create('contacts', { firstname: `C${i}` }, [{ toType: 'companies', toId: company.id }]);
    const small = sb.store.list('companies')[0]?.id as string;
    const path = '/crm/associations/2026-09/companies/contacts/batch/read';
    const collected: string[] = [];
    let after: string | undefined;
    const sizes: number[] = [];
    do {
      const res = await call(sb, 'POST', path, { inputs: [{ id: company.id, ...(after ? { after } : {}) }, { id: small }] });
      expect(res.status).toBe(200);
      const big = res.body.results.find((r: { from: { id: string } }) => r.from.id === company.id);
      const other = res.body.results.find((r: { from: { id: string } }) => r.from.id === small);
      expect(other.paging).toBeUndefined();
      sizes.push(big.to.length);
      collected.push(...big.to.map((t: { toObjectId: string }) => t.toObjectId));
      after = big.paging?.next?.after;
    } while (after);
    expect(sizes).toEqual([500, 500, 203]);
    expect(new Set(collected).size).toBe(1203);
  });

  it('when more than 1,000 inputs are sent, then 400', async () => {
    const res = await call(sb, 'POST', '/crm/associations/2026-09/companies/deals/batch/read', { inputs: Array.from({ length: 1001 }, (_, i) => ({ id: String(i) })) });
    expect(res.status).toBe(400);
    expect(res.body.category).toBe('VALIDATION_ERROR');
  });
});

describe('search limits', () => {
  const searchBody = (extra: Record<string, unknown>) => ({ filterGroups: [], sorts: [], properties: [], limit: 10, after: '0', ...extra });

  it('when a search pages up to 10,000 results, then the next page past the cap is refused with 400', async () => {
    const big = await startSandbox({ size: 'M', seed: 42, asOf: new Date('2026-11-01T00:00:00Z'), rateLimit: unlimited });
    try {
      const last = await call(big, 'POST', '/crm/objects/2026-09/emails/search', searchBody({ limit: 200, after: '9800' }));
      expect(last.status).toBe(200);
      expect(last.body.total).toBeGreaterThan(10_000);
      expect(last.body.results).toHaveLength(200);
      expect(last.body.paging.next.after).toBe('10000');
      const past = await call(big, 'POST', '/crm/objects/2026-09/emails/search', searchBody({ limit: 200, after: '10000' }));
      expect(past.status).toBe(400);
      expect(past.body.category).toBe('VALIDATION_ERROR');
    } finally {
      await big.close();
    }
  });

  it('when limit is over 200, or filters exceed 5 groups, 6 per group or 18 in all, then 400', async () => {
    const f = { propertyName: 'name', operator: 'HAS_PROPERTY' };
    const cases = [
      searchBody({ limit: 201 }),
      searchBody({ filterGroups: Array.from({ length: 6 }, () => ({ filters: [f] })) }),
      searchBody({ filterGroups: [{ filters: Array.from({ length: 7 }, () => f) }] }),
      searchBody({ filterGroups: Array.from({ length: 4 }, () => ({ filters: Array.from({ length: 5 }, () => f) })) }),
    ];
    for (const body of cases) expect((await call(sb, 'POST', '/crm/objects/2026-09/companies/search', body)).status).toBe(400);
    const ok = searchBody({ filterGroups: Array.from({ length: 3 }, () => ({ filters: Array.from({ length: 6 }, () => f) })) });
    expect((await call(sb, 'POST', '/crm/objects/2026-09/companies/search', ok)).status).toBe(200);
  });

  it('when paging a sorted search, then pages join into the full ordered result', async () => {
    const body = (after: string) =>
      searchBody({
        filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(Date.parse('2026-01-01T00:00:00Z')) }] }],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
        properties: ['hs_lastmodifieddate'],
        limit: 50,
        after,
      });
    const all: { id: string; properties: { hs_lastmodifieddate: string } }[] = [];
    let after: string | undefined = '0';
    let total = 0;
    while (after !== undefined) {
      const res = await call(sb, 'POST', '/crm/objects/2026-09/companies/search', body(after));
      total = res.body.total;
      all.push(...res.body.results);
      after = res.body.paging?.next?.after;
    }
    expect(all).toHaveLength(total);
    const stamps = all.map((r) => Date.parse(r.properties.hs_lastmodifieddate));
    expect([...stamps].sort((a, b) => b - a)).toEqual(stamps);
    expect(stamps.every((s) => s >= Date.parse('2026-01-01T00:00:00Z'))).toBe(true);
  });
});
