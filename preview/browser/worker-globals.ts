/**
 * What HubSpot's extension worker provides on `self`, for @hubspot/ui-extensions to find when it loads
 * (internal/global-utils.js reads `self.__HUBSPOT_EXTENSION_WORKER__`, `extend_V2`, `hsFetch`, `hsWorkerAPI`, `logger`).
 * Imported first by main.tsx, before any extension code: `hubspot.extend` is bound when the SDK module is evaluated.
 *
 * `hsFetch` is the local stand-in for HubSpot's proxy: it hands the request to the preview server's `/_hubspot/fetch`,
 * which checks the URL against the app's permitted URLs, appends the portal and user, signs it with the app's client
 * secret (v3, as HubSpot does) and forwards it to the backend. The secret never reaches the browser.
 */
import { useContext, useSyncExternalStore } from 'react';
import { FETCH_PROXY_PATH, PROXY_ERROR_HEADER } from '../host/proxy-protocol';
import { ExtensionApiContext, type RenderExtension } from '../host/render-extension';
import { activity, pageLocation } from './preview-state';

/** Each `hubspot.extend` call, in the order the entries were loaded. */
export const registrations: RenderExtension[] = [];

interface FetchOptions {
  method?: string;
  timeout?: number;
  body?: Record<string, unknown>;
}

async function hsFetch(url: string | URL, options: FetchOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  let response: Response;
  try {
    response = await fetch(FETCH_PROXY_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: String(url), method, body: options.body, timeout: options.timeout }),
    });
  } catch (error) {
    activity.add({ source: 'hubspot.fetch', text: `${method} ${String(url)} → no answer from the preview server`, failed: true });
    throw error;
  }
  const refused = response.headers.get(PROXY_ERROR_HEADER);
  activity.add({
    source: 'hubspot.fetch',
    text: `${method} ${String(url)} → ${refused === null ? `${response.status} (signed v3)` : `refused: ${refused}`}`,
    failed: refused !== null || !response.ok,
  });
  if (refused !== null) throw new Error(refused);
  return response;
}

function useExtensionApi() {
  const api = useContext(ExtensionApiContext);
  if (api === null) throw new Error('HubSpot hooks are used outside an extension');
  return api;
}

const workerGlobals = {
  __HUBSPOT_EXTENSION_WORKER__: true,
  extend_V2: (render: RenderExtension) => {
    registrations.push(render);
  },
  hsFetch,
  serverless: () => Promise.reject(new Error('Keyline uses no serverless functions')),
  hsWorkerAPI: {
    useAppPageLocation: () => useSyncExternalStore(pageLocation.subscribe, pageLocation.get),
    useExtensionApi,
    useExtensionContext: () => useExtensionApi().context,
    useExtensionActions: () => useExtensionApi().actions,
  },
  logger: {
    debug: (data: unknown) => console.debug(data),
    info: (data: unknown) => console.info(data),
    warn: (data: unknown) => console.warn(data),
    error: (data: unknown) => console.error(data),
  },
};

Object.assign(self, workerGlobals);
