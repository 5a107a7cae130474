/**
 * The composition root: config in, everything wired. Opens the store, connects the one HubSpot client of the process,
 * builds the gateway. The scoring model is read from the store at the start of every use case (settings can change
 * while the process runs); `model` here is the current one at start, for callers that only need to show it.
 */
import { ConfigError, type Config } from './config';
import type { ScoringModel } from './domain';
import { connect } from './hubspot/hubspot-client';
import { createHubSpotGateway, type GatewayOptions } from './hubspot/hubspot-gateway';
import { logger as processLogger, registerSecret, setLogLevel, type Logger } from './logger';
import { openStore } from './store/open-store';
import { loadScoringModel, type KeylineDeps } from './sync/deps';

export interface KeylineOptions {
  logger?: Logger;
  /** For the sandbox and benchmarks only: the sandbox's time scale (its rate-limit windows shrink by it). */
  timeScale?: number;
  gateway?: GatewayOptions;
  now?: () => Date;
  tuning?: KeylineDeps['tuning'];
}

export type Keyline = KeylineDeps & {
  model: ScoringModel;
  modelVersion: string;
  close(): Promise<void>;
};

/** What the HubSpot side needs; each missing variable is named (ConfigError, exit code 2 in the CLI). */
export function requireHubSpotConfig(config: Config): { token: string; portalId: string } {
  const missing: { variable: string; message: string }[] = [];
  if (!config.HUBSPOT_ACCESS_TOKEN) missing.push({ variable: 'HUBSPOT_ACCESS_TOKEN', message: 'is required to talk to HubSpot' });
  if (!config.HUBSPOT_PORTAL_ID) missing.push({ variable: 'HUBSPOT_PORTAL_ID', message: 'is required (the HubSpot account id)' });
  if (missing.length > 0) throw new ConfigError(missing);
  return { token: config.HUBSPOT_ACCESS_TOKEN as string, portalId: config.HUBSPOT_PORTAL_ID as string };
}

export async function createKeyline(config: Config, options: KeylineOptions = {}): Promise<Keyline> {
  const { token, portalId } = requireHubSpotConfig(config);
  registerSecret(token);
  const log = options.logger ?? processLogger;
  if (!options.logger) setLogLevel(config.LOG_LEVEL);
  const store = await openStore(config.DATABASE_URL);
  const connection = connect({
    accessToken: token,
    basePath: config.HUBSPOT_BASE_URL,
    burstPer10s: config.HUBSPOT_RATE_LIMIT,
    requestTimeoutMs: config.HUBSPOT_REQUEST_TIMEOUT_MS,
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
  });
  const gateway = createHubSpotGateway(connection, options.gateway);
  const interactiveGateway = createHubSpotGateway(connection.interactive, options.gateway);
  const deps: KeylineDeps = { config, portalId, store, gateway, interactiveGateway, logger: log, now: options.now ?? (() => new Date()), ...(options.tuning ? { tuning: options.tuning } : {}) };
  const { model, version } = await loadScoringModel(deps);
  return {
    ...deps,
    model,
    modelVersion: version,
    close: () => store.close(),
  };
}
