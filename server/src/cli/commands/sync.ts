/**
 * `keyline sync [--full | --incremental] [--dry-run] [--company <ids...>]`: one run, with a progress bar on a terminal;
 * the exit code says how it ended (0 succeeded, 3 paused, 1 failed; 4 when another sync holds the lease).
 */
import type { Command } from 'commander';
import type { Keyline } from '../../keyline';
import { loadOwnerNamer, runSync, type RunRecord } from '../../use-cases';
import { CliExit, EXIT } from '../exit';
import { formatRun } from '../format-run';
import { withKeyline } from '../open-keyline';
import { isTty, print, printJson, type GlobalOptions } from '../output';
import { createSyncProgress } from '../sync-progress';

export interface SyncCommandOptions {
  full?: boolean;
  incremental?: boolean;
  dryRun?: boolean;
  company?: string[];
}

export async function syncCommand(k: Keyline, opts: SyncCommandOptions, g: GlobalOptions): Promise<RunRecord> {
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

export function exitCodeOf(run: RunRecord): number {
  return run.status === 'succeeded' ? EXIT.ok : run.status === 'paused' ? EXIT.paused : EXIT.failure;
}

export function addSyncCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('sync')
    .description('read the portfolio, score every account, write changed properties and tasks back to HubSpot')
    .option('--full', 'every company (default: incremental, with a weekly full reconcile)')
    .option('--incremental', 'only companies changed since the last run, or whose dates fell due')
    .option('--dry-run', 'print the complete plan; write nothing')
    .option('--company <ids...>', 'only these company ids (a targeted run; an id HubSpot does not have fails it)')
    .action(async (opts: SyncCommandOptions) => {
      const run = await withKeyline((k) => syncCommand(k, opts, globals()));
      process.exitCode = exitCodeOf(run);
    });
}
