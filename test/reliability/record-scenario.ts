/**
 * Reliability scenarios report what they tried and what they found. When RELIABILITY_REPORT names a file, each
 * scenario appends one JSON line to it; `npm run reliability` runs the suites and renders docs/RELIABILITY.md from
 * those lines (test/reliability/render-report.ts). Outside that command, recording is a no-op.
 */
import { appendFileSync } from 'node:fs';

export interface ScenarioCounts {
  faultsInjected?: number;
  runsKilled?: number;
  runsResumed?: number;
  badRecords?: number;
  hostileRequests?: number;
  losses?: number;
  duplicates?: number;
  leaks?: number;
  [other: string]: number | undefined;
}

export interface ScenarioRecord {
  /** The family: "faults", "kill", "store", "bad-data", "hostile", "secrets". */
  suite: string;
  scenario: string;
  /** What was checked, in one sentence. */
  checked: string;
  /** What was observed, in one sentence (e.g. "end state equals the clean run; 0 duplicate tasks"). */
  result: string;
  passed: boolean;
  counts: ScenarioCounts;
}

export function recordScenario(record: ScenarioRecord): void {
  const file = process.env['RELIABILITY_REPORT'];
  if (!file) return;
  appendFileSync(file, `${JSON.stringify({ ...record, at: new Date().toISOString() })}\n`);
}
