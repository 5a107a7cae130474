/**
 * The sync engine's public API (used by the use cases, server/src/use-cases/, and the schedule).
 */
export { runSync, SyncAlreadyRunning, syncLockName, type SyncOptions, type SyncProgress } from './run-sync';
export { loadScoringModel, type KeylineDeps } from './deps';
export { planAccountWrites, addToSummary, emptyPlanSummary, taskMarker, type AccountPlan, type PlanSummary, type PropertyChange } from './plan-writes';
export { nextReviewAt } from './next-review';
export { scheduleNightlySync } from './schedule';
export type { RunRecord } from '../store/store';
