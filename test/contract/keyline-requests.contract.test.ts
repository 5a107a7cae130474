/**
 * Every request Keyline sends, checked against HubSpot's 2026-09 specs: its path is an operation of a 2026-09 spec,
 * its query parameters are declared by that operation, and its body matches the operation's request schema. The
 * requests are what Keyline really sends while an account team uses it against the sandbox: setup with lists, the
 * first full sync, a touch logged and the incremental run that closes its task, a card's recompute, an override, a
 * follow-up task, an account plan saved, a lookup of tasks by marker, the search that adopts Keyline's tasks, the company count and the
 * account id.
 */
import { startSandbox, type Sandbox, type SandboxRequest } from '../../sandbox';
import { createKeyline, type Keyline } from '../../server/src/keyline';
import { silenceLogger } from '../../server/src/logger';
import { runSync } from '../../server/src/sync';
import { createFollowUpTask, recomputeAccount, setTierOverride } from '../../server/src/use-cases/account-actions';
import { saveAccountPlan } from '../../server/src/use-cases/save-account-plan';
import { configFor, NOW, TIME_SCALE, AS_OF } from '../e2e/harness';
import { operationOf, validateQuery, validateRequest } from './openapi-validator';

jest.setTimeout(180_000);

const requests: SandboxRequest[] = [];
let sandbox: Sandbox;
let k: Keyline;

beforeAll(async () => {
  silenceLogger(true);
  sandbox = await startSandbox({ size: 'XS', seed: 7, asOf: AS_OF, rateLimit: { timeScale: TIME_SCALE }, onRequest: (r) => requests.push(r) });
  // No HUBSPOT_PORTAL_ID: the account id is asked of HubSpot too.
  k = await createKeyline(configFor({ ...sandbox, portalId: undefined }, 'sqlite::memory:'), { timeScale: TIME_SCALE, now: () => NOW });
  await k.gateway.setup({ lists: true });
  expect((await runSync(k, { mode: 'full' })).status).toBe('succeeded');
  const summaries = await k.store.listSnapshotSummaries(k.portalId);
  const companyId = summaries[0]?.companyId as string;
  // A touch logged on a company with an open Keyline task: the incremental run closes the task.
  const open = (await k.store.listOpenTasksFor(k.portalId, summaries.map((s) => s.companyId))).filter((t) => t.taskId && t.gapKey === 'touch_overdue');
  expect(open.length).toBeGreaterThan(0);
  sandbox.store.create('calls', { hs_timestamp: new Date(NOW.getTime() - 3_600_000).toISOString(), hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND' }, [
    { toType: 'companies', toId: open[0]?.companyId as string },
  ]);
  expect((await runSync(k, { mode: 'incremental' })).status).toBe('succeeded');
  await recomputeAccount(k, companyId);
  await setTierOverride(k, companyId, 'tier_2');
  await createFollowUpTask(k, companyId, { title: 'Call the CFO' });
  // The account plan saved from the card (issue #16): company properties, then the account's recompute.
  expect((await saveAccountPlan(k, companyId, { objectives: 'Roll out to the EMEA sites', currentIssues: '', upsellPlan: 'Analytics add-on', nextReviewDate: '2027-01-15' })).ok).toBe(true);
  await k.gateway.findTasksByMarker(companyId, [`keyline:gap=${companyId}/manual`]);
  await k.gateway.countCompanies();
});

afterAll(async () => {
  await k?.close();
  await sandbox?.close();
});

describe('the requests Keyline sends', () => {
  it('when an account team uses Keyline, then every request is an operation of HubSpot’s 2026-09 specs', () => {
    expect(requests.length).toBeGreaterThan(50);
    const operations = new Set(requests.map((r) => operationOf(r.method, r.path)));
    expect([...operations].every((o) => /-2026-09\.json /.test(o))).toBe(true);
    // The outcome reads go by association from won deals and from contacts, as HubSpot associates them.
    const associationReads = new Set(requests.filter((r) => r.path.startsWith('/crm/associations/')).map((r) => r.path));
    expect(associationReads.has('/crm/associations/2026-09/deals/line_items/batch/read')).toBe(true);
    expect(associationReads.has('/crm/associations/2026-09/contacts/feedback_submissions/batch/read')).toBe(true);
    // Every kind of call the gateway makes was exercised.
    expect([...operations].sort()).toEqual(
      expect.arrayContaining([
        'account-info-2026-09.json GET /account-info/2026-09/details',
        'associations-2026-09.json POST /crm/associations/2026-09/{fromObjectType}/{toObjectType}/batch/read',
        'companies-2026-09.json GET /crm/objects/2026-09/{objectType}',
        'companies-2026-09.json POST /crm/objects/2026-09/{objectType}/batch/read',
        'companies-2026-09.json POST /crm/objects/2026-09/{objectType}/batch/update',
        'companies-2026-09.json POST /crm/objects/2026-09/{objectType}/search',
        'calls-2026-09.json POST /crm/objects/2026-09/{objectType}/search',
        'contacts-2026-09.json POST /crm/objects/2026-09/{objectType}/batch/read',
        'deals-2026-09.json POST /crm/objects/2026-09/{objectType}/batch/read',
        // Outcomes (issue #15): the product library, line items of won deals, the contacts' survey answers.
        'products-2026-09.json GET /crm/objects/2026-09/{objectType}',
        'line-items-2026-09.json POST /crm/objects/2026-09/{objectType}/batch/read',
        'feedback-submissions-2026-09.json POST /crm/objects/2026-09/{objectType}/batch/read',
        // …and for a card's recompute, by search (one round trip).
        'line-items-2026-09.json POST /crm/objects/2026-09/{objectType}/search',
        'feedback-submissions-2026-09.json POST /crm/objects/2026-09/{objectType}/search',
        'tasks-2026-09.json POST /crm/objects/2026-09/{objectType}/batch/create',
        'tasks-2026-09.json POST /crm/objects/2026-09/{objectType}/batch/read',
        'tasks-2026-09.json POST /crm/objects/2026-09/{objectType}/batch/update',
        'tasks-2026-09.json POST /crm/objects/2026-09/{objectType}/search',
        'properties-2026-09.json GET /crm/properties/2026-09/{objectType}',
        'properties-2026-09.json GET /crm/properties/2026-09/{objectType}/groups',
        'properties-2026-09.json POST /crm/properties/2026-09/{objectType}/groups',
        'properties-2026-09.json POST /crm/properties/2026-09/{objectType}/batch/create',
        'owners-2026-09.json GET /crm/owners/2026-09',
        'pipelines-2026-09.json GET /crm/pipelines/2026-09/{objectType}',
        'lists-2026-09.json GET /crm/lists/2026-09/object-type-id/{objectTypeId}/name/{listName}',
        'lists-2026-09.json POST /crm/lists/2026-09',
      ]),
    );
  });

  it('when an account team uses Keyline, then every body matches the 2026-09 request schema', () => {
    const invalid = requests
      .filter((r) => r.body !== undefined && !(typeof r.body === 'object' && r.body !== null && Object.keys(r.body).length === 0 && r.method === 'GET'))
      .map((r) => ({ r, v: validateRequest(r.method, r.path, r.body) }))
      .filter(({ v }) => !v.valid)
      .map(({ r, v }) => `${r.method} ${r.path}: ${v.errors}`);
    expect(invalid).toEqual([]);
  });

  it('when an account team uses Keyline, then every query parameter is declared by its 2026-09 operation and well formed', () => {
    const invalid = requests
      .map((r) => ({ r, v: validateQuery(r.method, r.path, r.query) }))
      .filter(({ v }) => !v.valid)
      .map(({ r, v }) => `${r.method} ${r.path}: ${v.errors}`);
    expect([...new Set(invalid)]).toEqual([]);
  });
});
