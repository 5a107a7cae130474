/**
 * @hubspot/api-client 13.5 pointed at the sandbox (basePath): its calls work, results deserialize, and HubSpot's
 * errors surface as the SDK's exceptions. The SDK calls the legacy v3/v4 paths, so this sandbox serves them
 * (`legacyPaths`); Keyline itself calls the 2026-09 paths (server/src/hubspot/api-version.ts).
 */
import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/companies';
import { startSandbox, type Sandbox } from '../../sandbox';
import { KEYLINE_PROPERTIES, PROPERTY_GROUP } from '../../server/src/hubspot/keyline-properties';

let sb: Sandbox;
let hs: Client;

beforeAll(async () => {
  sb = await startSandbox({ size: 'XS', seed: 3, asOf: new Date('2026-11-01T00:00:00Z'), legacyPaths: true });
  hs = new Client({ accessToken: sb.token, basePath: sb.baseUrl, numberOfApiCallRetries: 1 });
});
afterAll(async () => {
  await sb.close();
});

const companyIds = () => sb.store.list('companies').map((c) => c.id);

describe('@hubspot/api-client against the sandbox', () => {
  it('when paging companies with basicApi.getPage, then every company arrives once', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await hs.crm.companies.basicApi.getPage(7, after, ['name', 'hubspot_owner_id', 'annualrevenue']);
      seen.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
    } while (after);
    expect(seen).toEqual(companyIds());
  });

  it('when batch reading and updating companies, then values round-trip', async () => {
    await hs.crm.properties.groupsApi.create('companies', { ...PROPERTY_GROUP });
    for (const p of KEYLINE_PROPERTIES) {
      await hs.crm.properties.coreApi.create('companies', {
        name: p.name,
        label: p.label,
        description: p.description,
        type: p.type as never,
        fieldType: p.fieldType as never,
        groupName: PROPERTY_GROUP.name,
        ...('options' in p ? { options: p.options.map((o, i) => ({ ...o, displayOrder: i, hidden: false })) } : {}),
      });
    }
    const [a, b] = companyIds();
    const read = await hs.crm.companies.batchApi.read({ inputs: [{ id: a as string }, { id: b as string }], properties: ['name', 'keyline_tier'], propertiesWithHistory: [] });
    expect(read.results).toHaveLength(2);
    const updated = await hs.crm.companies.batchApi.update({
      inputs: [{ id: a as string, properties: { keyline_tier: 'tier_1', keyline_score: '81.5', keyline_last_touch: '2026-10-20' } }],
    });
    expect(updated.results[0]?.properties['keyline_tier']).toBe('tier_1');
    expect(sb.store.get('companies', a as string)?.properties['keyline_last_touch']).toBe('2026-10-20');
  });

  it('when a write carries an invalid option, then the SDK throws with HubSpot’s 400 body', async () => {
    await expect(
      hs.crm.companies.batchApi.update({ inputs: [{ id: companyIds()[0] as string, properties: { keyline_tier: 'tier_9' } }] }),
    ).rejects.toMatchObject({ code: 400, body: expect.objectContaining({ category: 'VALIDATION_ERROR' }) });
  });

  it('when searching calls by company with searchApi.doSearch, then results and total arrive', async () => {
    const company = companyIds()[0] as string;
    const res = await hs.crm.objects.calls.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'associations.company', operator: FilterOperatorEnum.Eq, value: company }] }],
      sorts: ['-hs_timestamp'],
      properties: ['hs_timestamp', 'hs_call_status'],
      limit: 200,
      after: '0',
    });
    expect(res.total).toBe(sb.store.associations('companies', company, 'calls').length);
    const companies = await hs.crm.companies.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: FilterOperatorEnum.Gte, value: '0' }] }],
      sorts: ['hs_lastmodifieddate'],
      properties: ['name'],
      limit: 5,
      after: '0',
    });
    expect(companies.results).toHaveLength(5);
  });

  it('when batch reading engagements of every kind, then each batchApi.read works', async () => {
    for (const kind of ['calls', 'emails', 'meetings', 'tasks'] as const) {
      const company = companyIds().find((id) => sb.store.associations('companies', id, kind).length > 0) as string;
      const ids = sb.store.associations('companies', company, kind).map((a) => ({ id: a.toObjectId }));
      expect(ids.length).toBeGreaterThan(0);
      const res = await hs.crm.objects[kind].batchApi.read({ inputs: ids.slice(0, 100), properties: ['hs_timestamp'], propertiesWithHistory: [] });
      expect(res.results.length).toBe(Math.min(100, ids.length));
    }
  });

  it('when reading associations with v4 batchApi.getPage, then labels and per-record results arrive', async () => {
    const res = await hs.crm.associations.v4.batchApi.getPage('companies', 'contacts', { inputs: companyIds().map((id) => ({ id })) });
    expect(res.results.length).toBeGreaterThan(0);
    const types = res.results.flatMap((r) => r.to.flatMap((t) => t.associationTypes.map((x) => x.typeId)));
    expect(types).toContain(280);
  });

  it('when reading properties, groups, owners and pipelines, then the SDK models fill in', async () => {
    const props = await hs.crm.properties.coreApi.getAll('contacts');
    expect(props.results.find((p) => p.name === 'hs_buying_role')?.options).toHaveLength(9);
    const one = await hs.crm.properties.coreApi.getByName('companies', 'keyline_tier');
    expect(one.options.map((o) => o.value)).toEqual(['tier_1', 'tier_2', 'tier_3']);
    const groups = await hs.crm.properties.groupsApi.getAll('companies');
    expect(groups.results.map((g) => g.name)).toContain('keyline');
    const owners = await hs.crm.owners.ownersApi.getPage(undefined, undefined, 100);
    expect(owners.results).toHaveLength(sb.portfolio.owners.length);
    const pipelines = await hs.crm.pipelines.pipelinesApi.getAll('deals');
    expect(pipelines.results.flatMap((p) => p.stages).find((s) => s.id === 'closedlost')?.metadata).toEqual({ isClosed: 'true', probability: '0' });
  });

  it('when setup runs through groupsApi.update, properties batchApi.create and the lists API, then each works', async () => {
    const group = await hs.crm.properties.groupsApi.update('companies', PROPERTY_GROUP.name, { label: 'Keyline (renamed)' });
    expect(group.label).toBe('Keyline (renamed)');
    const batch = await hs.crm.properties.batchApi.create('companies', {
      inputs: [{ name: 'keyline_extra', label: 'Extra', type: 'string' as never, fieldType: 'text' as never, groupName: PROPERTY_GROUP.name }],
    });
    expect(batch.results.map((p) => p.name)).toEqual(['keyline_extra']);
    const created = await hs.crm.lists.listsApi.create({ name: 'Keyline · Near-miss', objectTypeId: '0-2', processingType: 'DYNAMIC' });
    const found = await hs.crm.lists.listsApi.getByName('Keyline · Near-miss', '0-2', false);
    expect(found.list.listId).toBe(created.list.listId);
    await expect(hs.crm.lists.listsApi.getByName('missing', '0-2', false)).rejects.toMatchObject({ code: 404 });
  });

  it('when creating and completing tasks with tasks batchApi, then they are associated with the company', async () => {
    const company = companyIds()[1] as string;
    const owner = sb.portfolio.owners[0]?.id as string;
    const created = await hs.crm.objects.tasks.batchApi.create({
      inputs: [
        {
          properties: { hs_timestamp: '2026-11-01T00:00:00.000Z', hs_task_subject: 'Keyline · Touch overdue', hs_task_status: 'NOT_STARTED', hubspot_owner_id: owner },
          associations: [{ to: { id: company }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 192 }] }],
        },
      ],
    });
    const taskId = created.results[0]?.id as string;
    expect(sb.store.associations('tasks', taskId, 'companies').map((a) => a.toObjectId)).toEqual([company]);
    const done = await hs.crm.objects.tasks.batchApi.update({ inputs: [{ id: taskId, properties: { hs_task_status: 'COMPLETED' } }] });
    expect(done.results[0]?.properties['hs_task_status']).toBe('COMPLETED');
  });
});

describe('the SDK’s retry decorator against the sandbox’s 429s', () => {
  it('when a search meets the SECONDLY limit, then the SDK waits and retries on its own; a DAILY 429 is not retried', async () => {
    const limited = await startSandbox({ size: 'XS', seed: 3, asOf: new Date('2026-11-01T00:00:00Z'), rateLimit: { searchPerSecond: 1, daily: 3 }, legacyPaths: true });
    const errorLog = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const client = new Client({ accessToken: limited.token, basePath: limited.baseUrl, numberOfApiCallRetries: 2 });
      const body = { filterGroups: [], properties: ['name'], limit: 1, after: '0', sorts: [] };
      await client.crm.companies.searchApi.doSearch(body);
      const second = await client.crm.companies.searchApi.doSearch(body);
      expect(second.results).toHaveLength(1);
      const searches = limited.ledger.snapshot().byEndpoint['POST /crm/v3/objects/companies/search'];
      expect(searches).toMatchObject({ calls: 3, rateLimited: 1 });
      await client.crm.owners.ownersApi.getPage();
      await expect(client.crm.owners.ownersApi.getPage()).rejects.toMatchObject({ code: 429, body: expect.objectContaining({ policyName: 'DAILY' }) });
      expect(limited.ledger.calls('GET /crm/v3/owners')).toBe(2);
    } finally {
      errorLog.mockRestore();
      await limited.close();
    }
  });
});
