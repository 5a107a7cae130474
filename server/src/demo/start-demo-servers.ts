/**
 * `keyline demo` after its sync: the Keyline API (on PORT, or any free port when PORT is taken) and the local preview
 * (on `previewPort`, or any free port) over the demo's store. Neither failing stops the demo: the guide says what did
 * not start.
 */
import type { Config } from '../config';
import { serve, type ServeHandle } from '../http/serve';
import { createServeParts } from '../http/services-from-keyline';
import type { Keyline } from '../keyline';
import { listPickableCompanies } from '../../../preview/server/list-companies';
import { startPreview, type PreviewHandle } from '../../../preview/server/serve-preview';

export interface DemoServers {
  api: ServeHandle | null;
  apiBaseUrl: string | null;
  preview: PreviewHandle | null;
  /** Why a server did not start, for the console. */
  problems: string[];
}

const inUse = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';

async function onPortOrAnother<T>(port: number, start: (port: number) => Promise<T>): Promise<T> {
  try {
    return await start(port);
  } catch (error) {
    if (port === 0 || !inUse(error)) throw error;
    return start(0);
  }
}

export async function startDemoServers(config: Config, k: Keyline, options: { previewPort: number }): Promise<DemoServers> {
  const problems: string[] = [];
  let api: ServeHandle | null = null;
  try {
    api = await onPortOrAnother(config.PORT, (port) => serve({ ...config, PORT: port }, createServeParts(k), { host: '127.0.0.1' }));
  } catch (error) {
    problems.push(`API not started: ${error instanceof Error ? error.message : String(error)}`);
  }
  const apiBaseUrl = api === null ? null : `http://127.0.0.1:${api.port}`;

  let preview: PreviewHandle | null = null;
  if (apiBaseUrl !== null && config.HUBSPOT_CLIENT_SECRET && config.PUBLIC_BASE_URL) {
    const { HUBSPOT_CLIENT_SECRET: clientSecret, PUBLIC_BASE_URL: publicBaseUrl } = config;
    try {
      preview = await onPortOrAnother(options.previewPort, (port) =>
        startPreview({
          apiBaseUrl,
          publicBaseUrl,
          clientSecret,
          portalId: k.portalId,
          port,
          listCompanies: (query) => listPickableCompanies(k.store, k.portalId, query),
        }),
      );
    } catch (error) {
      problems.push(`Preview not started: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { api, apiBaseUrl, preview, problems };
}
