/**
 * The sync engine's public API (used by the CLI, the HTTP API and the schedule).
 */
export { runSync, SyncAlreadyRunning, syncLockName, type SyncOptions, type SyncProgress } from './run-sync';
export { recomputeAccount, createFollowUpTask, setTierOverride, type RecomputeResult, type FollowUpResult } from './account-actions';
export { loadScoringModel, type KeylineDeps } from './deps';
export { planAccountWrites, addToSummary, emptyPlanSummary, taskMarker, type AccountPlan, type PlanSummary, type PropertyChange } from './plan-writes';
export { nextReviewAt } from './next-review';
export { scheduleNightlySync } from './schedule';
export type { RunRecord } from '../store/store';
