/**
 * The local HubSpot sandbox: a stateful emulation of the CRM endpoints Keyline uses, with HubSpot's limits, error
 * shapes and a generated portfolio. See docs/SANDBOX.md.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { FaultInjector, type FaultOptions } from './fault-injector';
import { createSandboxApp } from './http/sandbox-app';
import { generatePortfolio as generate, type Portfolio, type PortfolioSize } from './portfolio/generate-portfolio';
import { RateLimiter, type RateLimitOptions } from './rate-limits';
import { RequestLedger } from './request-ledger';
import { SandboxStore, type StoreChanges } from './sandbox-store';
import { WriteRules, type WriteRule } from './write-rules';
import type { SandboxRequest } from './http/sandbox-app';

export type { FaultOptions } from './fault-injector';
export type { LedgerSnapshot, EndpointCount } from './request-ledger';
export type { Portfolio, PortfolioSize, PortfolioStats } from './portfolio/generate-portfolio';
export type { SandboxObject, AssociationTarget, NewAssociation } from './sandbox-store';
export type { ObjectType } from './object-types';
export type { WriteRule } from './write-rules';
export type { SandboxRequest } from './http/sandbox-app';
export { DATED_VERSION } from './http/api-paths';
export { RequestLedger } from './request-ledger';
export { SandboxStore } from './sandbox-store';
export { OBJECT_TYPES, OBJECT_TYPE_IDS, ENGAGEMENT_TYPES } from './object-types';
export { DEAL_PIPELINES } from './portfolio/deal-pipelines';

export interface SandboxOptions {
  size?: PortfolioSize;
  seed?: number;
  /** The "today" the portfolio is generated around (default: now). */
  asOf?: Date;
  port?: number;
  host?: string;
  token?: string;
  rateLimit?: RateLimitOptions;
  faults?: FaultOptions;
  persistPath?: string;
  /**
   * Answer requested properties that have no value as `null`, as live HubSpot does (the 2026-09 schema allows it, the
   * v3 one did not). Off by default; turn it on to check that a consumer copes with both.
   */
  nullUnsetProperties?: boolean;
  /** The sandbox's time source for rate-limit windows and write stamps (default Date.now); tests freeze it. */
  clock?: () => number;
  /**
   * HubSpot's search index lags writes ("results lag briefly"): with a lag, search leaves out records created or
   * changed within the last `searchIndexLagMs` (by the sandbox's clock). Reads and associations see them at once.
   * Default 0.
   */
  searchIndexLagMs?: number;
  /**
   * Also answer on HubSpot's legacy numeric paths (/crm/v3, /crm/v4, /account-info/v3), as HubSpot does until they go
   * unsupported. Off by default: the sandbox speaks 2026-09, and a legacy request is an unknown endpoint (404).
   */
  legacyPaths?: boolean;
  /** The portal's write rules (required properties, formats), enforced on 2026-09 writes. */
  writeRules?: WriteRule[];
  /** Sees every HubSpot request the sandbox receives (the contract suite validates them against HubSpot's specs). */
  onRequest?: (req: SandboxRequest) => void;
}

export interface Sandbox {
  baseUrl: string;
  token: string;
  portalId: string;
  ledger: RequestLedger;
  store: SandboxStore;
  portfolio: Portfolio;
  setFaults(f: FaultOptions): void;
  /** Replaces the portal's write rules (enforced on 2026-09 writes, as HubSpot does). */
  setWriteRules(rules: WriteRule[]): void;
  resetLimits(): void;
  close(): Promise<void>;
}

export function generatePortfolio(opts: { size: PortfolioSize; seed?: number; asOf?: Date | number }): Portfolio {
  return generate(opts);
}

const PORTAL_ID = '24681357';

/** A sample private-app style token (pat-<region>-<uuid-ish>), fresh per sandbox unless one is given. */
function sampleToken(): string {
  const hex = randomBytes(16).toString('hex');
  return `pat-na1-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface PersistedState {
  version: 1;
  size: PortfolioSize;
  seed: number;
  asOf: number;
  changes: StoreChanges;
}

function loadPersisted(path: string | undefined): PersistedState | undefined {
  if (!path || !existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as PersistedState;
  return parsed.version === 1 ? parsed : undefined;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const persisted = loadPersisted(opts.persistPath);
  const size = persisted?.size ?? opts.size ?? 'S';
  const seed = persisted?.seed ?? opts.seed ?? 42;
  const asOf = persisted?.asOf ?? opts.asOf?.getTime() ?? Date.now();
  const portfolio = generate({ size, seed, asOf });
  const clock = opts.clock ?? Date.now;
  const store = new SandboxStore(portfolio, clock);
  if (persisted) store.importChanges(persisted.changes);

  let saveTimer: NodeJS.Timeout | undefined;
  const save = () => {
    if (!opts.persistPath) return;
    const state: PersistedState = { version: 1, size, seed, asOf, changes: store.exportChanges() };
    const tmp = `${opts.persistPath}.tmp`;
    writeFileSync(tmp, JSON.stringify(state));
    renameSync(tmp, opts.persistPath);
  };
  if (opts.persistPath) {
    store.onChange = () => {
      if (saveTimer) return;
      saveTimer = setTimeout(() => {
        saveTimer = undefined;
        save();
      }, 200);
      saveTimer.unref();
    };
  }

  const ledger = new RequestLedger();
  let limiter = new RateLimiter(opts.rateLimit, clock);
  const faults = new FaultInjector(opts.faults ?? {});
  const writeRules = new WriteRules();
  writeRules.set(opts.writeRules ?? []);
  const token = opts.token ?? sampleToken();
  const app = createSandboxApp({
    store,
    ledger,
    get limiter() {
      return limiter;
    },
    faults,
    token,
    portalId: PORTAL_ID,
    info: () => ({ portalId: PORTAL_ID, size, seed, asOf: new Date(asOf).toISOString(), stats: portfolio.stats }),
    resetLimits: () => {
      limiter = new RateLimiter(opts.rateLimit, clock);
    },
    nullUnsetProperties: opts.nullUnsetProperties === true,
    searchIndexLagMs: opts.searchIndexLagMs ?? 0,
    legacyPaths: opts.legacyPaths === true,
    writeRules,
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
  });

  const host = opts.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.on('error', reject);
  });
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://${host}:${port}`,
    token,
    portalId: PORTAL_ID,
    ledger,
    store,
    portfolio,
    setFaults: (f) => faults.set(f),
    setWriteRules: (rules) => writeRules.set(rules),
    resetLimits: () => {
      limiter = new RateLimiter(opts.rateLimit, clock);
    },
    close: async () => {
      if (saveTimer) clearTimeout(saveTimer);
      save();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
