/**
 * The disk fills up during a run (issue #14): SQLite's own "database or disk is full" (SQLITE_FULL), raised by capping
 * the store file's size on the connection the sync writes with (`PRAGMA max_page_count`), part-way through a full
 * sync of the S portfolio. The run stops and says why; every value HubSpot received is in the audit (written ahead);
 * once space is freed the next run resumes the same run and ends equal to a clean run, nothing written twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteDb } from '../../server/src/store/sqlite-db';
import { SqlStore } from '../../server/src/store/sql-store';
import { runSync } from '../../server/src/sync';
import { recordScenario } from './record-scenario';
import { checkAudit } from './support/audit-check';
import { compareEndStates, describeComparison, readEndState } from './support/end-state';
import { cleanRunStates, startFaultWorld } from './support/fault-world';

const PORTFOLIO = { size: 'S', seed: 41 } as const;

describe('a full disk', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyline-disk-full-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the store runs out of space during a full sync, then the run stops cleanly, the audit holds every value HubSpot received, and the next run resumes to the clean end state', async () => {
    const expected = (await cleanRunStates(PORTFOLIO)).full;
    const file = path.join(dir, 'keyline.sqlite');
    const world = await startFaultWorld({ ...PORTFOLIO, databaseUrl: `sqlite:${file}` });
    // The sync writes through its own connection to the same file, whose size is capped a little above what the store
    // holds after setup: the snapshots of the first chunks fit, the rest do not.
    const db = openSqliteDb(file);
    const store = new SqlStore(db);
    try {
      const [{ page_count: pages }] = (await db.all('PRAGMA page_count')) as [{ page_count: number }];
      await db.run(`PRAGMA max_page_count = ${pages + 400}`);
      const deps = { ...world.keyline, store };

      const stopped = await runSync(deps, { mode: 'full' }).catch((err: unknown) => err);
      const message = stopped instanceof Error ? stopped.message : (stopped as { message: string | null }).message;
      expect(message).toMatch(/full/i);
      const changedBefore = world.writes.propertyChanges;
      expect(changedBefore).toBeGreaterThan(0); // HubSpot took values before the disk filled
      const left = await world.keyline.store.findResumableRun(world.keyline.portalId);
      expect(left).not.toBeNull();

      // Space is freed: the same store, no cap.
      await db.run('PRAGMA max_page_count = 1073741823');
      const resumed = await runSync(deps, { mode: 'full' });
      expect(resumed.status).toBe('succeeded');
      expect(resumed.id).toBe(left?.id);

      const comparison = compareEndStates(readEndState(world.sandbox), expected);
      const audit = await checkAudit(world.keyline, world.writes);
      expect(describeComparison(comparison)).toBe(describeComparison(compareEndStates(expected, expected)));
      expect(comparison.equal).toBe(true);
      expect(comparison.duplicates).toEqual([]);
      expect(world.writes.doubleWrites).toEqual([]);
      expect(audit).toMatchObject({ ok: true, repeated: 0, unsettled: 0 });
      recordScenario({
        suite: 'store',
        scenario: 'disk full during a full sync (SQLITE_FULL: the store file capped part-way), then space freed',
        checked: 'the run stops and says the disk is full; HubSpot values written before it are audited; the next run resumes the same run; end state = clean run; nothing written twice; audit `applied` = values HubSpot received',
        result: `stopped after ${changedBefore} values reached HubSpot ("${message?.slice(0, 60) ?? ''}"); resumed and succeeded; ${describeComparison(comparison)}; audit ${audit.audited} applied for ${audit.changedInHubSpot} values changed, ${audit.unsettled} unsettled; ${world.writes.doubleWrites.length} double writes`,
        passed: true,
        counts: { runsResumed: 1, losses: 0, duplicates: comparison.duplicates.length },
      });
    } finally {
      await store.close();
      await world.close();
    }
  }, 180_000);
});
