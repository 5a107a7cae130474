/**
 * The command line's configuration and run modes as the README documents them: every configuration problem in one
 * message with exit code 2, no store created in a mistyped place, `report` and `explain` from the store alone,
 * targeted runs (`--company`) labelled as such and failing on unknown ids, "another sync is running" with its own
 * exit code, and no task created while the portal lacks Keyline's task property.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox';
import { EXIT, main } from '../../server/src/cli/main';
import { silenceLogger } from '../../server/src/logger';
import { openStore } from '../../server/src/store/open-store';
import type { RunRecord } from '../../server/src/store/store';
import { syncLockName } from '../../server/src/sync';
import { TIME_SCALE } from './harness';

jest.setTimeout(180_000);

describe('keyline configuration and run modes on the command line', () => {
  const saved = { ...process.env };
  const cwd = process.cwd();
  let out: string[] = [];
  let err: string[] = [];
  let dir: string;
  /** One invocation, as from a fresh shell (the exit code a failed run leaves in the process is not carried over). */
  const keyline = (...args: string[]) => {
    process.exitCode = undefined;
    return main(['node', 'keyline', ...args]);
  };
  const lastJson = <T>() => JSON.parse(out.join('')) as T;

  beforeEach(() => {
    silenceLogger(true);
    out = [];
    err = [];
    dir = mkdtempSync(path.join(tmpdir(), 'keyline-cli-'));
    for (const key of Object.keys(process.env)) if (/^(HUBSPOT_|DATABASE_URL|PORT$|LOG_LEVEL)/.test(key)) delete process.env[key];
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
    process.chdir(cwd);
    process.env = { ...saved };
    process.exitCode = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  describe('configuration errors', () => {
    it('when DATABASE_URL has a bad scheme, the token is missing and PORT is bad, then one message names all three and the exit code is 2', async () => {
      Object.assign(process.env, { DATABASE_URL: 'mysql://db/keyline', PORT: 'eighty' });
      expect(await keyline('sync')).toBe(EXIT.config);
      const message = err.join('');
      expect(message.match(/Invalid configuration/g)).toHaveLength(1);
      expect(message).toMatch(/DATABASE_URL: must be sqlite:<path>/);
      expect(message).toMatch(/HUBSPOT_ACCESS_TOKEN: is required/);
      expect(message).toMatch(/PORT:/);
    });

    it('when a bad DATABASE_URL scheme is the only problem, then the exit code is still 2 (not 1)', async () => {
      Object.assign(process.env, { DATABASE_URL: 'mysql://db/keyline' });
      expect(await keyline('report')).toBe(EXIT.config);
      expect(err.join('')).toMatch(/DATABASE_URL/);
    });

    it('when the SQLite path is in a folder that does not exist, then exit 2 naming the folder, and nothing is created', async () => {
      const folder = path.join(dir, 'typo', 'nested');
      Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(folder, 'keyline.sqlite')}`, HUBSPOT_ACCESS_TOKEN: 'pat-na1-test' });
      for (const command of [['sync'], ['report'], ['explain', '1001']]) {
        err = [];
        expect(await keyline(...command)).toBe(EXIT.config);
        expect(err.join('')).toContain(folder);
      }
      expect(existsSync(path.join(dir, 'typo'))).toBe(false);
    });

    it('when the store folder is missing and other variables are bad too, then the one message names them all', async () => {
      const folder = path.join(dir, 'typo');
      Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(folder, 'keyline.sqlite')}`, PORT: 'eighty' });
      expect(await keyline('sync')).toBe(EXIT.config);
      const message = err.join('');
      expect(message.match(/Invalid configuration/g)).toHaveLength(1);
      expect(message).toContain(folder);
      expect(message).toMatch(/PORT:/);
      expect(message).toMatch(/HUBSPOT_ACCESS_TOKEN: is required/);
    });

    it('when the default store is used, then its folder .keyline/ is created (and only that one)', async () => {
      process.chdir(dir);
      expect(await keyline('report')).toBe(EXIT.failure); // nothing stored yet: it says to run a sync
      expect(err.join('')).toMatch(/holds no scored company yet: run "keyline sync"/);
      expect(existsSync(path.join(dir, '.keyline', 'keyline.sqlite'))).toBe(true);
    });
  });

  describe('against the sandbox', () => {
    let sandbox: Sandbox;
    let databaseUrl: string;
    beforeEach(async () => {
      sandbox = await startSandbox({ size: 'XS', rateLimit: { timeScale: TIME_SCALE } });
      databaseUrl = `sqlite:${path.join(dir, 'keyline.sqlite')}`;
      Object.assign(process.env, {
        HUBSPOT_BASE_URL: sandbox.baseUrl,
        HUBSPOT_ACCESS_TOKEN: sandbox.token,
        HUBSPOT_PORTAL_ID: sandbox.portalId,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'error',
      });
    });
    afterEach(async () => {
      await sandbox.close();
    });
    const companyIds = () => sandbox.store.list('companies').map((c) => c.id);
    const runs = async (): Promise<RunRecord[]> => {
      const store = await openStore(databaseUrl);
      try {
        return await store.listRuns(sandbox.portalId, { limit: 20 });
      } finally {
        await store.close();
      }
    };

    it('when --company names an id HubSpot does not have, then the run fails with a message naming it (exit 1), the known ones are synced', async () => {
      expect(await keyline('setup')).toBe(EXIT.ok);
      out = [];
      const known = companyIds()[0] ?? '';
      expect(await keyline('--json', 'sync', '--company', known, '1999999999')).toBe(EXIT.failure);
      const run = lastJson<RunRecord>();
      expect(run.status).toBe('failed');
      expect(run.mode).toBe('targeted');
      expect(run.message).toContain('1999999999');
      expect(run.counts.companiesScored).toBe(1);
      expect(await keyline('sync', '--company', 'acme')).toBe(EXIT.failure);
      expect(err.join('')).toMatch(/--company takes numeric HubSpot company ids/);
    });

    it('when a --company run follows a full run, then it is stored as targeted and the weekly full-reconcile clock is the full run\'s', async () => {
      expect(await keyline('setup')).toBe(EXIT.ok);
      expect(await keyline('sync', '--full')).toBe(EXIT.ok);
      out = [];
      expect(await keyline('--json', 'sync', '--full', '--company', companyIds()[1] ?? '')).toBe(EXIT.ok);
      expect(lastJson<RunRecord>().mode).toBe('targeted');
      out = [];
      const [targeted, full] = await runs();
      expect(targeted?.mode).toBe('targeted');
      expect(full?.mode).toBe('full');
      const store = await openStore(databaseUrl);
      try {
        expect((await store.lastSuccessfulRun(sandbox.portalId, 'full'))?.id).toBe(full?.id);
      } finally {
        await store.close();
      }
      // The next plain sync is incremental: the targeted run did not count as the full run it follows.
      expect(await keyline('--json', 'sync')).toBe(EXIT.ok);
      expect(lastJson<RunRecord>().mode).toBe('incremental');
    });

    it('when report and explain run without a HubSpot token (or account id), then they answer from the store and call HubSpot 0 times', async () => {
      expect(await keyline('setup')).toBe(EXIT.ok);
      expect(await keyline('sync', '--full')).toBe(EXIT.ok);
      delete process.env['HUBSPOT_ACCESS_TOKEN'];
      delete process.env['HUBSPOT_PORTAL_ID'];
      sandbox.ledger.reset();
      out = [];
      expect(await keyline('--json', 'report')).toBe(EXIT.ok);
      expect(lastJson<Record<string, unknown>>()).toBeDefined();
      out = [];
      const id = companyIds()[0] ?? '';
      expect(await keyline('--json', 'explain', id)).toBe(EXIT.ok);
      expect(lastJson<{ result: { companyId: string } }>().result.companyId).toBe(id);
      expect(Object.keys(sandbox.ledger.snapshot().byEndpoint)).toEqual([]);
    });

    it('when another sync holds the lock, then sync exits 4 with "another sync is running" and records no run', async () => {
      expect(await keyline('setup')).toBe(EXIT.ok);
      const store = await openStore(databaseUrl);
      try {
        expect(await store.acquireLock(syncLockName(sandbox.portalId), 'other-host:4242:run', 60_000)).toBe(true);
      } finally {
        await store.close();
      }
      expect(await keyline('sync')).toBe(EXIT.busy);
      expect(err.join('')).toMatch(/another sync is running/);
      expect(await runs()).toEqual([]);
    });

    it('when the portal lacks the keyline_task_key task property, then the sync creates no task and says to run setup', async () => {
      expect(await keyline('setup')).toBe(EXIT.ok);
      const def = sandbox.store.property('tasks', 'keyline_task_key');
      expect(def).toBeDefined();
      if (def) sandbox.store.putProperty('tasks', { ...def, archived: true });
      const tasksBefore = sandbox.store.list('tasks').length;
      out = [];
      expect(await keyline('--json', 'sync', '--full')).toBe(EXIT.failure);
      const run = lastJson<RunRecord>();
      expect(run.status).toBe('failed');
      expect(run.message).toMatch(/keyline_task_key.*run "keyline setup"/);
      expect(sandbox.store.list('tasks')).toHaveLength(tasksBefore);
      // After setup the next sync creates the tasks.
      expect(await keyline('setup')).toBe(EXIT.ok);
      out = [];
      expect(await keyline('--json', 'sync', '--full')).toBe(EXIT.ok);
      expect(lastJson<RunRecord>().counts.tasksCreated).toBeGreaterThan(0);
    });
  });
});
