/**
 * The composition root: config in, everything wired. Opens the store, opens the one HubSpot connection of the process
 * (its 2026-09 API), builds the gateway; without HUBSPOT_PORTAL_ID, the account id is the token's (account-info). The scoring model is read from the store at the start of every use case (settings can change
 * while the process runs); `model` here is the current one at start, for callers that only need to show it.
 */
import { ConfigError, type Config } from './config';
import type { ScoringModel } from './domain';
import { createHubSpotGateway, type GatewayOptions } from './hubspot/hubspot-gateway';
import { openTransport } from './hubspot/hubspot-transport';
import { logger as processLogger, registerSecret, setLogLevel, type Logger } from './logger';
import { openStore } from './store/open-store';
import type { Store } from './store/store';
import { loadScoringModel, type KeylineDeps } from './sync/deps';

export interface KeylineOptions {
  logger?: Logger;
  /** For the sandbox and benchmarks only: the sandbox's time scale (its rate-limit windows shrink by it). */
  timeScale?: number;
  gateway?: GatewayOptions;
  now?: () => Date;
  tuning?: KeylineDeps['tuning'];
  /** SQLite only: how long a store write waits for another process's lock (default 5 s; `serve` uses 500 ms). */
  sqliteBusyTimeoutMs?: number;
}

/** `keyline serve` waits at most this long for a SQLite lock held by another process (the wait blocks the event loop). */
export const SERVE_SQLITE_BUSY_TIMEOUT_MS = 500;

export type Keyline = KeylineDeps & {
  model: ScoringModel;
  modelVersion: string;
  close(): Promise<void>;
};

/**
 * What the HubSpot side needs; a missing variable is named (ConfigError, exit code 2 in the CLI). The account id is
 * optional: without HUBSPOT_PORTAL_ID it is asked of HubSpot with the token.
 */
export function requireHubSpotConfig(config: Config): { token: string; portalId: string | null } {
  if (!config.HUBSPOT_ACCESS_TOKEN) throw new ConfigError([{ variable: 'HUBSPOT_ACCESS_TOKEN', message: 'is required to talk to HubSpot' }]);
  return { token: config.HUBSPOT_ACCESS_TOKEN, portalId: config.HUBSPOT_PORTAL_ID ?? null };
}

export async function createKeyline(config: Config, options: KeylineOptions = {}): Promise<Keyline> {
  const { token, portalId: configuredPortalId } = requireHubSpotConfig(config);
  registerSecret(token);
  const log = options.logger ?? processLogger;
  if (!options.logger) setLogLevel(config.LOG_LEVEL);
  const transport = openTransport({
    accessToken: token,
    basePath: config.HUBSPOT_BASE_URL,
    burstPer10s: config.HUBSPOT_RATE_LIMIT,
    requestTimeoutMs: config.HUBSPOT_REQUEST_TIMEOUT_MS,
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
  });
  const gateway = createHubSpotGateway(transport, options.gateway);
  const interactiveGateway = createHubSpotGateway(transport.interactive, options.gateway);
  const portalId = configuredPortalId ?? (await gateway.readAccountId());
  const store = await openStore(config.DATABASE_URL, options.sqliteBusyTimeoutMs === undefined ? {} : { sqliteBusyTimeoutMs: options.sqliteBusyTimeoutMs });
  const deps: KeylineDeps = { config, portalId, store, gateway, interactiveGateway, logger: log, now: options.now ?? (() => new Date()), ...(options.tuning ? { tuning: options.tuning } : {}) };
  const { model, version } = await loadScoringModel(deps);
  return {
    ...deps,
    model,
    modelVersion: version,
    close: () => store.close(),
  };
}

/** What `report` and `explain` need: the store alone (no HubSpot token, no HubSpot call). */
export interface KeylineStore {
  store: Store;
  portalId: string;
  model: ScoringModel;
  close(): Promise<void>;
}

/** The store holds nothing scored for the account yet (run a sync first). */
export class NothingStoredYet extends Error {
  constructor(databaseUrl: string) {
    super(`the store (${databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}) holds no scored company yet: run "keyline sync" first`);
    this.name = 'NothingStoredYet';
  }
}

/**
 * Opens the store for reading. The account is HUBSPOT_PORTAL_ID, else the one account the store holds; a store that
 * holds several asks for HUBSPOT_PORTAL_ID (ConfigError), an empty one says to run a sync (NothingStoredYet).
 */
export async function openKeylineStore(config: Config, options: { logger?: Logger } = {}): Promise<KeylineStore> {
  const log = options.logger ?? processLogger;
  if (!options.logger) setLogLevel(config.LOG_LEVEL);
  const store = await openStore(config.DATABASE_URL);
  try {
    let portalId = config.HUBSPOT_PORTAL_ID ?? null;
    if (portalId === null) {
      const held = await store.listPortalIds();
      if (held.length > 1) {
        throw new ConfigError([
          { variable: 'HUBSPOT_PORTAL_ID', message: `the store holds several HubSpot accounts (${held.join(', ')}): set it to the one to read` },
        ]);
      }
      portalId = held[0] ?? null;
    }
    if (portalId === null) throw new NothingStoredYet(config.DATABASE_URL);
    const { model } = await loadScoringModel({ store, portalId, logger: log });
    return { store, portalId, model, close: () => store.close() };
  } catch (err) {
    await store.close();
    throw err;
  }
}
