/**
 * `keyline demo`: the embedded default — the sandbox with a generated portfolio, setup, a full sync with a progress
 * bar, the report, then the API and the local preview until Ctrl-C. The sandbox, the demo's wiring and the preview
 * are loaded only when this command runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { KEYLINE_BASE_URL } from '@keyline/contract/keyline-base-url';
import { loadConfig } from '../../config';
import { createKeyline } from '../../keyline';
import { silenceLogger } from '../../logger';
import { print, waitForSignal, type GlobalOptions } from '../output';
import { renderReport } from './report';
import { setupCommand } from './setup';
import { exitCodeOf, syncCommand } from './sync';

interface DemoOptions {
  size: 'XS' | 'S' | 'M' | 'L';
  serve: boolean;
  previewPort: number;
}

async function demoCommand(opts: DemoOptions, g: GlobalOptions): Promise<void> {
  const [{ startSandbox }, { demoStore, removeStaleDemoStores }] = await Promise.all([import('../../../../sandbox'), import('../../demo/demo-store')]);
  const burst = 190;
  if (!g.json) print(`Starting the HubSpot sandbox with the ${opts.size} portfolio…`);
  const sandbox = await startSandbox({ size: opts.size, rateLimit: { burstPer10s: burst } });
  mkdirSync('.keyline', { recursive: true });
  removeStaleDemoStores('.keyline');
  const store = demoStore('.keyline');
  const env = {
    HUBSPOT_BASE_URL: sandbox.baseUrl,
    HUBSPOT_ACCESS_TOKEN: sandbox.token,
    HUBSPOT_PORTAL_ID: sandbox.portalId,
    HUBSPOT_RATE_LIMIT: String(burst),
    DATABASE_URL: store.databaseUrl,
    HUBSPOT_CLIENT_SECRET: randomBytes(24).toString('hex'),
    OPERATOR_TOKEN: randomBytes(24).toString('hex'),
    PUBLIC_BASE_URL: KEYLINE_BASE_URL, // the address the cards call: the preview signs for it, as HubSpot does
    PORT: process.env['PORT'] ?? '3000',
    LOG_LEVEL: 'warn',
  };
  const config = loadConfig(env);
  silenceLogger(true);
  const k = await createKeyline(config);
  try {
    if (!g.json) print(`Sandbox at ${sandbox.baseUrl} (portal ${sandbox.portalId}); running setup…`);
    await setupCommand(k, { lists: true }, g);
    const run = await syncCommand(k, { full: true }, g);
    print(`${g.json ? '' : '\n'}${await renderReport(k, { json: g.json === true })}`);
    if (run.status !== 'succeeded') process.exitCode = exitCodeOf(run);
    if (opts.serve) {
      const [{ startDemoServers }, { formatDemoGuide }] = await Promise.all([import('../../demo/start-demo-servers'), import('../../demo/demo-guide')]);
      const servers = await startDemoServers(config, k, { previewPort: opts.previewPort });
      for (const problem of servers.problems) print(problem);
      print(`\n${formatDemoGuide({ previewUrl: servers.preview?.url ?? null, apiBaseUrl: servers.apiBaseUrl, operatorToken: config.OPERATOR_TOKEN ?? '', cardBaseUrl: KEYLINE_BASE_URL, sandbox })}`);
      await (servers.api?.closed ?? waitForSignal()); // the API shuts down on Ctrl-C
      await servers.preview?.close();
    }
  } finally {
    await k.close().catch(() => undefined); // already closed when the API shut down
    await sandbox.close();
    store.remove();
  }
}

export function addDemoCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('demo')
    .description('the embedded default: sandbox with the M portfolio, setup, full sync with a progress bar, report, then serve')
    .addOption(new Option('--size <size>', 'portfolio size').choices(['XS', 'S', 'M', 'L']).default('M'))
    .option('--no-serve', 'exit after the report')
    .option('--preview-port <port>', 'port of the local preview (taken: any free port)', (v) => Number(v), 4000)
    .action(async (opts: DemoOptions) => {
      await demoCommand(opts, globals());
    });
}
