/**
 * Keyline's store lost or replaced, HubSpot kept: a full sync on an empty store after a first night (a new container,
 * another working directory), and an incremental sync on a store restored from the backup taken before the second
 * night (its ledger lacks that night's tasks and lists the ones the night closed as open). HubSpot must end exactly as
 * after the clean run: no task created twice, none closed that should stay open, nothing written again.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/src/config';
import { createKeyline, type Keyline } from '../../server/src/keyline';
import { runSync } from '../../server/src/sync';
import { recordScenario } from './record-scenario';
import { checkAudit } from './support/audit-check';
import { compareEndStates, describeComparison, readEndState } from './support/end-state';
import { cleanRunStates, keylineEnv, logNightChanges, NOW, startFaultWorld, TIME_SCALE, type FaultWorld } from './support/fault-world';

jest.setTimeout(240_000);

const PORTFOLIO = { size: 'S', seed: 31 } as const;
const dir = mkdtempSync(path.join(tmpdir(), 'keyline-store-'));
const worlds: FaultWorld[] = [];
const keylines: Keyline[] = [];
afterAll(async () => {
  for (const k of keylines) await k.close().catch(() => undefined);
  for (const w of worlds) await w.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

/**
 * HubSpot's creation dates of tasks agree with Keyline's frozen "now" (a task made tonight is "today" for the task
 * budget too), as they do live. Modification dates keep the wall clock, which the incremental selection compares with
 * the watermarks (Keyline takes those from the wall clock).
 */
function stampTasksOnKeylinesDay(world: FaultWorld): void {
  const store = world.sandbox.store;
  const create = store.create.bind(store);
  const start = Date.now();
  store.create = (type, properties, associations) =>
    create(type, type === 'tasks' ? { ...properties, hs_createdate: new Date(NOW.getTime() + (Date.now() - start)).toISOString() } : properties, associations);
}

function openKeyline(world: FaultWorld, databaseUrl: string): Promise<Keyline> {
  return createKeyline(loadConfig(keylineEnv(world.sandbox, databaseUrl)), { timeScale: TIME_SCALE, now: () => NOW, tuning: { readChunk: 10, writePage: 5 } }).then((k) => {
    keylines.push(k);
    return k;
  });
}

describe('the store lost or replaced by an old backup', () => {
  it('when a full sync runs on an empty store after a first night, then HubSpot ends as after the clean run: no task created again, nothing written again', async () => {
    const clean = await cleanRunStates(PORTFOLIO);
    const world = await startFaultWorld(PORTFOLIO);
    worlds.push(world);
    stampTasksOnKeylinesDay(world);
    expect((await runSync(world.keyline, { mode: 'full' })).status).toBe('succeeded');
    expect(describeComparison(compareEndStates(readEndState(world.sandbox), clean.full))).toBe('equal to the clean run');
    const before = { created: world.writes.tasksCreated, completed: world.writes.tasksCompleted, properties: world.writes.propertyChanges };

    const fresh = await openKeyline(world, 'sqlite::memory:');
    const run = await runSync(fresh, { mode: 'full' });
    const comparison = compareEndStates(readEndState(world.sandbox), clean.full);
    const writtenAgain = {
      created: world.writes.tasksCreated - before.created,
      completed: world.writes.tasksCompleted - before.completed,
      properties: world.writes.propertyChanges - before.properties,
    };
    const audit = await checkAudit(world.keyline, world.writes);
    const adopted = run.details['adoptedTasks'] as { found: number; adopted: number } | undefined;
    const passed = run.status === 'succeeded' && comparison.equal && writtenAgain.created === 0 && writtenAgain.completed === 0 && world.writes.doubleWrites.length === 0 && audit.ok;
    recordScenario({
      suite: 'store',
      scenario: 'store lost: full sync on an empty store after a first night',
      checked: 'the new store adopts the open Keyline tasks HubSpot holds; end state = clean run; no task created or completed again; no value written again; audit (kept store) = values written',
      result:
        `run ${run.status}; ${describeComparison(comparison)}; ${adopted?.adopted ?? 0} of ${clean.full.tasks.size} tasks adopted; ` +
        `${writtenAgain.created} tasks created, ${writtenAgain.completed} completed, ${writtenAgain.properties} values written by the new store; ` +
        `${world.writes.doubleWrites.length} double writes; audit ${audit.audited} lines for ${audit.changedInHubSpot} values changed`,
      passed,
      counts: { losses: comparison.lost.length, duplicates: comparison.duplicates.length, doubleWrites: world.writes.doubleWrites.length, tasksCreatedAgain: writtenAgain.created },
    });
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });
    expect(describeComparison(comparison)).toBe('equal to the clean run');
    expect(writtenAgain).toEqual({ created: 0, completed: 0, properties: 0 });
    expect(world.writes.doubleWrites).toEqual([]);
    expect(audit).toMatchObject({ ok: true });
  });

  it('when the store is replaced by the backup taken before the second night, then the next incremental sync leaves HubSpot as after the clean run', async () => {
    const clean = await cleanRunStates(PORTFOLIO);
    const db = path.join(dir, 'keyline.sqlite');
    const backup = path.join(dir, 'backup.sqlite');
    const world = await startFaultWorld({ ...PORTFOLIO, databaseUrl: `sqlite:${db}` });
    worlds.push(world);
    stampTasksOnKeylinesDay(world);
    expect((await runSync(world.keyline, { mode: 'full' })).status).toBe('succeeded');
    expect(describeComparison(compareEndStates(readEndState(world.sandbox), clean.full))).toBe('equal to the clean run');
    await world.keyline.close();
    world.keyline.close = () => Promise.resolve();
    copyFileSync(db, backup);

    // The second night, on the store that was kept: the night's changes, an incremental run (closes tasks, makes new ones).
    logNightChanges(world.sandbox, readEndState(world.sandbox));
    const kept = await openKeyline(world, `sqlite:${db}`);
    expect((await runSync(kept, { mode: 'incremental' })).status).toBe('succeeded');
    expect(describeComparison(compareEndStates(readEndState(world.sandbox), clean.incremental))).toBe('equal to the clean run');
    await kept.close();
    kept.close = () => Promise.resolve();
    const before = { created: world.writes.tasksCreated, completed: world.writes.tasksCompleted, properties: world.writes.propertyChanges };

    // The backup comes back, and the next sync runs.
    for (const suffix of ['-wal', '-shm']) if (existsSync(db + suffix)) rmSync(db + suffix);
    copyFileSync(backup, db);
    const restored = await openKeyline(world, `sqlite:${db}`);
    const run = await runSync(restored, { mode: 'incremental' });
    const comparison = compareEndStates(readEndState(world.sandbox), clean.incremental);
    const writtenAgain = {
      created: world.writes.tasksCreated - before.created,
      completed: world.writes.tasksCompleted - before.completed,
      properties: world.writes.propertyChanges - before.properties,
    };
    const adopted = run.details['adoptedTasks'] as { adopted: number } | undefined;
    const passed = run.status === 'succeeded' && comparison.equal && writtenAgain.created === 0 && writtenAgain.completed === 0 && writtenAgain.properties === 0 && world.writes.doubleWrites.length === 0;
    recordScenario({
      suite: 'store',
      scenario: 'store replaced by an old backup (taken before the second night), then an incremental sync',
      checked: 'tasks made since the backup adopted, tasks closed since recorded closed without a write; end state = clean run; nothing created, completed or written again (the audit of the night after the backup went with the replaced store)',
      result:
        `run ${run.status}; ${describeComparison(comparison)}; ${adopted?.adopted ?? 0} tasks adopted; ` +
        `${writtenAgain.created} tasks created, ${writtenAgain.completed} completed, ${writtenAgain.properties} values written by the restored store; ${world.writes.doubleWrites.length} double writes`,
      passed,
      counts: { losses: comparison.lost.length, duplicates: comparison.duplicates.length, doubleWrites: world.writes.doubleWrites.length, tasksCreatedAgain: writtenAgain.created },
    });
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });
    expect(describeComparison(comparison)).toBe('equal to the clean run');
    expect(writtenAgain).toEqual({ created: 0, completed: 0, properties: 0 });
    expect(world.writes.doubleWrites).toEqual([]);
  });
});
