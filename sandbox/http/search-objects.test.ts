import { call } from '../../test/contract/sandbox-http';
import { startSandbox, type Sandbox } from '../index';
import type { SandboxObject } from '../sandbox-store';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({
    size: 'S',
    seed: 5,
    asOf: new Date('2026-11-01T00:00:00Z'),
    clock: () => Date.parse('2026-11-02T09:00:00Z'),
    rateLimit: { searchPerSecond: 1_000_000, burstPer10s: 1_000_000 },
  });
});
afterAll(async () => {
  await sb.close();
});

type Filter = { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] };

async function searchIds(type: string, filterGroups: { filters: Filter[] }[], extra: Record<string, unknown> = {}): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined = '0';
  while (after !== undefined) {
    const res = await call(sb, 'POST', `/crm/objects/2026-09/${type}/search`, { filterGroups, properties: [], sorts: [], limit: 200, after, ...extra });
    expect(res.status).toBe(200);
    ids.push(...res.body.results.map((r: { id: string }) => r.id));
    after = res.body.paging?.next?.after;
  }
  return ids;
}

const companies = () => sb.store.list('companies');
const idsWhere = (rows: SandboxObject[], pred: (p: Record<string, string>) => boolean) => rows.filter((r) => pred(r.properties)).map((r) => r.id);
const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : NaN);

describe('search filters', () => {
  const cut = String(Date.parse('2026-06-01T00:00:00Z'));

  it.each<[string, Filter, (p: Record<string, string>) => boolean]>([
    ['EQ on an enumeration', { propertyName: 'industry', operator: 'EQ', value: 'RETAIL' }, (p) => p['industry'] === 'RETAIL'],
    ['NEQ (records without the value match)', { propertyName: 'industry', operator: 'NEQ', value: 'RETAIL' }, (p) => p['industry'] !== 'RETAIL'],
    ['IN', { propertyName: 'type', operator: 'IN', values: ['PARTNER', 'RESELLER'] }, (p) => p['type'] === 'PARTNER' || p['type'] === 'RESELLER'],
    ['NOT_IN', { propertyName: 'type', operator: 'NOT_IN', values: ['PARTNER', 'RESELLER'] }, (p) => p['type'] !== 'PARTNER' && p['type'] !== 'RESELLER'],
    ['HAS_PROPERTY', { propertyName: 'annualrevenue', operator: 'HAS_PROPERTY' }, (p) => !!p['annualrevenue']],
    ['NOT_HAS_PROPERTY', { propertyName: 'annualrevenue', operator: 'NOT_HAS_PROPERTY' }, (p) => !p['annualrevenue']],
    ['GT on a datetime (epoch ms)', { propertyName: 'hs_lastmodifieddate', operator: 'GT', value: cut }, (p) => ms(p['hs_lastmodifieddate']) > Number(cut)],
    ['LTE on a datetime (ISO)', { propertyName: 'notes_last_contacted', operator: 'LTE', value: '2026-06-01T00:00:00.000Z' }, (p) => ms(p['notes_last_contacted']) <= Number(cut)],
    ['BETWEEN on a number (junk never matches)', { propertyName: 'numberofemployees', operator: 'BETWEEN', value: '50', highValue: '500' }, (p) => Number(p['numberofemployees']) >= 50 && Number(p['numberofemployees']) <= 500 && p['numberofemployees'] !== ''],
    ['GTE on a number', { propertyName: 'annualrevenue', operator: 'GTE', value: '50000000' }, (p) => Number(p['annualrevenue']) >= 50_000_000],
    ['CONTAINS_TOKEN (case-insensitive word)', { propertyName: 'name', operator: 'CONTAINS_TOKEN', value: 'logistics' }, (p) => /(^|\s)logistics(\s|$)/i.test(p['name'] ?? '')],
  ])('when filtering with %s, then exactly the matching companies come back', async (_label, filter, pred) => {
    const got = await searchIds('companies', [{ filters: [filter] }]);
    const want = idsWhere(companies(), pred);
    expect(want.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });

  it('when two groups are given, then they are ORed and filters inside a group ANDed', async () => {
    const got = await searchIds('companies', [
      { filters: [{ propertyName: 'industry', operator: 'EQ', value: 'RETAIL' }, { propertyName: 'type', operator: 'EQ', value: 'PROSPECT' }] },
      { filters: [{ propertyName: 'hs_ideal_customer_profile', operator: 'EQ', value: 'tier_1' }] },
    ]);
    const want = idsWhere(companies(), (p) => (p['industry'] === 'RETAIL' && p['type'] === 'PROSPECT') || p['hs_ideal_customer_profile'] === 'tier_1');
    expect(got).toEqual(want);
  });

  it('when engagements are searched by several companies and a time window, then only theirs in the window come back', async () => {
    const group = companies().slice(0, 5).map((c) => c.id);
    const from = Date.parse('2026-01-01T00:00:00Z');
    const got = await searchIds('emails', [
      { filters: [{ propertyName: 'associations.company', operator: 'IN', values: group }, { propertyName: 'hs_timestamp', operator: 'GTE', value: String(from) }] },
    ]);
    const want = group
      .flatMap((c) => sb.store.associations('companies', c, 'emails').map((a) => a.toObjectId))
      .filter((id) => ms(sb.store.get('emails', id)?.properties['hs_timestamp']) >= from);
    expect([...got].sort()).toEqual([...new Set(want)].sort());
  });

  it('when keyset paging on hs_object_id, then windows join without gaps or repeats', async () => {
    const all: string[] = [];
    let last = '0';
    for (;;) {
      const res = await call(sb, 'POST', '/crm/objects/2026-09/contacts/search', {
        filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: last }] }],
        sorts: ['hs_object_id'],
        properties: [],
        limit: 200,
        after: '0',
      });
      const ids: string[] = res.body.results.map((r: { id: string }) => r.id);
      if (ids.length === 0) break;
      all.push(...ids);
      last = ids[ids.length - 1] as string;
    }
    expect(all).toEqual(sb.store.list('contacts').map((c) => c.id));
  });

  it('when a record changes after generation, then range searches see its new value, not the generated one', async () => {
    const company = companies()[3] as SandboxObject;
    const since = String(Date.parse('2026-11-01T12:00:00Z'));
    const before = await searchIds('companies', [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: since }] }]);
    expect(before).not.toContain(company.id);
    sb.store.update('companies', company.id, { country: 'Norway' });
    const created = sb.store.create('companies', { name: 'Fresh Co' });
    const after = await searchIds('companies', [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: since }] }]);
    expect(after).toEqual(expect.arrayContaining([company.id, created.id]));
  });

  it('when a query string is given, then names containing it match', async () => {
    const got = await searchIds('companies', [], { query: 'acme' });
    expect(got).toEqual(idsWhere(companies(), (p) => (p['name'] ?? '').toLowerCase().includes('acme') || (p['domain'] ?? '').includes('acme')));
  });
});

describe('search over tasks, as Keyline adopts its own', () => {
  it('when two filter groups (identity and not completed; identity and created since) are keyset-paged by id, then every matching task comes once, in id order', async () => {
    const since = Date.parse('2026-11-02T00:00:00Z');
    const made: string[] = [];
    for (let i = 0; i < 450; i += 1) {
      const props: Record<string, string> = { hs_task_subject: `t${i}`, hs_task_status: i % 3 === 0 ? 'COMPLETED' : 'NOT_STARTED' };
      if (i % 5 !== 0) props['keyline_task_key'] = `keyline:gap=${i}/touch_overdue`;
      // Two in three tasks were made before the day began; the rest today (the sandbox's clock).
      if (i % 3 !== 2) props['hs_createdate'] = new Date(since - 3_600_000).toISOString();
      made.push(sb.store.create('tasks', props).id);
    }
    const expected = sb.store
      .list('tasks')
      .filter((t) => !!t.properties['keyline_task_key'] && (t.properties['hs_task_status'] !== 'COMPLETED' || Date.parse(t.properties['hs_createdate'] ?? '') >= since))
      .map((t) => t.id);
    const ours = { propertyName: 'keyline_task_key', operator: 'HAS_PROPERTY' };
    const got: string[] = [];
    let lastId: string | null = null;
    for (;;) {
      const keyset = lastId === null ? [] : [{ propertyName: 'hs_object_id', operator: 'GT', value: lastId }];
      const res = await call(sb, 'POST', '/crm/objects/2026-09/tasks/search', {
        filterGroups: [
          { filters: [ours, { propertyName: 'hs_task_status', operator: 'NEQ', value: 'COMPLETED' }, ...keyset] },
          { filters: [ours, { propertyName: 'hs_createdate', operator: 'GTE', value: String(since) }, ...keyset] },
        ],
        sorts: ['hs_object_id'],
        properties: ['keyline_task_key', 'hs_task_status', 'hs_createdate'],
        limit: 200,
        after: '0',
      });
      expect(res.status).toBe(200);
      const ids = res.body.results.map((r: { id: string }) => r.id);
      got.push(...ids);
      if (res.body.paging?.next?.after === undefined || ids.length === 0) break;
      lastId = ids[ids.length - 1];
    }
    expect(got).toEqual(expected);
    expect(got.length).toBeGreaterThan(200);
    expect(made.filter((id) => got.includes(id)).length).toBe(expected.filter((id) => made.includes(id)).length);
  });
});
