/**
 * Crash safety for tasks. Before creating a task Keyline records a `pending` intent; after HubSpot answers, the intent
 * becomes `open` with the task id. A crash in between leaves the intent pending: the task may or may not exist.
 * Before anything is created again, every pending intent is looked up in HubSpot by its marker (tasks associated with
 * the company whose body carries `keyline:gap=<company>/<gap>`, found through the association and a batch read, never
 * through the lagging search index): found → recorded as open; not found → the intent is
 * dropped so the plan may create it. An intent that cannot be checked (HubSpot error) stays pending, and the plan never
 * creates a task over a pending intent: no duplicate, ever.
 */
import { PORTAL_TASK_COMPANY } from '../domain/review-settings';
import { DailyLimitReached } from '../hubspot/errors';
import type { TaskLedgerEntry } from '../store/store';
import type { KeylineDeps } from './deps';

export async function reconcilePendingTasks(
  deps: KeylineDeps,
  pending?: readonly TaskLedgerEntry[],
): Promise<{ confirmed: number; dropped: number; unresolved: number }> {
  // The model-review reminder is about the portal, not a company: settled by remind-model-review.ts.
  const intents = (pending ?? (await deps.store.listPendingTasks(deps.portalId))).filter((t) => t.companyId !== PORTAL_TASK_COMPANY);
  const byCompany = new Map<string, TaskLedgerEntry[]>();
  for (const t of intents) byCompany.set(t.companyId, [...(byCompany.get(t.companyId) ?? []), t]);
  let confirmed = 0;
  let dropped = 0;
  let unresolved = 0;
  for (const [companyId, tasks] of byCompany) {
    let found;
    try {
      found = await deps.gateway.findTasksByMarker(companyId, tasks.map((t) => t.marker));
    } catch (err) {
      if (err instanceof DailyLimitReached) throw err;
      deps.logger.warn('could not reconcile pending tasks', { companyId, error: err });
      unresolved += tasks.length;
      continue;
    }
    const byMarker = new Map(found.map((f) => [f.marker, f]));
    const open: { companyId: string; gapKey: string; taskId: string }[] = [];
    for (const t of tasks) {
      const f = byMarker.get(t.marker);
      if (f) open.push({ companyId, gapKey: t.gapKey, taskId: f.taskId });
      else {
        await deps.store.deletePendingTask(deps.portalId, companyId, t.gapKey);
        dropped += 1;
      }
    }
    await deps.store.markTasksOpen(deps.portalId, open);
    confirmed += open.length;
  }
  return { confirmed, dropped, unresolved };
}
