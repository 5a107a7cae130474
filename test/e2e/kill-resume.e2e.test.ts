/**
 * The crash test: a sync process is killed with SIGKILL in the middle of writing; the next run resumes from its
 * checkpoint and HubSpot ends in the same state as after an uninterrupted run, with no duplicate task.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox';
import { createKeyline, type Keyline } from '../../server/src/keyline';
import { silenceLogger } from '../../server/src/logger';
import { runSync } from '../../server/src/sync';
import { AS_OF, NOW, TIME_SCALE, configFor, keylineState, keylineTasks } from './harness';

const SEED = 11;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Several sync runs against a live sandbox: generous on a shared, busy CI machine (no assertion is about time).
jest.setTimeout(180_000);

describe('a sync killed mid-way', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyline-kill-'));
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const o of opened.reverse()) await o.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function sandbox(): Promise<Sandbox> {
    const sb = await startSandbox({ size: 'S', seed: SEED, asOf: AS_OF, rateLimit: { timeScale: TIME_SCALE } });
    opened.push(sb);
    return sb;
  }
  async function keyline(sb: Sandbox, databaseUrl: string): Promise<Keyline> {
    silenceLogger(true);
    const k = await createKeyline(configFor(sb, databaseUrl), { timeScale: TIME_SCALE, now: () => NOW, tuning: { readChunk: 100, writePage: 10 } });
    opened.push(k);
    return k;
  }

  it('when the process gets kill -9 while writing, then the next run resumes and HubSpot ends as after an uninterrupted run, without duplicate tasks', async () => {
    // The reference: one uninterrupted run.
    const reference = await sandbox();
    const refKeyline = await keyline(reference, 'sqlite::memory:');
    await refKeyline.gateway.setup({ lists: false });
    expect((await runSync(refKeyline, { mode: 'full' })).status).toBe('succeeded');

    // The victim: same portfolio, a file-based store shared by the child and this process.
    const victim = await sandbox();
    const databaseUrl = `sqlite:${path.join(dir, 'keyline.sqlite')}`;
    const parent = await keyline(victim, databaseUrl);
    await parent.gateway.setup({ lists: false });
    // Slow writes a little so the kill lands in the middle of the write phase.
    victim.setFaults({ latencyMs: 40, match: ['batch/update', 'batch/create'] });
    victim.ledger.reset();

    const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'fixtures', 'run-sync-child.ts')], {
      env: {
        ...process.env,
        HUBSPOT_BASE_URL: victim.baseUrl,
        HUBSPOT_ACCESS_TOKEN: victim.token,
        HUBSPOT_PORTAL_ID: victim.portalId,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'error',
        TEST_TIME_SCALE: String(TIME_SCALE),
        TEST_NOW: NOW.toISOString(),
        TEST_READ_CHUNK: '100',
        TEST_WRITE_PAGE: '10',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const writes = () => victim.ledger.calls('POST /crm/objects/2026-09/companies/batch/update') + victim.ledger.calls('POST /crm/objects/2026-09/tasks/batch/create');
    while (writes() < 6) {
      if (child.exitCode !== null) throw new Error(`the child ended before it could be killed: ${stderr}`);
      await sleep(5);
    }
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
    victim.setFaults({});

    const killed = await parent.store.findResumableRun(parent.portalId);
    expect(killed?.status).toBe('running');
    const resumed = await runSync(parent, { mode: 'full' });
    expect(resumed).toMatchObject({ id: killed?.id, status: 'succeeded' });

    expect(keylineState(victim)).toEqual(keylineState(reference));
    const victimTasks = keylineTasks(victim);
    expect([...victimTasks.entries()].filter(([, t]) => t.ids.length > 1)).toEqual([]);
    expect([...victimTasks.keys()].sort()).toEqual([...keylineTasks(reference).keys()].sort());
  });
});
