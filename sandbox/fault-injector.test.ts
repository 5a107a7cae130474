import { call } from '../test/contract/sandbox-http';
import { FaultInjector } from './fault-injector';
import { startSandbox, type Sandbox } from './index';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ size: 'XS', asOf: new Date('2026-11-01T00:00:00Z'), rateLimit: { burstPer10s: 100_000 } });
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.setFaults({});
  sb.ledger.reset();
});

const ids = (type: 'companies' | 'contacts', n: number) => sb.store.list(type).slice(0, n).map((o) => o.id);

describe('fault injection', () => {
  it('when the error rate is 1, then every call gets a 500, 502 or 503 with HubSpot’s error body, counted as faults', async () => {
    sb.setFaults({ errorRate: 1, seed: 5 });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const res = await call(sb, 'GET', '/crm/objects/2026-09/companies');
      statuses.add(res.status);
    }
    expect([...statuses].sort()).toEqual([500, 502, 503]);
    expect(sb.ledger.snapshot().byEndpoint['GET /crm/objects/2026-09/companies']).toMatchObject({ calls: 12, faults: 12, errors: 12 });
  });

  it('when the reset rate is 1, then the connection drops without an answer', async () => {
    sb.setFaults({ resetRate: 1 });
    await expect(call(sb, 'GET', '/crm/owners/2026-09')).rejects.toThrow();
    expect(sb.ledger.snapshot().byEndpoint['GET /crm/owners/2026-09']).toMatchObject({ calls: 1, faults: 1, errors: 1 });
  });

  it('when the lock rate is 1, then writes get 423 Locked and reads still pass', async () => {
    sb.setFaults({ lockRate: 1 });
    const [id] = ids('companies', 1);
    expect((await call(sb, 'GET', `/crm/objects/2026-09/companies/${id}`)).status).toBe(200);
    const locked = await call(sb, 'PATCH', `/crm/objects/2026-09/companies/${id}`, { properties: { country: 'Chile' } });
    expect(locked.status).toBe(423);
    expect(locked.body.category).toBe('LOCKED');
    expect(sb.store.get('companies', id as string)?.properties['country']).not.toBe('Chile');
  });

  it('when a storm of 3 is set, then exactly the next 3 calls get TEN_SECONDLY_ROLLING 429s', async () => {
    sb.setFaults({ storm: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call(sb, 'GET', '/crm/owners/2026-09');
      statuses.push(res.status);
      if (res.status === 429) expect(res.body.policyName).toBe('TEN_SECONDLY_ROLLING');
    }
    expect(statuses).toEqual([429, 429, 429, 200, 200]);
    expect(sb.ledger.snapshot()).toMatchObject({ rateLimited: 3, faults: 3 });
  });

  it('when batches partially fail, then the 200 (2026-09: no 207) carries errors for some inputs and results for the others, the same way for the same seed', async () => {
    const inputs = ids('contacts', 40).map((id) => ({ id }));
    const run = async () => {
      sb.setFaults({ partialBatchFailureRate: 0.3, seed: 11 });
      return call(sb, 'POST', '/crm/objects/2026-09/contacts/batch/read', { inputs, properties: ['firstname'], propertiesWithHistory: [] });
    };
    const first = await run();
    expect(first.status).toBe(200);
    expect(first.body.results.length + first.body.errors.length).toBe(40);
    expect(first.body.errors.length).toBeGreaterThan(0);
    expect(first.body.numErrors).toBe(first.body.errors.length);
    const second = await run();
    expect(second.body.errors.map((e: { context: { ids: string[] } }) => e.context.ids[0])).toEqual(
      first.body.errors.map((e: { context: { ids: string[] } }) => e.context.ids[0]),
    );
  });

  it('when a batch update partially fails, then only the successful inputs are written', async () => {
    sb.setFaults({ partialBatchFailureRate: 0.5, seed: 2 });
    const targets = ids('companies', 10);
    const res = await call(sb, 'POST', '/crm/objects/2026-09/companies/batch/update', { inputs: targets.map((id) => ({ id, properties: { country: 'Iceland' } })) });
    expect(res.status).toBe(200);
    expect(res.body.numErrors).toBeGreaterThan(0);
    const failed = new Set(res.body.errors.flatMap((e: { context: { ids: string[] } }) => e.context.ids));
    for (const id of targets) expect(sb.store.get('companies', id)?.properties['country'] === 'Iceland').toBe(!failed.has(id));
  });

  it('when faults match one endpoint, then the others are untouched', async () => {
    sb.setFaults({ errorRate: 1, match: ['batch/update'] });
    expect((await call(sb, 'GET', '/crm/owners/2026-09')).status).toBe(200);
    const [id] = ids('companies', 1);
    expect((await call(sb, 'POST', '/crm/objects/2026-09/companies/batch/update', { inputs: [{ id, properties: { country: 'Peru' } }] })).status).toBeGreaterThanOrEqual(500);
  });

  it('when faults are set over the admin endpoint, then they apply, and the ledger is readable and resettable there', async () => {
    const set = await fetch(`${sb.baseUrl}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ storm: 1 }) });
    expect(set.status).toBe(200);
    expect((await call(sb, 'GET', '/crm/owners/2026-09')).status).toBe(429);
    const ledger = (await (await fetch(`${sb.baseUrl}/__sandbox/ledger`)).json()) as { total: number; byEndpoint: Record<string, { calls: number }> };
    expect(ledger.byEndpoint['GET /crm/owners/2026-09']?.calls).toBe(1);
    await fetch(`${sb.baseUrl}/__sandbox/reset-ledger`, { method: 'POST' });
    expect(sb.ledger.snapshot().total).toBe(0);
  });
});

describe('latency', () => {
  it('when latency is a number or a range, then each request waits that long, drawn from the seed', () => {
    expect(new FaultInjector({ latencyMs: 40 }).latency('GET /x')).toBe(40);
    const draws = (seed: number) => {
      const f = new FaultInjector({ latencyMs: [10, 20], seed });
      return Array.from({ length: 20 }, () => f.latency('GET /x'));
    };
    expect(draws(4)).toEqual(draws(4));
    for (const d of draws(4)) expect(d >= 10 && d <= 20).toBe(true);
    expect(new FaultInjector({ latencyMs: 40, match: ['search'] }).latency('GET /x')).toBe(0);
  });

  it('when latency is set on the sandbox, then calls still answer correctly', async () => {
    sb.setFaults({ latencyMs: 5 });
    expect((await call(sb, 'GET', '/crm/owners/2026-09')).status).toBe(200);
  });
});
