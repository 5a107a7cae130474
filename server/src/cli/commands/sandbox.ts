/** `keyline sandbox`: the local HubSpot sandbox (loaded only when this command runs) until Ctrl-C. */
import { Option, type Command } from 'commander';
import { waitForSignal } from '../output';

export function addSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('start the local HubSpot sandbox (a generated portfolio) and print how to point Keyline at it')
    .addOption(new Option('--size <size>', 'portfolio size').choices(['XS', 'S', 'M', 'L']).default('S'))
    .option('--port <port>', 'port (0 = any free port)', (v) => Number(v), 0)
    .option('--seed <seed>', 'generator seed', (v) => Number(v))
    .action(async (opts: { size: 'XS' | 'S' | 'M' | 'L'; port: number; seed?: number }) => {
      const { runSandboxCommand } = await import('../../../../sandbox/cli');
      const sandbox = await runSandboxCommand({ size: opts.size, port: opts.port, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
      await waitForSignal();
      await sandbox.close();
    });
}
