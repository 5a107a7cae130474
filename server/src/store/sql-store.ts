/**
 * The Store over a minimal SQL connection (`SqlDb`, sql/sql-db.ts) that SQLite and PostgreSQL both provide: a thin
 * facade delegating each kind of data to its file under sql/ (settings, snapshots, tasks, runs, owners, audit, locks,
 * signatures), all written in portable SQL: upserts with ON CONFLICT, a partial unique index for the one-active-task
 * rule, ISO timestamps in, Dates out.
 */
import { SqlSettings } from './sql/settings';
import { SqlSnapshots } from './sql/snapshots';
import { SqlTasks } from './sql/tasks';
import { SqlRuns } from './sql/runs';
import { SqlOwners } from './sql/owners';
import { SqlAudit } from './sql/audit';
import { SqlLocks } from './sql/locks';
import { SqlSignatures } from './sql/signatures';
import { SqlKpiHistory } from './sql/kpi-history';
import { SqlAccountAttention } from './sql/account-attention';
import { SqlOnboarding } from './sql/onboarding';
import type { SqlDb } from './sql/sql-db';
import type { Store } from './store';

type Args<K extends keyof Store> = Store[K] extends (...args: infer A) => unknown ? A : never;

export class SqlStore implements Store {
  readonly kind: 'sqlite' | 'postgres';
  private readonly settings: SqlSettings;
  private readonly snapshots: SqlSnapshots;
  private readonly tasks: SqlTasks;
  private readonly runs: SqlRuns;
  private readonly owners: SqlOwners;
  private readonly audit: SqlAudit;
  private readonly locks: SqlLocks;
  private readonly signatures: SqlSignatures;
  private readonly kpiHistory: SqlKpiHistory;
  private readonly accountAttention: SqlAccountAttention;
  private readonly onboarding: SqlOnboarding;

  constructor(private readonly db: SqlDb) {
    this.kind = db.kind;
    this.settings = new SqlSettings(db);
    this.snapshots = new SqlSnapshots(db);
    this.tasks = new SqlTasks(db);
    this.runs = new SqlRuns(db);
    this.owners = new SqlOwners(db);
    this.audit = new SqlAudit(db);
    this.locks = new SqlLocks(db);
    this.signatures = new SqlSignatures(db);
    this.kpiHistory = new SqlKpiHistory(db);
    this.accountAttention = new SqlAccountAttention(db);
    this.onboarding = new SqlOnboarding(db);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  // settings ---------------------------------------------------------------------------------------------------------
  getCurrentSettings(...a: Args<'getCurrentSettings'>): ReturnType<Store['getCurrentSettings']> {
    return this.settings.getCurrentSettings(...a);
  }
  saveSettings(...a: Args<'saveSettings'>): ReturnType<Store['saveSettings']> {
    return this.settings.saveSettings(...a);
  }
  listSettingsVersions(...a: Args<'listSettingsVersions'>): ReturnType<Store['listSettingsVersions']> {
    return this.settings.listSettingsVersions(...a);
  }

  // snapshots --------------------------------------------------------------------------------------------------------
  getSnapshot(...a: Args<'getSnapshot'>): ReturnType<Store['getSnapshot']> {
    return this.snapshots.getSnapshot(...a);
  }
  getSnapshots(...a: Args<'getSnapshots'>): ReturnType<Store['getSnapshots']> {
    return this.snapshots.getSnapshots(...a);
  }
  saveSnapshots(...a: Args<'saveSnapshots'>): ReturnType<Store['saveSnapshots']> {
    return this.snapshots.saveSnapshots(...a);
  }
  listSnapshotSummaries(...a: Args<'listSnapshotSummaries'>): ReturnType<Store['listSnapshotSummaries']> {
    return this.snapshots.listSnapshotSummaries(...a);
  }
  streamSnapshots(...a: Args<'streamSnapshots'>): ReturnType<Store['streamSnapshots']> {
    return this.snapshots.streamSnapshots(...a);
  }
  listPortalIds(...a: Args<'listPortalIds'>): ReturnType<Store['listPortalIds']> {
    return this.snapshots.listPortalIds(...a);
  }
  countSnapshots(...a: Args<'countSnapshots'>): ReturnType<Store['countSnapshots']> {
    return this.snapshots.countSnapshots(...a);
  }
  deleteSnapshots(...a: Args<'deleteSnapshots'>): ReturnType<Store['deleteSnapshots']> {
    return this.snapshots.deleteSnapshots(...a);
  }
  listDueCompanyIds(...a: Args<'listDueCompanyIds'>): ReturnType<Store['listDueCompanyIds']> {
    return this.snapshots.listDueCompanyIds(...a);
  }
  getTierHistory(...a: Args<'getTierHistory'>): ReturnType<Store['getTierHistory']> {
    return this.snapshots.getTierHistory(...a);
  }

  // tasks ------------------------------------------------------------------------------------------------------------
  getTask(...a: Args<'getTask'>): ReturnType<Store['getTask']> {
    return this.tasks.getTask(...a);
  }
  listOpenTasks(...a: Args<'listOpenTasks'>): ReturnType<Store['listOpenTasks']> {
    return this.tasks.listOpenTasks(...a);
  }
  listOpenTasksFor(...a: Args<'listOpenTasksFor'>): ReturnType<Store['listOpenTasksFor']> {
    return this.tasks.listOpenTasksFor(...a);
  }
  listPendingTasks(...a: Args<'listPendingTasks'>): ReturnType<Store['listPendingTasks']> {
    return this.tasks.listPendingTasks(...a);
  }
  recordTaskIntents(...a: Args<'recordTaskIntents'>): ReturnType<Store['recordTaskIntents']> {
    return this.tasks.recordTaskIntents(...a);
  }
  markTasksOpen(...a: Args<'markTasksOpen'>): ReturnType<Store['markTasksOpen']> {
    return this.tasks.markTasksOpen(...a);
  }
  markTasksCompleted(...a: Args<'markTasksCompleted'>): ReturnType<Store['markTasksCompleted']> {
    return this.tasks.markTasksCompleted(...a);
  }
  knownTaskIds(...a: Args<'knownTaskIds'>): ReturnType<Store['knownTaskIds']> {
    return this.tasks.knownTaskIds(...a);
  }
  adoptTasks(...a: Args<'adoptTasks'>): ReturnType<Store['adoptTasks']> {
    return this.tasks.adoptTasks(...a);
  }
  deletePendingTask(...a: Args<'deletePendingTask'>): ReturnType<Store['deletePendingTask']> {
    return this.tasks.deletePendingTask(...a);
  }

  // runs -------------------------------------------------------------------------------------------------------------
  createRun(...a: Args<'createRun'>): ReturnType<Store['createRun']> {
    return this.runs.createRun(...a);
  }
  updateRun(...a: Args<'updateRun'>): ReturnType<Store['updateRun']> {
    return this.runs.updateRun(...a);
  }
  getRun(...a: Args<'getRun'>): ReturnType<Store['getRun']> {
    return this.runs.getRun(...a);
  }
  listRuns(...a: Args<'listRuns'>): ReturnType<Store['listRuns']> {
    return this.runs.listRuns(...a);
  }
  findResumableRun(...a: Args<'findResumableRun'>): ReturnType<Store['findResumableRun']> {
    return this.runs.findResumableRun(...a);
  }
  lastSuccessfulRun(...a: Args<'lastSuccessfulRun'>): ReturnType<Store['lastSuccessfulRun']> {
    return this.runs.lastSuccessfulRun(...a);
  }
  saveCheckpoint(...a: Args<'saveCheckpoint'>): ReturnType<Store['saveCheckpoint']> {
    return this.runs.saveCheckpoint(...a);
  }
  getCheckpoint(...a: Args<'getCheckpoint'>): ReturnType<Store['getCheckpoint']> {
    return this.runs.getCheckpoint(...a);
  }
  getWatermarks(...a: Args<'getWatermarks'>): ReturnType<Store['getWatermarks']> {
    return this.runs.getWatermarks(...a);
  }
  setWatermarks(...a: Args<'setWatermarks'>): ReturnType<Store['setWatermarks']> {
    return this.runs.setWatermarks(...a);
  }

  // owners -----------------------------------------------------------------------------------------------------------
  saveOwners(...a: Args<'saveOwners'>): ReturnType<Store['saveOwners']> {
    return this.owners.saveOwners(...a);
  }
  listOwners(...a: Args<'listOwners'>): ReturnType<Store['listOwners']> {
    return this.owners.listOwners(...a);
  }

  // audit ------------------------------------------------------------------------------------------------------------
  recordAuditIntents(...a: Args<'recordAuditIntents'>): ReturnType<Store['recordAuditIntents']> {
    return this.audit.recordAuditIntents(...a);
  }
  settleAudit(...a: Args<'settleAudit'>): ReturnType<Store['settleAudit']> {
    return this.audit.settleAudit(...a);
  }
  listAudit(...a: Args<'listAudit'>): ReturnType<Store['listAudit']> {
    return this.audit.listAudit(...a);
  }

  // KPI history and model reviews ------------------------------------------------------------------------------------
  replaceKpiMonth(...a: Args<'replaceKpiMonth'>): ReturnType<Store['replaceKpiMonth']> {
    return this.kpiHistory.replaceKpiMonth(...a);
  }
  listKpiHistory(...a: Args<'listKpiHistory'>): ReturnType<Store['listKpiHistory']> {
    return this.kpiHistory.listKpiHistory(...a);
  }
  streamAccountResults(...a: Args<'streamAccountResults'>): ReturnType<Store['streamAccountResults']> {
    return this.kpiHistory.streamAccountResults(...a);
  }
  recordModelReview(...a: Args<'recordModelReview'>): ReturnType<Store['recordModelReview']> {
    return this.kpiHistory.recordModelReview(...a);
  }
  lastModelReview(...a: Args<'lastModelReview'>): ReturnType<Store['lastModelReview']> {
    return this.kpiHistory.lastModelReview(...a);
  }
  replaceAccountAttention(...a: Args<'replaceAccountAttention'>): ReturnType<Store['replaceAccountAttention']> {
    return this.accountAttention.replaceAccountAttention(...a);
  }
  getAccountAttention(...a: Args<'getAccountAttention'>): ReturnType<Store['getAccountAttention']> {
    return this.accountAttention.getAccountAttention(...a);
  }

  // onboarding ledger ------------------------------------------------------------------------------------------------
  listOnboardingItems(...a: Args<'listOnboardingItems'>): ReturnType<Store['listOnboardingItems']> {
    return this.onboarding.listOnboardingItems(...a);
  }
  recordOnboardingTasks(...a: Args<'recordOnboardingTasks'>): ReturnType<Store['recordOnboardingTasks']> {
    return this.onboarding.recordOnboardingTasks(...a);
  }
  settleOnboardingItems(...a: Args<'settleOnboardingItems'>): ReturnType<Store['settleOnboardingItems']> {
    return this.onboarding.settleOnboardingItems(...a);
  }

  // locks ------------------------------------------------------------------------------------------------------------
  acquireLock(...a: Args<'acquireLock'>): ReturnType<Store['acquireLock']> {
    return this.locks.acquireLock(...a);
  }
  renewLock(...a: Args<'renewLock'>): ReturnType<Store['renewLock']> {
    return this.locks.renewLock(...a);
  }
  releaseLock(...a: Args<'releaseLock'>): ReturnType<Store['releaseLock']> {
    return this.locks.releaseLock(...a);
  }
  inspectLock(...a: Args<'inspectLock'>): ReturnType<Store['inspectLock']> {
    return this.locks.inspectLock(...a);
  }

  // signatures -------------------------------------------------------------------------------------------------------
  claimSignature(...a: Args<'claimSignature'>): ReturnType<Store['claimSignature']> {
    return this.signatures.claimSignature(...a);
  }
  releaseSignature(...a: Args<'releaseSignature'>): ReturnType<Store['releaseSignature']> {
    return this.signatures.releaseSignature(...a);
  }
  purgeSignatures(...a: Args<'purgeSignatures'>): ReturnType<Store['purgeSignatures']> {
    return this.signatures.purgeSignatures(...a);
  }
}
