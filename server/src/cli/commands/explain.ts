/** `keyline explain <companyId>`: everything behind one account's tier, coverage and cadence, from the last run. */
import type { Command } from 'commander';
import { explainCompany } from '../../use-cases';
import { CliExit, EXIT } from '../exit';
import { formatExplanation } from '../format-explain';
import { withStore } from '../open-keyline';
import { print, type GlobalOptions } from '../output';

export function addExplainCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('explain')
    .description("everything behind one account's tier, coverage and cadence (from the last run)")
    .argument('<companyId>', 'HubSpot company id')
    .action(async (companyId: string) => {
      await withStore(async (k) => {
        const explained = await explainCompany(k, companyId);
        if (explained === null) throw new CliExit(EXIT.failure, `company ${companyId} has not been computed yet: run "keyline sync --company ${companyId}"`);
        print(formatExplanation(explained, { json: globals().json === true }));
      });
    });
}
