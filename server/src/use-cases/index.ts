/**
 * Every operation a person or the scheduler starts, in one place. Each one loads (store, HubSpot gateway), calls the
 * pure domain, saves, and answers with its own result type; the HTTP routes (server/src/http/) and the CLI commands
 * (server/src/cli/commands/) are thin adapters over these same functions.
 *
 * | operation | started by | function |
 * |---|---|---|
 * | the sync (nightly, incremental, full, targeted, dry run) | scheduler, `keyline sync`, `POST /sync-runs` | `runSync` (sync/run-sync.ts), `startSyncRun` |
 * | read sync runs | `GET /sync-runs` | `listSyncRuns`, `getSyncRun` |
 * | set up the portal | `keyline setup` | `setUpPortal` |
 * | recompute an account now | the card | `recomputeAccount` |
 * | create a follow-up task | the card | `createFollowUpTask` |
 * | set or clear the tier override | the card | `setTierOverride` |
 * | read the account | the card | `readAccount` |
 * | explain an account | `keyline explain` | `explainCompany` |
 * | read the portfolio | the app page, `keyline report` | `readCurrentPortfolio`, `readReport` |
 * | read, preview, save settings | the settings page | `readSettings`, `previewSettings`, `saveSettings` |
 * | review the model against outcomes | `keyline review`, `GET /review` | `runModelReview` |
 */
export { runSync, SyncAlreadyRunning, type PlanSummary, type RunRecord, type SyncProgress } from '../sync';
export { startSyncRun, listSyncRuns, getSyncRun, type StartSyncRequest, type StartSyncOutcome, type SyncMode, type SyncRunView } from './sync-runs';
export { setUpPortal, PropertyConflict, type SetupReport } from './set-up-portal';
export { recomputeAccount, createFollowUpTask, setTierOverride, followUpKey, FOLLOW_UP_GAP_KEY, type RecomputeResult, type FollowUpResult } from './account-actions';
export { readAccount, type AccountLookup, type AccountSnapshot, type OpenKeylineTask, type TierHistoryEntry } from './read-account';
export { explainCompany, type AccountExplanation, type CompanyRunProblems } from './explain-account';
export { readPortfolio, readCurrentPortfolio, byNumericId, type PortfolioFilter, type PortfolioView } from './read-portfolio';
export { readReport, type PortfolioReport } from './read-report';
export { readSettings, saveSettings, type CurrentSettings, type SaveSettingsOutcome, type SettingsIssue, type SettingsVersionInfo } from './manage-settings';
export { previewSettings, type SettingsPreview, type SettingsPreviewOutcome, type TierTransitionCount } from './preview-settings';
export { loadOwnerNamer } from './name-owners';
export { runModelReview, type ReviewView } from './review-model';
