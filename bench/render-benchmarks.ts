/**
 * Renders docs/BENCHMARKS.md from bench/results.json: the latest figure of every benchmark, its goal, whether it is
 * met, when and how it was measured. Run by `npm run bench` after the benchmarks; on its own: `npx tsx bench/render-benchmarks.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RESULTS_PATH } from './record-results';

type Figures = Record<string, unknown>;

interface Row {
  figure: string;
  path: [string, string];
  unit?: string;
  goal?: { text: string; met: (v: number) => boolean };
}

interface Section {
  key: string;
  title: string;
  command: string;
  what: string;
  rows: Row[];
}

const atMost = (n: number, text = `≤ ${n}`) => ({ text, met: (v: number) => v <= n });
const atLeast = (n: number, text = `≥ ${n}`) => ({ text, met: (v: number) => v >= n });

const SECTIONS: Section[] = [
  {
    key: 'scoring',
    title: 'Scoring engine',
    command: 'npm run bench -- scoring',
    what:
      'scoreAccount over a generated 100,000-account portfolio in one process (median of three timed passes), with the ' +
      'V8 settings Keyline runs with (`--max-semi-space-size=32`). The timed loop builds the complete result the nightly ' +
      'sync writes and stores for each account: tier, score, criteria with their display texts, the reasons line, ' +
      'close-the-gap suggestions, coverage with every stakeholder, cadence dates and statuses, and every gap with its task ' +
      'title and detail sentence (nothing is built lazily). Converting the result to property strings, encoding the ' +
      'snapshot, the capacity step and task-body explanations are not in the loop. Repeated runs on this shared VM range ' +
      'about ±10%; under load from other processes, more. Since 2026-12-06 the generated activities carry their owner ' +
      '(the account owner, a colleague, now and then one who left) and the result holds the relationship matrix and the ' +
      'onboarding state (issue #16): the goal is missed. On a quiet machine the same portfolio scores at about 104,000 ' +
      "accounts a second with the matrix left out, 54,000–73,000 with it (the matrix and its flags are built and kept for " +
      'every account, for the card). Next: keep only the flags in the result and build the matrix when a card asks for ' +
      'it. For scale: a full sync of 100,000 companies spends about 1.5 s of its ~25 minutes scoring.',
    rows: [
      { figure: 'accounts scored', path: ['scoring', 'accounts'] },
      { figure: 'accounts per second (median pass)', path: ['scoring', 'accountsPerSecond'], goal: atLeast(100_000, '≥ 100,000') },
      { figure: 'accounts per CPU second', path: ['scoring', 'accountsPerCpuSecond'] },
      { figure: 'microseconds per account', path: ['scoring', 'microsecondsPerAccount'] },
    ],
  },
  {
    key: 'fullSync',
    title: 'Full sync (M portfolio, 5,000 companies)',
    command: 'npm run bench -- sync',
    what:
      'setup, then a full sync of the M portfolio against the sandbox (in its own process) at the real 100-per-10-s burst ' +
      'and 5-per-second search limits. Rate-limit utilisation is measured on the budget that throttles the run: the ' +
      'search budget until its last search (touches are read while earlier chunks are written), the burst budget after ' +
      'it (the last writes), time-weighted; the whole-run figure of each budget is kept in bench/results.json ' +
      '(`wholeRunBurstUtilization`, `wholeRunSearchUtilization`, `phases`). Every run begins with the search that adopts ' +
      'the Keyline tasks HubSpot holds (`tasks/search`, ⌈(open Keyline tasks + tasks made today) ÷ 200⌉ requests on the ' +
      'search budget; docs/ARCHITECTURE.md §4): 1 on this first run (no task yet), 3 on the runs after it (410 open ' +
      'tasks) — about 0.0006 calls per company. The runs of 2026-12-05 were measured on a shared machine under load ' +
      '(other test suites running on its 2 cores), hence utilisation below the 0.90 of a quiet machine and the 429s. ' +
      'Outcome reads (issue #15: line items of won deals and the contacts\' survey answers, by association then batch ' +
      'read, and the product library once; docs/ARCHITECTURE.md §2) add 215 calls on M: 0.172 calls per company before ' +
      'them, 0.215 with them (`npm run bench -- sync`, 2026-12-05), same wall time (they use the burst budget the ' +
      'touch searches left idle). Since issue #16 (2026-12-06): 1,130 calls, 0.226 per company (the open onboarding tasks ' +
      'read back by id, and the onboarding tasks made); utilisation 0.804, below the goal: until the last search the run ' +
      'uses 0.91 of the burst budget as before, but the part after it grew from 7 s (38 calls) to 17 s (50 calls), ' +
      "mostly CPU after the last writes: two passes over the stored accounts — the month's KPIs (1.1 s on M) and attention " +
      'per account for the cards (2.7 s on M, nearly all of it decoding the stored snapshots) — and the onboarding ' +
      'read-back. Next: one pass for both, reading only the activities and criteria it needs, overlapped with the writes.',
    rows: [
      { figure: 'companies', path: ['fullSync', 'companies'] },
      { figure: 'API calls', path: ['fullSync', 'apiCalls'] },
      { figure: 'API calls per company (main figure)', path: ['fullSync', 'callsPerCompany'], goal: atMost(0.3, '≤ 0.30') },
      { figure: 'rate-limit utilisation (achieved ÷ allowed calls/s)', path: ['fullSync', 'rateLimitUtilization'], goal: atLeast(0.85) },
      { figure: 'failed requests', path: ['fullSync', 'failedRequests'], goal: atMost(0, '0') },
      { figure: 'wall seconds (time-scaled run)', path: ['fullSync', 'wallSeconds'], unit: 's' },
      { figure: 'wall seconds at real limits', path: ['fullSync', 'wallSecondsAtRealLimits'], unit: 's' },
    ],
  },
  {
    key: 'incrementalSync',
    title: 'Incremental sync (1% of companies changed)',
    command: 'npm run bench -- sync',
    what: 'after the full sync, 1% of the companies change in HubSpot; an incremental run picks them up.',
    rows: [
      { figure: 'API calls', path: ['incrementalSync', 'apiCalls'] },
      { figure: 'ratio to the full sync', path: ['incrementalSync', 'ratioToFull'], goal: atMost(0.05, '≤ 0.05') },
    ],
  },
  {
    key: 'modelChangeSync',
    title: 'Model-change sync (a saved model, nothing changed in HubSpot)',
    command: 'npm run bench -- sync',
    what:
      'after the M full sync (`BENCH_ONLY=model-change` runs only this part, with an unrecorded full sync first), the ' +
      'tier-1 threshold lowered by 5 points and saved; the next incremental run rescores every stored account from its ' +
      'snapshot (no company read) and writes what changed, so every company gets the new keyline_model_version; the ' +
      'task phase then works as every night. The change searches page through the companies the previous run wrote ' +
      '(Keyline\'s own writes, recognised and not read); no task is created because the runs share one instant and the ' +
      "full sync used the day's budget.",
    rows: [
      { figure: 'companies read from HubSpot', path: ['modelChangeSync', 'companiesRead'], goal: atMost(0, '0') },
      { figure: 'companies written', path: ['modelChangeSync', 'companiesWritten'] },
      { figure: 'API calls', path: ['modelChangeSync', 'apiCalls'] },
      { figure: 'API calls per company', path: ['modelChangeSync', 'callsPerCompany'] },
      { figure: 'API calls per company, task calls left out', path: ['modelChangeSync', 'callsPerCompanyWithoutTasks'] },
    ],
  },
  {
    key: 'noChangeSync',
    title: 'No-change sync',
    command: 'npm run bench -- sync',
    what: 'the same sync again with nothing changed in HubSpot.',
    rows: [
      { figure: 'API calls', path: ['noChangeSync', 'apiCalls'] },
      { figure: 'writes', path: ['noChangeSync', 'writes'], goal: atMost(0, '0') },
    ],
  },
  {
    key: 'largePortfolio',
    title: 'Large portfolio (L, 100,000 companies)',
    command: 'npm run bench -- sync',
    what:
      'a full sync of the L portfolio (time-scaled); the sandbox runs in its own process so only Keyline is measured, ' +
      'with the heap cap a deployment sets (`--max-old-space-size=320`). Open: peak RSS was 368 MB on Node 20 with ' +
      'better-sqlite3 (2026-11-22) and is 546–552 MB since the move to Node 24 and node:sqlite (issue #13) and the task ' +
      "phase (issue #11); the JavaScript heap is capped at 320 MB, so the growth is outside it (node:sqlite's page " +
      'cache and Node 24 buffers are the first suspects). Since 2026-12-06 the run samples process.memoryUsage() and keeps ' +
      'the sample of highest RSS (`atPeakMb` in bench/results.json): at 523 MB RSS the JS heap was 329 MB (225 MB used), ' +
      'external buffers 4 MB, so about 190 MB is native memory outside V8; a Node 24 process with Keyline loaded and idle ' +
      'holds 115 MB RSS of which 61 MB outside the heap. The other ~130 MB grow during the run: node:sqlite (page cache, ' +
      'WAL) and malloc fragmentation are next to measure (MALLOC_ARENA_MAX, PRAGMA cache_size).',
    rows: [
      { figure: 'companies', path: ['largePortfolio', 'companies'] },
      { figure: 'API calls per company', path: ['largePortfolio', 'callsPerCompany'], goal: atMost(0.3, '≤ 0.30') },
      { figure: 'peak RSS of the Keyline process', path: ['largePortfolio', 'peakRssMb'], unit: 'MB', goal: atMost(512, '≤ 512 MB') },
    ],
  },
  {
    key: 'taskBudget',
    title: 'The first night and two weeks after (M portfolio, daily task budget)',
    command: 'npm run bench -- tasks',
    what:
      'the M portfolio (5,000 companies, 40 owner ids) in the sandbox, whose clock Keyline shares and the bench moves a ' +
      'day at a time. Night 0 is setup and the first full sync; on each of the next 14 days every owner works through up ' +
      'to six of their open Keyline tasks, highest priority first, closing the gap the way a person would in HubSpot (a ' +
      'completed call, a held meeting or QBR, an engaged contact holding the missing role), then the night\'s sync runs ' +
      '(incremental; from night 8 on every run is a full reconcile, an artefact of the bench: the weekly reconcile ' +
      'compares the simulated clock with the run record\'s start, which is the machine\'s). Counted from HubSpot itself ' +
      '(the tasks carrying `keyline_task_key`), per owner id; the tasks with no owner (companies without one, or whose ' +
      'owner left) count as one more "owner", so the first night is 41 × 10. "Closed" counts the tasks Keyline completed ' +
      'because their gap closed (the owners\' work, or a tier change). Before the budget, the first full sync of M ' +
      'created 8,531 tasks, about 213 per owner (issue #11). Since issue #16 the tasks counted include the onboarding ' +
      "checklists of new customers, which come first and share the budget and the open cap (at most 5 of a night's 10); " +
      'the simulated owners never complete an onboarding task (no evidence is logged for them), so those hold part of ' +
      'each open cap to the end and fewer gap tasks are made on later nights. "Gaps queued" counts gap tasks only.',
    rows: [
      { figure: 'new tasks per owner per day (budget)', path: ['taskBudget', 'budget'] },
      { figure: 'open Keyline tasks per owner (cap)', path: ['taskBudget', 'maxOpen'] },
      { figure: 'first night: tasks created', path: ['taskBudget', 'firstNightTasks'] },
      { figure: 'first night: most tasks for one owner', path: ['taskBudget', 'firstNightMaxPerOwner'], goal: atMost(10, '≤ 10') },
      { figure: 'first night: median per owner id', path: ['taskBudget', 'firstNightMedianPerOwner'] },
      { figure: 'first night: owners at the budget', path: ['taskBudget', 'firstNightOwnersAtBudget'] },
      { figure: 'first night: gaps queued', path: ['taskBudget', 'firstNightQueued'] },
      { figure: 'nights 1–14: tasks created', path: ['taskBudget', 'tasksCreatedLaterDays'] },
      { figure: 'nights 1–14: tasks Keyline closed', path: ['taskBudget', 'tasksClosedLaterDays'] },
      { figure: 'most new tasks for one owner on any night', path: ['taskBudget', 'maxNewPerOwnerAnyNight'], goal: atMost(10, '≤ 10') },
      { figure: 'night 14: open Keyline tasks', path: ['taskBudget', 'openAtEnd'] },
      { figure: 'night 14: most open for one owner', path: ['taskBudget', 'maxOpenPerOwnerAtEnd'], goal: atMost(20, '≤ 20') },
      { figure: 'night 14: gaps queued', path: ['taskBudget', 'queuedAtEnd'] },
      { figure: 'company/gap pairs with two open tasks, any night', path: ['taskBudget', 'duplicates'], goal: atMost(0, '0') },
    ],
  },
  {
    key: 'outcomes',
    title: 'Outcomes, the model review and attention (M portfolio, after the first night)',
    command: 'npm run bench -- outcomes',
    what:
      'setup and a full sync of the M portfolio (time-scaled; these figures are counts), then the model review ' +
      '(`keyline review`) and the portfolio (`keyline report`, `GET /api/v1/portfolio`) over the stored snapshots, as ' +
      'the commands compute them. "Grown" and "shrunk" are accounts whose trailing-12-month revenue rose or fell against ' +
      'the 12 months before (docs/SCORING.md); a criterion needs 20 of each to be judged. Revenue criteria are the ' +
      "outcome's own data and are shown as circular, never suggested from. Owners to act on: over capacity (hours or " +
      'tier-1 count) or no longer in the portal (their accounts need a new owner).',
    rows: [
      { figure: 'companies', path: ['outcomes', 'companies'] },
      { figure: 'gross revenue retention (GRR)', path: ['outcomes', 'grr'] },
      { figure: 'net revenue retention (NRR)', path: ['outcomes', 'nrr'] },
      { figure: 'NPS', path: ['outcomes', 'nps'] },
      { figure: 'share of wallet', path: ['outcomes', 'shareOfWallet'] },
      { figure: 'churned accounts', path: ['outcomes', 'churnedAccounts'] },
      { figure: 'review: accounts with outcomes', path: ['outcomes', 'reviewWithOutcomes'] },
      { figure: 'review: accounts that grew', path: ['outcomes', 'reviewGrown'] },
      { figure: 'review: accounts that shrank or churned', path: ['outcomes', 'reviewShrunk'] },
      { figure: 'review: criteria with too few samples', path: ['outcomes', 'reviewCriteriaTooFew'] },
      { figure: 'review: suggestions', path: ['outcomes', 'reviewSuggestions'] },
      { figure: 'attention: owners measured', path: ['outcomes', 'attentionOwnersListed'] },
      { figure: 'attention: owners over capacity', path: ['outcomes', 'attentionOverCapacity'] },
      { figure: 'attention: owners no longer in the portal', path: ['outcomes', 'attentionDeparted'] },
      { figure: "attention: accounts of owners who left", path: ['outcomes', 'attentionAccountsOfDeparted'] },
      { figure: 'attention: rebalancing suggestions', path: ['outcomes', 'attentionSuggestions'] },
      { figure: 'attention: over-capacity owners with no suggestion', path: ['outcomes', 'attentionOverCapacityWithoutSuggestion'] },
    ],
  },
  {
    key: 'sandboxGenerate',
    title: 'Sandbox: generating the L portfolio',
    command: 'npm run bench -- generate',
    what: 'generating the L portfolio in memory (companies, contacts, deals, engagements).',
    rows: [
      { figure: 'companies', path: ['sandboxGenerate', 'companies'] },
      { figure: 'contacts', path: ['sandboxGenerate', 'contacts'] },
      { figure: 'deals', path: ['sandboxGenerate', 'deals'] },
      { figure: 'engagements', path: ['sandboxGenerate', 'engagements'] },
      { figure: 'seconds', path: ['sandboxGenerate', 'seconds'], unit: 's' },
      { figure: 'peak RSS', path: ['sandboxGenerate', 'peakRssMb'], unit: 'MB' },
    ],
  },
  {
    key: 'api',
    title: 'HTTP API under load',
    command: 'npm run bench -- api',
    what: '200 concurrent connections on the signed account view (loopback, bounded), S portfolio.',
    rows: [
      { figure: 'requests', path: ['api', 'requests'] },
      { figure: 'errors', path: ['api', 'errors'], goal: atMost(0, '0') },
      { figure: 'p95 latency', path: ['api', 'p95Ms'], unit: 'ms' },
      { figure: 'sequential HubSpot round trips of ?fresh=1', path: ['api', 'freshRoundTrips'], goal: atMost(3, '≤ 3') },
    ],
  },
];

const format = (v: unknown, unit?: string) =>
  typeof v === 'number' ? `${v.toLocaleString('en-US', { maximumFractionDigits: 4 })}${unit ? ` ${unit}` : ''}` : String(v);

export function renderBenchmarks(results: Record<string, Figures>): string {
  const lines = [
    '# Benchmarks',
    '',
    'Generated from `bench/results.json` by `npx tsx bench/render-benchmarks.ts` (run at the end of `npm run bench`).',
    'Every figure is measured against the real code path; the sync and API figures run against the local sandbox with',
    "HubSpot's limits. The machine is a shared 2-core VM: timings vary between runs, API-call counts do not.",
    '',
  ];
  for (const s of SECTIONS) {
    const figures = results[s.key];
    lines.push(`## ${s.title}`, '', s.what, '', `Command: \`${s.command}\``);
    if (!figures) {
      lines.push('', '_Not measured yet._', '');
      continue;
    }
    lines.push(`Measured: ${String(figures['measuredAt'] ?? '?')} (Node ${String(figures['node'] ?? '?')})`, '');
    lines.push('| figure | value | goal | met |', '|---|---|---|---|');
    for (const row of s.rows) {
      const v = results[row.path[0]]?.[row.path[1]];
      const met = row.goal && typeof v === 'number' ? (row.goal.met(v) ? 'yes' : '**no**') : '';
      lines.push(`| ${row.figure} | ${v === undefined ? '—' : format(v, row.unit)} | ${row.goal?.text ?? ''} | ${met} |`);
    }
    const nights = figures['nights'];
    if (Array.isArray(nights)) {
      lines.push('', '<details><summary>Night by night</summary>', '');
      lines.push('| night | run | created | closed | most new for one owner | open | most open for one owner | queued | seconds |', '|---|---|---|---|---|---|---|---|---|');
      for (const n of nights as Record<string, unknown>[]) {
        lines.push(`| ${[n['night'], n['mode'], n['created'], n['closed'], n['maxNewPerOwner'], n['open'], n['maxOpenPerOwner'], n['queued'], n['seconds']].map((v) => format(v)).join(' | ')} |`);
      }
      lines.push('', '</details>');
    }
    for (const [key, title] of [['reviewTiers', 'The review by tier (the tier against the rest of the portfolio)'], ['reviewCriteria', 'The review by criterion']] as const) {
      const table = figures[key];
      if (!Array.isArray(table) || table.length === 0) continue;
      const columns = Object.keys(table[0] as Record<string, unknown>);
      lines.push('', `<details><summary>${title}</summary>`, '', `| ${columns.join(' | ')} |`, `|${columns.map(() => '---').join('|')}|`);
      for (const r of table as Record<string, unknown>[]) lines.push(`| ${columns.map((c) => format(r[c])).join(' | ')} |`);
      lines.push('', '</details>');
    }
    const byEndpoint = figures['callsByEndpoint'];
    if (byEndpoint && typeof byEndpoint === 'object') {
      lines.push('', '<details><summary>API calls by endpoint</summary>', '', '| endpoint | calls |', '|---|---|');
      for (const [e, c] of Object.entries(byEndpoint as Record<string, number>).sort((a, b) => b[1] - a[1])) {
        lines.push(`| \`${e}\` | ${c} |`);
      }
      lines.push('', '</details>');
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  const results = existsSync(RESULTS_PATH) ? (JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as Record<string, Figures>) : {};
  const out = path.join(__dirname, '..', 'docs', 'BENCHMARKS.md');
  writeFileSync(out, renderBenchmarks(results));
  process.stdout.write(`wrote ${out}\n`);
}
