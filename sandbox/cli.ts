/**
 * `keyline sandbox`: starts the sandbox and prints where it is. The CLI wires its flags to `runSandboxCommand`.
 */
import { startSandbox, type Sandbox } from './index';
import type { PortfolioSize } from './portfolio/generate-portfolio';

export interface SandboxCommandOptions {
  size?: PortfolioSize;
  port?: number;
  seed?: number;
  token?: string;
  persistPath?: string;
  /** Where the banner goes (default stdout). */
  out?: NodeJS.WritableStream;
}

export async function runSandboxCommand(opts: SandboxCommandOptions = {}): Promise<Sandbox> {
  const out = opts.out ?? process.stdout;
  const sandbox = await startSandbox({
    size: opts.size ?? 'S',
    port: opts.port ?? 0,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.token ? { token: opts.token } : {}),
    ...(opts.persistPath ? { persistPath: opts.persistPath } : {}),
  });
  const s = sandbox.portfolio.stats;
  out.write(
    [
      'Keyline HubSpot sandbox is running',
      `  base URL   ${sandbox.baseUrl}`,
      `  portal id  ${sandbox.portalId}`,
      `  token      ${sandbox.token}`,
      `  portfolio  size ${sandbox.portfolio.size}, seed ${sandbox.portfolio.seed}: ${s.companies} companies, ${s.contacts} contacts, ${s.deals} deals, ${s.engagements} engagements, ${s.owners} owners`,
      `  ledger     GET ${sandbox.baseUrl}/__sandbox/ledger`,
      '',
      `  HUBSPOT_BASE_URL=${sandbox.baseUrl} HUBSPOT_ACCESS_TOKEN=${sandbox.token} HUBSPOT_PORTAL_ID=${sandbox.portalId}`,
      '',
    ].join('\n'),
  );
  return sandbox;
}
