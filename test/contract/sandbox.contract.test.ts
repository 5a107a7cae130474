/**
 * Every sandbox endpoint, checked against HubSpot's OpenAPI specs: each request body we send must match the spec's
 * requestBody, and each answer (success, multi-status and error) must match the documented response schema.
 */
import { startSandbox, type Sandbox, OBJECT_TYPES, type ObjectType } from '../../sandbox';
import { KEYLINE_PROPERTIES, PROPERTY_GROUP } from '../../server/src/hubspot/keyline-properties';
import { validateResponse } from './openapi-validator';
import { call, exchange } from './sandbox-http';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ size: 'XS', seed: 7, asOf: new Date('2026-11-01T00:00:00Z'), rateLimit: { burstPer10s: 100_000, searchPerSecond: 100_000 } });
});
afterAll(async () => {
  await sb.close();
});

const firstId = (type: ObjectType) => sb.store.list(type)[0]?.id as string;
const companyId = () => firstId('companies');

const createBody: Record<ObjectType, () => { properties: Record<string, string>; associations: unknown[] }> = {
  companies: () => ({ properties: { name: 'Contract Co', industry: 'RETAIL', annualrevenue: '1200000' }, associations: [] }),
  contacts: () => ({
    properties: { firstname: 'Ada', lastname: 'Lovelace', jobtitle: 'CTO', hs_buying_role: 'DECISION_MAKER;CHAMPION' },
    associations: [{ to: { id: companyId() }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 }] }],
  }),
  deals: () => ({
    properties: { dealname: 'Contract deal', amount: '5000', dealstage: 'closedwon', pipeline: 'default', closedate: '2026-10-01T00:00:00.000Z' },
    associations: [{ to: { id: companyId() }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 341 }] }],
  }),
  calls: () => ({
    properties: { hs_timestamp: '2026-10-30T10:00:00.000Z', hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND' },
    associations: [{ to: { id: companyId() }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 182 }] }],
  }),
  emails: () => ({
    properties: { hs_timestamp: '2026-10-30T10:00:00.000Z', hs_email_direction: 'EMAIL', hs_email_status: 'SENT', hs_email_subject: 'Hi' },
    associations: [{ to: { id: companyId() }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 186 }] }],
  }),
  meetings: () => ({
    properties: { hs_timestamp: '2026-10-30T10:00:00.000Z', hs_meeting_title: 'QBR', hs_meeting_outcome: 'COMPLETED' },
    associations: [{ to: { id: companyId() }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 188 }] }],
  }),
  notes: () => ({
    properties: { hs_timestamp: '2026-10-30T10:00:00.000Z', hs_note_body: 'Spoke to the CFO.' },
    associations: [{ to: { id: companyId() }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 190 }] }],
  }),
  tasks: () => ({
    properties: { hs_timestamp: '2026-11-01T00:00:00.000Z', hs_task_subject: 'Keyline · QBR overdue', hs_task_status: 'NOT_STARTED', hs_task_priority: 'HIGH' },
    associations: [{ to: { id: companyId() }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 }] }],
  }),
};

const writableProperty: Record<ObjectType, [string, string]> = {
  companies: ['country', 'Portugal'],
  contacts: ['jobtitle', 'VP Sales'],
  deals: ['amount', '7000'],
  calls: ['hs_call_status', 'NO_ANSWER'],
  emails: ['hs_email_subject', 'Re: Hi'],
  meetings: ['hs_meeting_outcome', 'NO_SHOW'],
  notes: ['hs_note_body', 'Edited'],
  tasks: ['hs_task_status', 'COMPLETED'],
};

describe.each(OBJECT_TYPES)('objects: %s', (type) => {
  const base = `/crm/v3/objects/${type}`;

  it('when listing with properties and associations, then the page and its cursor match the spec', async () => {
    const ex = await exchange(sb, 'GET', `${base}?limit=3&properties=hs_object_id,nonexistent_prop&associations=companies`);
    expect(ex.status).toBe(200);
    expect(ex.body.results.length).toBeGreaterThan(0);
    expect(ex.body.results[0].properties.nonexistent_prop).toBeUndefined();
  });

  it('when reading one record, and one that does not exist, then both answers match the spec', async () => {
    const one = await exchange(sb, 'GET', `${base}/${firstId(type)}`);
    expect(one.status).toBe(200);
    const missing = await exchange(sb, 'GET', `${base}/1`);
    expect(missing.status).toBe(404);
  });

  it('when creating, updating and archiving a record, then each answer matches the spec', async () => {
    const created = await exchange(sb, 'POST', base, createBody[type]());
    expect(created.status).toBe(201);
    const [prop, value] = writableProperty[type];
    const updated = await exchange(sb, 'PATCH', `${base}/${created.body.id}`, { properties: { [prop]: value } });
    expect(updated.status).toBe(200);
    expect(updated.body.properties[prop]).toBe(value);
    const archived = await exchange(sb, 'DELETE', `${base}/${created.body.id}`);
    expect(archived.status).toBe(204);
  });

  it('when batch reading found and missing ids, then 200 and 207 (with errors) match the spec', async () => {
    const ok = await exchange(sb, 'POST', `${base}/batch/read`, { inputs: [{ id: firstId(type) }], properties: ['hs_object_id'], propertiesWithHistory: [] });
    expect(ok.status).toBe(200);
    const partial = await exchange(sb, 'POST', `${base}/batch/read`, { inputs: [{ id: firstId(type) }, { id: '42' }], properties: [], propertiesWithHistory: [] });
    expect(partial.status).toBe(207);
    expect(partial.body.errors[0].context.ids).toEqual(['42']);
  });

  it('when batch creating, updating and archiving, then the answers match the spec', async () => {
    const body = createBody[type]();
    const created = await exchange(sb, 'POST', `${base}/batch/create`, { inputs: [body, body] });
    expect(created.status).toBe(201);
    const ids: string[] = created.body.results.map((r: { id: string }) => r.id);
    const [prop, value] = writableProperty[type];
    const updated = await exchange(sb, 'POST', `${base}/batch/update`, { inputs: ids.map((id) => ({ id, properties: { [prop]: value } })) });
    expect(updated.status).toBe(200);
    const archived = await exchange(sb, 'POST', `${base}/batch/archive`, { inputs: ids.map((id) => ({ id })) });
    expect(archived.status).toBe(204);
  });

  it('when searching, then the page with its total matches the spec', async () => {
    const ex = await exchange(sb, 'POST', `${base}/search`, {
      filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'HAS_PROPERTY' }] }],
      sorts: ['hs_object_id'],
      properties: ['hs_object_id'],
      limit: 2,
      after: '0',
    });
    expect(ex.status).toBe(200);
    expect(ex.body.total).toBeGreaterThan(0);
  });

  it('when a batch is too large or names an unknown property, then the 400 matches the Error schema', async () => {
    const tooMany = await exchange(sb, 'POST', `${base}/batch/read`, {
      inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) })),
      properties: [],
      propertiesWithHistory: [],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.category).toBe('VALIDATION_ERROR');
    const unknown = await exchange(sb, 'POST', `${base}/batch/update`, { inputs: [{ id: firstId(type), properties: { not_a_property: 'x' } }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('PROPERTY_DOESNT_EXIST');
  });
});

describe('associations v4', () => {
  const v4 = '/crm/v4/associations/companies/contacts';

  it('when batch reading, then 200 (and 207 for ids without associations) match the spec, labels included', async () => {
    const ok = await exchange(sb, 'POST', `${v4}/batch/read`, { inputs: [{ id: companyId() }] });
    expect(ok.status).toBe(200);
    expect(ok.body.results[0].to[0].associationTypes).toContainEqual({ category: 'HUBSPOT_DEFINED', typeId: 280 });
    const partial = await exchange(sb, 'POST', `${v4}/batch/read`, { inputs: [{ id: companyId() }, { id: '12345' }] });
    expect(partial.status).toBe(207);
    expect(partial.body.errors).toHaveLength(1);
  });

  it('when creating labelled, default and single associations, then each answer matches the spec', async () => {
    const contact = firstId('contacts');
    const company = sb.store.list('companies')[1]?.id as string;
    const labelled = await exchange(sb, 'POST', '/crm/v4/associations/contacts/companies/batch/create', {
      inputs: [{ from: { id: contact }, to: { id: company }, types: [{ associationCategory: 'USER_DEFINED', associationTypeId: 13 }] }],
    });
    expect(labelled.status).toBe(201);
    expect(labelled.body.results[0].labels).toEqual(['Champion']);
    const task = sb.store.create('tasks', { hs_timestamp: '2026-11-01T00:00:00.000Z', hs_task_subject: 'x' });
    const byDefault = await exchange(sb, 'POST', '/crm/v4/associations/tasks/companies/batch/associate/default', {
      inputs: [{ from: { id: task.id }, to: { id: company } }],
    });
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.results[0].associationSpec.associationTypeId).toBe(192);
    const single = await exchange(sb, 'PUT', `/crm/v4/objects/tasks/${task.id}/associations/default/contacts/${contact}`);
    expect(single.status).toBe(200);
    const perRecord = await exchange(sb, 'GET', `/crm/v4/objects/tasks/${task.id}/associations/contacts`);
    expect(perRecord.body.results).toHaveLength(1);
    const removed = await exchange(sb, 'POST', '/crm/v4/associations/tasks/contacts/batch/archive', { inputs: [{ from: { id: task.id }, to: [{ id: contact }] }] });
    expect(removed.status).toBe(204);
  });
});

describe('properties and groups', () => {
  it('when Keyline creates its group and properties, then the requests and answers match the spec, and duplicates are 409', async () => {
    const group = await exchange(sb, 'POST', '/crm/v3/properties/companies/groups', { ...PROPERTY_GROUP });
    expect(group.status).toBe(201);
    const dupGroup = await exchange(sb, 'POST', '/crm/v3/properties/companies/groups', { ...PROPERTY_GROUP });
    expect(dupGroup.status).toBe(409);
    for (const p of KEYLINE_PROPERTIES) {
      const body = {
        name: p.name,
        label: p.label,
        description: p.description,
        type: p.type,
        fieldType: p.fieldType,
        groupName: PROPERTY_GROUP.name,
        ...('options' in p ? { options: p.options.map((o, i) => ({ ...o, displayOrder: i, hidden: false })) } : {}),
      };
      const created = await exchange(sb, 'POST', '/crm/v3/properties/companies', body);
      expect(created.status).toBe(201);
    }
    const dup = await exchange(sb, 'POST', '/crm/v3/properties/companies', { name: 'keyline_score', label: 'x', type: 'number', fieldType: 'number', groupName: 'keyline' });
    expect(dup.status).toBe(409);
    const patched = await exchange(sb, 'PATCH', '/crm/v3/properties/companies/keyline_score', { label: 'Keyline score (0–100)' });
    expect(patched.body.label).toBe('Keyline score (0–100)');
  });

  it('when reading properties and groups, then every answer matches the spec', async () => {
    expect((await exchange(sb, 'GET', '/crm/v3/properties/contacts')).body.results.map((p: { name: string }) => p.name)).toContain('hs_buying_role');
    expect((await exchange(sb, 'GET', '/crm/v3/properties/contacts/hs_buying_role')).body.options).toHaveLength(9);
    expect((await exchange(sb, 'GET', '/crm/v3/properties/contacts/nope')).status).toBe(404);
    expect((await exchange(sb, 'GET', '/crm/v3/properties/deals/groups')).status).toBe(200);
    expect((await exchange(sb, 'GET', '/crm/v3/properties/deals/groups/dealinformation')).status).toBe(200);
  });

  it('when groups are patched and properties batch created (one name taken), then 200 and 207 match the spec', async () => {
    await exchange(sb, 'POST', '/crm/v3/properties/deals/groups', { name: 'keyline_deals', label: 'Keyline' });
    const patched = await exchange(sb, 'PATCH', '/crm/v3/properties/deals/groups/keyline_deals', { label: 'Keyline (deals)' });
    expect(patched.body.label).toBe('Keyline (deals)');
    const input = (name: string) => ({ name, label: name, type: 'string', fieldType: 'text', groupName: 'keyline_deals' });
    const first = await exchange(sb, 'POST', '/crm/v3/properties/deals/batch/create', { inputs: [input('keyline_a'), input('keyline_b')] });
    expect(first.status).toBe(201);
    const second = await exchange(sb, 'POST', '/crm/v3/properties/deals/batch/create', { inputs: [input('keyline_b'), input('keyline_c')] });
    expect(second.status).toBe(207);
    expect(second.body.results.map((p: { name: string }) => p.name)).toEqual(['keyline_c']);
    expect(second.body.errors[0].category).toBe('OBJECT_ALREADY_EXISTS');
  });
});

describe('owners, pipelines and lists', () => {
  it('when paging owners and reading one, then the answers match the spec', async () => {
    const page = await exchange(sb, 'GET', '/crm/v3/owners/?limit=2');
    expect(page.body.paging.next.after).toBe('2');
    const owner = await exchange(sb, 'GET', `/crm/v3/owners/${page.body.results[0].id}`);
    expect(owner.status).toBe(200);
  });

  it('when reading deal pipelines, then stages carry isClosed and probability as strings', async () => {
    const all = await exchange(sb, 'GET', '/crm/v3/pipelines/deals');
    expect(all.body.results).toHaveLength(2);
    expect(all.body.results[0].stages.find((s: { id: string }) => s.id === 'closedwon').metadata).toEqual({ isClosed: 'true', probability: '1' });
    expect((await exchange(sb, 'GET', '/crm/v3/pipelines/deals/default')).status).toBe(200);
    expect((await exchange(sb, 'GET', '/crm/v3/pipelines/deals/default/stages')).status).toBe(200);
  });

  it('when creating a list and fetching it by name, then the answers match the spec, and a second create is refused', async () => {
    const body = { name: 'Keyline · Tier 1', objectTypeId: '0-2', processingType: 'DYNAMIC', filterBranch: { filterBranchType: 'OR', filterBranchOperator: 'OR', filterBranches: [], filters: [] } };
    const created = await exchange(sb, 'POST', '/crm/v3/lists', body);
    expect(created.body.list.name).toBe('Keyline · Tier 1');
    const byName = await exchange(sb, 'GET', `/crm/v3/lists/object-type-id/0-2/name/${encodeURIComponent('keyline · tier 1')}`);
    expect(byName.body.list.listId).toBe(created.body.list.listId);
    expect((await exchange(sb, 'POST', '/crm/v3/lists', body)).status).toBe(409);
    expect((await exchange(sb, 'GET', '/crm/v3/lists/object-type-id/0-2/name/none')).status).toBe(404);
  });
});

describe('authentication', () => {
  it('when the token is missing or wrong, then 401 with an Error body', async () => {
    const wrong = await call(sb, 'GET', '/crm/v3/objects/companies', undefined, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.body.category).toBe('INVALID_AUTHENTICATION');
    expect(validateResponse('GET', '/crm/v3/objects/companies', 401, wrong.body)).toMatchObject({ valid: true });
    const res = await fetch(`${sb.baseUrl}/crm/v3/objects/companies`);
    expect(res.status).toBe(401);
  });
});
