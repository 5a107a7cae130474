/**
 * The command line as an operator uses it: a configuration error is one message and exit code 2; setup and a dry
 * run against the sandbox print machine-readable JSON with --json and write nothing.
 */
import { main } from '../../server/src/cli/main';
import { startSandbox, type Sandbox } from '../../sandbox';
import { silenceLogger } from '../../server/src/logger';
import { TIME_SCALE } from './harness';

jest.setTimeout(180_000);

describe('keyline on the command line', () => {
  const saved = { ...process.env };
  let out: string[] = [];
  let err: string[] = [];
  beforeEach(() => {
    silenceLogger(true);
    out = [];
    err = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out.push(String(s));
      return true;
    });
    jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      err.push(String(s));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...saved };
    process.exitCode = undefined;
  });

  it('when the HubSpot token is missing, then one clear message names the variable and the exit code is 2', async () => {
    delete process.env['HUBSPOT_ACCESS_TOKEN'];
    delete process.env['HUBSPOT_PORTAL_ID'];
    process.env['DATABASE_URL'] = 'sqlite::memory:';
    expect(await main(['node', 'keyline', 'sync'])).toBe(2);
    expect(err.join('')).toMatch(/HUBSPOT_ACCESS_TOKEN: is required/);
    expect(err.join('')).not.toMatch(/HUBSPOT_PORTAL_ID/);
  });

  it('when setup and a dry run are asked for with --json, then JSON comes out and HubSpot gets no write from the dry run', async () => {
    const sandbox: Sandbox = await startSandbox({ size: 'XS', rateLimit: { timeScale: TIME_SCALE } });
    try {
      Object.assign(process.env, {
        HUBSPOT_BASE_URL: sandbox.baseUrl,
        HUBSPOT_ACCESS_TOKEN: sandbox.token,
        HUBSPOT_PORTAL_ID: sandbox.portalId,
        DATABASE_URL: 'sqlite::memory:',
        LOG_LEVEL: 'error',
      });
      expect(await main(['node', 'keyline', '--json', 'setup'])).toBe(0);
      expect(JSON.parse(out.join(''))).toMatchObject({ group: 'created' });
      out = [];
      sandbox.ledger.reset();
      expect(await main(['node', 'keyline', '--json', 'sync', '--full', '--dry-run'])).toBe(0);
      const run = JSON.parse(out.join('')) as { status: string; dryRun: boolean; details: { plan: { propertyChanges: number } } };
      expect(run).toMatchObject({ status: 'succeeded', dryRun: true });
      expect(run.details.plan.propertyChanges).toBeGreaterThan(0);
      const writes = Object.keys(sandbox.ledger.snapshot().byEndpoint).filter((e) => /batch\/(update|create)$/.test(e));
      expect(writes).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
