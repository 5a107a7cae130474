/**
 * Sync benchmark against the sandbox (`npm run bench -- sync`):
 *   fullSync        M portfolio (5,000 companies): API calls per company, calls by endpoint, wall time, rate-limit
 *                   utilisation (achieved ÷ allowed calls per second of the budget that throttles the run: search until
 *                   the last search, burst after it; time-weighted), failed requests;
 *   noChangeSync    the same full sync again with nothing changed: calls and writes (goal: 0 writes);
 *   incrementalSync 1% of companies changed in HubSpot, then an incremental run: calls and ratio to the full sync;
 *   modelChangeSync a scoring-model change saved, nothing changed in HubSpot, then an incremental run: calls per
 *                   company, companies and values written (every company gets the new keyline_model_version);
 *                   `BENCH_ONLY=model-change` runs only this one (after an unrecorded full sync);
 *   largePortfolio  L portfolio (100,000 companies), sandbox in its own process: peak RSS of the Keyline process.
 * The sandbox's windows are shrunk by TIME_SCALE (10 s → 10/TIME_SCALE s) and Keyline's limiter with them, so every
 * ratio holds while the M run takes a fraction of its real ~2 minutes.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { LedgerSnapshot } from '../sandbox';
import { loadConfig } from '../server/src/config';
import { saveSettings, readSettings } from '../server/src/use-cases/manage-settings';
import { createKeyline, type Keyline } from '../server/src/keyline';
import { silenceLogger } from '../server/src/logger';
import { runSync } from '../server/src/sync';
import type { RunRecord } from '../server/src/store/store';
import { recordResults } from './record-results';

const TIME_SCALE = Number(process.env['BENCH_TIME_SCALE'] ?? 1);
const BURST = 100;
const L_TIME_SCALE = 50;

const total = (r: RunRecord) => Object.values(r.apiCalls).reduce((a, b) => a + b, 0);
const isSearch = (endpoint: string) => endpoint.endsWith('/search');

/** A sandbox in its own process (its CPU is HubSpot's, not Keyline's), driven through its admin endpoints. */
async function sandboxProcess(size: 'M' | 'L', timeScale: number, asOf: Date): Promise<{
  info: { baseUrl: string; token: string; portalId: string };
  ledger(): Promise<LedgerSnapshot>;
  resetLedger(): Promise<void>;
  stop(): void;
}> {
  const root = path.join(__dirname, '..');
  const code = `
    const { startSandbox } = require(${JSON.stringify(path.join(root, 'sandbox', 'index.ts'))});
    startSandbox({ size: '${size}', seed: 42, asOf: new Date(${asOf.getTime()}), rateLimit: { burstPer10s: ${BURST}, timeScale: ${timeScale}, daily: 10000000 } })
      .then((s) => process.stdout.write(JSON.stringify({ baseUrl: s.baseUrl, token: s.token, portalId: s.portalId }) + '\\n'));
  `;
  const child = spawn(process.execPath, ['--max-old-space-size=4096', '-r', 'tsx/cjs', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await firstJsonLine<{ baseUrl: string; token: string; portalId: string }>(child, `${size} sandbox`);
  return {
    info,
    ledger: async () => (await (await fetch(`${info.baseUrl}/__sandbox/ledger`)).json()) as LedgerSnapshot,
    resetLedger: async () => {
      await fetch(`${info.baseUrl}/__sandbox/reset-ledger`, { method: 'POST' });
    },
    stop: () => child.kill('SIGTERM'),
  };
}

/**
 * A model change reaches every account at the next run: the tier-1 threshold moves, nothing changes in HubSpot, and the
 * nightly incremental run rescores every stored account from its snapshot and writes what changed.
 */
async function measureModelChange(k: Keyline, resetLedger: () => Promise<void>): Promise<void> {
  const current = await readSettings(k.store, k.portalId);
  const candidate = structuredClone(current.model) as { thresholds: { tier_1: number } };
  candidate.thresholds.tier_1 -= 5;
  const saved = await saveSettings(k.store, k.portalId, candidate, current.version, 'bench');
  if (!saved.ok) throw new Error(`could not save the model: ${saved.error}`);
  await resetLedger();
  const run = await runSync(k, { mode: 'incremental' });
  if (run.mode !== 'incremental' || run.status !== 'succeeded') throw new Error(`expected a successful incremental run, got ${run.mode} ${run.status}`);
  const companies = await k.store.countSnapshots(k.portalId);
  const propertyCalls = Object.entries(run.apiCalls).filter(([e]) => !/\/tasks\//.test(e)).reduce((n, [, c]) => n + c, 0);
  recordResults('modelChangeSync', {
    change: 'thresholds.tier_1 lowered by 5 points; nothing changed in HubSpot',
    companies,
    companiesRead: run.counts.companiesRead,
    apiCalls: total(run),
    callsPerCompany: Number((total(run) / companies).toFixed(4)),
    callsWithoutTasks: propertyCalls,
    callsPerCompanyWithoutTasks: Number((propertyCalls / companies).toFixed(4)),
    callsByEndpoint: run.apiCalls,
    companiesWritten: run.counts.companiesWritten,
    propertyWrites: run.counts.propertyWrites,
    tasksCreated: run.counts.tasksCreated,
    tasksClosed: run.counts.tasksClosed,
  });
}

/** Only the model-change figure: the M sandbox, an unrecorded full sync, then the model change. */
async function benchModelChangeOnly(): Promise<void> {
  const sandbox = await sandboxProcess('M', TIME_SCALE, new Date(Date.now() - 3_600_000));
  const { baseUrl, token, portalId } = sandbox.info;
  const config = loadConfig({ HUBSPOT_BASE_URL: baseUrl, HUBSPOT_ACCESS_TOKEN: token, HUBSPOT_PORTAL_ID: portalId, HUBSPOT_RATE_LIMIT: String(BURST), DATABASE_URL: 'sqlite::memory:' });
  const now = new Date();
  const k = await createKeyline(config, { timeScale: TIME_SCALE, now: () => now, tuning: { watermarkOverlapMs: 1_000 } });
  try {
    await k.gateway.setup({ lists: false });
    const full = await runSync(k, { mode: 'full' });
    if (full.status !== 'succeeded') throw new Error(`full sync ${full.status}: ${full.message ?? ''}`);
    await measureModelChange(k, sandbox.resetLedger);
  } finally {
    await k.close();
    sandbox.stop();
  }
}

async function benchM(): Promise<number> {
  // The portfolio as it stood an hour ago: the generator stamps "recently modified" records with its `asOf`, which
  // would otherwise fall inside the incremental run's 5-minute overlap window and count as changes.
  const sandbox = await sandboxProcess('M', TIME_SCALE, new Date(Date.now() - 3_600_000));
  const { baseUrl, token, portalId } = sandbox.info;
  const config = loadConfig({
    HUBSPOT_BASE_URL: baseUrl,
    HUBSPOT_ACCESS_TOKEN: token,
    HUBSPOT_PORTAL_ID: portalId,
    HUBSPOT_RATE_LIMIT: String(BURST),
    DATABASE_URL: 'sqlite::memory:',
  });
  // One instant for the three runs: "no change" means no change in HubSpot, not a day boundary crossed between runs
  // (the engagement-recency points and the "N days ago" reasons move with the clock; see docs/ARCHITECTURE.md).
  const now = new Date();
  // The runs follow each other back to back here, not a night apart: the incremental window's overlap (5 min in
  // production, for search indexing lag, which the sandbox does not have) would otherwise reach back into the previous
  // run's own writes (the full run writes all 5,000 companies in its last ~20 s). 1 s keeps an overlap without that.
  const k = await createKeyline(config, { timeScale: TIME_SCALE, now: () => now, tuning: { watermarkOverlapMs: 1_000 } });
  try {
    await k.gateway.setup({ lists: false });
    await sandbox.resetLedger();
    const t0 = performance.now();
    // The run is throttled by the search budget while it still searches (reading touches) and by the burst budget
    // after its last search (the last writes). Keyline's own call counters are sampled every 100 ms; the moment the
    // search count last grew splits the run into those two stretches.
    const callsNow = () => {
      let search = 0;
      let standard = 0;
      for (const [endpoint, n] of Object.entries(k.gateway.apiCalls())) {
        if (isSearch(endpoint)) search += n;
        else standard += n;
      }
      return { search, standard };
    };
    const atStart = callsNow();
    let lastSearch = { seconds: 0, search: 0, standard: 0 };
    const sampler = setInterval(() => {
      const now = callsNow();
      if (now.search - atStart.search > lastSearch.search) {
        lastSearch = { seconds: (performance.now() - t0) / 1000, search: now.search - atStart.search, standard: now.standard - atStart.standard };
      }
    }, 100);
    const full = await runSync(k, { mode: 'full' }).finally(() => clearInterval(sampler));
    const wallSeconds = (performance.now() - t0) / 1000;
    if (full.status !== 'succeeded') throw new Error(`full sync ${full.status}: ${full.message}`);
    const ledger = await sandbox.ledger();
    const callsIn = (l: LedgerSnapshot, pred: (e: string) => boolean) => Object.entries(l.byEndpoint).filter(([e]) => pred(e)).reduce((n, [, c]) => n + c.calls, 0);
    const callsOf = (pred: (e: string) => boolean) => callsIn(ledger, pred);
    const standardCalls = callsOf((e) => !isSearch(e));
    const searchCalls = callsOf(isSearch);
    const fullCalls = total(full);
    const burstPerSecond = (BURST / 10) * TIME_SCALE;
    const searchPerSecond = 5 * TIME_SCALE;
    const phase = (seconds: number, searches: number, standard: number) => {
      const search = seconds > 0 ? searches / seconds / searchPerSecond : 0;
      const burst = seconds > 0 ? standard / seconds / burstPerSecond : 0;
      return { seconds: Number(seconds.toFixed(1)), searchCalls: searches, standardCalls: standard, searchUtilization: Number(search.toFixed(3)), burstUtilization: Number(burst.toFixed(3)), binding: search >= burst ? 'search' : 'burst', utilization: Math.max(search, burst) };
    };
    const searching = phase(lastSearch.seconds, searchCalls, lastSearch.standard);
    const afterSearch = phase(wallSeconds - lastSearch.seconds, 0, standardCalls - lastSearch.standard);
    // Achieved ÷ allowed calls per second of the budget that throttles the run, time-weighted over the two stretches.
    const bindingUtilization = (searching.utilization * searching.seconds + afterSearch.utilization * afterSearch.seconds) / wallSeconds;
    recordResults('fullSync', {
      companies: full.counts.companiesRead,
      apiCalls: fullCalls,
      callsPerCompany: Number((fullCalls / full.counts.companiesRead).toFixed(4)),
      callsByEndpoint: full.apiCalls,
      wallSeconds: Number(wallSeconds.toFixed(1)),
      wallSecondsAtRealLimits: Number((wallSeconds * TIME_SCALE).toFixed(0)),
      timeScale: TIME_SCALE,
      burstPer10s: BURST,
      rateLimitUtilization: Number(bindingUtilization.toFixed(3)),
      phases: {
        untilLastSearch: { ...searching, utilization: Number(searching.utilization.toFixed(3)) },
        afterLastSearch: { ...afterSearch, utilization: Number(afterSearch.utilization.toFixed(3)) },
      },
      wholeRunBurstUtilization: Number((standardCalls / wallSeconds / burstPerSecond).toFixed(3)),
      searchCalls,
      wholeRunSearchUtilization: Number((searchCalls / wallSeconds / searchPerSecond).toFixed(3)),
      failedRequests: ledger.errors,
      rateLimited: ledger.rateLimited,
      propertyWrites: full.counts.propertyWrites,
      tasksCreated: full.counts.tasksCreated,
    });

    await sandbox.resetLedger();
    const quiet = await runSync(k, { mode: 'full' });
    const quietLedger = await sandbox.ledger();
    recordResults('noChangeSync', {
      apiCalls: total(quiet),
      writes: quiet.counts.propertyWrites + quiet.counts.tasksCreated + quiet.counts.tasksClosed,
      writeRequests: Object.entries(quietLedger.byEndpoint)
        .filter(([e]) => /batch\/(update|create)$/.test(e))
        .reduce((n, [, c]) => n + c.calls, 0),
    });

    // 1% of the companies change in HubSpot (a person edits the revenue), then the nightly incremental run.
    const ids = (await k.store.listSnapshotSummaries(k.portalId)).map((s) => s.companyId).filter((_, i) => i % 100 === 0);
    for (let i = 0; i < ids.length; i += 100) {
      const res = await fetch(`${baseUrl}/crm/objects/2026-09/companies/batch/update`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: ids.slice(i, i + 100).map((id) => ({ id, properties: { annualrevenue: String(1_000_000 + (Number(id) % 1000)) } })) }),
      });
      if (res.status >= 300) throw new Error(`could not change companies: ${res.status}`);
    }
    await sandbox.resetLedger();
    const incremental = await runSync(k, { mode: 'incremental' });
    if (incremental.mode !== 'incremental') throw new Error(`expected an incremental run, got ${incremental.mode}`);
    recordResults('incrementalSync', {
      changedCompanies: ids.length,
      companiesRead: incremental.counts.companiesRead,
      apiCalls: total(incremental),
      callsByEndpoint: incremental.apiCalls,
      ratioToFull: Number((total(incremental) / fullCalls).toFixed(4)),
    });
    await measureModelChange(k, sandbox.resetLedger);
    return fullCalls;
  } finally {
    await k.close();
    sandbox.stop();
  }
}

/** Heap cap of the Keyline process in the L run, as a deployment sets it (`NODE_OPTIONS=--max-old-space-size=…`). */
const L_HEAP_MB = 320;

/**
 * L: the sandbox and Keyline each run in their own process, so the peak RSS measured is Keyline's own, with the heap
 * cap a deployment sets (without one, V8 grows the heap lazily towards its default limit before collecting).
 */
async function benchL(): Promise<void> {
  const root = path.join(__dirname, '..');
  mkdirSync(path.join(root, 'bench', 'tmp'), { recursive: true }); // Keyline creates no store folder but the default's
  const sandboxCode = `
    const { startSandbox } = require(${JSON.stringify(path.join(root, 'sandbox', 'index.ts'))});
    startSandbox({ size: 'L', seed: 42, rateLimit: { burstPer10s: ${BURST}, timeScale: ${L_TIME_SCALE}, daily: 10000000 } })
      .then((s) => process.stdout.write(JSON.stringify({ baseUrl: s.baseUrl, token: s.token, portalId: s.portalId }) + '\\n'));
  `;
  const sandbox = spawn(process.execPath, ['--max-old-space-size=4096', '-r', 'tsx/cjs', '-e', sandboxCode], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const info = await firstJsonLine<{ baseUrl: string; token: string; portalId: string }>(sandbox, 'L sandbox');
    const syncCode = `
      const { loadConfig } = require(${JSON.stringify(path.join(root, 'server', 'src', 'config.ts'))});
      const { createKeyline } = require(${JSON.stringify(path.join(root, 'server', 'src', 'keyline.ts'))});
      const { silenceLogger } = require(${JSON.stringify(path.join(root, 'server', 'src', 'logger.ts'))});
      const { runSync } = require(${JSON.stringify(path.join(root, 'server', 'src', 'sync', 'index.ts'))});
      (async () => {
        silenceLogger(true);
        const config = loadConfig({
          HUBSPOT_BASE_URL: ${JSON.stringify(info.baseUrl)}, HUBSPOT_ACCESS_TOKEN: ${JSON.stringify(info.token)},
          HUBSPOT_PORTAL_ID: ${JSON.stringify(info.portalId)}, HUBSPOT_RATE_LIMIT: '${BURST}',
          DATABASE_URL: ${JSON.stringify(`sqlite:${path.join(root, 'bench', 'tmp', `large-${Date.now()}.sqlite`)}`)},
        });
        // Where the memory is: process.memoryUsage() sampled twice a second, kept at the sample of highest RSS.
        let atPeak = process.memoryUsage();
        const sampler = setInterval(() => { const m = process.memoryUsage(); if (m.rss > atPeak.rss) atPeak = m; }, 500);
        const k = await createKeyline(config, { timeScale: ${L_TIME_SCALE} });
        await k.gateway.setup({ lists: false });
        const t0 = performance.now();
        const run = await runSync(k, { mode: 'full' });
        const calls = Object.values(run.apiCalls).reduce((a, b) => a + b, 0);
        process.stdout.write(JSON.stringify({
          status: run.status, message: run.message, companies: run.counts.companiesRead, apiCalls: calls,
          wallSeconds: (performance.now() - t0) / 1000, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
          errors: run.errors.length,
          atPeakMb: Object.fromEntries(Object.entries(atPeak).map(([key, v]) => [key, Math.round(v / 1048576)])),
        }) + '\\n');
        clearInterval(sampler);
        await k.close();
      })().catch((e) => { console.error(e); process.exit(1); });
    `;
    const sync = spawn(process.execPath, [`--max-old-space-size=${L_HEAP_MB}`, '-r', 'tsx/cjs', '-e', syncCode], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const r = await firstJsonLine<{ status: string; message: string | null; companies: number; apiCalls: number; wallSeconds: number; peakRssMb: number; errors: number; atPeakMb: Record<string, number> }>(sync, 'L sync');
    if (r.status !== 'succeeded') throw new Error(`L sync ${r.status}: ${r.message ?? ''}`);
    recordResults('largePortfolio', {
      companies: r.companies,
      apiCalls: r.apiCalls,
      callsPerCompany: Number((r.apiCalls / r.companies).toFixed(4)),
      wallSeconds: Number(r.wallSeconds.toFixed(1)),
      timeScale: L_TIME_SCALE,
      peakRssMb: r.peakRssMb,
      heapCapMb: L_HEAP_MB,
      /** process.memoryUsage() at the sampled moment of highest RSS: rss, heapTotal, heapUsed, external, arrayBuffers. */
      atPeakMb: r.atPeakMb,
      errors: r.errors,
    });
  } finally {
    sandbox.kill('SIGTERM');
  }
}

function firstJsonLine<T>(child: ReturnType<typeof spawn>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as T);
    });
    child.on('exit', (c) => reject(new Error(`${what} exited (${String(c)})`)));
  });
}

async function main(): Promise<void> {
  silenceLogger(true);
  const only = process.env['BENCH_ONLY'];
  if (only === 'model-change') return benchModelChangeOnly();
  if (only !== 'L') await benchM();
  if (only !== 'M') await benchL();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
