/**
 * The client's own handling, against a tiny local HubSpot stand-in: what the library retries, what we add.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { burstLimiterOptions, connect, endpointKey, Pacer, searchLimiterOptions } from './hubspot-client';
import { DailyLimitReached } from './errors';

type Reply = { status: number; body: unknown };

async function server(replies: Reply[]): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const s = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const r = replies.shift() ?? { status: 200, body: { results: [] } };
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(r.body));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((resolve) => s.close(() => resolve())),
  };
}

let tokenSeq = 0;
const conn = (url: string) => connect({ accessToken: `test-token-${++tokenSeq}`, basePath: url, burstPer10s: 100, timeScale: 100 });

describe('the HubSpot client', () => {
  it('when endpoints are counted, then record ids become {id} and queries are dropped', () => {
    expect(endpointKey('get', 'http://x/crm/v3/objects/companies/123?properties=a')).toBe('GET /crm/v3/objects/companies/{id}');
    expect(endpointKey('POST', 'http://x/crm/v4/associations/companies/contacts/batch/read')).toBe('POST /crm/v4/associations/companies/contacts/batch/read');
  });

  it('when the limits are 100 and 190 per 10 s and 5 searches per second, then starts are spaced at 95 % of them', () => {
    expect(burstLimiterOptions(100).minTime).toBeCloseTo(10_000 / 95);
    expect(burstLimiterOptions(190).minTime).toBeCloseTo(10_000 / 180);
    expect(burstLimiterOptions(100, 10).minTime).toBeCloseTo(1_000 / 95);
    expect(searchLimiterOptions(5).minTime).toBeCloseTo(1_000 / 4.75);
  });

  it('when HubSpot answers DAILY, then the call fails once with DailyLimitReached and later calls are refused unsent', async () => {
    const hs = await server([{ status: 429, body: { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' } }]);
    try {
      const c = conn(hs.url);
      const get = () => c.call('GET /crm/v3/pipelines/deals', () => c.client.crm.pipelines.pipelinesApi.getAll('deals', c.requestOptions));
      await expect(get()).rejects.toBeInstanceOf(DailyLimitReached);
      await expect(get()).rejects.toBeInstanceOf(DailyLimitReached);
      expect(hs.hits).toHaveLength(1);
      c.clearDailyLimit();
      await expect(get()).resolves.toBeDefined();
      expect(hs.hits).toHaveLength(2);
      expect(c.stats().calls['GET /crm/v3/pipelines/deals']).toBe(2);
    } finally {
      await hs.close();
    }
  });

  it('when a record is locked (423), then the call waits and succeeds; a 5xx is retried by the library', async () => {
    const locked = { status: 423, body: { status: 'error', message: 'locked' } };
    const hs = await server([locked, locked, { status: 502, body: { message: 'bad gateway' } }, { status: 200, body: { results: [] } }]);
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const c = conn(hs.url);
      await expect(c.call('GET /crm/v3/pipelines/deals', () => c.client.crm.pipelines.pipelinesApi.getAll('deals', c.requestOptions))).resolves.toBeDefined();
      expect(hs.hits).toHaveLength(4);
      // The library announces its one retry (the 502) on the console, as it does, with the status and wait only.
      expect(consoleError.mock.calls).toEqual([[expect.stringMatching(/^Request failed with status code \[502\], will retry \[1\] time in \[200\] ms$/)]]);
    } finally {
      consoleError.mockRestore();
      await hs.close();
    }
  });

  it('when several searches are let go at once (an event loop just freed), then they still go out spaced', async () => {
    jest.useFakeTimers();
    try {
      const pacer = new Pacer(210);
      const admitted: number[] = [];
      const all = Promise.all(Array.from({ length: 4 }, () => pacer.admit().then(() => admitted.push(performance.now()))));
      await jest.advanceTimersByTimeAsync(1_000);
      await all;
      expect(admitted).toHaveLength(4);
      for (let i = 1; i < admitted.length; i += 1) expect((admitted[i] as number) - (admitted[i - 1] as number)).toBeGreaterThanOrEqual(210);
    } finally {
      jest.useRealTimers();
    }
  });

  it('when batch reads fill the burst budget, then a search is not queued behind them (HubSpot counts searches separately)', async () => {
    const hs = await server([]);
    try {
      // Real spacing (timeScale 1): twelve standard calls queued in the burst limiter take more than a second of its
      // budget (the interactive connection puts them all in its queue at once).
      const c = connect({ accessToken: `test-token-${++tokenSeq}`, basePath: hs.url, burstPer10s: 100 });
      const reads = Array.from({ length: 12 }, () =>
        c.interactive.call('GET /crm/v3/pipelines/deals', () => c.client.crm.pipelines.pipelinesApi.getAll('deals', c.requestOptions)),
      );
      const search = c.search('POST /crm/v3/objects/calls/search', () =>
        c.searchClient.crm.objects.calls.searchApi.doSearch({ filterGroups: [], properties: [], limit: 1 }, c.searchRequestOptions),
      );
      await Promise.all([...reads, search]);
      // The search reached HubSpot among the first few requests, not after the twelve reads it was queued with.
      expect(hs.hits.indexOf('POST /crm/v3/objects/calls/search')).toBeLessThan(4);
      expect(c.stats().calls['POST /crm/v3/objects/calls/search']).toBe(1);
    } finally {
      await hs.close();
    }
  });

  it('when searches are retried after 429 SECONDLY, then every attempt is counted and all of them succeed in the end', async () => {
    const secondly = { status: 429, body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' } };
    const hs = await server([secondly, { status: 200, body: { total: 0, results: [] } }]);
    try {
      const c = conn(hs.url);
      await expect(
        c.search('POST /crm/v3/objects/calls/search', () =>
          c.searchClient.crm.objects.calls.searchApi.doSearch({ filterGroups: [], properties: [], limit: 1 }, c.searchRequestOptions),
        ),
      ).resolves.toBeDefined();
      expect(hs.hits).toEqual(['POST /crm/v3/objects/calls/search', 'POST /crm/v3/objects/calls/search']);
      expect(c.stats().calls['POST /crm/v3/objects/calls/search']).toBe(2);
      expect(c.stats().failed['429']).toBe(1);
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
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const c = connect({ accessToken: `test-token-${++tokenSeq}`, basePath: url, burstPer10s: 100, timeScale: 100, requestTimeoutMs: 200 });
      await expect(c.call('GET /crm/v3/pipelines/deals', () => c.client.crm.pipelines.pipelinesApi.getAll('deals', c.requestOptions))).rejects.toThrow(
        /no answer from HubSpot within 200 ms/,
      );
      expect(hits).toHaveLength(4); // the first attempt and three retries
      expect(c.stats().failed.network).toBe(4);
      // A task creation is sent once and comes back as a lost connection (an unknown outcome for the caller).
      await expect(c.once('POST', '/crm/v3/objects/tasks/batch/create', { inputs: [] })).rejects.toThrow(/no answer from HubSpot within 200 ms/);
      expect(hits).toHaveLength(5);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('when a request is sent once (task creation), then a 5xx is returned as it is, never retried', async () => {
    const hs = await server([{ status: 503, body: { message: 'unavailable' } }]);
    try {
      const c = conn(hs.url);
      await expect(c.once('POST', '/crm/v3/objects/tasks/batch/create', { inputs: [] })).resolves.toEqual({ status: 503, body: { message: 'unavailable' } });
      expect(hs.hits).toEqual(['POST /crm/v3/objects/tasks/batch/create']);
    } finally {
      await hs.close();
    }
  });
});
