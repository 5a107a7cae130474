/**
 * The local preview server (a development tool, never uploaded to HubSpot): serves the preview page, lists companies
 * to pick from, and stands in for HubSpot's `hubspot.fetch` proxy.
 *
 *   GET  /                    the page                 GET /preview.js, /preview.css   its script and look
 *   GET  /_preview/config     portal, user, API address (no secret)
 *   GET  /_preview/companies  companies to pick from (?q= searches by name)
 *   POST /_hubspot/fetch      { url, method, body?, timeout? }: what the card's hubspot.fetch asked for
 *
 * The fetch stand-in does what HubSpot's proxy does: it refuses a URL outside the app's `permittedUrls.fetch` (read
 * from app/app-hsmeta.json), appends `userId`, `portalId`, `userEmail` and `appId` to the query, signs the request
 * with the app's client secret (v3: method + URL + body + timestamp, HMAC-SHA256, as server/src/http/verify-signature.ts
 * verifies it), and sends it to the Keyline API in place of the public address (as `hs project dev` does with
 * app/local.json). It listens on 127.0.0.1 only: whoever can reach it can make signed requests.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type Response } from 'express';
import { z } from 'zod';
import { SIGNATURE_HEADER, signV3, TIMESTAMP_HEADER } from '../../server/src/http/verify-signature';
import { FETCH_PROXY_PATH, PROXY_ERROR_HEADER } from '../host/proxy-protocol';
import { buildPreviewAssets, PREVIEW_DIR, type PreviewAssets } from './build-preview';
import type { CompanyGroups } from './list-companies';

export interface PreviewUser {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
}

export interface PreviewOptions {
  /** Where the Keyline API listens, e.g. http://127.0.0.1:3000. */
  apiBaseUrl: string;
  /** The API's PUBLIC_BASE_URL: the address HubSpot calls and signs (the one in permittedUrls.fetch). */
  publicBaseUrl: string;
  /** The app's client secret (HUBSPOT_CLIENT_SECRET of the API). */
  clientSecret: string;
  portalId: string;
  listCompanies(query: string | null): Promise<CompanyGroups>;
  port?: number;
  /** Default: the app's permittedUrls.fetch in app/app-hsmeta.json. */
  permittedUrls?: readonly string[];
  user?: PreviewUser;
  /** Default: built at start (buildPreviewAssets). */
  assets?: PreviewAssets;
}

export interface PreviewHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const PREVIEW_USER: PreviewUser = { id: 1, email: 'preview@keyline.local', firstName: 'Local', lastName: 'Preview' };
export const PREVIEW_APP_ID = 'local-preview';
/** HubSpot's default hubspot.fetch time limit. */
const DEFAULT_TIMEOUT_MS = 15_000;

/** The app's `permittedUrls.fetch` (app/app-hsmeta.json): the only URLs HubSpot lets the cards fetch. */
export function readPermittedUrls(appMetaFile = path.resolve(PREVIEW_DIR, '../app/app-hsmeta.json')): string[] {
  const meta = JSON.parse(readFileSync(appMetaFile, 'utf8')) as { config?: { permittedUrls?: { fetch?: unknown } } };
  const urls = meta.config?.permittedUrls?.fetch;
  return Array.isArray(urls) ? urls.map(String) : [];
}

const fetchRequestSchema = z.object({
  url: z.string().min(1),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  body: z.record(z.string(), z.unknown()).optional(),
  timeout: z.number().int().positive().max(120_000).optional(),
});

function refuse(res: Response, status: number, message: string): void {
  res.status(status).setHeader(PROXY_ERROR_HEADER, message).json({ error: { code: 'preview_proxy', message } });
}

/** The permitted URL a request falls under (same origin, path under the permitted one), or undefined. */
export function permittedBase(url: URL, permitted: readonly string[]): string | undefined {
  return permitted.find((entry) => {
    const base = new URL(entry);
    const prefix = base.pathname.replace(/\/+$/, '');
    return base.origin === url.origin && (prefix === '' || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`));
  });
}

/** The request HubSpot's proxy would send for a card's `hubspot.fetch`: the URL with the caller appended, signed. */
export function signLikeHubSpot(input: {
  url: URL;
  method: string;
  body: Record<string, unknown> | undefined;
  clientSecret: string;
  publicBaseUrl: string;
  portalId: string;
  user: PreviewUser;
  now: number;
}): { pathAndQuery: string; body: string; headers: Record<string, string> } {
  const target = new URL(input.url);
  target.searchParams.append('userId', String(input.user.id));
  target.searchParams.append('userEmail', input.user.email);
  target.searchParams.append('appId', PREVIEW_APP_ID);
  target.searchParams.append('portalId', input.portalId);
  const pathAndQuery = `${target.pathname}${target.search}`;
  const body = input.body === undefined || input.method === 'GET' ? '' : JSON.stringify(input.body);
  const timestamp = String(input.now);
  const signature = signV3({
    clientSecret: input.clientSecret,
    method: input.method,
    uri: `${input.publicBaseUrl.replace(/\/+$/, '')}${pathAndQuery}`,
    body,
    timestamp,
  });
  return {
    pathAndQuery,
    body,
    headers: {
      [SIGNATURE_HEADER]: signature,
      [TIMESTAMP_HEADER]: timestamp,
      ...(body === '' ? {} : { 'content-type': 'application/json' }),
    },
  };
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keyline — local preview</title>
<link rel="stylesheet" href="/preview.css">
</head>
<body>
<div id="preview">Loading the Keyline preview…</div>
<script src="/preview.js"></script>
</body>
</html>
`;

export async function startPreview(options: PreviewOptions): Promise<PreviewHandle> {
  const assets = options.assets ?? (await buildPreviewAssets());
  const permitted = options.permittedUrls ?? readPermittedUrls();
  const user = options.user ?? PREVIEW_USER;
  const apiBase = options.apiBaseUrl.replace(/\/+$/, '');

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.get('/', (_req, res) => void res.type('html').send(PAGE));
  app.get('/favicon.ico', (_req, res) => void res.status(204).end());
  app.get('/preview.js', (_req, res) => void res.type('js').send(assets.js));
  app.get('/preview.css', (_req, res) => void res.type('css').send(assets.css));
  app.get('/_preview/config', (_req, res) => {
    res.json({ portalId: Number(options.portalId), apiBaseUrl: apiBase, publicBaseUrl: options.publicBaseUrl, appName: 'Keyline', user });
  });
  app.get('/_preview/companies', async (req, res) => {
    const q = typeof req.query['q'] === 'string' && req.query['q'].trim() !== '' ? req.query['q'].trim().slice(0, 100) : null;
    try {
      res.json(await options.listCompanies(q));
    } catch (error) {
      res.status(500).json({ error: { code: 'companies_unavailable', message: error instanceof Error ? error.message : String(error) } });
    }
  });
  app.post(FETCH_PROXY_PATH, express.json({ limit: '1mb' }), async (req, res) => {
    const parsed = fetchRequestSchema.safeParse(req.body);
    if (!parsed.success) return refuse(res, 400, 'hubspot.fetch was called with options HubSpot does not accept');
    const { url, method, body, timeout } = parsed.data;
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return refuse(res, 400, `hubspot.fetch needs an absolute https URL, got "${url}"`);
    }
    if (target.protocol !== 'https:' || permittedBase(target, permitted) === undefined) {
      return refuse(res, 403, `${target.origin} is not in permittedUrls.fetch of app/app-hsmeta.json (${permitted.join(', ') || 'none'})`);
    }
    const signed = signLikeHubSpot({ url: target, method, body, clientSecret: options.clientSecret, publicBaseUrl: options.publicBaseUrl, portalId: options.portalId, user, now: Date.now() });
    try {
      const answer = await fetch(`${apiBase}${signed.pathAndQuery}`, {
        method,
        headers: signed.headers,
        ...(signed.body === '' ? {} : { body: signed.body }),
        signal: AbortSignal.timeout(timeout ?? DEFAULT_TIMEOUT_MS),
      });
      res.status(answer.status);
      const type = answer.headers.get('content-type');
      if (type !== null) res.setHeader('content-type', type);
      res.send(Buffer.from(await answer.arrayBuffer()));
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'did not answer';
      refuse(res, 502, `the Keyline API at ${apiBase} ${reason}`);
    }
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
