/**
 * A sandbox and a Keyline wired to it for the reliability suites (the e2e harness's constants and config), with
 * the sandbox's writes watched, and the clean run every faulty run is compared with: same portfolio (size, seed,
 * asOf), same frozen "now", same nights, no fault.
 */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox';
import { loadConfig } from '../../../server/src/config';
import { createKeyline, type Keyline, type KeylineOptions } from '../../../server/src/keyline';
import { silenceLogger } from '../../../server/src/logger';
import { runSync } from '../../../server/src/sync';
import { AS_OF, NOW } from '../../e2e/harness';
import { readEndState, type EndState } from './end-state';
import { watchWrites, type WriteLog } from './write-log';

export { AS_OF, NOW };

/**
 * The sandbox's windows shrink by this much (10 s → 0.2 s), and Keyline's limiters and retry waits with them: every
 * ratio kept, the suites stay short.
 */
export const TIME_SCALE = 50;

export interface PortfolioSpec {
  size: 'XS' | 'S';
  seed: number;
}

export interface FaultWorld {
  sandbox: Sandbox;
  keyline: Keyline;
  writes: WriteLog;
  close(): Promise<void>;
}

export interface FaultWorldOptions extends PortfolioSpec {
  /** The sandbox's (the portal's real) limits. */
  rateLimit?: Omit<NonNullable<SandboxOptions['rateLimit']>, 'timeScale'>;
  /** The burst limit Keyline is configured with (HUBSPOT_RATE_LIMIT). */
  appRateLimit?: '100' | '110' | '190';
  databaseUrl?: string;
  keyline?: KeylineOptions;
}

export function keylineEnv(sandbox: Pick<Sandbox, 'baseUrl' | 'token' | 'portalId'>, databaseUrl: string, appRateLimit = '100'): Record<string, string> {
  return {
    HUBSPOT_BASE_URL: sandbox.baseUrl,
    HUBSPOT_ACCESS_TOKEN: sandbox.token,
    HUBSPOT_PORTAL_ID: sandbox.portalId,
    HUBSPOT_RATE_LIMIT: appRateLimit,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'error',
  };
}

export async function startFaultWorld(opts: FaultWorldOptions): Promise<FaultWorld> {
  silenceLogger(true);
  const sandbox = await startSandbox({
    size: opts.size,
    seed: opts.seed,
    asOf: AS_OF,
    rateLimit: { timeScale: TIME_SCALE, ...(opts.rateLimit ?? {}) },
  });
  const keyline = await createKeyline(loadConfig(keylineEnv(sandbox, opts.databaseUrl ?? 'sqlite::memory:', opts.appRateLimit)), {
    timeScale: TIME_SCALE,
    now: () => NOW,
    tuning: { readChunk: 10, writePage: 5 },
    ...(opts.keyline ?? {}),
  });
  await keyline.gateway.setup({ lists: false });
  sandbox.ledger.reset();
  const writes = watchWrites(sandbox);
  return {
    sandbox,
    keyline,
    writes,
    close: async () => {
      writes.stop();
      await keyline.close();
      await sandbox.close();
    },
  };
}

/**
 * A night's changes in HubSpot, the same in every world: touches logged on companies with an open Keyline task (the
 * next run closes those tasks), a QBR held, a revenue update and a new champion. Targets are chosen from the end
 * state, which the caller has checked equals the clean run's.
 */
export function logNightChanges(sandbox: Sandbox, state: EndState): void {
  const openTouchTasks = [...state.tasks.values()]
    .filter((t) => t.status === 'NOT_STARTED' && t.marker.endsWith('/touch_overdue') && t.companyId !== null)
    .map((t) => t.companyId as string)
    .sort();
  const companies = sandbox.store.list('companies').map((c) => c.id).sort();
  const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
  for (const companyId of openTouchTasks.slice(0, 3)) {
    const contact = sandbox.store.associations('companies', companyId, 'contacts')[0];
    sandbox.store.create(
      'calls',
      { hs_timestamp: at(2), hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND', hs_call_title: 'Check-in' },
      [{ toType: 'companies', toId: companyId }, ...(contact ? [{ toType: 'contacts' as const, toId: contact.toObjectId }] : [])],
    );
  }
  const qbr = companies[2];
  if (qbr) {
    sandbox.store.create(
      'meetings',
      { hs_timestamp: at(3), hs_meeting_title: 'QBR — quarterly business review', hs_meeting_outcome: 'COMPLETED', hs_meeting_start_time: at(3), hs_meeting_end_time: at(2) },
      [{ toType: 'companies', toId: qbr }],
    );
  }
  const richer = companies[5];
  if (richer) sandbox.store.update('companies', richer, { annualrevenue: '250000000' });
  const champion = companies[7];
  const contact = champion ? sandbox.store.associations('companies', champion, 'contacts')[0] : undefined;
  if (contact) sandbox.store.update('contacts', contact.toObjectId, { hs_buying_role: 'CHAMPION' });
}

export interface CleanStates {
  /** After the first full run. */
  full: EndState;
  /** After the night's changes and an incremental run. */
  incremental: EndState;
  /** API calls of the clean full and incremental runs (from the sandbox ledger). */
  calls: { full: number; incremental: number };
  /** The same, by endpoint. */
  callsByEndpoint: { full: Record<string, number>; incremental: Record<string, number> };
}

const cleanRuns = new Map<string, Promise<CleanStates>>();

/** The clean run's end states for a portfolio (computed once per test file and portfolio). */
export function cleanRunStates(spec: PortfolioSpec): Promise<CleanStates> {
  const key = `${spec.size}/${spec.seed}`;
  let states = cleanRuns.get(key);
  if (!states) {
    states = computeCleanStates(spec);
    cleanRuns.set(key, states);
  }
  return states;
}

async function computeCleanStates(spec: PortfolioSpec): Promise<CleanStates> {
  const world = await startFaultWorld(spec);
  try {
    const full = await runSync(world.keyline, { mode: 'full' });
    if (full.status !== 'succeeded' || full.errors.length > 0) throw new Error(`the clean full run did not succeed: ${JSON.stringify(full.errors)}`);
    const fullState = readEndState(world.sandbox);
    const fullLedger = world.sandbox.ledger.snapshot();
    logNightChanges(world.sandbox, fullState);
    world.sandbox.ledger.reset();
    const incremental = await runSync(world.keyline, { mode: 'incremental' });
    if (incremental.status !== 'succeeded' || incremental.mode !== 'incremental' || incremental.errors.length > 0) {
      throw new Error(`the clean incremental run did not succeed: ${JSON.stringify(incremental)}`);
    }
    const incLedger = world.sandbox.ledger.snapshot();
    const byEndpoint = (l: typeof incLedger) => Object.fromEntries(Object.entries(l.byEndpoint).map(([k, v]) => [k, v.calls]));
    return {
      full: fullState,
      incremental: readEndState(world.sandbox),
      calls: { full: fullLedger.total, incremental: incLedger.total },
      callsByEndpoint: { full: byEndpoint(fullLedger), incremental: byEndpoint(incLedger) },
    };
  } finally {
    await world.close();
  }
}
