/**
 * Keyline's pure domain: the scoring model, tiering, stakeholder coverage, cadence, capacity and explanations.
 * No I/O, no clock (callers pass `now`), no HubSpot or Express.
 */
export * from './types';
export {
  scoringModelSchema,
  DEFAULT_SCORING_MODEL,
  parseScoringModel,
  scoringModelVersion,
  type ScoringModel,
  type CapacityPolicy,
  type ModelIssue,
  type ParseModelResult,
  type Anchor,
} from './scoring-model';
export { scoreAccount } from './score-account';
export { productsFromStoredOutcomes, scoreAccountWithOutcomes, withOutcomes, whereTheMoneyIs } from './score-with-outcomes';
export { assessOutcomes } from './assess-outcomes';
export { explainOutcomes } from './explain-outcomes';
export { outcomesModelSchema, DEFAULT_WALLET_SHARES, type OutcomesModel } from './outcomes-model';
export * from './outcome-types';
export {
  assessCapacity,
  applyCapacityVerdict,
  tierAfterCapacity,
  applyCapacityPolicy,
  capacityEntryOf,
  summarizeCapacity,
  toCapacityEntry,
  type CapacityEntry,
  type CapacityVerdict,
  type OwnerCapacity,
} from './apply-capacity';
export { explainAccount } from './explain-account';
export { nameOwner, ownerNamer, type OwnerIdentity } from './name-owner';
export { CRITERION_LABELS } from './criterion-labels';
export {
  allocateTasks,
  compareCandidates,
  gapSeverity,
  markGapTasks,
  maxGapsPerAccount,
  taskCandidatesOf,
  taskKeyOf,
  type OpenTask,
  type OwnerTasks,
  type QueuedGap,
  type TaskAllocation,
  type TaskBudget,
  type TaskCandidate,
} from './allocate-tasks';
