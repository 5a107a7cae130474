/**
 * Every sandbox endpoint, checked against HubSpot's OpenAPI specs: each request body we send must match the spec's
 * requestBody, and each answer (success, multi-status and error) must match the documented response schema.
 */
import { startSandbox, type Sandbox, OBJECT_TYPES, type ObjectType } from '../../sandbox';
import { ID_BASE, READ_ONLY_TYPES } from '../../sandbox/object-types';
import { KEYLINE_PROPERTIES, PROPERTY_GROUP } from '../../server/src/hubspot/keyline-properties';
import { validateRequest, validateResponse } from './openapi-validator';
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

/** Feedback submissions are read-only in HubSpot's API: every other type is written too. */
type WritableType = Exclude<ObjectType, 'feedback_submissions'>;
const WRITABLE_TYPES = OBJECT_TYPES.filter((t): t is WritableType => !READ_ONLY_TYPES.has(t));

const createBody: Record<WritableType, () => { properties: Record<string, string>; associations: unknown[] }> = {
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
  products: () => ({ properties: { name: 'Contract product', price: '120', recurringbillingfrequency: 'monthly' }, associations: [] }),
  line_items: () => ({
    properties: { name: 'Contract line', hs_product_id: firstId('products'), quantity: '2', price: '120', amount: '240' },
    associations: [{ to: { id: firstId('deals') }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 20 }] }],
  }),
};

const writableProperty: Record<WritableType, [string, string]> = {
  companies: ['country', 'Portugal'],
  contacts: ['jobtitle', 'VP Sales'],
  deals: ['amount', '7000'],
  calls: ['hs_call_status', 'NO_ANSWER'],
  emails: ['hs_email_subject', 'Re: Hi'],
  meetings: ['hs_meeting_outcome', 'NO_SHOW'],
  notes: ['hs_note_body', 'Edited'],
  tasks: ['hs_task_status', 'COMPLETED'],
  products: ['price', '130'],
  line_items: ['quantity', '3'],
};

describe.each(OBJECT_TYPES)('objects: %s', (type) => {
  const base = `/crm/objects/2026-09/${type}`;

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

  it('when batch reading found and missing ids, then 200, with the missing ones in its errors (2026-09 has no 207), matches the spec', async () => {
    const ok = await exchange(sb, 'POST', `${base}/batch/read`, { inputs: [{ id: firstId(type) }], properties: ['hs_object_id'], propertiesWithHistory: [] });
    expect(ok.status).toBe(200);
    const partial = await exchange(sb, 'POST', `${base}/batch/read`, { inputs: [{ id: firstId(type) }, { id: '42' }], properties: [], propertiesWithHistory: [] });
    expect(partial.status).toBe(200);
    expect(partial.body.numErrors).toBe(1);
    expect(partial.body.errors[0].context.ids).toEqual(['42']);
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

  it('when a batch is too large, then the 400 matches the Error schema', async () => {
    const tooMany = await exchange(sb, 'POST', `${base}/batch/read`, {
      inputs: Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) })),
      properties: [],
      propertiesWithHistory: [],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.category).toBe('VALIDATION_ERROR');
  });
});

describe.each(WRITABLE_TYPES)('objects: %s, written', (type) => {
  const base = `/crm/objects/2026-09/${type}`;

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

  it('when a batch names an unknown property, then the 400 matches the Error schema', async () => {
    const unknown = await exchange(sb, 'POST', `${base}/batch/update`, { inputs: [{ id: firstId(type), properties: { not_a_property: 'x' } }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('PROPERTY_DOESNT_EXIST');
  });
});

describe('feedback submissions: read-only', () => {
  const base = '/crm/objects/2026-09/feedback_submissions';
  const answer = () => String(ID_BASE.feedback_submissions + 1);

  it.each([
    ['POST', '', { properties: { hs_value: '10' } }],
    ['PATCH', '/{id}', { properties: { hs_value: '10' } }],
    ['DELETE', '/{id}', undefined],
    ['POST', '/batch/create', { inputs: [{ properties: { hs_value: '10' } }] }],
    ['POST', '/batch/update', { inputs: [{ id: '{id}', properties: { hs_value: '10' } }] }],
    ['POST', '/batch/archive', { inputs: [{ id: '{id}' }] }],
  ])('when %s %s is sent (no operation of the 2026-09 spec), then HubSpot’s Error shape answers it', async (method, suffix, body) => {
    const path = `${base}${suffix.replace('{id}', answer())}`;
    expect(() => validateRequest(method, path, body)).toThrow(/is not an operation/);
    const ex = await call(sb, method, path, body === undefined ? undefined : JSON.parse(JSON.stringify(body).replace('{id}', answer())));
    expect(ex.status).toBe(405);
    // The spec's documented error answer (every operation's `default`) is the Error schema.
    const v = validateResponse('GET', `${base}/${answer()}`, ex.status, ex.body);
    expect(v.errors).toBe('');
  });
});

describe('associations', () => {
  const pair = '/crm/associations/2026-09/companies/contacts';

  it('when a won deal’s line items and a contact’s survey answers are read in batch, then both answers match the spec', async () => {
    const o = sb.portfolio.outcomes;
    const deal = String(ID_BASE.deals + (o.lineItemDeal[0] as number) + 1);
    const lines = await exchange(sb, 'POST', '/crm/associations/2026-09/deals/line_items/batch/read', { inputs: [{ id: deal }, { id: '12345' }] });
    expect(lines.status).toBe(200);
    expect(lines.body.results[0].to[0].associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 19 }]);
    const contact = String(ID_BASE.contacts + (Array.from(o.feedbackContact).find((c) => c >= 0) as number) + 1);
    const answers = await exchange(sb, 'POST', '/crm/associations/2026-09/contacts/feedback_submissions/batch/read', { inputs: [{ id: contact }] });
    expect(answers.status).toBe(200);
    expect(answers.body.results[0].to[0].associationTypes).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 97 }]);
  });

  it('when batch reading, then 200 (ids without associations in its errors) matches the spec, labels included', async () => {
    const ok = await exchange(sb, 'POST', `${pair}/batch/read`, { inputs: [{ id: companyId() }] });
    expect(ok.status).toBe(200);
    expect(ok.body.results[0].to[0].associationTypes).toContainEqual({ category: 'HUBSPOT_DEFINED', typeId: 280 });
    const partial = await exchange(sb, 'POST', `${pair}/batch/read`, { inputs: [{ id: companyId() }, { id: '12345' }] });
    expect(partial.status).toBe(200);
    expect(partial.body.errors).toHaveLength(1);
  });

  it('when creating labelled, default and single associations, then each answer matches the spec', async () => {
    const contact = firstId('contacts');
    const company = sb.store.list('companies')[1]?.id as string;
    const labelled = await exchange(sb, 'POST', '/crm/associations/2026-09/contacts/companies/batch/create', {
      inputs: [{ from: { id: contact }, to: { id: company }, types: [{ associationCategory: 'USER_DEFINED', associationTypeId: 13 }] }],
    });
    expect(labelled.status).toBe(200);
    expect(labelled.body.results[0].labels).toEqual(['Champion']);
    const task = sb.store.create('tasks', { hs_timestamp: '2026-11-01T00:00:00.000Z', hs_task_subject: 'x' });
    const byDefault = await exchange(sb, 'POST', '/crm/associations/2026-09/tasks/companies/batch/associate/default', {
      inputs: [{ from: { id: task.id }, to: { id: company } }],
    });
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.results[0].associationSpec.associationTypeId).toBe(192);
    const single = await exchange(sb, 'PUT', `/crm/objects/2026-09/tasks/${task.id}/associations/default/contacts/${contact}`);
    expect(single.status).toBe(200);
    const read = await exchange(sb, 'POST', '/crm/associations/2026-09/tasks/contacts/batch/read', { inputs: [{ id: task.id }] });
    expect(read.body.results[0].to).toHaveLength(1);
    const removed = await exchange(sb, 'POST', '/crm/associations/2026-09/tasks/contacts/batch/archive', { inputs: [{ from: { id: task.id }, to: [{ id: contact }] }] });
    expect(removed.status).toBe(200);
  });
});

describe('properties and groups', () => {
  it('when Keyline creates its group and properties, then the requests and answers match the spec, and duplicates are 409', async () => {
    const group = await exchange(sb, 'POST', '/crm/properties/2026-09/companies/groups', { ...PROPERTY_GROUP });
    expect(group.status).toBe(201);
    const dupGroup = await exchange(sb, 'POST', '/crm/properties/2026-09/companies/groups', { ...PROPERTY_GROUP });
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
      const created = await exchange(sb, 'POST', '/crm/properties/2026-09/companies', body);
      expect(created.status).toBe(201);
    }
    const dup = await exchange(sb, 'POST', '/crm/properties/2026-09/companies', { name: 'keyline_score', label: 'x', type: 'number', fieldType: 'number', groupName: 'keyline' });
    expect(dup.status).toBe(409);
    const patched = await exchange(sb, 'PATCH', '/crm/properties/2026-09/companies/keyline_score', { label: 'Keyline score (0–100)' });
    expect(patched.body.label).toBe('Keyline score (0–100)');
  });

  it('when reading properties and groups, then every answer matches the spec', async () => {
    expect((await exchange(sb, 'GET', '/crm/properties/2026-09/contacts')).body.results.map((p: { name: string }) => p.name)).toContain('hs_buying_role');
    expect((await exchange(sb, 'GET', '/crm/properties/2026-09/contacts/hs_buying_role')).body.options).toHaveLength(9);
    expect((await exchange(sb, 'GET', '/crm/properties/2026-09/contacts/nope')).status).toBe(404);
    expect((await exchange(sb, 'GET', '/crm/properties/2026-09/deals/groups')).status).toBe(200);
    expect((await exchange(sb, 'GET', '/crm/properties/2026-09/deals/groups/dealinformation')).status).toBe(200);
  });

  it('when groups are patched and properties batch created (one name taken), then both 200s (the second with errors) match the spec', async () => {
    await exchange(sb, 'POST', '/crm/properties/2026-09/deals/groups', { name: 'keyline_deals', label: 'Keyline' });
    const patched = await exchange(sb, 'PATCH', '/crm/properties/2026-09/deals/groups/keyline_deals', { label: 'Keyline (deals)' });
    expect(patched.body.label).toBe('Keyline (deals)');
    const input = (name: string) => ({ name, label: name, type: 'string', fieldType: 'text', groupName: 'keyline_deals' });
    const first = await exchange(sb, 'POST', '/crm/properties/2026-09/deals/batch/create', { inputs: [input('keyline_a'), input('keyline_b')] });
    expect(first.status).toBe(200);
    const second = await exchange(sb, 'POST', '/crm/properties/2026-09/deals/batch/create', { inputs: [input('keyline_b'), input('keyline_c')] });
    expect(second.status).toBe(200);
    expect(second.body.results.map((p: { name: string }) => p.name)).toEqual(['keyline_c']);
    expect(second.body.errors[0].category).toBe('OBJECT_ALREADY_EXISTS');
  });
});

describe('owners, pipelines and lists', () => {
  it('when paging owners and reading one, then the answers match the spec', async () => {
    const page = await exchange(sb, 'GET', '/crm/owners/2026-09/?limit=2');
    expect(page.body.paging.next.after).toBe('2');
    const owner = await exchange(sb, 'GET', `/crm/owners/2026-09/${page.body.results[0].id}`);
    expect(owner.status).toBe(200);
  });

  it('when reading deal pipelines, then stages carry isClosed and probability as strings', async () => {
    const all = await exchange(sb, 'GET', '/crm/pipelines/2026-09/deals');
    expect(all.body.results).toHaveLength(2);
    expect(all.body.results[0].stages.find((s: { id: string }) => s.id === 'closedwon').metadata).toEqual({ isClosed: 'true', probability: '1' });
    expect((await exchange(sb, 'GET', '/crm/pipelines/2026-09/deals/default')).status).toBe(200);
    expect((await exchange(sb, 'GET', '/crm/pipelines/2026-09/deals/default/stages')).status).toBe(200);
  });

  it('when creating a list and fetching it by name, then the answers match the spec, and a second create is refused', async () => {
    const body = { name: 'Keyline · Tier 1', objectTypeId: '0-2', processingType: 'DYNAMIC', filterBranch: { filterBranchType: 'OR', filterBranchOperator: 'OR', filterBranches: [], filters: [] } };
    const created = await exchange(sb, 'POST', '/crm/lists/2026-09', body);
    expect(created.body.list.name).toBe('Keyline · Tier 1');
    const byName = await exchange(sb, 'GET', `/crm/lists/2026-09/object-type-id/0-2/name/${encodeURIComponent('keyline · tier 1')}`);
    expect(byName.body.list.listId).toBe(created.body.list.listId);
    expect((await exchange(sb, 'POST', '/crm/lists/2026-09', body)).status).toBe(409);
    expect((await exchange(sb, 'GET', '/crm/lists/2026-09/object-type-id/0-2/name/none')).status).toBe(404);
  });
});

describe('authentication', () => {
  it('when the token is missing or wrong, then 401 with an Error body', async () => {
    const wrong = await call(sb, 'GET', '/crm/objects/2026-09/companies', undefined, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.body.category).toBe('INVALID_AUTHENTICATION');
    expect(validateResponse('GET', '/crm/objects/2026-09/companies', 401, wrong.body)).toMatchObject({ valid: true });
    const res = await fetch(`${sb.baseUrl}/crm/objects/2026-09/companies`);
    expect(res.status).toBe(401);
  });
});

describe('the account', () => {
  it('when the token asks for its account details, then the portal id and time zone arrive in the 2026-09 shape', async () => {
    const details = await exchange(sb, 'GET', '/account-info/2026-09/details');
    expect(details.body.portalId).toBe(Number(sb.portalId));
    expect(details.body.timeZone).toBeTruthy();
  });
});

describe('write rules (enforced from 2026-09)', () => {
  afterEach(() => sb.setWriteRules([]));

  it('when a conditional required property is missing, then 2026-09 refuses the write with a 400 naming the property, and nothing is written', async () => {
    const [a] = sb.store.list('companies');
    const id = a?.id as string;
    sb.setWriteRules([{ kind: 'required', objectType: 'companies', property: 'domain', when: { property: 'country', equals: 'Iceland' }, message: 'Icelandic accounts need a domain' }]);
    sb.store.update('companies', id, { domain: '' });
    const refused = await exchange(sb, 'PATCH', `/crm/objects/2026-09/companies/${id}`, { properties: { country: 'Iceland' } });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ category: 'VALIDATION_ERROR', errors: [{ code: 'REQUIRED_PROPERTY', context: { propertyName: ['domain'] } }] });
    expect(refused.body.message).toContain('Icelandic accounts need a domain');
    expect(sb.store.get('companies', id)?.properties['country']).not.toBe('Iceland');
    const allowed = await exchange(sb, 'PATCH', `/crm/objects/2026-09/companies/${id}`, { properties: { country: 'Iceland', domain: 'fish.is' } });
    expect(allowed.status).toBe(200);
  });

  it('when one input of a batch update breaks a format rule, then the whole batch is refused (HubSpot validates every input first)', async () => {
    const [a, b] = sb.store.list('companies');
    sb.setWriteRules([{ kind: 'format', objectType: 'companies', property: 'domain', pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)+$' }]);
    const refused = await exchange(sb, 'POST', '/crm/objects/2026-09/companies/batch/update', {
      inputs: [
        { id: a?.id, properties: { domain: 'good.example' } },
        { id: b?.id, properties: { domain: 'not a domain' } },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ code: 'INVALID_FORMAT', context: { propertyName: ['domain'] } });
    expect(sb.store.get('companies', a?.id as string)?.properties['domain']).not.toBe('good.example');
  });

  it('when a required field of the Create Record form is missing, then 2026-09 refuses the create but not an update', async () => {
    sb.setWriteRules([{ kind: 'required', objectType: 'tasks', property: 'hs_task_priority', onCreateOnly: true }]);
    const refused = await exchange(sb, 'POST', '/crm/objects/2026-09/tasks', { properties: { hs_timestamp: '2026-11-01T00:00:00.000Z', hs_task_subject: 'x' }, associations: [] });
    expect(refused.status).toBe(400);
    const created = await exchange(sb, 'POST', '/crm/objects/2026-09/tasks', { properties: { hs_timestamp: '2026-11-01T00:00:00.000Z', hs_task_subject: 'x', hs_task_priority: 'LOW' }, associations: [] });
    expect(created.status).toBe(201);
    const updated = await exchange(sb, 'PATCH', `/crm/objects/2026-09/tasks/${created.body.id}`, { properties: { hs_task_subject: 'y' } });
    expect(updated.status).toBe(200);
  });
});

describe('the legacy paths', () => {
  it('when the sandbox runs without them (the default), then a v3 or v4 request is an unknown endpoint, counted as such', async () => {
    const res = await call(sb, 'GET', '/crm/v3/objects/companies');
    expect(res.status).toBe(404);
    expect(sb.ledger.snapshot().byEndpoint['GET (unknown) /crm/v3/objects/companies']?.calls).toBe(1);
    expect((await call(sb, 'POST', '/crm/v4/associations/companies/contacts/batch/read', { inputs: [] })).status).toBe(404);
  });

  it('when the sandbox serves them, then they answer as v3/v4 did (207 Multi-Status) and enforce no write rule', async () => {
    const legacy = await startSandbox({ size: 'XS', seed: 7, legacyPaths: true });
    try {
      const id = legacy.store.list('companies')[0]?.id as string;
      const partial = await exchange(legacy, 'POST', '/crm/v3/objects/companies/batch/read', { inputs: [{ id }, { id: '42' }], properties: [], propertiesWithHistory: [] });
      expect(partial.status).toBe(207);
      legacy.setWriteRules([{ kind: 'required', objectType: 'companies', property: 'name' }]);
      const written = await exchange(legacy, 'PATCH', `/crm/v3/objects/companies/${id}`, { properties: { name: '' } });
      expect(written.status).toBe(200);
      expect((await exchange(legacy, 'PATCH', `/crm/objects/2026-09/companies/${id}`, { properties: { name: '' } })).status).toBe(400);
    } finally {
      await legacy.close();
    }
  });
});
