import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { call } from '../test/contract/sandbox-http';
import { startSandbox } from './index';
import { generatePortfolio } from './portfolio/generate-portfolio';
import { SandboxStore } from './sandbox-store';

const asOf = new Date('2026-11-01T00:00:00Z');

function storeAt(start = Date.parse('2026-11-02T08:00:00Z')) {
  let now = start;
  const store = new SandboxStore(generatePortfolio({ size: 'XS', seed: 1, asOf }), () => now);
  return { store, tick: (ms: number) => (now += ms) };
}

describe('the sandbox store', () => {
  it('when a test logs a completed call on a company, then the call exists, is associated, and the company’s roll-ups and modified date move', () => {
    const { store } = storeAt();
    const company = store.list('companies')[0]!;
    const contact = store.associations('companies', company.id, 'contacts')[0]!.toObjectId;
    const call = store.create('calls', { hs_timestamp: '2026-11-02T07:30:00.000Z', hs_call_status: 'COMPLETED' }, [
      { toType: 'companies', toId: company.id },
      { toType: 'contacts', toId: contact },
    ]);
    expect(call.properties['hs_createdate']).toBe('2026-11-02T08:00:00.000Z');
    expect(store.associations('calls', call.id, 'companies')).toEqual([{ toObjectId: company.id, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 182 }] }]);
    expect(store.associations('companies', company.id, 'calls').map((a) => a.toObjectId)).toContain(call.id);
    const after = store.get('companies', company.id)!;
    expect(after.properties['notes_last_contacted']).toBe('2026-11-02T07:30:00.000Z');
    expect(after.properties['hs_last_logged_call_date']).toBe('2026-11-02T07:30:00.000Z');
    expect(after.properties['hs_lastmodifieddate']).toBe('2026-11-02T08:00:00.000Z');
    expect(store.get('contacts', contact)!.properties['notes_last_contacted']).toBe('2026-11-02T07:30:00.000Z');
  });

  it('when properties are updated, then the value changes and lastmodifieddate (contacts) / hs_lastmodifieddate (others) is bumped', () => {
    const { store, tick } = storeAt();
    const contact = store.list('contacts')[0]!;
    tick(60_000);
    const updated = store.update('contacts', contact.id, { jobtitle: 'Chief Customer Officer' })!;
    expect(updated.properties['jobtitle']).toBe('Chief Customer Officer');
    expect(updated.properties['lastmodifieddate']).toBe('2026-11-02T08:01:00.000Z');
    expect(updated.updatedAt).toBe('2026-11-02T08:01:00.000Z');
    const deal = store.update('deals', store.list('deals')[0]!.id, { amount: '' })!;
    expect(deal.properties['amount']).toBe('');
    expect(deal.properties['hs_lastmodifieddate']).toBe('2026-11-02T08:01:00.000Z');
  });

  it('when a record is archived, then it is gone from reads, lists and its company’s associations, but readable as archived', () => {
    const { store } = storeAt();
    const company = store.list('companies')[0]!;
    const contact = store.associations('companies', company.id, 'contacts')[0]!.toObjectId;
    expect(store.archive('contacts', contact)).toBe(true);
    expect(store.get('contacts', contact)).toBeUndefined();
    expect(store.get('contacts', contact, { includeArchived: true })?.archived).toBe(true);
    expect(store.list('contacts').map((c) => c.id)).not.toContain(contact);
    expect(store.associations('companies', company.id, 'contacts').map((a) => a.toObjectId)).not.toContain(contact);
  });

  it('when a contact gets a labelled association, then both sides carry the label', () => {
    const { store } = storeAt();
    const contact = store.create('contacts', { firstname: 'New' });
    const company = store.list('companies')[2]!;
    store.associate('contacts', contact.id, 'companies', company.id, [{ category: 'USER_DEFINED', typeId: 11, label: 'Decision maker' }]);
    expect(store.associations('contacts', contact.id, 'companies')[0]!.associationTypes).toEqual([{ category: 'USER_DEFINED', typeId: 11, label: 'Decision maker' }]);
    const fromCompany = store.associations('companies', company.id, 'contacts').find((a) => a.toObjectId === contact.id)!;
    expect(fromCompany.associationTypes).toEqual([{ category: 'USER_DEFINED', typeId: 12, label: 'Decision maker' }]);
  });
});

describe('persistence', () => {
  it('when a persisted sandbox restarts, then created properties, records and associations are still there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'keyline-sandbox-'));
    const file = path.join(dir, 'state.json');
    try {
      const first = await startSandbox({ size: 'XS', asOf, persistPath: file, token: 't1' });
      await call(first, 'POST', '/crm/properties/2026-09/companies/groups', { name: 'keyline', label: 'Keyline' });
      await call(first, 'POST', '/crm/properties/2026-09/companies', { name: 'keyline_score', label: 'Score', type: 'number', fieldType: 'number', groupName: 'keyline' });
      const company = first.store.list('companies')[0]!.id;
      await call(first, 'PATCH', `/crm/objects/2026-09/companies/${company}`, { properties: { keyline_score: '77' } });
      const task = first.store.create('tasks', { hs_timestamp: '2026-11-01T00:00:00.000Z', hs_task_subject: 'Persist me' }, [{ toType: 'companies', toId: company }]);
      await first.close();

      const second = await startSandbox({ size: 'L', asOf: new Date(), persistPath: file, token: 't2' });
      try {
        expect(second.portfolio.size).toBe('XS');
        expect(second.store.property('companies', 'keyline_score')?.type).toBe('number');
        expect(second.store.get('companies', company)?.properties['keyline_score']).toBe('77');
        expect(second.store.get('tasks', task.id)?.properties['hs_task_subject']).toBe('Persist me');
        expect(second.store.associations('tasks', task.id, 'companies').map((a) => a.toObjectId)).toEqual([company]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
