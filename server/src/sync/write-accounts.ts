/**
 * Decide → write for a batch of scored accounts (≤ 100, one batch update): apply the capacity verdicts, plan the
 * writes against what HubSpot holds, write the property changes with their audit written ahead, record the snapshots, create
 * tasks (write-ahead intent first), close the tasks whose gap closed. Shared by runSync and recomputeAccount.
 */
import { applyCapacityVerdict, type CapacityVerdict, type ScoringModel } from '../domain';
import type { AccountInput, AccountResult } from '../domain/types';
import type { NewTask } from '../hubspot/gateway';
import type { AccountSnapshot, PropertyValues, RunError, TaskLedgerEntry } from '../store/store';
import type { KeylineDeps } from './deps';
import { nextReviewAt } from './next-review';
import { planAccountWrites, type AccountPlan, type PlanContext } from './plan-writes';
import { reconcilePendingTasks } from './reconcile-tasks';
import { auditedWrite } from './settle-audit';

export interface ScoredAccount {
  input: AccountInput;
  /** The result before the capacity step. */
  base: AccountResult;
  /** Keyline property values HubSpot holds now. */
  current: PropertyValues;
  computedAt: Date;
}

export interface WriteContext {
  model: ScoringModel;
  verdicts: ReadonlyMap<string, CapacityVerdict>;
  ownerIds: ReadonlySet<string>;
  runId: string | null;
  dryRun: boolean;
  now: Date;
}

export interface WriteOutcome {
  plans: AccountPlan[];
  results: AccountResult[];
  companiesWritten: number;
  propertyWrites: number;
  tasksCreated: number;
  tasksClosed: number;
  errors: RunError[];
  /** Task ids by company and gap key after the writes (created or already open). */
  taskIds: Map<string, string>;
}

export function toSnapshot(
  portalId: string,
  input: AccountInput,
  result: AccountResult,
  computedAt: Date,
  reviewAt: Date | null,
  writtenValues: PropertyValues,
): AccountSnapshot {
  return {
    portalId,
    companyId: result.companyId,
    companyName: result.companyName,
    ownerId: result.ownerId,
    tier: result.tier.tier,
    computedTier: result.tier.computedTier,
    override: result.tier.override,
    score: result.tier.score,
    nearMiss: result.tier.nearMiss,
    cadenceStatus: result.cadence.status,
    singleThreaded: result.coverage.flags.includes('single_threaded'),
    ownerOverCapacity: result.tier.ownerOverCapacity,
    input,
    result,
    computedAt,
    reviewAt,
    writtenValues,
  };
}

export async function writeAccounts(deps: KeylineDeps, accounts: readonly ScoredAccount[], ctx: WriteContext): Promise<WriteOutcome> {
  const { store, gateway, portalId } = deps;
  const outcome = await planAccounts(deps, accounts, ctx);
  const { plans, results } = outcome;
  if (ctx.dryRun) {
    outcome.companiesWritten = plans.filter((p) => p.changes.length > 0).length;
    outcome.propertyWrites = plans.reduce((n, p) => n + p.changes.length, 0);
    outcome.tasksCreated = plans.reduce((n, p) => n + p.create.length, 0);
    outcome.tasksClosed = plans.reduce((n, p) => n + p.close.length, 0);
    return outcome;
  }

  // 1. Properties: only the changed values, audited ahead (settle-audit.ts).
  const { written } = await writeProperties(deps, accounts, ctx, outcome);

  // 2. Remember what HubSpot now holds — at once, before the task calls: a run paused (DAILY) or killed while creating
  // or closing tasks must not send these values again when it resumes.
  await store.saveSnapshots(
    portalId,
    accounts.map((a, i) => {
      const result = results[i] as AccountResult;
      return toSnapshot(
        portalId,
        a.input,
        result,
        a.computedAt,
        nextReviewAt(a.input, result, ctx.model, a.computedAt),
        written.get(a.base.companyId) ?? a.current,
      );
    }),
  );

  // 3. Tasks to create (only those the task budget let through: see apply-task-budget.ts).
  const created = await createTasksOnce(deps, plans.flatMap((p) => p.create), ctx.runId);
  outcome.tasksCreated += created.created;
  for (const [key, id] of created.taskIds) outcome.taskIds.set(key, id);
  outcome.errors.push(...created.errors);

  // 4. Tasks whose gap closed.
  const toClose = plans.flatMap((p) => p.close);
  if (toClose.length > 0) {
    const res = await gateway.completeTasks(toClose);
    await store.markTasksCompleted(portalId, res.completed);
    outcome.tasksClosed += res.completed.length;
    for (const f of res.failed) outcome.errors.push({ companyId: f.companyId, message: `task ${f.gapKey} not closed: ${f.message}` });
  }

  return outcome;
}

/** Decide: the capacity verdicts applied, each account's writes planned against what HubSpot holds and the task ledger. */
async function planAccounts(deps: KeylineDeps, accounts: readonly ScoredAccount[], ctx: WriteContext): Promise<WriteOutcome> {
  const { store, portalId } = deps;
  const results = accounts.map((a) => applyCapacityVerdict(a.base, ctx.verdicts.get(a.base.companyId)));
  const ledger = ctx.dryRun && accounts.length === 0 ? [] : await store.listOpenTasksFor(portalId, results.map((r) => r.companyId));
  const ledgerByCompany = new Map<string, TaskLedgerEntry[]>();
  for (const t of ledger) ledgerByCompany.set(t.companyId, [...(ledgerByCompany.get(t.companyId) ?? []), t]);
  const planCtx: PlanContext = {
    knownOwnerIds: ctx.ownerIds,
    fallbackOwnerId: deps.config.FALLBACK_OWNER_ID ?? null,
    now: ctx.now,
  };
  const plans = results.map((r, i) => planAccountWrites(r, accounts[i]?.current ?? {}, ledgerByCompany.get(r.companyId) ?? [], planCtx));
  return {
    plans,
    results,
    companiesWritten: 0,
    propertyWrites: 0,
    tasksCreated: 0,
    tasksClosed: 0,
    errors: [],
    taskIds: new Map(ledger.filter((t) => t.taskId !== null).map((t) => [`${t.companyId}/${t.gapKey}`, t.taskId as string])),
  };
}

/**
 * The changed property values in one batch update. Returns what HubSpot holds for each company afterwards (a company
 * whose values were refused keeps those it had) and the audit of what was written; counts and errors go to `outcome`.
 */
async function writeProperties(
  deps: KeylineDeps,
  accounts: readonly ScoredAccount[],
  ctx: WriteContext,
  outcome: WriteOutcome,
): Promise<{ written: Map<string, PropertyValues> }> {
  const written = new Map<string, PropertyValues>(accounts.map((a) => [a.base.companyId, { ...a.current }]));
  const updates = outcome.plans.filter((p) => p.changes.length > 0);
  if (updates.length > 0) {
    // Each value is in the audit as `sent` before the batch update goes out, then `applied` or `refused` by HubSpot's
    // answer (settle-audit.ts).
    const res = await auditedWrite(
      deps,
      updates.map((p) => ({
        companyId: p.companyId,
        properties: Object.fromEntries(p.changes.map((c) => [c.property, c.to])),
        oldValues: Object.fromEntries(p.changes.map((c) => [c.property, c.from])),
      })),
      ctx.runId,
    );
    const ok = new Set(res.succeeded);
    for (const p of updates) {
      if (!ok.has(p.companyId)) continue;
      outcome.companiesWritten += 1;
      outcome.propertyWrites += p.changes.length;
      const values = written.get(p.companyId) ?? {};
      for (const c of p.changes) values[c.property] = c.to === '' ? null : c.to;
      written.set(p.companyId, values);
    }
    // A company whose values HubSpot refused keeps the values it had (`written` is left as read); the portal's rules
    // that refused them are recorded with the error (the run record, `keyline explain`).
    for (const f of res.failed) outcome.errors.push({ companyId: f.id, message: `properties not written: ${f.message}`, ...(f.refusals ? { refused: f.refusals } : {}) });
  }
  return { written };
}

export interface CreatedTasks {
  created: number;
  /** Task ids by `companyId/gapKey` of the tasks created (or adopted). */
  taskIds: Map<string, string>;
  errors: RunError[];
}

/**
 * Creates tasks, each once: the intent is recorded BEFORE the create call (see reconcile-tasks.ts for the crash case).
 * Not created (a 4xx, out of waits): the intent is dropped so a later run creates it. Unknown (5xx, connection lost):
 * HubSpot may have created it, so it is looked up by its marker at once; one found is adopted, one confirmed absent is
 * sent once more, and whatever cannot be settled stays pending for the next run.
 */
export async function createTasksOnce(deps: KeylineDeps, tasks: readonly NewTask[], runId: string | null): Promise<CreatedTasks> {
  const { store, gateway, portalId } = deps;
  const out: CreatedTasks = { created: 0, taskIds: new Map(), errors: [] };
  let toCreate = [...tasks];
  for (let attempt = 0; attempt < 2 && toCreate.length > 0; attempt += 1) {
    await store.recordTaskIntents(
      portalId,
      toCreate.map((t) => ({ companyId: t.companyId, gapKey: t.gapKey, marker: t.marker, subject: t.subject, runId })),
    );
    const res = await gateway.createTasks(toCreate);
    await store.markTasksOpen(portalId, res.created);
    out.created += res.created.length;
    for (const c of res.created) out.taskIds.set(`${c.companyId}/${c.gapKey}`, c.taskId);
    const unknown: TaskLedgerEntry[] = [];
    const failures = new Map<string, string>();
    for (const f of res.failed) {
      failures.set(`${f.companyId}/${f.gapKey}`, `task ${f.gapKey} not created: ${f.message}`);
      if (f.outcome === 'not_created') await store.deletePendingTask(portalId, f.companyId, f.gapKey);
      else {
        const entry = await store.getTask(portalId, f.companyId, f.gapKey);
        if (entry?.status === 'pending') unknown.push(entry);
      }
    }
    if (unknown.length > 0) await reconcilePendingTasks(deps, unknown);
    const again: NewTask[] = [];
    for (const t of toCreate) {
      const key = `${t.companyId}/${t.gapKey}`;
      const message = failures.get(key);
      if (message === undefined) continue;
      const entry = await store.getTask(portalId, t.companyId, t.gapKey);
      if (entry?.status === 'open') {
        // HubSpot had created it after all: adopted by its marker.
        if (entry.taskId) out.taskIds.set(key, entry.taskId);
        continue;
      }
      const confirmedAbsent = entry === null && unknown.some((u) => u.companyId === t.companyId && u.gapKey === t.gapKey);
      if (confirmedAbsent && attempt === 0) again.push(t);
      else out.errors.push({ companyId: t.companyId, message });
    }
    toCreate = again;
  }
  return out;
}
