/**
 * The `keyline` command line (commander): setup, sync, explain, report, serve, sandbox, preview, demo — one file per
 * command in ./commands/, each a thin adapter over the use cases (server/src/use-cases/); the text output is formatted
 * in ./format-*.ts. Human-readable output with progress bars on a terminal, `--json` for machines, and the exit codes
 * of ./exit.ts: 0 ok, 1 failure, 2 configuration error (one message naming every problem), 3 run paused (HubSpot's
 * daily limit, or HubSpot busy or down after every retry: the next run resumes it), 4 another sync is running (nothing
 * was done; try again later).
 *
 * The sandbox, the demo's wiring, the preview and the HTTP layer are loaded (`await import(…)`) only by the commands
 * that run them; bin/keyline registers tsx's ESM resolver beside its require hook, which those imports go through.
 */
import { Command } from 'commander';
import { ConfigError } from '../config';
import { NothingStoredYet } from '../keyline';
import { PropertyConflict, SyncAlreadyRunning } from '../use-cases';
import { addDemoCommand } from './commands/demo';
import { addExplainCommand } from './commands/explain';
import { addPreviewCommand } from './commands/preview';
import { addReportCommand } from './commands/report';
import { addReviewCommand } from './commands/review';
import { addSandboxCommand } from './commands/sandbox';
import { addServeCommand } from './commands/serve';
import { addSetupCommand } from './commands/setup';
import { addSyncCommand } from './commands/sync';
import { CliExit, EXIT } from './exit';
import type { GlobalOptions } from './output';

export { EXIT } from './exit';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('keyline')
    .description('Key-account management for HubSpot: tiers, stakeholder coverage and cadence gaps, written back nightly.')
    .option('--json', 'machine-readable output')
    .showHelpAfterError();
  const globals = () => program.opts<GlobalOptions>();
  addSetupCommand(program, globals);
  addSyncCommand(program, globals);
  addExplainCommand(program, globals);
  addReportCommand(program, globals);
  addReviewCommand(program, globals);
  addServeCommand(program);
  addSandboxCommand(program);
  addPreviewCommand(program);
  addDemoCommand(program, globals);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  program.exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`keyline: ${err.message}\n`);
      return EXIT.config;
    }
    if (err instanceof CliExit) {
      process.stderr.write(`keyline: ${err.message}\n`);
      return err.code;
    }
    if (err instanceof SyncAlreadyRunning) {
      process.stderr.write(`keyline: ${err.message}: nothing was done; try again when it has finished\n`);
      return EXIT.busy;
    }
    if (err instanceof PropertyConflict || err instanceof NothingStoredYet) {
      process.stderr.write(`keyline: ${err.message}\n`);
      return EXIT.failure;
    }
    const code = (err as { code?: unknown; exitCode?: unknown }).exitCode;
    if (typeof code === 'number' && String((err as { code?: unknown }).code).startsWith('commander.')) return code;
    process.stderr.write(`keyline: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failure;
  }
}

if (require.main === module || process.argv[1]?.endsWith('keyline') || process.argv[1]?.endsWith('main.ts')) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
