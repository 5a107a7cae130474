/**
 * Where `keyline demo` keeps its store: `.keyline/demo-<pid>.sqlite`, one per running demo (two demos can run side by
 * side), deleted when the demo ends. Stores left by a demo that was killed (its process is gone) are deleted when the
 * next demo starts, so they never pile up.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const DEMO_FILE = /^demo-(\d+)\.sqlite(?:-wal|-shm|-journal)?$/;

/** Linux's largest process id: a bigger number (the old scheme's milliseconds) names no process. */
const PID_MAX = 4_194_304;

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid > PID_MAX) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Deletes the demo stores (and their WAL/SHM files) whose demo is no longer running; returns the files deleted. */
export function removeStaleDemoStores(dir: string, running: (pid: number) => boolean = isRunning): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = DEMO_FILE.exec(name);
    // Stores named by the old scheme (demo-<milliseconds>.sqlite) name no live process either.
    if (match === null || running(Number(match[1]))) continue;
    rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

export interface DemoStore {
  databaseUrl: string;
  /** Deletes this demo's store files. */
  remove(): void;
}

export function demoStore(dir: string, pid: number = process.pid): DemoStore {
  const file = path.join(dir, `demo-${pid}.sqlite`);
  return {
    databaseUrl: `sqlite:${file}`,
    remove: () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
    },
  };
}
