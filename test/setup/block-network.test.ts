import http from 'node:http';
import { Client } from '@hubspot/api-client';

describe('the test network guard', () => {
  it('when a test connects to a host that is not loopback, then the connection is refused before any packet leaves', () => {
    expect(() => http.get('http://api.hubapi.com/crm/v3/objects/companies')).toThrow(/network blocked in tests: api\.hubapi\.com/);
  });

  it('when a request goes through global fetch (undici, as the HubSpot SDK 14 sends its raw requests), then it is refused too', async () => {
    const refused = fetch('https://api.hubapi.com/crm/v3/objects/companies').catch((err: unknown) => err);
    const err = (await refused) as Error & { cause?: Error };
    expect(err.message).toBe('fetch failed');
    expect(err.cause?.message).toMatch(/network blocked in tests: api\.hubapi\.com/);
  });

  it('when the HubSpot SDK is left on its default base URL, then neither its generated calls nor its raw requests leave the machine', async () => {
    const hs = new Client({ accessToken: 'not-a-real-token' });
    const generated = (await hs.crm.pipelines.pipelinesApi.getAll('deals').catch((e: unknown) => e)) as Error & { cause?: Error };
    expect(generated.cause?.message).toMatch(/network blocked in tests: api\.hubapi\.com/);
    const raw = (await hs.apiRequest({ method: 'GET', path: '/crm/v3/pipelines/deals' }).catch((e: unknown) => e)) as Error & { cause?: Error };
    expect(raw.cause?.message).toMatch(/network blocked in tests: api\.hubapi\.com/);
  });
});
