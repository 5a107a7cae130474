/**
 * The process killed with a real SIGKILL (kill -9) at several points of full and incremental syncs: in the read
 * phase, in the write phase, between HubSpot creating a task and Keyline recording it (killed by itself right after
 * the answer, and killed from outside while HubSpot is creating it), between completing a task and recording it, and
 * twice in a row. Each time a new process resumes the same run from its checkpoint, and HubSpot ends exactly as after
 * a clean run on the same portfolio: every property, every task, no duplicate, nothing written twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runSync } from '../../server/src/sync';
import { recordScenario } from './record-scenario';
import { checkAudit } from './support/audit-check';
import { compareEndStates, describeComparison, readEndState } from './support/end-state';
import { cleanRunStates, logNightChanges, startFaultWorld, type FaultWorld } from './support/fault-world';
import { runSyncChild, type ChildOutcome } from './support/spawn-sync-child';

// Sync processes against a live sandbox: generous on a shared, busy CI machine (no assertion is about time).
jest.setTimeout(240_000);

const PORTFOLIO = { size: 'S', seed: 31 } as const;
const dir = mkdtempSync(path.join(tmpdir(), 'keyline-kill-'));
const worlds: FaultWorld[] = [];
afterAll(async () => {
  for (const w of worlds) await w.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A kill: the child kills itself at a point (see support/sync-child.ts), or the test kills it from outside. */
type Kill = { at: string } | { outside: 'while HubSpot creates a task' };

interface KillScenario {
  name: string;
  mode: 'full' | 'incremental';
  kills: Kill[];
  /** The kill lands inside a write group: audit rows are left `sent` (outcome unknown) for the resume to settle. */
  leavesIntents?: boolean;
}

let worldCount = 0;

async function killAndResume(s: KillScenario) {
  const clean = await cleanRunStates(PORTFOLIO);
  const databaseUrl = `sqlite:${path.join(dir, `keyline-${++worldCount}.sqlite`)}`;
  const world = await startFaultWorld({ ...PORTFOLIO, databaseUrl });
  worlds.push(world);
  const { sandbox, keyline } = world;
  if (s.mode === 'incremental') {
    expect((await runSync(keyline, { mode: 'full' })).status).toBe('succeeded');
    expect(describeComparison(compareEndStates(readEndState(sandbox), clean.full))).toBe('equal to the clean run');
    logNightChanges(sandbox, readEndState(sandbox));
  }
  const expected = s.mode === 'full' ? clean.full : clean.incremental;

  const killed: ChildOutcome[] = [];
  let runId: string | null = null;
  for (const kill of s.kills) {
    const outcome = await runSyncChild({
      sandbox,
      databaseUrl,
      mode: s.mode,
      ...('at' in kill ? { killAt: kill.at } : {}),
      onSpawn: (child) => {
        if (!('outside' in kill)) return;
        // kill -9 from outside while HubSpot is creating the task: it exists, its answer never reaches Keyline.
        const create = sandbox.store.create.bind(sandbox.store);
        sandbox.store.create = (type, properties, associations) => {
          const created = create(type, properties, associations);
          if (type === 'tasks' && child.exitCode === null && child.signalCode === null) {
            child.kill('SIGKILL');
            sandbox.store.create = create;
          }
          return created;
        };
      },
    });
    killed.push(outcome);
    const left = await keyline.store.findResumableRun(keyline.portalId);
    runId ??= left?.id ?? null;
    expect({ signal: outcome.signal, left: left?.status, sameRun: left?.id === runId }).toEqual({ signal: 'SIGKILL', left: 'running', sameRun: true });
  }

  // Write-ahead audit: what the killed processes left unsettled (written `sent`, HubSpot's answer never recorded).
  const leftSent = (await keyline.store.listAudit(keyline.portalId, { status: 'sent', limit: 1_000_000 })).length;
  const resumed = await runSyncChild({ sandbox, databaseUrl, mode: s.mode });
  const record = runId ? await keyline.store.getRun(keyline.portalId, runId) : null;
  const comparison = compareEndStates(readEndState(sandbox), expected);
  const audit = await checkAudit(keyline, world.writes);
  const doubleWrites = world.writes.doubleWrites.length;
  const passed =
    killed.every((k) => k.signal === 'SIGKILL') &&
    resumed.code === 0 &&
    resumed.run?.id === runId &&
    resumed.run?.status === 'succeeded' &&
    comparison.equal &&
    doubleWrites === 0 &&
    audit.ok &&
    (!s.leavesIntents || leftSent > 0);
  recordScenario({
    suite: 'kill',
    scenario: s.name,
    checked:
      'kill -9 leaves the run "running" with its checkpoint; a new process resumes the same run; end state = clean run; no task lost or duplicated; nothing written twice; audit rows `applied` = values HubSpot received, none left unsettled',
    result:
      `${killed.length} SIGKILL → resumed run ${resumed.run?.status ?? `exit ${resumed.code}`} (same run: ${resumed.run?.id === runId}); ` +
      `${describeComparison(comparison)}; ${comparison.duplicates.length} duplicate tasks; ${doubleWrites} double writes; ` +
      `audit ${audit.audited} applied lines for ${audit.changedInHubSpot} values changed (${leftSent} left \`sent\` by the kill, settled on resume; ${audit.notWritten} not applied)`,
    passed,
    counts: {
      runsKilled: killed.length,
      runsResumed: killed.length,
      losses: comparison.lost.length + comparison.properties.filter((d) => d.actual === null).length,
      duplicates: comparison.duplicates.length,
      doubleWrites,
    },
  });

  expect(resumed.stderr).toBe('');
  expect(resumed).toMatchObject({ code: 0, run: { id: runId, status: 'succeeded' } });
  expect(record).toMatchObject({ status: 'succeeded', mode: s.mode, details: expect.objectContaining({ resumedAt: expect.any(String) }) });
  expect(describeComparison(comparison)).toBe('equal to the clean run');
  expect(comparison.duplicates).toEqual([]);
  expect(world.writes.doubleWrites).toEqual([]);
  expect(audit).toMatchObject({ ok: true, repeated: 0, unsettled: 0 });
  if (s.leavesIntents) expect(leftSent).toBeGreaterThan(0);
}

describe('a sync killed with SIGKILL', () => {
  it('when a full sync is killed in the read phase, then the next process resumes it from its checkpoint and HubSpot ends as after a clean run', async () => {
    await killAndResume({ name: 'full sync, kill -9 in the read phase (2nd portfolio chunk read, not recorded)', mode: 'full', kills: [{ at: 'read-chunk:2' }] });
  });

  it('when a full sync is killed in its task phase, then the next process resumes it and nothing is written twice', async () => {
    // Tasks are created only in the task phase, after every property write (the daily budget is decided over the
    // whole portfolio): the 2nd task batch of the run is in the middle of it.
    await killAndResume({ name: 'full sync, kill -9 in the task phase (after the 2nd task batch of the run)', mode: 'full', kills: [{ at: 'task-create:2' }] });
  });

  it('when a full sync is killed right after HubSpot created a task batch and before Keyline recorded it, then the resumed run adopts those tasks instead of creating duplicates', async () => {
    await killAndResume({ name: 'full sync, kill -9 between the task batch-create answer and the ledger record', mode: 'full', kills: [{ at: 'task-create:1' }] });
  });

  it('when a full sync is killed from outside while HubSpot is creating its tasks, then the resumed run adopts them instead of creating duplicates', async () => {
    await killAndResume({ name: 'full sync, kill -9 from outside while HubSpot creates a task batch (answer never received)', mode: 'full', kills: [{ outside: 'while HubSpot creates a task' }] });
  });

  it('when a full sync is killed right after HubSpot answered a batch update of companies and before Keyline recorded it, then the resumed run ends as after a clean run', async () => {
    await killAndResume({ name: 'full sync, kill -9 between a company batch-update answer and its record', mode: 'full', kills: [{ at: 'company-write:3' }], leavesIntents: true });
  });

  it('when a full sync is killed after writing a page of values to the audit as sent and before sending them, then the resume settles them not applied, writes them once, and the audit equals what HubSpot received', async () => {
    await killAndResume({ name: 'full sync, kill -9 between the audit intents of a page and its batch update (write-ahead)', mode: 'full', kills: [{ at: 'audit-intent:3' }], leavesIntents: true });
  });

  it('when an incremental sync is killed in the middle of a write group, then the rows left sent are settled against HubSpot and the audit equals what HubSpot received', async () => {
    await killAndResume({ name: 'incremental sync, kill -9 between a company batch-update answer and its record (intents left sent)', mode: 'incremental', kills: [{ at: 'company-write:1' }], leavesIntents: true });
  });

  it('when a full sync is killed after auditing a page of writes and before saving its snapshots, then the resumed run audits nothing twice', async () => {
    await killAndResume({ name: 'full sync, kill -9 between the audit of a page of writes and its snapshots', mode: 'full', kills: [{ at: 'audit:2' }] });
  });

  it('when a sync is killed twice in a row (read phase, then task phase of the resumed run), then a third process finishes it as after a clean run', async () => {
    await killAndResume({ name: 'full sync killed twice (read phase, then the resumed run between task create and record)', mode: 'full', kills: [{ at: 'read-chunk:1' }, { at: 'task-create:2' }] });
  });

  it('when an incremental sync is killed in its read phase, then the next process resumes it and HubSpot ends as after a clean run', async () => {
    await killAndResume({ name: 'incremental sync, kill -9 in the read phase (changed accounts read, not recorded)', mode: 'incremental', kills: [{ at: 'read-accounts:1' }] });
  });

  it('when an incremental sync is killed between completing tasks in HubSpot and recording it, then the resumed run completes nothing twice', async () => {
    await killAndResume({ name: 'incremental sync, kill -9 between the task completion answer and its record', mode: 'incremental', kills: [{ at: 'task-complete:1' }] });
  });
});
