/**
 * End-to-end harness: a sandbox (HubSpot emulation with its request ledger) and a Keyline wired to it.
 */
import { startSandbox, type Sandbox, type SandboxRequest, type WriteRule } from '../../sandbox';
import { loadConfig } from '../../server/src/config';
import { parseScoringModel, scoringModelVersion } from '../../server/src/domain';
import type { AccountResult } from '../../server/src/domain/types';
import { createKeyline, type Keyline, type KeylineOptions } from '../../server/src/keyline';
import { silenceLogger } from '../../server/src/logger';

/** The sandbox's windows shrink by this much (10 s → 1 s), and Keyline's limiter with them: same ratios, faster. */
export const TIME_SCALE = 10;
export const AS_OF = new Date('2026-11-20T09:00:00Z');
/** Keyline's "now" in the tests: fixed, so two runs compute the same values. */
export const NOW = new Date('2026-11-20T10:00:00Z');

export interface World {
  sandbox: Sandbox;
  keyline: Keyline;
  close(): Promise<void>;
}

export async function startWorld(
  opts: {
    size?: 'XS' | 'S' | 'M';
    seed?: number;
    databaseUrl?: string;
    rateLimit?: { daily?: number };
    /** HubSpot's search-index lag, emulated by the sandbox (default none). */
    searchIndexLagMs?: number;
    /** The portal's write rules, enforced by the sandbox on 2026-09 writes. */
    writeRules?: WriteRule[];
    /** Sees every request the sandbox receives. */
    onRequest?: (req: SandboxRequest) => void;
    /** The sandbox's clock (what stamps its writes, e.g. a task's hs_createdate); default the wall clock. */
    sandboxClock?: () => number;
    /** Leave HUBSPOT_PORTAL_ID unset: Keyline asks HubSpot which account the token belongs to. */
    withoutPortalId?: boolean;
    keyline?: KeylineOptions;
    /** Shrinks the sandbox's rate windows and Keyline's limiter together (default TIME_SCALE); no test is about time. */
    timeScale?: number;
  } = {},
): Promise<World> {
  silenceLogger(true);
  const timeScale = opts.timeScale ?? TIME_SCALE;
  const sandbox = await startSandbox({
    size: opts.size ?? 'XS',
    seed: opts.seed ?? 7,
    asOf: AS_OF,
    rateLimit: { timeScale, ...(opts.rateLimit ?? {}) },
    ...(opts.searchIndexLagMs !== undefined ? { searchIndexLagMs: opts.searchIndexLagMs } : {}),
    ...(opts.writeRules ? { writeRules: opts.writeRules } : {}),
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
    ...(opts.sandboxClock ? { clock: opts.sandboxClock } : {}),
  });
  const config = configFor(opts.withoutPortalId ? { ...sandbox, portalId: undefined } : sandbox, opts.databaseUrl ?? 'sqlite::memory:');
  const keyline = await createKeyline(config, {
    timeScale,
    now: () => NOW,
    ...(opts.keyline ?? {}),
  });
  return {
    sandbox,
    keyline,
    close: async () => {
      await keyline.close();
      await sandbox.close();
    },
  };
}

export function configFor(sandbox: Pick<Sandbox, 'baseUrl' | 'token'> & { portalId: string | undefined }, databaseUrl: string) {
  return loadConfig({
    HUBSPOT_BASE_URL: sandbox.baseUrl,
    HUBSPOT_ACCESS_TOKEN: sandbox.token,
    ...(sandbox.portalId !== undefined ? { HUBSPOT_PORTAL_ID: sandbox.portalId } : {}),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'error',
  });
}

/** Ledger calls of endpoints that write (POST/PATCH/PUT/DELETE except reads and searches). */
export function writeCalls(sandbox: Sandbox): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(sandbox.ledger.snapshot().byEndpoint)) {
    if (/batch\/read|\/search$/.test(k) || k.startsWith('GET ')) continue;
    out[k] = v.calls;
  }
  return out;
}

/** Keyline's properties on every company, as the sandbox holds them. */
export function keylineState(sandbox: Sandbox): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const c of sandbox.store.list('companies')) {
    out.set(
      c.id,
      Object.fromEntries(Object.entries(c.properties).filter(([k, v]) => k.startsWith('keyline_') && v !== '')),
    );
  }
  return out;
}

/** Keyline tasks in the sandbox: marker → [task ids] (more than one id = a duplicate). */
export function keylineTasks(sandbox: Sandbox): Map<string, { ids: string[]; statuses: string[] }> {
  const out = new Map<string, { ids: string[]; statuses: string[] }>();
  for (const t of sandbox.store.list('tasks')) {
    const marker = t.properties['keyline_task_key'] ?? /keyline:gap=\S+/.exec(t.properties['hs_task_body'] ?? '')?.[0];
    if (!marker) continue;
    const entry = out.get(marker) ?? { ids: [], statuses: [] };
    entry.ids.push(t.id);
    entry.statuses.push(t.properties['hs_task_status'] ?? '');
    out.set(marker, entry);
  }
  return out;
}

/** Saves a scoring model (parsed from `input`, defaults filled) as the portal's settings, as the settings page would. */
export async function saveModel(k: Keyline, input: unknown): Promise<void> {
  const parsed = parseScoringModel(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const saved = await k.store.saveSettings(k.portalId, { version: scoringModelVersion(parsed.model), model: parsed.model, savedBy: 'test', expectedVersion: null });
  if (!saved.ok) throw new Error('could not save the model');
}

/** Every stored account result of the portal. */
export async function storedResults(k: Keyline): Promise<AccountResult[]> {
  const ids = (await k.store.listSnapshotSummaries(k.portalId)).map((s) => s.companyId);
  return [...(await k.store.getSnapshots(k.portalId, ids)).values()].map((s) => s.result);
}
