/**
 * HubSpot is the source of truth for which Keyline tasks exist; the store's task ledger is a cache of it. Before a run
 * closes or creates any task, Keyline finds its own tasks in HubSpot by their identity (`keyline_task_key`) and adopts
 * the ones its ledger does not know, so a run on an empty store (a new container, another working directory) or on a
 * store restored from an old backup creates no second task for a gap that already has one.
 *
 * What is asked of HubSpot: every Keyline task not completed, plus every one created since the start of today (the
 * sync day), whatever its status: a task a person completed today is adopted like an open one, so the gap does not get
 * a new task the same day (the ledger of an intact store holds it as open too, until the gap closes and self-closing
 * finds it completed and records that without writing).
 *
 * What is adopted (pure, `planAdoption`), per company and gap key:
 *   - a pending intent is left alone: only reconciliation by marker (reconcile-tasks.ts, through associations, which
 *     do not lag) may settle it;
 *   - an open row whose task HubSpot holds open is kept;
 *   - an open row whose task is not open in HubSpot while another task of the same key is: the row takes that task
 *     (an old backup listing a task since closed, or replaced);
 *   - an open row whose task HubSpot does not hold open, with no other open task of the key: kept as it is — the rule
 *     of an intact ledger for a task a person completed or deleted (nothing is re-created until the gap closes);
 *   - no row: the task is adopted (the open one with the lowest id; else the newest completed today that no ledger row
 *     names — one the ledger recorded as completed stays completed, so its gap may get a new task as before).
 * Two open Keyline tasks of one key (made before this existed) are counted and logged; the lowest id is adopted.
 */
import type { KeylineTaskFound } from '../hubspot/gateway';
import type { TaskLedgerEntry } from '../store/store';
import { syncDay } from './apply-task-budget';
import type { KeylineDeps } from './deps';

const IDENTITY_RE = /^keyline:gap=([^/\s]+)\/(\S+)$/;

export interface AdoptedTask {
  companyId: string;
  gapKey: string;
  taskId: string;
  marker: string;
  /** When HubSpot created it (counts against that day's task budget); null when unknown. */
  createdAt: Date | null;
}

export interface AdoptionPlan {
  /** Rows to write as open with this task id (new rows, or open rows that named a task HubSpot no longer holds open). */
  adopt: AdoptedTask[];
  /** Of `adopt`, the rows that replaced another task id. */
  replaced: number;
  /** Markers with more than one open task in HubSpot. */
  duplicates: string[];
}

/** `keyline:gap=<company>/<gap key>` → its parts, or null for anything else. */
export function parseTaskIdentity(marker: string): { companyId: string; gapKey: string } | null {
  const m = IDENTITY_RE.exec(marker.trim());
  return m ? { companyId: m[1] as string, gapKey: m[2] as string } : null;
}

const isOpen = (t: KeylineTaskFound) => t.status !== 'COMPLETED';
const byId = (a: KeylineTaskFound, b: KeylineTaskFound) => a.taskId.length - b.taskId.length || (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0);

/**
 * Decides what the ledger adopts from what HubSpot holds (see the file's comment). Pure. `ledger`: the pending and
 * open rows of the companies concerned; `known`: the ids of completed tasks found that some ledger row names.
 */
export function planAdoption(found: readonly KeylineTaskFound[], ledger: readonly TaskLedgerEntry[], known: ReadonlySet<string> = new Set()): AdoptionPlan {
  const byMarker = new Map<string, KeylineTaskFound[]>();
  for (const t of found) {
    const key = t.marker.trim();
    byMarker.set(key, [...(byMarker.get(key) ?? []), t]);
  }
  const rows = new Map<string, TaskLedgerEntry>();
  for (const r of ledger) if (r.status === 'pending' || r.status === 'open') rows.set(`${r.companyId}/${r.gapKey}`, r);
  const plan: AdoptionPlan = { adopt: [], replaced: 0, duplicates: [] };
  for (const [marker, tasks] of byMarker) {
    const identity = parseTaskIdentity(marker);
    if (!identity) continue;
    const open = tasks.filter(isOpen).sort(byId);
    if (open.length > 1) plan.duplicates.push(marker);
    const row = rows.get(`${identity.companyId}/${identity.gapKey}`);
    if (row?.status === 'pending') continue;
    if (row !== undefined) {
      if (open.length === 0 || open.some((t) => t.taskId === row.taskId)) continue;
      const chosen = open[0] as KeylineTaskFound;
      plan.adopt.push({ ...identity, taskId: chosen.taskId, marker, createdAt: chosen.createdAt });
      plan.replaced += 1;
      continue;
    }
    const newestDone = tasks.filter((t) => !isOpen(t) && !known.has(t.taskId)).sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0) || byId(b, a))[0];
    const chosen = open[0] ?? newestDone;
    if (chosen) plan.adopt.push({ ...identity, taskId: chosen.taskId, marker, createdAt: chosen.createdAt });
  }
  return plan;
}

export interface AdoptionOutcome {
  /** Keyline tasks HubSpot returned (open, or created today). */
  found: number;
  adopted: number;
  replaced: number;
  duplicates: number;
}

/**
 * Finds Keyline's tasks in HubSpot and adopts into the ledger those it does not know (runs before the first write of
 * a sync). A dry run adopts too: the ledger is a cache of HubSpot, and the plan it shows must be the real one.
 */
export async function adoptKeylineTasks(deps: KeylineDeps, now: Date): Promise<AdoptionOutcome> {
  const found = await deps.gateway.findKeylineTasks({ createdSince: startOfSyncDay(now, deps.config.SYNC_TIMEZONE ?? 'UTC') });
  const companies = new Set<string>();
  for (const t of found) {
    const identity = parseTaskIdentity(t.marker);
    if (identity) companies.add(identity.companyId);
  }
  const ledger = companies.size === 0 ? [] : await deps.store.listOpenTasksFor(deps.portalId, [...companies]);
  const done = found.filter((t) => !isOpen(t)).map((t) => t.taskId);
  const known = done.length === 0 ? new Set<string>() : await deps.store.knownTaskIds(deps.portalId, done);
  const plan = planAdoption(found, ledger, known);
  await deps.store.adoptTasks(deps.portalId, plan.adopt);
  if (plan.duplicates.length > 0) {
    deps.logger.warn('HubSpot holds more than one open Keyline task for a company and gap; the one with the lowest id is kept in the ledger', {
      count: plan.duplicates.length,
      examples: plan.duplicates.slice(0, 5),
    });
  }
  return { found: found.length, adopted: plan.adopt.length - plan.replaced, replaced: plan.replaced, duplicates: plan.duplicates.length };
}

/** The first instant of `now`'s sync day in `timeZone` (at most a day before `now`). */
export function startOfSyncDay(now: Date, timeZone: string): Date {
  const today = syncDay(now, timeZone);
  // Walk back by hours until the day changes, then forward by minutes: exact for any zone offset (whole quarter hours).
  let t = now.getTime() - (now.getTime() % 60_000);
  while (syncDay(new Date(t - 3_600_000), timeZone) === today) t -= 3_600_000;
  while (syncDay(new Date(t - 60_000), timeZone) === today) t -= 60_000;
  return new Date(t);
}
