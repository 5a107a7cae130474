/**
 * The task phase of a sync (SPEC §3.2 "Few and ranked"): load → decide → write, over the whole portfolio
 * (`applyTaskBudget`; `runTaskPhase` is how a sync run goes through it: checkpoint, budget, run ledger).
 *
 *   load:   every stored account's gaps (the snapshots, in pages; only the small candidates are kept) and Keyline's
 *           open and pending tasks (the ledger, which holds the tasks found in HubSpot too: adopt-tasks.ts), each
 *           counted against the person it is assigned to
 *   decide: the domain's `allocateTasks` — each owner's new tasks for today within the daily budget and the open-task
 *           cap, highest priority first; the rest queued with their rank
 *   write:  the new tasks (write-ahead intents, see write-accounts.ts), then the snapshots whose gaps' marks changed
 *           ("task open" / "queued, rank N"), so the card, `explain` and the report show the queue
 *
 * The earlier phases of the run write properties and close tasks but create none: only this phase creates, so no owner
 * ever gets more than the budget, whichever accounts were read tonight. A run killed in this phase resumes here: the
 * tasks it created are open (or pending, reconciled at the start), count against today, and the same order picks the
 * rest.
 */
import {
  applyCapacityVerdict,
  markGapTasks,
  maxGapsPerAccount,
  taskCandidatesOf,
  taskKeyOf,
  type CapacityVerdict,
  type OpenTask,
  type ScoringModel,
  type TaskAllocation,
  type TaskBudget,
  type TaskCandidate,
} from '../domain';
import { isOnboardingKey } from '../domain/onboarding-gaps';
import type { AccountResult } from '../domain/types';
import { SetupRequired } from '../hubspot/errors';
import { KEYLINE_TASK_KEY } from '../hubspot/keyline-properties';
import { ADOPTED_RUN_ID, type AccountSnapshot, type RunError, type TaskLedgerEntry } from '../store/store';
import type { KeylineDeps } from './deps';
import { isComputedGapKey, planAccountWrites, taskOwner, type PlanContext, type PlannedTask } from './plan-writes';
import type { RunContext } from './run-context';
import type { RunLedger } from './run-ledger';
import { allocateWithOnboarding, notMadeBefore, recordMadeOnboardingTasks, settleOnboarding, withLedgerOf, type OnboardingLedger, type OnboardingOwnerLine } from './track-onboarding';
import { createTasksOnce, type ScoredAccount } from './write-accounts';

const PAGE = 1_000;

export interface TaskPhaseContext {
  model: ScoringModel;
  ownerIds: ReadonlySet<string>;
  runId: string | null;
  dryRun: boolean;
  now: Date;
  /** A dry run's results (after capacity), which are not in the store. */
  inMemory?: ReadonlyMap<string, AccountResult>;
  /** A targeted run: tasks are created (and marks saved) for these companies only; the budget still counts everyone. */
  onlyCompanies?: ReadonlySet<string>;
  /**
   * Companies this run could not read, score or write (its recorded errors): their gaps may be missing from the
   * picture, so room is kept back for them (see `TaskBudget.keepBack`) and tonight's tasks are ones a complete
   * picture would have chosen too; the rest follow on the next run.
   */
  unread?: readonly string[];
  /** The onboarding ledger (track-onboarding.ts), once the task phase has loaded it. */
  onboarding?: OnboardingLedger;
}

export interface OwnerTaskLine {
  assignee: string | null;
  open: number;
  createdToday: number;
  creating: number;
  queued: number;
}

export interface TaskPhaseOutcome {
  /** The tasks planned (a dry run) or sent (a real one). */
  planned: PlannedTask[];
  created: number;
  queued: number;
  owners: OwnerTaskLine[];
  errors: RunError[];
  /** Onboarding tasks (first, within their allowance out of the daily budget): per owner made today, now and waiting; items closed by their person. */
  onboarding?: { owners: OnboardingOwnerLine[]; doneByPerson?: number; deleted?: number };
}

export async function applyTaskBudget(deps: KeylineDeps, ctx: TaskPhaseContext): Promise<TaskPhaseOutcome> {
  const planCtx: Omit<PlanContext, 'createFor'> = {
    knownOwnerIds: ctx.ownerIds,
    fallbackOwnerId: deps.config.FALLBACK_OWNER_ID ?? null,
    now: ctx.now,
  };
  const onboarding = await settleOnboarding(deps, ctx);
  const picture = await loadTaskPicture(deps, { ...ctx, onboarding: onboarding.ledger }, planCtx);
  const { allocation, wanted, outcome } = decideTasks(ctx, picture);
  outcome.onboarding = { owners: outcome.onboarding?.owners ?? [], doneByPerson: onboarding.doneByPerson, deleted: onboarding.deleted };
  // Keyline finds its tasks again by their `keyline_task_key`: without that property (setup not run since it was
  // added) a task could never be recognised, so none is created; the run fails with what to do.
  if (!ctx.dryRun && wanted.size > 0 && !(await deps.gateway.hasTaskKeyProperty())) throw new SetupRequired(KEYLINE_TASK_KEY.name);
  const toWrite = [...picture.concerned].filter((id) => ctx.onlyCompanies === undefined || ctx.onlyCompanies.has(id));
  await writeTasks(deps, { ...ctx, onboarding: onboarding.ledger }, planCtx, { toWrite, wanted, queued: allocation.queued }, outcome);
  return outcome;
}

/** What the budget is decided over: the portfolio's gaps, Keyline's open tasks, room kept back for unread accounts. */
interface TaskPicture {
  candidates: TaskCandidate[];
  open: OpenTask[];
  createdToday: Map<string | null, number>;
  onboardingToday: Map<string | null, number>;
  /** Companies with gaps or open tasks: the only ones this phase may write. */
  concerned: Set<string>;
  keepBack: NonNullable<TaskBudget['keepBack']>;
}

/**
 * load: every stored account's gaps (the snapshots, in pages; only the small candidates are kept) and Keyline's open
 * and pending tasks (the ledger), each counted against the person it is assigned to.
 */
async function loadTaskPicture(deps: KeylineDeps, ctx: TaskPhaseContext, planCtx: Omit<PlanContext, 'createFor'>): Promise<TaskPicture> {
  const { store, portalId } = deps;
  const unread = new Set(ctx.unread ?? []);
  const perAccount = maxGapsPerAccount(ctx.model);
  const keptBack = new Map<string | null, number>();
  const unreadSeen = new Set<string>();
  const todays = await todaysRunIds(deps, ctx.now);
  const ids = [...new Set([...(await store.listSnapshotSummaries(portalId)).map((s) => s.companyId), ...(ctx.inMemory?.keys() ?? [])])];
  const candidates: TaskCandidate[] = [];
  const open: OpenTask[] = [];
  const createdToday = new Map<string | null, number>();
  const onboardingToday = new Map<string | null, number>();
  const concerned = new Set<string>();
  for (let i = 0; i < ids.length; i += PAGE) {
    const page = ids.slice(i, i + PAGE);
    const [snaps, ledger] = await Promise.all([store.getSnapshots(portalId, page), store.listOpenTasksFor(portalId, page)]);
    const assignees = new Map<string, string | null>();
    for (const id of page) {
      const scored = ctx.inMemory?.get(id) ?? snaps.get(id)?.result;
      if (scored === undefined) continue;
      const result = withLedgerOf(ctx.onboarding, scored);
      const assignee = taskOwner(result.ownerId, planCtx);
      assignees.set(id, assignee);
      if (unread.has(id)) {
        unreadSeen.add(id);
        keptBack.set(assignee, (keptBack.get(assignee) ?? 0) + perAccount);
      }
      if (result.gaps.length > 0 || result !== scored) {
        concerned.add(id);
        candidates.push(...taskCandidatesOf(result, assignee).filter(notMadeBefore(ctx.onboarding)));
      }
    }
    for (const t of ledger) {
      if (!isComputedGapKey(t.gapKey)) continue; // a follow-up a person asked for is theirs, not Keyline's budget
      const assignee = assignees.has(t.companyId) ? (assignees.get(t.companyId) ?? null) : null;
      open.push({ companyId: t.companyId, gapKey: t.gapKey, assignee });
      const today = isOnboardingKey(t.gapKey) ? onboardingToday : createdToday;
      if (madeToday(t, todays, deps.config.SYNC_TIMEZONE ?? 'UTC', ctx.now)) today.set(assignee, (today.get(assignee) ?? 0) + 1);
    }
  }
  return { candidates, open, createdToday, onboardingToday, concerned, keepBack: { byAssignee: keptBack, anyone: (unread.size - unreadSeen.size) * perAccount } };
}

/**
 * decide: the domain's `allocateTasks` — each owner's new tasks for today within the daily budget and the open-task
 * cap, highest priority first; the rest queued with their rank. A targeted run creates the tasks of its companies only.
 */
function decideTasks(ctx: TaskPhaseContext, picture: TaskPicture): { allocation: TaskAllocation; wanted: Set<string>; outcome: TaskPhaseOutcome } {
  const { allocation, onboarding } = allocateWithOnboarding(picture.candidates, picture.open, picture.createdToday, picture.onboardingToday, {
    dailyBudget: ctx.model.tasks.daily_budget,
    maxOpenPerOwner: ctx.model.tasks.max_open_per_owner,
    keepBack: picture.keepBack,
  }, ctx.model.onboarding.daily_allowance);
  const wanted = new Set(
    allocation.create.filter((c) => ctx.onlyCompanies === undefined || ctx.onlyCompanies.has(c.companyId)).map((c) => taskKeyOf(c.companyId, c.gapKey)),
  );
  const outcome: TaskPhaseOutcome = {
    planned: [],
    created: 0,
    queued: allocation.queued.size - onboarding.reduce((n, o) => n + o.waiting, 0), // onboarding waits apart: `onboarding`
    owners: allocation.owners.map((o) => ({
      assignee: o.assignee,
      open: o.open,
      createdToday: o.createdEarlierToday,
      creating: ctx.onlyCompanies === undefined ? o.creating : allocation.create.filter((c) => c.assignee === o.assignee && wanted.has(taskKeyOf(c.companyId, c.gapKey))).length,
      queued: o.queued,
    })),
    errors: [],
    onboarding: { owners: onboarding },
  };
  return { allocation, wanted, outcome };
}

/**
 * write: page by page, the new tasks (write-ahead intents, see write-accounts.ts), then the snapshots whose gaps'
 * marks changed ("task open" / "queued, rank N"). A dry run only plans. Adds to `outcome`.
 */
async function writeTasks(
  deps: KeylineDeps,
  ctx: TaskPhaseContext,
  planCtx: Omit<PlanContext, 'createFor'>,
  decided: { toWrite: readonly string[]; wanted: ReadonlySet<string>; queued: TaskAllocation['queued'] },
  outcome: TaskPhaseOutcome,
): Promise<void> {
  const { store, portalId } = deps;
  const createPage = Math.max(1, Math.min(100, deps.tuning?.writePage ?? 100));
  const { toWrite, wanted } = decided;
  for (let i = 0; i < toWrite.length; i += createPage) {
    const page = toWrite.slice(i, i + createPage);
    const [snaps, ledger] = await Promise.all([
      ctx.inMemory === undefined ? store.getSnapshots(portalId, page) : Promise.resolve(new Map<string, AccountSnapshot>()),
      store.listOpenTasksFor(portalId, page),
    ]);
    const ledgerOf = new Map<string, TaskLedgerEntry[]>();
    for (const t of ledger) ledgerOf.set(t.companyId, [...(ledgerOf.get(t.companyId) ?? []), t]);
    const tasks: PlannedTask[] = [];
    const results = new Map<string, AccountResult>();
    const marked: AccountSnapshot[] = [];
    for (const id of page) {
      const snap = snaps.get(id);
      const scored = ctx.inMemory?.get(id) ?? snap?.result;
      if (scored === undefined) continue;
      const result = withLedgerOf(ctx.onboarding, scored);
      results.set(id, result);
      const active = ledgerOf.get(id) ?? [];
      const plan = planAccountWrites(result, snap?.writtenValues ?? {}, active, { ...planCtx, createFor: (gapKey) => wanted.has(taskKeyOf(id, gapKey)) });
      tasks.push(...plan.create);
      if (snap === undefined) continue;
      const withTask = new Set([...active.map((t) => t.gapKey), ...plan.create.map((t) => t.gapKey)]);
      const next = markGapTasks(result, (gapKey) => withTask.has(gapKey), decided.queued);
      if (next !== scored) marked.push({ ...snap, result: next });
    }
    outcome.planned.push(...tasks);
    if (ctx.dryRun) continue;
    const created = await createTasksOnce(deps, tasks, ctx.runId);
    outcome.created += created.created;
    outcome.errors.push(...created.errors);
    await recordMadeOnboardingTasks(deps, created.taskIds, results, ctx.now);
    await store.saveSnapshots(portalId, marked);
  }
}

/**
 * The task phase as a sync run goes through it (run-sync.ts): checkpointed at its start (a run resumed here passed the
 * write phase with nothing left to write), the budget applied over the whole portfolio, what it did into the ledger.
 * `inMemory`, `verdicts`: a dry run's accounts and the capacity verdicts to apply to them (nothing is in the store).
 */
export async function runTaskPhase(
  ctx: RunContext,
  ledger: RunLedger,
  inMemory: ReadonlyMap<string, ScoredAccount>,
  verdicts: ReadonlyMap<string, CapacityVerdict>,
): Promise<void> {
  if (ledger.state.phase !== 'tasks') await ledger.checkpoint({ phase: 'tasks' });
  const tasks = await applyTaskBudget(ctx.deps, {
    model: ctx.model,
    ownerIds: ctx.ownerIds,
    runId: ledger.record.id,
    dryRun: ctx.dryRun,
    now: ctx.now,
    ...(ctx.dryRun ? { inMemory: new Map([...inMemory.values()].map((s) => [s.base.companyId, applyCapacityVerdict(s.base, verdicts.get(s.base.companyId))])) } : {}),
    ...(ctx.companyIds !== null ? { onlyCompanies: new Set(ctx.companyIds) } : {}),
    unread: ledger.record.errors.flatMap((e) => (e.companyId === null ? [] : [e.companyId])),
  });
  ledger.count('tasksCreated', ctx.dryRun ? tasks.planned.length : tasks.created);
  for (const e of tasks.errors) ledger.recordError(e.companyId, e.message);
  ledger.tallyTasks(tasks.planned);
  ledger.note({ taskBudget: { queued: tasks.queued, owners: tasks.owners }, ...(tasks.onboarding ? { onboardingTasks: tasks.onboarding } : {}) });
}

/** The day of a moment in the sync's time zone (SYNC_TIMEZONE), as YYYY-MM-DD: the budget's "day". */
export function syncDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/**
 * A ledger row made the same day as `now`: by one of today's runs, or (adopted from HubSpot, see adopt-tasks.ts)
 * created in HubSpot on that day — a task made earlier today counts against today's budget however the store learnt it.
 */
function madeToday(t: TaskLedgerEntry, todays: ReadonlySet<string>, timeZone: string, now: Date): boolean {
  if (t.runId === ADOPTED_RUN_ID) return syncDay(t.createdAt, timeZone) === syncDay(now, timeZone);
  return t.runId !== null && todays.has(t.runId);
}

/**
 * The real (not dry) runs that scored on the same day as `now`, this one included: the open tasks they created count
 * against today's budget. A run's day is the day it started scoring (`details.scoredFrom`, from the run's clock).
 */
async function todaysRunIds(deps: KeylineDeps, now: Date): Promise<Set<string>> {
  const zone = deps.config.SYNC_TIMEZONE ?? 'UTC';
  const today = syncDay(now, zone);
  const runs = await deps.store.listRuns(deps.portalId, { limit: 50 });
  return new Set(
    runs
      .filter((r) => {
        const from = Date.parse(String(r.details['scoredFrom'] ?? ''));
        return !r.dryRun && Number.isFinite(from) && syncDay(new Date(from), zone) === today;
      })
      .map((r) => r.id),
  );
}
