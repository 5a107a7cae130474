/**
 * One fault scenario, the same story for every fault: on a portfolio identical to the clean run's, a full sync runs
 * under the fault, then the night's changes and an incremental sync under the same fault. After each run the end
 * state is compared with the clean run's. A difference is allowed only where the run record lists an error for that
 * company and only as "not written yet" (never a wrong value, an extra or duplicated task); the next night (fault
 * gone) must then end equal. Nothing may be written twice at any point.
 */
import type { FaultOptions, LedgerSnapshot } from '../../../sandbox';
import { runSync, type RunRecord } from '../../../server/src/sync';
import { companiesConcerned, compareEndStates, describeComparison, readEndState, type EndState, type StateComparison } from './end-state';
import { cleanRunStates, logNightChanges, startFaultWorld, type FaultWorld, type FaultWorldOptions } from './fault-world';
import { takeRetries } from './count-retries';
import { checkAudit, type AuditCheck } from './audit-check';

export interface FaultRun {
  mode: 'full' | 'incremental';
  run: RunRecord;
  /** What the sandbox saw during this run. */
  ledger: LedgerSnapshot;
  /** Retries made after 5xx and 429 answers during this run, by status. */
  retries: Record<string, number>;
  /** The end state right after this run, against the clean run. */
  comparison: StateComparison;
  /** Differences not explained by an error in the run record, or not of the "not written yet" kind. */
  unexplained: string[];
  /** The next run without the fault, when this one left something undone. */
  recovery: { run: RunRecord; comparison: StateComparison } | null;
}

export interface FaultScenarioOutcome {
  world: FaultWorld;
  full: FaultRun;
  incremental: FaultRun;
  /** Requests answered with an injected fault (5xx, reset, 423, storm, partial batch) or a 429 of a real limit. */
  faultsInjected: number;
  doubleWrites: number;
  /** Keyline's audit against the values HubSpot received. */
  audit: AuditCheck;
  losses: number;
  duplicates: number;
  /** Every run's end state (after recovery) equals the clean run's, nothing written twice, nothing unexplained. */
  passed: boolean;
  summary: string;
}

export interface FaultScenario extends Omit<FaultWorldOptions, 'seed' | 'size'> {
  faults?: FaultOptions;
  /** Count the 429s of the sandbox's real limits as injected faults (the limit itself is the fault). */
  limitIsTheFault?: boolean;
  /** Every call is affected (added latency): count each as an injected fault. */
  everyCallIsAFault?: boolean;
}

export const PORTFOLIO = { size: 'S', seed: 21 } as const;

function diff(after: LedgerSnapshot, before: LedgerSnapshot): LedgerSnapshot {
  const byEndpoint: LedgerSnapshot['byEndpoint'] = {};
  for (const [k, v] of Object.entries(after.byEndpoint)) {
    const b = before.byEndpoint[k] ?? { calls: 0, rateLimited: 0, faults: 0, errors: 0 };
    const d = { calls: v.calls - b.calls, rateLimited: v.rateLimited - b.rateLimited, faults: v.faults - b.faults, errors: v.errors - b.errors };
    if (d.calls > 0) byEndpoint[k] = d;
  }
  return {
    total: after.total - before.total,
    rateLimited: after.rateLimited - before.rateLimited,
    faults: after.faults - before.faults,
    errors: after.errors - before.errors,
    byEndpoint,
  };
}

export function totalCalls(run: RunRecord): number {
  return Object.values(run.apiCalls).reduce((a, b) => a + b, 0);
}

/** Failed attempts the run record lists (by status, "network" for a lost connection). */
export function failedCalls(run: RunRecord): Record<string, number> {
  return (run.details['failedCalls'] as Record<string, number> | undefined) ?? {};
}

export function totalFailedCalls(run: RunRecord): number {
  return Object.values(failedCalls(run)).reduce((a, b) => a + b, 0);
}

function unexplainedDifferences(c: StateComparison, run: RunRecord): string[] {
  const out: string[] = [];
  if (c.wrongValues.length > 0) out.push(`${c.wrongValues.length} wrong values (e.g. ${JSON.stringify(c.wrongValues[0])})`);
  if (c.extra.length > 0) out.push(`extra tasks ${c.extra.join(', ')}`);
  if (c.duplicates.length > 0) out.push(`duplicated tasks ${c.duplicates.join(', ')}`);
  const subjects = c.tasks.filter((t) => t.field !== 'status');
  if (subjects.length > 0) out.push(`task fields differ: ${JSON.stringify(subjects[0])}`);
  // A run that did not finish says so in its status and message; a finished one lists each company it left undone.
  if (run.status !== 'succeeded') {
    if (!run.message) out.push(`the run ended ${run.status} without saying why`);
    return out;
  }
  const errored = new Set(run.errors.map((e) => e.companyId));
  // Tasks not made yet, while the run reports companies it could not read or write: the daily task budget kept room
  // back for their gaps (docs/SCORING.md §5), so tonight's tasks are a part of the clean run's; the rest follow on the
  // next run (which the recovery checks). Any other difference still needs its own error.
  const heldBack = new Set(
    run.errors.length === 0 ? [] : c.lost.flatMap((m) => /keyline:gap=(\d+)\//.exec(m)?.[1] ?? []),
  );
  const withOther = new Set([
    ...c.properties.map((d) => d.companyId),
    ...[...c.extra, ...c.duplicates, ...c.tasks.map((t) => t.marker)].flatMap((m) => /keyline:gap=(\d+)\//.exec(m)?.[1] ?? []),
  ]);
  const silent = [...companiesConcerned(c)].filter((id) => !errored.has(id) && (!heldBack.has(id) || withOther.has(id)));
  if (silent.length > 0) out.push(`companies left undone without an error in the run record: ${silent.join(', ')}`);
  return out;
}

async function faultyRun(world: FaultWorld, scenario: FaultScenario, mode: 'full' | 'incremental', expected: EndState): Promise<FaultRun> {
  const before = world.sandbox.ledger.snapshot();
  const stateBefore = readEndState(world.sandbox);
  takeRetries();
  world.sandbox.setFaults(scenario.faults ?? {});
  const run = await runSync(world.keyline, { mode });
  world.sandbox.setFaults({});
  const ledger = diff(world.sandbox.ledger.snapshot(), before);
  const retries = takeRetries();
  const comparison = compareEndStates(readEndState(world.sandbox), expected, stateBefore);
  const unexplained = comparison.equal ? [] : unexplainedDifferences(comparison, run);
  let recovery: FaultRun['recovery'] = null;
  if (!comparison.equal) {
    const next = await runSync(world.keyline, { mode });
    recovery = { run: next, comparison: compareEndStates(readEndState(world.sandbox), expected) };
  }
  return { mode, run, ledger, retries, comparison, unexplained, recovery };
}

export async function runFaultScenario(scenario: FaultScenario): Promise<FaultScenarioOutcome> {
  const clean = await cleanRunStates(PORTFOLIO);
  const world = await startFaultWorld({ ...PORTFOLIO, ...scenario });
  const full = await faultyRun(world, scenario, 'full', clean.full);
  // The night's changes are made on the state the clean run had (checked just above).
  logNightChanges(world.sandbox, readEndState(world.sandbox));
  const incremental = await faultyRun(world, scenario, 'incremental', clean.incremental);

  const runs = [full, incremental];
  const final = (r: FaultRun) => r.recovery?.comparison ?? r.comparison;

  const met = (r: FaultRun) =>
    scenario.everyCallIsAFault ? r.ledger.total : r.ledger.faults + (scenario.limitIsTheFault ? r.ledger.rateLimited : 0);
  const faultsInjected = runs.reduce((n, r) => n + met(r), 0);
  const doubleWrites = world.writes.doubleWrites.length;
  const losses = runs.reduce((n, r) => n + final(r).lost.length + final(r).properties.filter((d) => d.actual === null).length, 0);
  const duplicates = runs.reduce((n, r) => n + Math.max(r.comparison.duplicates.length, final(r).duplicates.length), 0);
  const audit = await checkAudit(world.keyline, world.writes);
  const passed =
    runs.every((r) => final(r).equal && r.unexplained.length === 0 && totalCalls(r.run) === r.ledger.total && totalFailedCalls(r.run) === r.ledger.errors) &&
    doubleWrites === 0 &&
    audit.ok;
  const describeRun = (r: FaultRun) =>
    `${r.mode}: ${r.run.status}${r.run.status === 'succeeded' ? '' : ` ("${r.run.message ?? ''}")`}, ${met(r)} faults met, ` +
    `${totalCalls(r.run)} calls recorded (clean: ${r.mode === 'full' ? clean.calls.full : clean.calls.incremental}), ` +
    `failed attempts recorded ${JSON.stringify(failedCalls(r.run))}, ${r.run.errors.length} company errors recorded, ` +
    (r.recovery ? `${describeComparison(r.comparison)} → next night ${describeComparison(r.recovery.comparison)}` : describeComparison(r.comparison));
  const summary = `${runs.map(describeRun).join('; ')}; ${doubleWrites} double writes; audit ${audit.audited} lines for ${audit.changedInHubSpot} values changed in HubSpot`;
  return { world, full, incremental, faultsInjected, doubleWrites, audit, losses, duplicates, passed, summary };
}
