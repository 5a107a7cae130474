/**
 * Runs support/sync-child.ts in its own process against a sandbox of this process, with a file-based store shared
 * with the test (the same way as the e2e crash test).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Sandbox } from '../../../sandbox';
import { NOW, TIME_SCALE, keylineEnv } from './fault-world';

export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The run the child finished ({id, status}), when it finished one. */
  run: { id: string; status: string } | null;
  stderr: string;
}

export function runSyncChild(opts: {
  sandbox: Pick<Sandbox, 'baseUrl' | 'token' | 'portalId'>;
  databaseUrl: string;
  mode: 'full' | 'incremental';
  killAt?: string;
  /** Called once the child is running (e.g. to kill it from outside at a chosen moment). */
  onSpawn?(child: ChildProcess): void;
}): Promise<ChildOutcome> {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', path.join(__dirname, 'sync-child.ts')], {
    env: {
      ...process.env,
      ...keylineEnv(opts.sandbox, opts.databaseUrl),
      TEST_TIME_SCALE: String(TIME_SCALE),
      TEST_NOW: NOW.toISOString(),
      TEST_READ_CHUNK: '10',
      TEST_WRITE_PAGE: '5',
      SYNC_MODE: opts.mode,
      KILL_AT: opts.killAt ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  opts.onSpawn?.(child);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      let run: ChildOutcome['run'] = null;
      try {
        run = stdout.trim() ? (JSON.parse(stdout.trim().split('\n').pop() as string) as { id: string; status: string }) : null;
      } catch {
        run = null;
      }
      resolve({ code, signal, run, stderr });
    });
  });
}
