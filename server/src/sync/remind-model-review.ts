/**
 * The model-review reminder (issue #15), a step at the end of each completed full or incremental sync: when a review
 * is due (the model's `review.cadence_months` after the last one; before any, after the first month of KPI history),
 * ONE task for the model's owner (`review.owner_id`, else FALLBACK_OWNER_ID; neither, or an owner HubSpot does not
 * know: no task, the run notes why). The task is about the portal, not a company: its ledger "company" is
 * `PORTAL_TASK_COMPANY`, its key `model_review:<quarter>` — one per quarter at most, whatever its status — and it has no
 * company association. It is created by the same write-ahead path as every Keyline task (createTasksOnce). When a
 * review has been run since the task was created, the next sync completes it.
 *
 * A pending reminder (a crash between the intent and HubSpot's answer) is settled here by a search on
 * `keyline_task_key` (the intent is at least a run old, far beyond the search index's lag), not by the per-company
 * reconciliation, which reads a company's task associations.
 */
import { formatDay } from '../domain/format-values';
import { escapeHtml } from '../domain/write-task-text';
import { MODEL_REVIEW_GAP_PREFIX, modelReviewGapKey, nextReviewDue, PORTAL_TASK_COMPANY } from '../domain/review-settings';
import type { NewTask } from '../hubspot/gateway';
import type { TaskLedgerEntry } from '../store/store';
import type { RunContext } from './run-context';
import { createTasksOnce } from './write-accounts';

export type ReminderOutcome =
  | { action: 'none'; due: string | null }
  | { action: 'created' | 'closed' | 'reconciled'; gapKey: string }
  | { action: 'skipped'; due: string; reason: string }
  | { action: 'failed'; gapKey: string; reason: string };

const isReminder = (t: TaskLedgerEntry) => t.companyId === PORTAL_TASK_COMPANY && t.gapKey.startsWith(MODEL_REVIEW_GAP_PREFIX);

export function reminderTask(gapKey: string, ownerId: string, cadenceMonths: number, lastReview: Date | null, due: Date, now: Date): NewTask {
  const marker = `keyline:gap=${PORTAL_TASK_COMPANY}/${gapKey}`;
  const last = lastReview === null ? 'no review has been run yet' : `the last review was on ${formatDay(lastReview.getTime())}`;
  return {
    companyId: PORTAL_TASK_COMPANY,
    gapKey,
    marker,
    subject: 'Keyline · Review the scoring model against what happened',
    body: [
      `<p>${escapeHtml(`A model review is due since ${formatDay(due.getTime())} (every ${cadenceMonths} month${cadenceMonths === 1 ? '' : 's'}; ${last}).`)}</p>`,
      '<p>Run <code>keyline review</code> (or open GET /api/v1/review): it compares each tier&#39;s retention, expansion and NPS with the rest of the portfolio, shows which criteria separate the accounts that grew from those that shrank, names the accounts whose tier and outcome disagree, and suggests weight changes to preview in the settings. It changes nothing by itself.</p>',
      '<p>Keyline completes this task at the next sync after the review has been run.</p>',
    ].join(''),
    ownerId,
    priority: 'MEDIUM',
    dueAt: now,
  };
}

export async function remindModelReview(ctx: RunContext, runId: string): Promise<ReminderOutcome> {
  const { store, portalId, gateway, config } = ctx.deps;
  const settings = ctx.model.review;
  const [last, history, ledger] = await Promise.all([store.lastModelReview(portalId), store.listKpiHistory(portalId), store.listOpenTasksFor(portalId, [PORTAL_TASK_COMPANY])]);
  const reminders = ledger.filter(isReminder);

  // A pending intent: created or not? Searched by its identity (the per-company reconciliation does not cover it).
  const pending = reminders.find((t) => t.status === 'pending');
  if (pending) {
    const found = (await gateway.findKeylineTasks({ createdSince: new Date(pending.createdAt.getTime() - 86_400_000) })).find((t) => t.marker.trim() === pending.marker);
    if (found) await store.markTasksOpen(portalId, [{ companyId: PORTAL_TASK_COMPANY, gapKey: pending.gapKey, taskId: found.taskId }]);
    else await store.deletePendingTask(portalId, PORTAL_TASK_COMPANY, pending.gapKey);
    return { action: 'reconciled', gapKey: pending.gapKey };
  }

  // A review has been run since the reminder was made: it is done.
  const open = reminders.find((t) => t.status === 'open' && t.taskId !== null);
  if (open) {
    if (last === null || last.at <= open.createdAt) return { action: 'none', due: null };
    const note = `Keyline: a model review was run on ${formatDay(last.at.getTime())}.`;
    const res = await gateway.completeTasks([{ taskId: open.taskId as string, companyId: PORTAL_TASK_COMPANY, gapKey: open.gapKey, note }]);
    await store.markTasksCompleted(portalId, res.completed);
    const failed = res.failed[0];
    return failed ? { action: 'failed', gapKey: open.gapKey, reason: failed.message } : { action: 'closed', gapKey: open.gapKey };
  }

  const firstMonth = history.reduce<string | null>((m, r) => (m === null || r.month < m ? r.month : m), null);
  const due = nextReviewDue(settings, last?.at ?? null, firstMonth);
  if (due === null || ctx.now < due) return { action: 'none', due: due?.toISOString() ?? null };
  const gapKey = modelReviewGapKey(ctx.now);
  // One reminder a quarter, whatever became of it (a person may have completed it without reviewing).
  if ((await store.getTask(portalId, PORTAL_TASK_COMPANY, gapKey)) !== null) return { action: 'none', due: due.toISOString() };
  const ownerId = settings.owner_id ?? config.FALLBACK_OWNER_ID ?? null;
  if (ownerId === null) return { action: 'skipped', due: due.toISOString(), reason: 'no owner to remind: set review.owner_id in the model (or FALLBACK_OWNER_ID)' };
  if (!ctx.ownerIds.has(ownerId)) return { action: 'skipped', due: due.toISOString(), reason: `owner ${ownerId} is not an active HubSpot owner` };
  if (!(await gateway.hasTaskKeyProperty())) return { action: 'skipped', due: due.toISOString(), reason: 'run "keyline setup": the task property keyline_task_key is missing' };
  const created = await createTasksOnce(ctx.deps, [reminderTask(gapKey, ownerId, settings.cadence_months, last?.at ?? null, due, ctx.now)], runId);
  const error = created.errors[0];
  return error ? { action: 'failed', gapKey, reason: error.message } : { action: 'created', gapKey };
}
