/**
 * `keyline preview`: the local preview for a Keyline API that is already running (`keyline serve`), with the same
 * environment: it signs for PUBLIC_BASE_URL with HUBSPOT_CLIENT_SECRET, as HubSpot does, and lists companies from the
 * store at DATABASE_URL. Runs until Ctrl-C.
 */
import { ConfigError, type Config } from '../config';
import { openStore } from '../store/open-store';
import { listPickableCompanies } from '../../../preview/server/list-companies';
import { startPreview } from '../../../preview/server/serve-preview';

/** What the preview needs from the configuration; every missing variable is named at once. */
export function requirePreviewConfig(config: Config): { clientSecret: string; publicBaseUrl: string; portalId: string } {
  const missing: { variable: string; message: string }[] = [];
  const need = (variable: 'HUBSPOT_CLIENT_SECRET' | 'PUBLIC_BASE_URL' | 'HUBSPOT_PORTAL_ID', why: string): string => {
    const value = config[variable];
    if (value) return value;
    missing.push({ variable, message: `is required for the preview (${why})` });
    return '';
  };
  const required = {
    clientSecret: need('HUBSPOT_CLIENT_SECRET', 'it signs requests as HubSpot does, with the API\'s secret'),
    publicBaseUrl: need('PUBLIC_BASE_URL', 'the address the API verifies signatures for'),
    portalId: need('HUBSPOT_PORTAL_ID', 'the HubSpot account the API serves'),
  };
  if (missing.length > 0) throw new ConfigError(missing);
  return required;
}

export async function previewCommand(
  config: Config,
  opts: { api?: string; port: number },
  print: (text: string) => void,
  untilStopped: () => Promise<void>,
): Promise<void> {
  const { clientSecret, publicBaseUrl, portalId } = requirePreviewConfig(config);
  const apiBaseUrl = opts.api ?? `http://127.0.0.1:${config.PORT}`;
  const store = await openStore(config.DATABASE_URL);
  try {
    const preview = await startPreview({
      apiBaseUrl,
      publicBaseUrl,
      clientSecret,
      portalId,
      port: opts.port,
      listCompanies: (query) => listPickableCompanies(store, portalId, query),
    });
    print(`Keyline preview: ${preview.url}  (signed requests go to ${apiBaseUrl}; Ctrl-C to stop)`);
    await untilStopped();
    await preview.close();
  } finally {
    await store.close();
  }
}
