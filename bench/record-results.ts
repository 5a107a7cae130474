/**
 * Merges one benchmark's figures into bench/results.json (each benchmark owns its top-level key).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export const RESULTS_PATH = path.join(__dirname, 'results.json');

export function recordResults(key: string, figures: Record<string, unknown>): void {
  const current: Record<string, unknown> = existsSync(RESULTS_PATH)
    ? (JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as Record<string, unknown>)
    : {};
  current[key] = { ...figures, measuredAt: new Date().toISOString(), node: process.version };
  writeFileSync(RESULTS_PATH, `${JSON.stringify(current, null, 2)}\n`);
  process.stdout.write(`${key}: ${JSON.stringify(figures, null, 2)}\n`);
}
