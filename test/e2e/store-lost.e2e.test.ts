/**
 * HubSpot, not Keyline's store, says which Keyline tasks exist. Against the sandbox: a sync on an empty store (the
 * store lost: a new container, another working directory) after Keyline already synced the portfolio creates no second
 * task and leaves HubSpot's tasks as they were; a store restored from an old backup (its ledger missing the tasks made
 * since, and naming tasks since closed, completed or deleted) ends where the store that was not lost ends.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyline, type Keyline } from '../../server/src/keyline';
import { runSync } from '../../server/src/sync';
import { configFor, keylineTasks, startWorld, writeCalls, NOW, TIME_SCALE, type World } from './harness';

jest.setTimeout(300_000);

const DAY_MS = 86_400_000;

/** Keyline tasks in the sandbox: marker → the ids of its tasks not completed. */
function openTasks(world: World): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [marker, t] of keylineTasks(world.sandbox)) {
    const ids = t.ids.filter((_, i) => t.statuses[i] !== 'COMPLETED');
    if (ids.length > 0) out.set(marker, ids);
  }
  return out;
}

/** The ledger's open rows: `companyId/gapKey` → task id. */
async function ledgerOpen(k: Keyline): Promise<Map<string, string | null>> {
  const ids = (await k.store.listSnapshotSummaries(k.portalId)).map((s) => s.companyId);
  const rows = await k.store.listOpenTasksFor(k.portalId, ids);
  return new Map(rows.map((r) => [`${r.companyId}/${r.gapKey}`, r.taskId]));
}

function taskWrites(world: World): number {
  return Object.entries(writeCalls(world.sandbox))
    .filter(([endpoint]) => endpoint.includes('/tasks/'))
    .reduce((n, [, calls]) => n + calls, 0);
}

describe('a store lost or restored from an old backup, against the sandbox', () => {
  let world: World;
  const others: Keyline[] = [];
  let dir: string | null = null;
  afterEach(async () => {
    for (const k of others.splice(0)) await k.close();
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('when a full sync runs on an empty store against a portfolio Keyline already synced, then no task is created twice and HubSpot’s tasks stay as they were', async () => {
    let now = NOW;
    const wallStart = Date.now();
    // HubSpot's clock and Keyline's agree (a task's hs_createdate is "today" for Keyline's task budget too).
    world = await startWorld({ size: 'S', keyline: { now: () => now }, sandboxClock: () => now.getTime() + (Date.now() - wallStart) });
    await world.keyline.gateway.setup({ lists: false });
    const first = await runSync(world.keyline, { mode: 'full' });
    expect(first).toMatchObject({ status: 'succeeded', errors: [] });
    const before = openTasks(world);
    const allBefore = world.sandbox.store.list('tasks').length;
    expect(before.size).toBeGreaterThan(20);

    // The store is lost: a fresh, empty one against the same portal.
    const fresh = await createKeyline(configFor(world.sandbox, 'sqlite::memory:'), { timeScale: TIME_SCALE, now: () => now });
    others.push(fresh);
    const writesBefore = taskWrites(world);
    const run = await runSync(fresh, { mode: 'full' });
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });
    expect(run.counts.tasksCreated).toBe(0);
    expect(run.counts.tasksClosed).toBe(0);
    expect(taskWrites(world)).toBe(writesBefore);
    expect(world.sandbox.store.list('tasks').length).toBe(allBefore);
    expect(openTasks(world)).toEqual(before);
    expect(run.details['adoptedTasks']).toMatchObject({ adopted: before.size, replaced: 0, duplicates: 0 });
    // The new store knows every open task, by the same id as the store that was lost.
    expect(await ledgerOpen(fresh)).toEqual(await ledgerOpen(world.keyline));

    // The next day, on that store: a touch logged closes its task (self-closing works on adopted tasks), the day's new
    // tasks are made, and still no gap has two open tasks.
    const [closedKey] = [...(await ledgerOpen(fresh)).keys()].filter((k) => k.endsWith('/touch_overdue'));
    expect(closedKey).toBeDefined();
    const companyId = (closedKey as string).split('/')[0] as string;
    now = new Date(NOW.getTime() + DAY_MS);
    world.sandbox.store.create(
      'calls',
      { hs_timestamp: new Date(now.getTime() - 3_600_000).toISOString(), hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND', hs_call_title: 'Check-in' },
      [{ toType: 'companies', toId: companyId }],
    );
    const nextDay = await runSync(fresh, { mode: 'full' });
    expect(nextDay).toMatchObject({ status: 'succeeded', errors: [] });
    expect(nextDay.counts.tasksClosed).toBeGreaterThanOrEqual(1);
    expect(openTasks(world).has(`keyline:gap=${closedKey}`)).toBe(false);
    expect([...openTasks(world).values()].every((ids) => ids.length === 1)).toBe(true);
  });

  it('when the store is replaced by an old backup, then the run adopts what was made since, creates nothing twice, closes nothing a person or Keyline already settled, and ends like the store that was kept', async () => {
    let now = NOW;
    const wallStart = Date.now();
    dir = mkdtempSync(join(tmpdir(), 'keyline-backup-'));
    const db = join(dir, 'keyline.sqlite');
    const backup = join(dir, 'backup.sqlite');
    world = await startWorld({ size: 'S', databaseUrl: `sqlite:${db}`, keyline: { now: () => now }, sandboxClock: () => now.getTime() + (Date.now() - wallStart) });
    await world.keyline.gateway.setup({ lists: false });
    expect(await runSync(world.keyline, { mode: 'full' })).toMatchObject({ status: 'succeeded', errors: [] });
    await world.keyline.close();
    const sandboxOnly = world.sandbox;
    world = { ...world, close: () => sandboxOnly.close() };
    copyFileSync(db, backup); // the backup, taken after the first night

    // During the next day a person completes one Keyline task and deletes another in HubSpot; a touch is logged on a
    // third company, whose task Keyline closes that night.
    const opened = [...openTasks(world)].map(([marker, ids]) => ({ marker, id: ids[0] as string }));
    const completedByPerson = opened.find((t) => t.marker.endsWith('/qbr_overdue')) ?? opened[0];
    const deletedByPerson = opened.find((t) => t !== completedByPerson && t.marker.endsWith('/meeting_overdue')) ?? opened[1];
    const touched = opened.find((t) => t !== completedByPerson && t !== deletedByPerson && t.marker.endsWith('/touch_overdue'));
    expect(completedByPerson && deletedByPerson && touched).toBeTruthy();
    world.sandbox.store.update('tasks', completedByPerson?.id as string, { hs_task_status: 'COMPLETED' });
    world.sandbox.store.archive('tasks', deletedByPerson?.id as string);
    now = new Date(NOW.getTime() + DAY_MS);
    const touchedCompany = /keyline:gap=([^/]+)\//.exec(touched?.marker ?? '')?.[1] as string;
    world.sandbox.store.create(
      'calls',
      { hs_timestamp: new Date(now.getTime() - 3_600_000).toISOString(), hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND', hs_call_title: 'Check-in' },
      [{ toType: 'companies', toId: touchedCompany }],
    );

    // The second night on the store that was kept: the reference.
    const kept = await createKeyline(configFor(world.sandbox, `sqlite:${db}`), { timeScale: TIME_SCALE, now: () => now });
    const night = await runSync(kept, { mode: 'full' });
    expect(night).toMatchObject({ status: 'succeeded', errors: [] });
    expect(night.counts.tasksCreated).toBeGreaterThan(0);
    expect(night.counts.tasksClosed).toBeGreaterThanOrEqual(1);
    const keptLedger = await ledgerOpen(kept);
    await kept.close();
    const hubspotAfterNight = keylineTasks(world.sandbox);
    const writesAfterNight = taskWrites(world);

    // The store is replaced by the backup (its ledger lacks tonight's tasks and still lists the closed, completed and
    // deleted ones as open), and the sync runs again the same day.
    for (const suffix of ['-wal', '-shm']) if (existsSync(db + suffix)) rmSync(db + suffix);
    copyFileSync(backup, db);
    const restored = await createKeyline(configFor(world.sandbox, `sqlite:${db}`), { timeScale: TIME_SCALE, now: () => now });
    others.push(restored);
    const run = await runSync(restored, { mode: 'full' });
    expect(run).toMatchObject({ status: 'succeeded', errors: [] });
    expect(run.counts.tasksCreated).toBe(0);
    // HubSpot's tasks are exactly as the night left them: nothing created, completed or edited.
    expect(taskWrites(world)).toBe(writesAfterNight);
    expect(keylineTasks(world.sandbox)).toEqual(hubspotAfterNight);
    expect([...openTasks(world).values()].every((ids) => ids.length === 1)).toBe(true);
    // The restored ledger ends as the kept one: tonight's tasks adopted with their ids, the closed one recorded closed,
    // and the tasks a person completed or deleted still held (so their gap gets no second task).
    expect(await ledgerOpen(restored)).toEqual(keptLedger);
    expect(keptLedger.has((completedByPerson?.marker ?? '').replace('keyline:gap=', ''))).toBe(true);
    expect(keptLedger.has((deletedByPerson?.marker ?? '').replace('keyline:gap=', ''))).toBe(true);
  });
});
