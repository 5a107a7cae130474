import { call } from '../../test/contract/sandbox-http';
import { startSandbox, type Sandbox } from '../index';

let sb: Sandbox;
let company: string;

beforeAll(async () => {
  sb = await startSandbox({ size: 'XS', asOf: new Date('2026-11-01T00:00:00Z'), rateLimit: { burstPer10s: 100_000 } });
  company = sb.store.list('companies')[0]!.id;
  await call(sb, 'POST', '/crm/properties/2026-09/companies/groups', { name: 'keyline', label: 'Keyline' });
  for (const body of [
    { name: 'keyline_tier', label: 'Tier', type: 'enumeration', fieldType: 'select', groupName: 'keyline', options: ['tier_1', 'tier_2', 'tier_3'].map((v) => ({ label: v, value: v, hidden: false })) },
    { name: 'keyline_missing_roles', label: 'Roles', type: 'enumeration', fieldType: 'checkbox', groupName: 'keyline', options: ['CHAMPION', 'DECISION_MAKER'].map((v) => ({ label: v, value: v, hidden: false })) },
    { name: 'keyline_near_miss', label: 'Near', type: 'bool', fieldType: 'booleancheckbox', groupName: 'keyline', options: [{ label: 'Yes', value: 'true', hidden: false }, { label: 'No', value: 'false', hidden: false }] },
    { name: 'keyline_last_touch', label: 'Touch', type: 'date', fieldType: 'date', groupName: 'keyline' },
    { name: 'keyline_score', label: 'Score', type: 'number', fieldType: 'number', groupName: 'keyline' },
  ]) {
    expect((await call(sb, 'POST', '/crm/properties/2026-09/companies', body)).status).toBe(201);
  }
});
afterAll(async () => {
  await sb.close();
});

const patch = (properties: Record<string, unknown>) => call(sb, 'PATCH', `/crm/objects/2026-09/companies/${company}`, { properties });

describe('property values on write', () => {
  it.each([
    [{ keyline_nope: 'x' }, 'PROPERTY_DOESNT_EXIST'],
    [{ keyline_tier: 'tier_9' }, 'INVALID_OPTION'],
    [{ keyline_missing_roles: 'CHAMPION;WIZARD' }, 'INVALID_OPTION'],
    [{ keyline_near_miss: 'yes' }, 'INVALID_BOOLEAN'],
    [{ keyline_last_touch: '2026-10-20T13:00:00Z' }, 'INVALID_DATE'],
    [{ keyline_score: 'eighty' }, 'INVALID_FLOAT'],
    [{ hs_object_id: '5' }, 'READ_ONLY_VALUE'],
  ])('when writing %j, then 400 VALIDATION_ERROR naming %s, and nothing is written', async (properties, code) => {
    const before = sb.store.get('companies', company)!.properties;
    const res = await patch(properties);
    expect(res.status).toBe(400);
    expect(res.body.category).toBe('VALIDATION_ERROR');
    expect(res.body.message).toContain(code);
    expect(res.body.errors[0].code).toBe(code);
    expect(sb.store.get('companies', company)!.properties).toEqual(before);
  });

  it('when values are valid, then they are stored as HubSpot stores them (dates as YYYY-MM-DD, multi-selects with ;)', async () => {
    const res = await patch({ keyline_tier: 'tier_2', keyline_missing_roles: 'CHAMPION;DECISION_MAKER', keyline_near_miss: 'true', keyline_last_touch: String(Date.parse('2026-10-20T00:00:00Z')), keyline_score: 64.5 });
    expect(res.status).toBe(200);
    expect(res.body.properties).toMatchObject({ keyline_tier: 'tier_2', keyline_missing_roles: 'CHAMPION;DECISION_MAKER', keyline_near_miss: 'true', keyline_last_touch: '2026-10-20', keyline_score: '64.5' });
  });

  it('when an engagement is created without hs_timestamp, then 400', async () => {
    const res = await call(sb, 'POST', '/crm/objects/2026-09/tasks', { properties: { hs_task_subject: 'x' }, associations: [] });
    expect(res.status).toBe(400);
  });

  it('when a task is assigned to an owner who no longer exists, then 400 INVALID_OPTION', async () => {
    const res = await call(sb, 'POST', '/crm/objects/2026-09/tasks', { properties: { hs_timestamp: '2026-11-01T00:00:00Z', hubspot_owner_id: '79999999' }, associations: [] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('INVALID_OPTION');
  });

  it('when a batch contains one invalid input, then the whole batch is refused', async () => {
    const ids = sb.store.list('companies').slice(0, 3).map((c) => c.id);
    const res = await call(sb, 'POST', '/crm/objects/2026-09/companies/batch/update', {
      inputs: ids.map((id, i) => ({ id, properties: { keyline_tier: i === 2 ? 'bogus' : 'tier_3' } })),
    });
    expect(res.status).toBe(400);
    expect(sb.store.get('companies', ids[1]!)!.properties['keyline_tier']).not.toBe('tier_3');
  });

  it('when reading unknown properties, then they are silently left out', async () => {
    const res = await call(sb, 'POST', '/crm/objects/2026-09/companies/batch/read', { inputs: [{ id: company }], properties: ['name', 'made_up'], propertiesWithHistory: [] });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.results[0].properties)).not.toContain('made_up');
  });
});

describe('unset properties in answers', () => {
  it('when a list asks for more than 20 properties as repeated parameters, then every one of them is answered', async () => {
    const names = ['name', 'annualrevenue', 'industry', 'country', 'type', 'createdate', 'hubspot_owner_id', 'numberofemployees', 'hs_ideal_customer_profile', 'notes_last_contacted', 'hs_last_sales_activity_timestamp', 'hs_last_logged_call_date', 'hs_last_booked_meeting_date', 'hs_lastmodifieddate', 'hs_object_id'];
    const repeated = [...names, ...names.map((n) => n)].slice(0, 25);
    const res = await fetch(`${sb.baseUrl}/crm/objects/2026-09/companies?limit=2&${repeated.map((p) => `properties=${p}`).join('&')}`, {
      headers: { authorization: `Bearer ${sb.token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { properties: Record<string, string> }[] };
    expect(body.results).toHaveLength(2);
    expect(Object.keys(body.results[0]!.properties)).toEqual(expect.arrayContaining(['name', 'industry', 'hs_object_id']));
  });

  it('when a requested property has no value, then it is left out by default, and null with nullUnsetProperties (as live HubSpot)', async () => {
    const live = await startSandbox({ size: 'XS', asOf: new Date('2026-11-01T00:00:00Z'), nullUnsetProperties: true });
    try {
      const body = (id: string) => ({ inputs: [{ id }], properties: ['name', 'hs_arr', 'made_up'], propertiesWithHistory: [] });
      const deal = (s: Sandbox) => s.store.list('deals').find((d) => d.properties['hs_arr'] === undefined)!.id;
      const strict = await call(sb, 'POST', '/crm/objects/2026-09/deals/batch/read', body(deal(sb)));
      expect(Object.keys(strict.body.results[0].properties)).not.toContain('hs_arr');
      const loose = await call(live, 'POST', '/crm/objects/2026-09/deals/batch/read', body(deal(live)));
      expect(loose.body.results[0].properties.hs_arr).toBeNull();
      expect(Object.keys(loose.body.results[0].properties)).not.toContain('made_up');
    } finally {
      await live.close();
    }
  });
});
