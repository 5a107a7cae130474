/**
 * The write plan — pure: an account's computed result, the values HubSpot holds and the task ledger in; the property
 * changes, tasks to create and tasks to close out. Only differences are planned, so a night in which nothing changed
 * writes nothing. Never imports the client, the store or the clock.
 */
import { GAP_KINDS, type AccountResult, type Tier } from '../domain/types';
import { mayCloseTask } from '../domain/onboarding-gaps';
import { closingNote, taskBody, taskIdentity, taskSubject } from '../domain/write-task-text';
import type { NewTask, TaskPriority } from '../hubspot/gateway';
import { sameValue, toCompanyProperties } from '../hubspot/to-company-properties';
import type { PropertyValues, TaskLedgerEntry } from '../store/store';

export interface PropertyChange {
  property: string;
  from: string | null;
  to: string;
}

/** A task the plan creates: exactly what the gateway sends. */
export type PlannedTask = NewTask;

export interface PlannedClose {
  companyId: string;
  gapKey: string;
  taskId: string;
  note: string;
}

export interface AccountPlan {
  companyId: string;
  companyName: string;
  changes: PropertyChange[];
  create: PlannedTask[];
  close: PlannedClose[];
}

export interface PlanContext {
  /** Owner ids HubSpot knows (a task for an unknown owner is rejected). */
  knownOwnerIds: ReadonlySet<string>;
  fallbackOwnerId: string | null;
  now: Date;
  /**
   * Which of the account's gaps may become a task now: the portfolio's task budget decides (the domain's
   * `allocateTasks`, applied by the sync's task phase). Absent: none; closing tasks is never held back.
   */
  createFor?: (gapKey: string) => boolean;
}

const PRIORITY: Readonly<Record<Tier, TaskPriority>> = { tier_1: 'HIGH', tier_2: 'MEDIUM', tier_3: 'LOW' };

/** Task priority by the account's tier (spec §3.2). */
export function taskPriority(tier: Tier): TaskPriority {
  return PRIORITY[tier];
}
/** The task's identity (the domain's `taskIdentity`), kept in the task property `keyline_task_key`. */
export function taskMarker(companyId: string, gapKey: string): string {
  return taskIdentity(companyId, gapKey);
}
export { clipText, taskSubject } from '../domain/write-task-text';

/** True for the gap keys Keyline computes (a person's ad-hoc follow-up key is never closed automatically). */
export function isComputedGapKey(gapKey: string): boolean {
  const kind = gapKey.split(':')[0] ?? '';
  return (GAP_KINDS as readonly string[]).includes(kind);
}

export function taskOwner(ownerId: string | null, ctx: Pick<PlanContext, 'knownOwnerIds' | 'fallbackOwnerId'>): string | null {
  if (ownerId !== null && ctx.knownOwnerIds.has(ownerId)) return ownerId;
  return ctx.fallbackOwnerId;
}

export function planAccountWrites(
  result: AccountResult,
  current: PropertyValues,
  activeTasks: readonly TaskLedgerEntry[],
  ctx: PlanContext,
): AccountPlan {
  const computed = toCompanyProperties(result);
  const changes: PropertyChange[] = [];
  for (const [property, to] of Object.entries(computed)) {
    const from = current[property] ?? null;
    if (!sameValue(property, from, to)) changes.push({ property, from, to });
  }

  const active = new Map(activeTasks.map((t) => [t.gapKey, t]));
  const gapKeys = new Set(result.gaps.map((g) => g.key));
  const owner = taskOwner(result.ownerId, ctx);
  const create: PlannedTask[] = [];
  for (const gap of result.gaps) {
    if (active.has(gap.key)) continue; // pending (reconciled before planning) or open: never a second one
    if (ctx.createFor === undefined || !ctx.createFor(gap.key)) continue; // over today's budget: queued
    create.push({
      companyId: result.companyId,
      gapKey: gap.key,
      marker: taskMarker(result.companyId, gap.key),
      subject: taskSubject(gap.title, result.companyName),
      body: taskBody(result, gap, ctx.now),
      ownerId: owner,
      priority: taskPriority(result.tier.tier),
      dueAt: gap.dueAt ?? ctx.now,
      ...(gap.contactId !== undefined ? { contactId: gap.contactId } : {}),
    });
  }
  const close: PlannedClose[] = [];
  for (const task of activeTasks) {
    if (task.status !== 'open' || task.taskId === null) continue;
    if (gapKeys.has(task.gapKey) || !isComputedGapKey(task.gapKey)) continue;
    if (!mayCloseTask(result, task.gapKey)) continue; // an onboarding item closes by evidence, else by its person
    close.push({
      companyId: result.companyId,
      gapKey: task.gapKey,
      taskId: task.taskId,
      note: closingNote(result, task.gapKey, ctx.now),
    });
  }
  return { companyId: result.companyId, companyName: result.companyName, changes, create, close };
}

export interface PlanSummary {
  companies: number;
  companiesWithChanges: number;
  propertyChanges: number;
  /** Changes per property name. */
  changesByProperty: Record<string, number>;
  tasksToCreate: number;
  /** Tasks to create per gap kind (`missing_role:CHAMPION` counts under `missing_role`). */
  tasksByKind: Record<string, number>;
  tasksToClose: number;
  /** A few accounts with their full plan, for people to read. */
  samples: AccountPlan[];
  /** A few of the tasks to create (the task phase plans them for the whole portfolio, after the accounts' plans). */
  taskSamples: PlannedTask[];
}

export function emptyPlanSummary(): PlanSummary {
  return {
    companies: 0,
    companiesWithChanges: 0,
    propertyChanges: 0,
    changesByProperty: {},
    tasksToCreate: 0,
    tasksByKind: {},
    tasksToClose: 0,
    samples: [],
    taskSamples: [],
  };
}

/** Adds tasks planned outside an account's plan (the task phase) to a summary (returns a new summary). */
export function addTasksToSummary(summary: PlanSummary, tasks: readonly PlannedTask[], maxSamples = 10): PlanSummary {
  const tasksByKind = { ...summary.tasksByKind };
  for (const t of tasks) {
    const kind = t.gapKey.split(':')[0] ?? t.gapKey;
    tasksByKind[kind] = (tasksByKind[kind] ?? 0) + 1;
  }
  const taskSamples = [...summary.taskSamples, ...tasks.slice(0, Math.max(0, maxSamples - summary.taskSamples.length))];
  return { ...summary, tasksToCreate: summary.tasksToCreate + tasks.length, tasksByKind, taskSamples };
}

/** Folds one account's plan into a summary (returns a new summary). */
export function addToSummary(summary: PlanSummary, plan: AccountPlan, maxSamples = 10): PlanSummary {
  const changesByProperty = { ...summary.changesByProperty };
  for (const c of plan.changes) changesByProperty[c.property] = (changesByProperty[c.property] ?? 0) + 1;
  const tasksByKind = { ...summary.tasksByKind };
  for (const t of plan.create) {
    const kind = t.gapKey.split(':')[0] ?? t.gapKey;
    tasksByKind[kind] = (tasksByKind[kind] ?? 0) + 1;
  }
  const interesting = plan.changes.length + plan.create.length + plan.close.length > 0;
  return {
    companies: summary.companies + 1,
    companiesWithChanges: summary.companiesWithChanges + (plan.changes.length > 0 ? 1 : 0),
    propertyChanges: summary.propertyChanges + plan.changes.length,
    changesByProperty,
    tasksToCreate: summary.tasksToCreate + plan.create.length,
    tasksByKind,
    tasksToClose: summary.tasksToClose + plan.close.length,
    samples: interesting && summary.samples.length < maxSamples ? [...summary.samples, plan] : summary.samples,
    taskSamples: summary.taskSamples,
  };
}
