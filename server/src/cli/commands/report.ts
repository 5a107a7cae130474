/**
 * `keyline report`: the portfolio (tier distribution, near-misses, overdue, single-threaded, owners against the
 * capacity range, Keyline's tasks). `--json` prints the API's portfolio shape as is. Reads only the store.
 */
import type { Command } from 'commander';
import { readReport } from '../../use-cases';
import { formatReport } from '../format-report';
import { withStore } from '../open-keyline';
import { print, type GlobalOptions } from '../output';

/** The report as `keyline report` prints it: the API's JSON with --json, else the text. */
export async function renderReport(deps: Parameters<typeof readReport>[0], opts: { json: boolean }): Promise<string> {
  const { portfolio, lastRun } = await readReport(deps);
  return opts.json ? JSON.stringify(portfolio, null, 2) : formatReport(portfolio, lastRun);
}

export function addReportCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('report')
    .description('tier distribution, near-misses, overdue, single-threaded accounts, owners over capacity and under the minimum')
    .action(async () => {
      await withStore(async (k) => print(await renderReport(k, { json: globals().json === true })));
    });
}
