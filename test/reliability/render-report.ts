/**
 * `npm run reliability`: runs the reliability suites (test/reliability) with RELIABILITY_REPORT set to a temp file,
 * then renders docs/RELIABILITY.md from the scenarios they recorded (record-scenario.ts) and jest's own results:
 * a table of every scenario, the totals, the command and the date.
 *
 *   tsx test/reliability/render-report.ts                      run the suites, then render
 *   tsx test/reliability/render-report.ts --from <dir>         render from a previous run's scenarios.jsonl + jest.json
 *
 * Exits with jest's status, so a failing scenario fails the command (the document is written either way).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import type { ScenarioCounts, ScenarioRecord } from './record-scenario';

const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'docs', 'RELIABILITY.md');
const COMMAND = 'npm run reliability';

interface JestAssertion {
  fullName: string;
  status: 'passed' | 'failed' | 'pending' | 'todo' | 'skipped' | 'disabled';
}
interface JestResults {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: { name: string; assertionResults: JestAssertion[] }[];
}

type Recorded = ScenarioRecord & { at?: string };

function runSuites(dir: string): number {
  const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
  // --forceExit: a handle left open by any suite must not keep the command from writing the document.
  const res = spawnSync(process.execPath, [jest, '-w', '1', '--forceExit', '--json', `--outputFile=${path.join(dir, 'jest.json')}`, 'test/reliability'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, RELIABILITY_REPORT: path.join(dir, 'scenarios.jsonl') },
  });
  return res.status ?? 1;
}

function readScenarios(dir: string): Recorded[] {
  const file = path.join(dir, 'scenarios.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Recorded);
}

function readJest(dir: string): JestResults | null {
  const file = path.join(dir, 'jest.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JestResults) : null;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const fmt = (n: number) => n.toLocaleString('en-US');

const SUITE_ORDER = ['faults', 'kill', 'store', 'bad-data', 'hostile', 'secrets'];

/** What the fault and kill suites found in Keyline itself (kept by hand: a finding is a fact about the code). */
const FINDINGS = {
  fixed: [
    'A batch read or association read whose input failed twice (207) was dropped silently: the account was scored without those contacts, deals or touches and wrong values were written, with nothing in the run record. Now the company is not scored that run and is listed in its errors; a company whose read failed is no longer taken for deleted; a change whose company cannot be told fails the incremental run.',
    'A run paused by the DAILY limit while creating a page\'s tasks sent that page\'s property values again when it resumed: the snapshots and audit are now saved right after the property write, before the task calls.',
    'A run killed with SIGKILL between HubSpot\'s answer to a company batch update and Keyline\'s record of it sent those values again on resume, and they were missing from the audit: a run resumed in its write phase now reads what HubSpot holds for the group after its checkpoint (nothing is sent twice), and the audit rows written ahead for that group are settled against it (next item).',
    'A DAILY 429 answered to a request of the previous run after the next run had begun refused every request of the new run (it paused at once): the DAILY flag now belongs to the run that met it.',
    'Task creation treated 423 Locked as a rejection: it split the batch and gave up on single tasks. It now waits out the lock (2 s) and sends the same batch again.',
    'Risk for live HubSpot: after a task batch-create answered 5xx or lost its connection, Keyline looked the markers up by search, whose index lags writes; a task HubSpot had created could be missed and created again the next night. Pending tasks are now looked up through the company\'s task associations and a batch read, which see a task as soon as it exists; the sandbox emulates the index lag (`searchIndexLagMs`) and test/e2e/sync.e2e.test.ts shows the task adopted, not duplicated.',
    'A company whose write failed in an incremental run (or that could not be read or scored) waited for the weekly full reconcile unless it changed again: the next incremental run now selects the last nightly run\'s failed companies too (test/e2e/sync.e2e.test.ts shows a refused write done the next night).',
    'When one write page of a group failed (DAILY, a call out of retries), the run paused or failed while the group\'s other pages were still writing, and released the lock: a run started at that moment could overlap them. The run now waits for every page of the group to finish first, and counts the pages that completed.',
    'A 429 storm (or 5xx, or silence) that outlasted every retry failed the whole run, and the next run read the whole portfolio again: the run now pauses at its checkpoint, like the DAILY limit, and the next run resumes it (dry and targeted runs still fail).',
    'A task whose creation met a 5xx and was then confirmed absent by its marker was created only by the next run: it is now sent once more in the same run (test/e2e/sync.e2e.test.ts); only a second failure leaves it to the next run, which the run record lists.',
    'A full sync with a fresh, empty store (a new container, another working directory, a restored backup) against a portfolio Keyline had already synced created every open Keyline task a second time: deduplication lived only in the store\'s ledger. Every run now first finds Keyline\'s own tasks in HubSpot (one search on `keyline_task_key`, open or made today) and adopts those its ledger lacks (server/src/sync/adopt-tasks.ts); the store scenarios below and test/e2e/store-lost.e2e.test.ts show 0 tasks created again.',
    'The run record did not say which failures a run met: `details.failedCalls` now counts failed attempts by HTTP status or lost connection, retries included, across resumes.',
    'A signed card or settings request replayed within its 5-minute window was accepted again (an override replayed was applied twice, with two audit rows): every signed state-changing request is now accepted once — its signature is remembered in the store until the window closes, so every instance refuses the replay with 409 `replayed_request` before the route runs (hostile: replay within the window).',
    'A settings body nested 3,000 levels deep answered 500 (a stack overflow in zod\'s recursive JSON schema): bodies nested past 32 levels are now refused 400 `json_too_deep` by a flat scan before parsing, on every JSON endpoint (hostile: deep JSON; the fuzz now nests inside each request\'s own shape).',
    'The audit was written after HubSpot had taken the values: a run stopped by a full disk had written 2 company batches with 45 of 3,007 audit rows, and an override written while the SQLite store was locked had no audit row at all. The audit is now write-ahead: each value is recorded `sent` before the batch update, settled `applied` or `refused` by the answer, and rows an interrupted writer left `sent` are settled against HubSpot by the next run (`applied` when HubSpot holds the value, `not_applied` otherwise); a store that refuses the intent stops the write, so the override answers 503 and HubSpot receives nothing (kill: between the audit intents and the batch update, and between the answer and its record; store: SQLite locked as an override is audited).',
    'A run that failed (not paused) was left behind and the next run started from scratch, reading the whole portfolio again: a failed run is now resumed from its checkpoint like a paused one, unless it was dry or targeted (faults: full sync failed in the middle of its writes).',
    'The sync lease (10 min) was renewed only at checkpoints, so one chunk slower than the lease let a second run start next to the first: it is now renewed on a timer every third of its length, a run whose lease was taken over sends nothing more and leaves the run record alone, and the lock is per portal (`sync:<portalId>`) so portals sharing a store do not block each other (faults: a read chunk stalled for 4 lease lengths; the lease taken over; two portals on one store).',
  ],
  open: [
    'Since writes overlap reads, a run resumed in its read phase reads again the chunk it stopped in (about 0.17 calls per company of the chunk, ≈ 170 for a chunk of 1,000): negligible against a real daily limit, but under a tiny one resumes take more days (the e2e test with 40 calls a day: 13 resumes instead of 5).',
    'Run counts (companiesWritten, propertyWrites, tasksCreated) leave out the writes of the write group a kill -9 interrupted (counts are saved with the group\'s checkpoint); the audit and the task ledger are complete.',
  ],
};

function sum(records: Recorded[], key: keyof ScenarioCounts): number {
  return records.reduce((n, r) => n + (r.counts[key] ?? 0), 0);
}

export function renderReport(records: Recorded[], jest: JestResults | null, when: Date): string {
  const sorted = [...records].sort(
    (a, b) => (SUITE_ORDER.indexOf(a.suite) + 1 || 99) - (SUITE_ORDER.indexOf(b.suite) + 1 || 99),
  );
  const passed = records.filter((r) => r.passed).length;
  const failedTests = (jest?.testResults ?? []).flatMap((f) =>
    f.assertionResults.filter((a) => a.status === 'failed').map((a) => `${path.relative(ROOT, f.name)} › ${a.fullName}`),
  );
  const skipped = (jest?.testResults ?? []).flatMap((f) => f.assertionResults.filter((a) => a.status === 'pending' || a.status === 'skipped'));
  const totals: [string, number][] = [
    ['faults injected (from the sandbox ledger: 5xx, resets, 423, 429, partial-batch inputs, delayed calls)', sum(records, 'faultsInjected')],
    ['runs killed with SIGKILL (kill -9)', sum(records, 'runsKilled')],
    ['runs resumed after a kill or a DAILY pause', sum(records, 'runsResumed')],
    ['runs paused by the DAILY limit', sum(records, 'runsPaused')],
    ['bad records processed', sum(records, 'badRecords')],
    ['hostile requests sent', sum(records, 'hostileRequests')],
    ['losses (a property or task of the clean run missing at the end)', sum(records, 'losses')],
    ['duplicates (a Keyline task created twice)', sum(records, 'duplicates')],
    ['double writes (a value sent to HubSpot that it already held, a task completed twice)', sum(records, 'doubleWrites')],
    ['leaks (a secret or stack trace in a response or log line)', sum(records, 'leaks')],
  ];
  const lines: string[] = [
    '# Reliability',
    '',
    '<!-- Generated by test/reliability/render-report.ts: do not edit by hand; run the command below. -->',
    '',
    `Generated ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`${COMMAND}\` (Node ${process.version}, ${cpus().length} cores).`,
    '',
    'Every scenario runs Keyline\'s real code path (the HubSpot connection on the 2026-09 API, the sync engine, the store, the HTTP API)',
    'against the local HubSpot sandbox (`sandbox/`, see docs/SANDBOX.md) with its faults, limits and request ledger, with',
    'the outside network blocked. Fault, kill and store scenarios compare the end state in the sandbox — every company\'s',
    '`keyline_*` properties and every Keyline task (subject, status, company, marker) — with a clean run on the same',
    'portfolio (same seed, same `asOf`, same frozen clock); the sandbox\'s write log and Keyline\'s audit show whether',
    'anything was written twice. The suites are in `test/reliability/` and run with the normal test suite too.',
    '',
    '## Totals',
    '',
    '| | count |',
    '|---|---:|',
    ...totals.map(([k, v]) => `| ${k} | ${fmt(v)} |`),
    `| scenarios passed | ${passed} of ${records.length} |`,
    ...(jest ? [`| jest tests passed | ${jest.numPassedTests} of ${jest.numTotalTests} |`] : []),
    '',
  ];
  if (failedTests.length > 0 || skipped.length > 0 || records.some((r) => !r.passed)) {
    lines.push('## Failures', '');
    for (const r of records.filter((x) => !x.passed)) lines.push(`- scenario **${cell(r.suite)} / ${cell(r.scenario)}**: ${cell(r.result)}`);
    for (const t of failedTests) lines.push(`- test failed: ${cell(t)}`);
    if (skipped.length > 0) lines.push(`- ${skipped.length} tests skipped`);
    lines.push('');
  }
  lines.push('## Scenarios', '', '| suite | scenario | what was checked | result | |', '|---|---|---|---|---|');
  for (const r of sorted) lines.push(`| ${cell(r.suite)} | ${cell(r.scenario)} | ${cell(r.checked)} | ${cell(r.result)} | ${r.passed ? '✅' : '❌'} |`);
  lines.push(
    '',
    '## Found by these suites',
    '',
    'Fixed (each with the scenario that shows it):',
    '',
    ...FINDINGS.fixed.map((f) => `- ${f}`),
    '',
    'Open:',
    '',
    ...FINDINGS.open.map((f) => `- ${f}`),
    '',
    '## Reproduce',
    '',
    '```bash',
    COMMAND,
    '```',
    '',
    'It runs `jest -w 1 test/reliability` with `RELIABILITY_REPORT` set to a temp file (each scenario appends one JSON line',
    'through `test/reliability/record-scenario.ts`), then writes this file. Faults are seeded, so a run injects the same',
    'faults into the same requests; the sandbox\'s time scale shrinks HubSpot\'s windows (and Keyline\'s retry waits) by',
    'the same factor, keeping every ratio.',
    '',
  );
  return lines.join('\n');
}

function main(): void {
  const args = process.argv.slice(2);
  const fromIndex = args.indexOf('--from');
  let dir: string;
  let status = 0;
  if (fromIndex >= 0 && args[fromIndex + 1]) dir = path.resolve(args[fromIndex + 1] as string);
  else {
    dir = mkdtempSync(path.join(tmpdir(), 'keyline-reliability-'));
    status = runSuites(dir);
  }
  const records = readScenarios(dir);
  writeFileSync(OUT, renderReport(records, readJest(dir), new Date()));
  process.stdout.write(`${path.relative(ROOT, OUT)}: ${records.length} scenarios (${records.filter((r) => r.passed).length} passed); raw results in ${dir}\n`);
  process.exitCode = status;
}

if (require.main === module) main();
