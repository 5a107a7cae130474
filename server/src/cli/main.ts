/**
 * The `keyline` command line (commander): setup, sync, explain, report, serve, sandbox, demo.
 * Human-readable output with progress bars on a terminal, `--json` for machines, exit codes: 0 ok, 1 failure,
 * 2 configuration error (one message naming every problem), 3 run paused (HubSpot's daily limit, or HubSpot busy or
 * down after every retry: the next run resumes it), 4 another sync is running (nothing was done; try again later).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config';
import { PropertyConflict } from '../hubspot/errors';
import type { SetupReport } from '../hubspot/gateway';
import { createKeyline, NothingStoredYet, openKeylineStore, SERVE_SQLITE_BUSY_TIMEOUT_MS, type Keyline, type KeylineStore } from '../keyline';
import { silenceLogger } from '../logger';
import type { RunRecord } from '../store/store';
import { runSync, SyncAlreadyRunning, type PlanSummary } from '../sync';
import { renderReport } from './report';
import { explainCompany } from './explain';
import { loadOwnerNamer } from '../use-cases/name-owners';
import { createSyncProgress } from './sync-progress';
// Static, not `await import(…)`: bin/keyline loads the CLI through tsx's require hook, under which a dynamic import
// goes to Node's ESM resolver and fails on extensionless paths ("Cannot find module …/http/serve").
import { serve } from '../http/serve';
import { createServeParts } from '../http/services-from-keyline';
import { startSandbox } from '../../../sandbox';
import { KEYLINE_BASE_URL } from '@keyline/contract/keyline-base-url';
import { formatDemoGuide } from '../demo/demo-guide';
import { demoStore, removeStaleDemoStores } from '../demo/demo-store';
import { startDemoServers } from '../demo/start-demo-servers';
import { previewCommand } from '../demo/preview-command';
import { runSandboxCommand } from '../../../sandbox/cli';

export const EXIT = { ok: 0, failure: 1, config: 2, paused: 3, busy: 4 } as const;

class CliExit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

interface GlobalOptions {
  json?: boolean;
}

const isTty = () => process.stdout.isTTY === true;
const print = (text: string) => process.stdout.write(`${text}\n`);
const printJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);

async function withKeyline<T>(fn: (k: Keyline, config: Config) => Promise<T>, env: Record<string, string | undefined> = process.env): Promise<T> {
  const config = loadConfig(env, { require: ['HUBSPOT_ACCESS_TOKEN'] });
  // Logs go to stderr as JSON; on a terminal only warnings, so progress bars stay readable.
  if (isTty()) silenceLogger(config.LOG_LEVEL !== 'debug');
  const k = await createKeyline(config);
  try {
    return await fn(k, config);
  } finally {
    await k.close();
  }
}

/** For commands that only read what the last runs stored (`report`, `explain`): no HubSpot token, no HubSpot call. */
async function withStore<T>(fn: (k: KeylineStore) => Promise<T>, env: Record<string, string | undefined> = process.env): Promise<T> {
  const config = loadConfig(env);
  if (isTty()) silenceLogger(config.LOG_LEVEL !== 'debug');
  const k = await openKeylineStore(config);
  try {
    return await fn(k);
  } finally {
    await k.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// setup
// ---------------------------------------------------------------------------------------------------------------

function formatSetup(r: SetupReport): string {
  const count = (o: string) => r.properties.filter((p) => p.outcome === o).length;
  const out = [
    `Property group "keyline": ${r.group}`,
    `Properties: ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged`,
    ...r.properties.filter((p) => p.outcome !== 'unchanged').map((p) => `  ${p.outcome.padEnd(9)} ${p.name}`),
  ];
  if (r.lists.length > 0) out.push(`Lists: ${r.lists.map((l) => `${l.name} (${l.outcome})`).join(', ')}`);
  return out.join('\n');
}

export async function setupCommand(k: Keyline, opts: { lists?: boolean }, g: GlobalOptions): Promise<SetupReport> {
  const report = await k.gateway.setup({ lists: opts.lists === true });
  if (g.json) printJson(report);
  else print(formatSetup(report));
  return report;
}

// ---------------------------------------------------------------------------------------------------------------
// sync
// ---------------------------------------------------------------------------------------------------------------

function formatRun(run: RecordLike, nameOf: (ownerId: string | null) => string | null = () => null): string {
  const owner = (id: string | null) => {
    const name = id === null ? null : nameOf(id);
    return id === null ? 'none' : name !== null && name !== `Owner ${id}` ? `${name}, ${id}` : id;
  };
  const c = run.counts;
  const calls = Object.values(run.apiCalls).reduce((a, b) => a + b, 0);
  const secs = run.endedAt ? (run.endedAt.getTime() - run.startedAt.getTime()) / 1000 : null;
  const out = [
    `Sync ${run.mode}${run.dryRun ? ' (dry run: nothing written)' : ''}: ${run.status}${run.message ? ` — ${run.message}` : ''}`,
    `  run ${run.id}${secs !== null ? `, ${secs.toFixed(1)} s` : ''}`,
    `  companies read ${c.companiesRead}, scored ${c.companiesScored}, ${run.dryRun ? 'to write' : 'written'} ${c.companiesWritten} (${c.propertyWrites} values)`,
    `  tasks ${run.dryRun ? 'to create' : 'created'} ${c.tasksCreated}, ${run.dryRun ? 'to close' : 'closed'} ${c.tasksClosed}${
      typeof (run.details.taskBudget as { queued?: unknown } | undefined)?.queued === 'number'
        ? `, queued for later days ${(run.details.taskBudget as { queued: number }).queued} (daily budget per owner)`
        : ''
    }`,
    `  HubSpot API calls ${calls}${c.companiesRead > 0 ? ` (${(calls / c.companiesRead).toFixed(3)} per company)` : ''}`,
  ];
  if (run.errors.length > 0) {
    out.push(`  errors ${run.errors.length}:`);
    for (const e of run.errors.slice(0, 10)) out.push(`    ${e.companyId ?? '-'}: ${e.message}`);
  }
  const plan = run.details.plan as PlanSummary | undefined;
  if (run.dryRun && plan) {
    out.push('', 'Plan: property changes per property');
    for (const [p, n] of Object.entries(plan.changesByProperty).sort((a, b) => b[1] - a[1])) out.push(`  ${p.padEnd(30)} ${n}`);
    out.push('Tasks to create per gap', ...Object.entries(plan.tasksByKind).map(([kind, n]) => `  ${kind.padEnd(30)} ${n}`));
    out.push(`Tasks to close: ${plan.tasksToClose}`, '', 'Samples:');
    for (const s of plan.samples.slice(0, 5)) {
      out.push(`  ${s.companyName} (${s.companyId})`);
      for (const ch of s.changes) out.push(`    ${ch.property}: ${ch.from ?? '∅'} → ${ch.to === '' ? '∅' : ch.to}`);
      for (const t of s.create) out.push(`    + task "${t.subject}" (owner ${owner(t.ownerId)}, ${t.priority})`);
      for (const t of s.close) out.push(`    ✓ close task ${t.taskId} (${t.gapKey})`);
    }
    if ((plan.taskSamples ?? []).length > 0) out.push('', 'Sample tasks (within the daily budget):');
    for (const t of (plan.taskSamples ?? []).slice(0, 5)) out.push(`  + task "${t.subject}" (owner ${owner(t.ownerId)}, ${t.priority})`);
  }
  return out.join('\n');
}

type RecordLike = RunRecord;

export async function syncCommand(
  k: Keyline,
  opts: { full?: boolean; incremental?: boolean; dryRun?: boolean; company?: string[] },
  g: GlobalOptions,
): Promise<RunRecord> {
  if (opts.full && opts.incremental) throw new CliExit(EXIT.failure, 'choose one of --full and --incremental');
  const bad = (opts.company ?? []).filter((id) => !/^[1-9]\d{0,19}$/.test(id));
  if (bad.length > 0) throw new CliExit(EXIT.failure, `--company takes numeric HubSpot company ids (not ${bad.map((id) => JSON.stringify(id)).join(', ')})`);
  const progress = g.json
    ? { onProgress: () => undefined, stop: () => undefined }
    : createSyncProgress({ tty: isTty(), write: (text) => process.stdout.write(text), apiCalls: () => Object.values(k.gateway.apiCalls()).reduce((a, b) => a + b, 0) });
  let run: RunRecord;
  try {
    run = await runSync(k, {
      // With --company the run is a targeted one (recorded as such; it leaves the weekly full-reconcile clock alone).
      mode: opts.full ? 'full' : 'incremental',
      dryRun: opts.dryRun === true,
      ...(opts.company && opts.company.length > 0 ? { companyIds: opts.company } : {}),
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
  if (g.json) printJson(run);
  else print(formatRun(run, await loadOwnerNamer(k.store, k.portalId)));
  return run;
}

function exitCodeOf(run: RunRecord): number {
  return run.status === 'succeeded' ? EXIT.ok : run.status === 'paused' ? EXIT.paused : EXIT.failure;
}

// ---------------------------------------------------------------------------------------------------------------
// program
// ---------------------------------------------------------------------------------------------------------------

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('keyline')
    .description('Key-account management for HubSpot: tiers, stakeholder coverage and cadence gaps, written back nightly.')
    .option('--json', 'machine-readable output')
    .showHelpAfterError();
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('setup')
    .description('create (or update) the "keyline" property group and every Keyline company property, idempotently')
    .option('--lists', 'also create saved company lists: Tier 1, near-miss, overdue, single-threaded')
    .action(async (opts: { lists?: boolean }) => {
      await withKeyline((k) => setupCommand(k, opts, globals()));
    });

  program
    .command('sync')
    .description('read the portfolio, score every account, write changed properties and tasks back to HubSpot')
    .option('--full', 'every company (default: incremental, with a weekly full reconcile)')
    .option('--incremental', 'only companies changed since the last run, or whose dates fell due')
    .option('--dry-run', 'print the complete plan; write nothing')
    .option('--company <ids...>', 'only these company ids (a targeted run; an id HubSpot does not have fails it)')
    .action(async (opts: { full?: boolean; incremental?: boolean; dryRun?: boolean; company?: string[] }) => {
      const run = await withKeyline((k) => syncCommand(k, opts, globals()));
      process.exitCode = exitCodeOf(run);
    });

  program
    .command('explain')
    .description("everything behind one account's tier, coverage and cadence (from the last run)")
    .argument('<companyId>', 'HubSpot company id')
    .action(async (companyId: string) => {
      await withStore(async (k) => {
        const explained = await explainCompany(k, companyId, { json: globals().json === true });
        if (explained === null) throw new CliExit(EXIT.failure, `company ${companyId} has not been computed yet: run "keyline sync --company ${companyId}"`);
        print(explained);
      });
    });

  program
    .command('report')
    .description('tier distribution, near-misses, overdue, single-threaded accounts, owners over capacity and under the minimum')
    .action(async () => {
      await withStore(async (k) => print(await renderReport(k, { json: globals().json === true })));
    });

  program
    .command('serve')
    .description('serve the HTTP API for the cards and operators, and run the nightly sync (SYNC_CRON, SYNC_TIMEZONE)')
    .action(async () => {
      const config = loadConfig(process.env, { require: ['HUBSPOT_ACCESS_TOKEN'] });
      const k = await createKeyline(config, { sqliteBusyTimeoutMs: SERVE_SQLITE_BUSY_TIMEOUT_MS });
      await serveKeyline(config, k);
    });

  program
    .command('sandbox')
    .description('start the local HubSpot sandbox (a generated portfolio) and print how to point Keyline at it')
    .addOption(new Option('--size <size>', 'portfolio size').choices(['XS', 'S', 'M', 'L']).default('S'))
    .option('--port <port>', 'port (0 = any free port)', (v) => Number(v), 0)
    .option('--seed <seed>', 'generator seed', (v) => Number(v))
    .action(async (opts: { size: 'XS' | 'S' | 'M' | 'L'; port: number; seed?: number }) => {
      const sandbox = await runSandboxCommand({ size: opts.size, port: opts.port, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
      await waitForSignal();
      await sandbox.close();
    });

  program
    .command('preview')
    .description('serve the local preview (the cards, settings page and app page in a browser) for a running `keyline serve`')
    .option('--api <url>', 'where the Keyline API listens (default http://127.0.0.1:$PORT)')
    .option('--port <port>', 'port of the preview (0 = any free port)', (v) => Number(v), 4000)
    .action(async (opts: { api?: string; port: number }) => {
      await previewCommand(loadConfig(), opts, print, waitForSignal);
    });

  program
    .command('demo')
    .description('the embedded default: sandbox with the M portfolio, setup, full sync with a progress bar, report, then serve')
    .addOption(new Option('--size <size>', 'portfolio size').choices(['XS', 'S', 'M', 'L']).default('M'))
    .option('--no-serve', 'exit after the report')
    .option('--preview-port <port>', 'port of the local preview (taken: any free port)', (v) => Number(v), 4000)
    .action(async (opts: { size: 'XS' | 'S' | 'M' | 'L'; serve: boolean; previewPort: number }) => {
      await demoCommand(opts, globals());
    });

  return program;
}

async function waitForSignal(): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** Starts the HTTP API (server/src/http/serve.ts) over this Keyline, with the nightly schedule. */
async function serveKeyline(config: Config, k: Keyline): Promise<void> {
  // The adapter from Keyline's modules to the API's services is the HTTP layer's.
  const handle = await serve(config, createServeParts(k));
  print(`Keyline API listening on port ${handle.port}`);
  await handle.closed;
}

async function demoCommand(opts: { size: 'XS' | 'S' | 'M' | 'L'; serve: boolean; previewPort: number }, g: GlobalOptions): Promise<void> {
  const burst = 190;
  if (!g.json) print(`Starting the HubSpot sandbox with the ${opts.size} portfolio…`);
  const sandbox = await startSandbox({ size: opts.size, rateLimit: { burstPer10s: burst } });
  mkdirSync('.keyline', { recursive: true });
  removeStaleDemoStores('.keyline');
  const store = demoStore('.keyline');
  const env = {
    HUBSPOT_BASE_URL: sandbox.baseUrl,
    HUBSPOT_ACCESS_TOKEN: sandbox.token,
    HUBSPOT_PORTAL_ID: sandbox.portalId,
    HUBSPOT_RATE_LIMIT: String(burst),
    DATABASE_URL: store.databaseUrl,
    HUBSPOT_CLIENT_SECRET: randomBytes(24).toString('hex'),
    OPERATOR_TOKEN: randomBytes(24).toString('hex'),
    PUBLIC_BASE_URL: KEYLINE_BASE_URL, // the address the cards call: the preview signs for it, as HubSpot does
    PORT: process.env.PORT ?? '3000',
    LOG_LEVEL: 'warn',
  };
  const config = loadConfig(env);
  silenceLogger(true);
  const k = await createKeyline(config);
  try {
    if (!g.json) print(`Sandbox at ${sandbox.baseUrl} (portal ${sandbox.portalId}); running setup…`);
    await setupCommand(k, { lists: true }, g);
    const run = await syncCommand(k, { full: true }, g);
    print(`${g.json ? '' : '\n'}${await renderReport(k, { json: g.json === true })}`);
    if (run.status !== 'succeeded') process.exitCode = exitCodeOf(run);
    if (opts.serve) {
      const servers = await startDemoServers(config, k, { previewPort: opts.previewPort });
      for (const problem of servers.problems) print(problem);
      print(`\n${formatDemoGuide({ previewUrl: servers.preview?.url ?? null, apiBaseUrl: servers.apiBaseUrl, operatorToken: config.OPERATOR_TOKEN ?? '', cardBaseUrl: KEYLINE_BASE_URL, sandbox })}`);
      await (servers.api?.closed ?? waitForSignal()); // the API shuts down on Ctrl-C
      await servers.preview?.close();
    }
  } finally {
    await k.close().catch(() => undefined); // already closed when the API shut down
    await sandbox.close();
    store.remove();
  }
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`keyline: ${err.message}\n`);
      return EXIT.config;
    }
    if (err instanceof CliExit) {
      process.stderr.write(`keyline: ${err.message}\n`);
      return err.code;
    }
    if (err instanceof SyncAlreadyRunning) {
      process.stderr.write(`keyline: ${err.message}: nothing was done; try again when it has finished\n`);
      return EXIT.busy;
    }
    if (err instanceof PropertyConflict || err instanceof NothingStoredYet) {
      process.stderr.write(`keyline: ${err.message}\n`);
      return EXIT.failure;
    }
    const code = (err as { code?: unknown; exitCode?: unknown }).exitCode;
    if (typeof code === 'number' && String((err as { code?: unknown }).code).startsWith('commander.')) return code;
    process.stderr.write(`keyline: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failure;
  }
}

if (require.main === module || process.argv[1]?.endsWith('keyline') || process.argv[1]?.endsWith('main.ts')) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
