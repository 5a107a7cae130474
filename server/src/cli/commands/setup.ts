/** `keyline setup [--lists]`: the "keyline" property group, every Keyline company property and the saved lists. */
import type { Command } from 'commander';
import type { Keyline } from '../../keyline';
import { setUpPortal, type SetupReport } from '../../use-cases';
import { formatSetup } from '../format-setup';
import { withKeyline } from '../open-keyline';
import { print, printJson, type GlobalOptions } from '../output';

export async function setupCommand(k: Keyline, opts: { lists?: boolean }, g: GlobalOptions): Promise<SetupReport> {
  const report = await setUpPortal(k, { lists: opts.lists === true });
  if (g.json) printJson(report);
  else print(formatSetup(report));
  return report;
}

export function addSetupCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('setup')
    .description('create (or update) the "keyline" property group and every Keyline company property, idempotently')
    .option('--lists', 'also create saved company lists: Tier 1, near-miss, overdue, single-threaded')
    .action(async (opts: { lists?: boolean }) => {
      await withKeyline((k) => setupCommand(k, opts, globals()));
    });
}
