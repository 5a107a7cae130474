/**
 * The preview server's stand-in for HubSpot's fetch proxy, against the real API (its signature check included):
 * what a card asks for arrives signed like HubSpot signs it, with the caller appended; what HubSpot would refuse is
 * refused the same way.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silenceLogger } from '../../../server/src/logger';
import { verifySignature } from '../../../server/src/http/verify-signature';
import { buildTestApp } from '../../../test/api/support/test-app';
import { TEST_BASE_URL, TEST_PORTAL, TEST_SECRET } from '../../../test/api/support/signed-client';
import { PROXY_ERROR_HEADER } from '../../host/proxy-protocol';
import { permittedBase, PREVIEW_USER, readPermittedUrls, signLikeHubSpot, startPreview, type PreviewHandle } from '../serve-preview';

silenceLogger();

let api: Server;
let apiBaseUrl: string;
let preview: PreviewHandle;
const companiesAsked: (string | null)[] = [];

beforeAll(async () => {
  const { app } = buildTestApp();
  api = await new Promise<Server>((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
  apiBaseUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  preview = await startPreview({
    apiBaseUrl,
    publicBaseUrl: TEST_BASE_URL,
    clientSecret: TEST_SECRET,
    portalId: TEST_PORTAL,
    permittedUrls: [TEST_BASE_URL],
    assets: { js: 'console.log("preview")', css: 'body{}' },
    listCompanies: async (query) => {
      companiesAsked.push(query);
      return { groups: [{ key: 'tier-1', title: 'Tier 1', companies: [] }] };
    },
  });
});

afterAll(async () => {
  await preview.close();
  await new Promise<void>((resolve) => api.close(() => resolve()));
});

function cardFetch(body: unknown): Promise<Response> {
  return fetch(`${preview.url}_hubspot/fetch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('the hubspot.fetch stand-in', () => {
  test('when a card asks for an account, then the API receives it signed with the client secret and answers it', async () => {
    const res = await cardFetch({ url: `${TEST_BASE_URL}/api/v1/accounts/1001`, method: 'GET' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { companyId: string }).companyId).toBe('1001');
  });

  test('when a card sends a body, then the body is signed too and the API applies it', async () => {
    const res = await cardFetch({ url: `${TEST_BASE_URL}/api/v1/accounts/1001/override`, method: 'PUT', body: { tier: 'tier_1' } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { tier: { override: string } }).tier.override).toBe('tier_1');
  });

  test('when the request is signed, then the signature verifies for the public URL with the caller appended, and only with the right secret', () => {
    const now = 1_800_000_000_000;
    const signed = signLikeHubSpot({ url: new URL(`${TEST_BASE_URL}/api/v1/portfolio?tier=tier_1`), method: 'GET', body: undefined, clientSecret: TEST_SECRET, publicBaseUrl: TEST_BASE_URL, portalId: TEST_PORTAL, user: PREVIEW_USER, now });
    expect(signed.pathAndQuery).toBe(`/api/v1/portfolio?tier=tier_1&userId=1&userEmail=preview%40keyline.local&appId=local-preview&portalId=${TEST_PORTAL}`);
    const request = (secret: string) =>
      verifySignature(
        { method: 'GET', uri: `${TEST_BASE_URL}${signed.pathAndQuery}`, rawBody: Buffer.from(''), signature: signed.headers['x-hubspot-signature-v3'], timestamp: signed.headers['x-hubspot-request-timestamp'] },
        secret,
        now,
      );
    expect(request(TEST_SECRET)).toEqual({ ok: true });
    expect(request('another-secret-entirely')).toEqual({ ok: false, reason: 'mismatch' });
  });

  test('when a card asks for a URL outside permittedUrls, then the stand-in refuses it as HubSpot would, and the API never sees it', async () => {
    for (const url of ['https://evil.example.com/api/v1/accounts/1001', `${TEST_BASE_URL.replace('https:', 'http:')}/api/v1/accounts/1001`, '/api/v1/accounts/1001']) {
      const res = await cardFetch({ url, method: 'GET' });
      expect([url, res.status]).toEqual([url, url.startsWith('/') ? 400 : 403]);
      expect(res.headers.get(PROXY_ERROR_HEADER)).toMatch(/permittedUrls|absolute https URL/);
    }
  });

  test('when the options are not what hubspot.fetch takes, then they are refused with a reason', async () => {
    const res = await cardFetch({ url: `${TEST_BASE_URL}/api/v1/accounts/1001`, method: 'TRACE' });
    expect(res.status).toBe(400);
    expect(res.headers.get(PROXY_ERROR_HEADER)).toContain('options');
  });

  test('when the page and the company list are asked for, then the page says where the script is and the list passes the search on', async () => {
    const page = await (await fetch(preview.url)).text();
    expect(page).toContain('<script src="/preview.js"></script>');
    const companies = await fetch(`${preview.url}_preview/companies?q=Meridian`);
    expect(await companies.json()).toEqual({ groups: [{ key: 'tier-1', title: 'Tier 1', companies: [] }] });
    expect(companiesAsked).toContain('Meridian');
    const config = (await (await fetch(`${preview.url}_preview/config`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ portalId: Number(TEST_PORTAL), apiBaseUrl });
    expect(JSON.stringify(config)).not.toContain(TEST_SECRET);
  });
});

describe('the permitted URLs', () => {
  test('when the app is read, then its permittedUrls.fetch are the ones the stand-in enforces', () => {
    expect(readPermittedUrls()).toEqual(['https://keyline.example.com']);
  });

  test('when a URL is under a permitted one by origin and path, then it is permitted; another origin or path prefix is not', () => {
    const permitted = ['https://keyline.example.com', 'https://api.example.com/v2'];
    expect(permittedBase(new URL('https://keyline.example.com/api/v1/x'), permitted)).toBe('https://keyline.example.com');
    expect(permittedBase(new URL('https://api.example.com/v2/things'), permitted)).toBe('https://api.example.com/v2');
    expect(permittedBase(new URL('https://api.example.com/v20/things'), permitted)).toBeUndefined();
    expect(permittedBase(new URL('https://keyline.example.com.evil.io/api'), permitted)).toBeUndefined();
  });
});

describe('an API that is down', () => {
  test('when the API does not answer, then the stand-in says so instead of hanging', async () => {
    const lonely = await startPreview({
      apiBaseUrl: 'http://127.0.0.1:9', // discard port: nothing listens
      publicBaseUrl: TEST_BASE_URL,
      clientSecret: TEST_SECRET,
      portalId: TEST_PORTAL,
      permittedUrls: [TEST_BASE_URL],
      assets: { js: '', css: '' },
      listCompanies: async () => ({ groups: [] }),
    });
    try {
      const res = await fetch(`${lonely.url}_hubspot/fetch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${TEST_BASE_URL}/api/v1/accounts/1001` }) });
      expect(res.status).toBe(502);
      expect(res.headers.get(PROXY_ERROR_HEADER)).toContain('did not answer');
    } finally {
      await lonely.close();
    }
  });
});
