import { call } from '../test/contract/sandbox-http';
import { startSandbox } from './index';

describe('the request ledger', () => {
  it('when calls are made, then each is counted under its endpoint key with object types filled in and record ids as {id}', async () => {
    const sb = await startSandbox({ size: 'XS', asOf: new Date('2026-11-01T00:00:00Z') });
    try {
      const company = sb.store.list('companies')[0]!.id;
      const contact = sb.store.list('contacts')[0]!.id;
      await call(sb, 'GET', `/crm/objects/2026-09/companies/${company}`);
      await call(sb, 'GET', `/crm/objects/2026-09/companies/${company}`);
      await call(sb, 'POST', '/crm/objects/2026-09/companies/batch/read', { inputs: [{ id: company }], properties: [] });
      await call(sb, 'PUT', `/crm/objects/2026-09/contacts/${contact}/associations/default/companies/${company}`);
      await call(sb, 'GET', '/crm/owners/2026-09/');
      await call(sb, 'GET', '/crm/objects/2026-09/companies/1'); // 404
      await call(sb, 'GET', '/crm/objects/2026-09/companies', undefined, 'bad-token'); // 401
      const snap = sb.ledger.snapshot();
      expect(snap.byEndpoint).toEqual({
        'GET /crm/objects/2026-09/companies': { calls: 1, rateLimited: 0, faults: 0, errors: 1 },
        'GET /crm/objects/2026-09/companies/{id}': { calls: 3, rateLimited: 0, faults: 0, errors: 1 },
        'GET /crm/owners/2026-09': { calls: 1, rateLimited: 0, faults: 0, errors: 0 },
        'POST /crm/objects/2026-09/companies/batch/read': { calls: 1, rateLimited: 0, faults: 0, errors: 0 },
        'PUT /crm/objects/2026-09/contacts/{fromObjectId}/associations/default/companies/{toObjectId}': { calls: 1, rateLimited: 0, faults: 0, errors: 0 },
      });
      expect(snap.total).toBe(7);
      expect(sb.ledger.calls('GET /crm/objects/2026-09/companies/{id}')).toBe(3);
      sb.ledger.reset();
      expect(sb.ledger.snapshot()).toEqual({ total: 0, rateLimited: 0, faults: 0, errors: 0, byEndpoint: {} });
    } finally {
      await sb.close();
    }
  });
});
