/**
 * The connection's own handling, against a tiny local HubSpot stand-in: the budgets, the SDK's retry policy, and
 * what we add (DAILY, 423, lost connections, requests sent once).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DailyLimitReached, HubSpotRequestError } from './errors';
import { openTransport } from './hubspot-transport';

type Reply = { status: number; body: unknown };

async function server(replies: Reply[]): Promise<{ url: string; hits: string[]; bodies: unknown[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const bodies: unknown[] = [];
  const s = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      bodies.push(text === '' ? undefined : JSON.parse(text));
      const r = replies.shift() ?? { status: 200, body: { results: [] } };
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    hits,
    bodies,
    close: () => new Promise((resolve) => s.close(() => resolve())),
  };
}

let tokenSeq = 0;
const open = (url: string, extra: { timeScale?: number; requestTimeoutMs?: number } = {}) =>
  openTransport({ accessToken: `test-token-${++tokenSeq}`, basePath: url, burstPer10s: 100, timeScale: 100, ...extra });
const PIPELINES = { method: 'GET', path: '/crm/pipelines/2026-09/deals' } as const;
const SEARCH = { method: 'POST', path: '/crm/objects/2026-09/calls/search', body: { filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' } } as const;
const DAILY = { status: 429, body: { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' } };

describe('the HubSpot transport', () => {
  it('when a request has a query and a body, then the token, the comma-joined list and the JSON body reach HubSpot', async () => {
    const hs = await server([{ status: 200, body: { results: [{ id: '1' }] } }]);
    try {
      const t = open(hs.url);
      await expect(t.request({ method: 'POST', path: '/crm/objects/2026-09/companies/batch/read', query: { archived: false, properties: ['a', 'b'] }, body: { inputs: [] } })).resolves.toEqual({ results: [{ id: '1' }] });
      expect(hs.hits).toEqual(['POST /crm/objects/2026-09/companies/batch/read?archived=false&properties=a%2Cb']);
      expect(hs.bodies).toEqual([{ inputs: [] }]);
      expect(t.stats().calls).toEqual({ 'POST /crm/objects/2026-09/companies/batch/read': 1 });
    } finally {
      await hs.close();
    }
  });

  it('when HubSpot answers DAILY, then the call fails once with DailyLimitReached and later calls are refused unsent until a new run', async () => {
    const hs = await server([DAILY]);
    try {
      const t = open(hs.url);
      await expect(t.request(PIPELINES)).rejects.toBeInstanceOf(DailyLimitReached);
      await expect(t.request(PIPELINES)).rejects.toBeInstanceOf(DailyLimitReached);
      expect(hs.hits).toHaveLength(1);
      t.clearDailyLimit();
      await expect(t.request(PIPELINES)).resolves.toBeDefined();
      expect(t.stats().calls['GET /crm/pipelines/2026-09/deals']).toBe(2);
    } finally {
      await hs.close();
    }
  });

  it('when a record is locked (423) and then HubSpot answers 502, then the call waits, is retried, and succeeds, printing nothing', async () => {
    const locked = { status: 423, body: { status: 'error', message: 'locked' } };
    const hs = await server([locked, locked, { status: 502, body: { message: 'bad gateway' } }, { status: 200, body: { results: [] } }]);
    const consoleError = jest.spyOn(console, 'error');
    try {
      const t = open(hs.url);
      await expect(t.request(PIPELINES)).resolves.toEqual({ results: [] });
      expect(hs.hits).toHaveLength(4);
      expect(t.stats().failed).toMatchObject({ '423': 2, '502': 1 });
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
      await hs.close();
    }
  });

  it('when HubSpot keeps answering 5xx, then the call gives up after five attempts with HubSpot’s status', async () => {
    const hs = await server(Array.from({ length: 6 }, () => ({ status: 503, body: { status: 'error', message: 'unavailable', category: 'SERVICE_UNAVAILABLE', correlationId: 'x' } })));
    try {
      const t = open(hs.url);
      await expect(t.request(PIPELINES)).rejects.toMatchObject({ status: 503, message: expect.stringContaining('unavailable') });
      expect(hs.hits).toHaveLength(5);
    } finally {
      await hs.close();
    }
  });

  it('when HubSpot refuses a request with a 400, then it is not retried and the error carries HubSpot’s body', async () => {
    const refused = { status: 'error', message: 'Property values were not valid', category: 'VALIDATION_ERROR', correlationId: 'x', errors: [{ message: 'required', code: 'REQUIRED_PROPERTY', context: { propertyName: ['domain'] } }] };
    const hs = await server([{ status: 400, body: refused }]);
    try {
      const t = open(hs.url);
      const err = await t.request({ method: 'POST', path: '/crm/objects/2026-09/companies/batch/update', body: { inputs: [] } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HubSpotRequestError);
      expect((err as HubSpotRequestError).body).toEqual(refused);
      expect(hs.hits).toHaveLength(1);
    } finally {
      await hs.close();
    }
  });

  it('when batch reads fill the burst budget, then a search is not queued behind them (HubSpot counts searches separately)', async () => {
    const hs = await server([]);
    try {
      // Real spacing (timeScale 1): twelve standard calls take more than a second of the burst budget.
      const t = open(hs.url, { timeScale: 1 });
      const reads = Array.from({ length: 12 }, () => t.interactive.request(PIPELINES));
      await Promise.all([...reads, t.search(SEARCH)]);
      expect(hs.hits.indexOf('POST /crm/objects/2026-09/calls/search')).toBeLessThan(4);
      expect(t.stats().calls['POST /crm/objects/2026-09/calls/search']).toBe(1);
    } finally {
      await hs.close();
    }
  });

  it('when searches are retried after 429 SECONDLY, then every attempt is counted and the search succeeds in the end', async () => {
    const secondly = { status: 429, body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' } };
    const hs = await server([secondly, { status: 200, body: { total: 0, results: [] } }]);
    try {
      const t = open(hs.url);
      await expect(t.search(SEARCH)).resolves.toEqual({ total: 0, results: [] });
      expect(t.stats().calls['POST /crm/objects/2026-09/calls/search']).toBe(2);
      expect(t.stats().failed['429']).toBe(1);
    } finally {
      await hs.close();
    }
  });

  it('when HubSpot accepts a connection and never answers, then the call is abandoned, retried as a lost connection, and fails saying so', async () => {
    const hits: string[] = [];
    const silent = http.createServer((req) => {
      hits.push(`${req.method} ${req.url}`); // …and never a byte back.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const t = open(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, { requestTimeoutMs: 200 });
      await expect(t.request(PIPELINES)).rejects.toMatchObject({ lostConnection: true, message: expect.stringMatching(/no answer from HubSpot within 200 ms/) });
      expect(hits).toHaveLength(4); // the first attempt and three retries
      expect(t.stats().failed['network']).toBe(4);
      // A task creation is sent once and comes back as a lost connection (an unknown outcome for the caller).
      await expect(t.once({ method: 'POST', path: '/crm/objects/2026-09/tasks/batch/create', body: { inputs: [] } })).rejects.toThrow(/no answer from HubSpot within 200 ms/);
      expect(hits).toHaveLength(5);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('when a request is sent once (task creation), then a 5xx is returned as it is, never retried', async () => {
    const hs = await server([{ status: 503, body: { message: 'unavailable' } }]);
    try {
      const t = open(hs.url);
      await expect(t.once({ method: 'POST', path: '/crm/objects/2026-09/tasks/batch/create', body: { inputs: [] } })).resolves.toEqual({ status: 503, body: { message: 'unavailable' } });
      expect(hs.hits).toEqual(['POST /crm/objects/2026-09/tasks/batch/create']);
    } finally {
      await hs.close();
    }
  });
});
