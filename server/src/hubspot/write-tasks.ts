/**
 * Keyline's tasks in HubSpot: creating them (not idempotent, so never retried blindly), completing them, finding
 * them again by the marker in their body after a crash or a lost answer, and finding all of them by their identity
 * property (to adopt them when the store's ledger does not know them).
 */
import { escapeHtml } from '../domain/write-task-text';
import { PORTAL_TASK_COMPANY } from '../domain/review-settings';
import { hubSpotPaths } from './api-version';
import { batchErrorsOf, describeRefusals, refusalsOf } from './batch-errors';
import { DailyLimitReached, HubSpotRequestError } from './errors';
import type { CreatedTask, FoundTask, KeylineTaskFound, NewTask, TaskFailure, TaskToComplete } from './gateway';
import { parseObjects, parsePage } from './hubspot-records';
import { KEYLINE_TASK_KEY } from './keyline-properties';
import type { HubSpotTransport } from './hubspot-transport';
import { batchRead, BATCH_SIZE, chunk, readAssociations, SEARCH_PAGE_SIZE } from './read-records';
import { batchUpdate } from './update-records';
import { settleAll } from '../lib/settle-all';

/** A record locked by concurrent writes (423): HubSpot's locks last 2 seconds. */
const LOCK_WAIT_MS = 2_100;
const MARKER_RE = /keyline:gap=[^\s]+/;
/** HUBSPOT_DEFINED association types: task → company, task → contact. */
const TASK_TO_COMPANY = 192;
const TASK_TO_CONTACT = 204;

function createBody(batch: readonly NewTask[]) {
  return {
    inputs: batch.map((t) => ({
      properties: {
        hs_task_subject: t.subject,
        hs_task_body: t.body,
        [KEYLINE_TASK_KEY.name]: t.marker,
        hs_task_status: 'NOT_STARTED',
        hs_task_priority: t.priority,
        hs_task_type: 'TODO',
        hs_timestamp: t.dueAt.toISOString(),
        ...(t.ownerId ? { hubspot_owner_id: t.ownerId } : {}),
      },
      associations: [
        // The model-review reminder is about the portal, not a company: no company association.
        ...(t.companyId === PORTAL_TASK_COMPANY ? [] : [{ to: { id: t.companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_COMPANY }] }]),
        ...(t.contactId ? [{ to: { id: t.contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_CONTACT }] }] : []),
      ],
    })),
  };
}

/**
 * Task creation is not idempotent, so it never goes through a retry that could hide a success: each request is sent
 * once (through the burst limiter); a 429 or a 423 Locked (not processed by HubSpot) is waited out and sent again; a
 * 4xx refuses the whole batch before anything is created, so the batch is split to isolate the refused input (from
 * 2026-09 that includes the portal's validation rules, reported with the properties HubSpot named); a 5xx or a lost
 * connection is an unknown outcome, reported as such for the caller to reconcile by marker.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/tasks/batch/create-tasks
 */
export async function createTasks(hs: HubSpotTransport, tasks: readonly NewTask[]): Promise<{ created: CreatedTask[]; failed: TaskFailure[] }> {
  const created: CreatedTask[] = [];
  const failed: TaskFailure[] = [];
  const byMarker = new Map(tasks.map((t) => [t.marker, t]));
  const path = hubSpotPaths.batch('tasks', 'create');
  const fail = (batch: readonly NewTask[], message: string, outcome: 'not_created' | 'unknown', extra: Partial<TaskFailure> = {}) => {
    for (const t of batch) failed.push({ companyId: t.companyId, gapKey: t.gapKey, message, outcome, ...extra });
  };
  const send = async (batch: NewTask[], attempt: number): Promise<void> => {
    const res = await sendWaitingOutLimits(hs, path, createBody(batch));
    if (res.kind === 'lost') return fail(batch, `connection lost: ${res.message}`, 'unknown');
    if (res.kind === 'gave_up') return fail(batch, res.message, 'not_created');
    const { status, body } = res;
    if (status >= 500) return fail(batch, `HubSpot answered ${status}`, 'unknown');
    if (status >= 400) {
      if (batch.length > 1) {
        const mid = Math.ceil(batch.length / 2);
        await send(batch.slice(0, mid), attempt);
        await send(batch.slice(mid), attempt);
        return;
      }
      const refusals = refusalsOf(body);
      if (refusals.length > 0) return fail(batch, describeRefusals(refusals), 'not_created', { refusals });
      return fail(batch, `HubSpot rejected the task (${status}): ${JSON.stringify(body).slice(0, 300)}`, 'not_created');
    }
    const page = parsePage(body);
    const done = new Set<string>();
    for (const r of parseObjects(page.results).records) {
      const marker = r.properties[KEYLINE_TASK_KEY.name] ?? MARKER_RE.exec(r.properties['hs_task_body'] ?? '')?.[0];
      const t = marker ? byMarker.get(marker) : undefined;
      if (t) {
        created.push({ companyId: t.companyId, gapKey: t.gapKey, taskId: r.id });
        done.add(t.marker);
      }
    }
    const missing = batch.filter((t) => !done.has(t.marker));
    if (missing.length === 0) return;
    // Inputs reported as not created (errors inside the 201 on 2026-09, a 207 on v3): sent once more.
    if (attempt === 0) await send(missing, 1);
    else fail(missing, batchErrorsOf(page.errors)[0]?.message ?? 'not created', 'not_created');
  };
  await settleAll(chunk(tasks, BATCH_SIZE).map((b) => send(b, 0)));
  return { created, failed };
}

type SendResult = { kind: 'answer'; status: number; body: unknown } | { kind: 'lost'; message: string } | { kind: 'gave_up'; message: string };

/** One create, sent again only after a 429 or a 423 (HubSpot processed nothing), at most 5 times; DAILY throws. */
async function sendWaitingOutLimits(hs: HubSpotTransport, path: string, body: unknown): Promise<SendResult> {
  for (let waits = 0; ; waits++) {
    let res: { status: number; body: unknown };
    try {
      res = await hs.once({ method: 'POST', path, body });
    } catch (err) {
      if (err instanceof DailyLimitReached) throw err;
      return { kind: 'lost', message: err instanceof Error ? err.message : String(err) };
    }
    if (res.status !== 429 && res.status !== 423) return { kind: 'answer', ...res };
    const policy = (res.body as { policyName?: unknown } | null)?.policyName;
    if (policy === 'DAILY') throw new DailyLimitReached(`POST ${path}`);
    if (waits >= 5) return { kind: 'gave_up', message: res.status === 423 ? 'locked' : 'rate limited' };
    const waitMs = res.status === 423 ? LOCK_WAIT_MS : policy === 'TEN_SECONDLY_ROLLING' ? 10_000 : 1_000;
    await new Promise((r) => setTimeout(r, waitMs / hs.options.timeScale));
  }
}

/** Completes Keyline's own tasks (verified by their keyline_task_key, or the marker in an older task's body), appending the note. */
export async function completeTasks(hs: HubSpotTransport, tasks: readonly TaskToComplete[]): Promise<{ completed: TaskToComplete[]; failed: TaskFailure[] }> {
  const current = await batchRead(
    hs,
    'tasks',
    tasks.map((t) => t.taskId),
    ['hs_task_body', 'hs_task_status', KEYLINE_TASK_KEY.name],
  );
  const completed: TaskToComplete[] = [];
  const updates: { id: string; properties: Record<string, string> }[] = [];
  const byId = new Map<string, TaskToComplete>();
  for (const t of tasks) {
    const raw = current.get(t.taskId);
    const marker = `keyline:gap=${t.companyId}/${t.gapKey}`;
    // Deleted, or already completed by a person: nothing to do. Not ours (no marker): never touched.
    const ours = raw !== undefined && (raw.properties[KEYLINE_TASK_KEY.name] === marker || (raw.properties['hs_task_body'] ?? '').includes(marker));
    if (!raw || raw.properties['hs_task_status'] === 'COMPLETED' || !ours) {
      completed.push(t);
      continue;
    }
    byId.set(t.taskId, t);
    updates.push({ id: t.taskId, properties: { hs_task_status: 'COMPLETED', hs_task_body: `${raw.properties['hs_task_body'] ?? ''}<p>— ${escapeHtml(t.note)}</p>` } });
  }
  const outcome = await batchUpdate(hs, 'tasks', updates);
  for (const id of outcome.succeeded) {
    const t = byId.get(id);
    if (t) completed.push(t);
  }
  const failed = outcome.failed.flatMap((f): TaskFailure[] => {
    const t = byId.get(f.id);
    return t ? [{ companyId: t.companyId, gapKey: t.gapKey, message: f.message, ...(f.refusals ? { refusals: f.refusals } : {}) }] : [];
  });
  return { completed, failed };
}

/**
 * Keyline tasks of a company whose body carries one of the markers, through the company's task associations and a
 * batch read of those tasks, not through search: HubSpot's search index lags writes by seconds, so a task created
 * just before a lost answer or a crash could be missed by a search and created again. Associations and batch reads see
 * a task as soon as its create call has been applied.
 */
export async function findTasksByMarker(hs: HubSpotTransport, companyId: string, markers: readonly string[]): Promise<FoundTask[]> {
  const unread = new Set<string>();
  const taskIds = ((await readAssociations(hs, 'companies', 'tasks', [companyId], unread)).get(companyId) ?? []).map((t) => t.id);
  const tasks = await batchRead(hs, 'tasks', taskIds, ['hs_task_body', 'hs_task_status', 'hs_task_subject', KEYLINE_TASK_KEY.name], unread);
  if (unread.size > 0) {
    throw new HubSpotRequestError(`POST ${hubSpotPaths.batch('tasks', 'read')}`, 207, `the tasks of company ${companyId} could not all be read`);
  }
  const out: FoundTask[] = [];
  for (const r of tasks.values()) {
    const body = r.properties['hs_task_body'] ?? '';
    const key = r.properties[KEYLINE_TASK_KEY.name];
    const marker = markers.find((m) => key === m || body.includes(m));
    if (marker) out.push({ taskId: r.id, marker, status: r.properties['hs_task_status'] ?? null });
  }
  return out;
}

/**
 * Every task carrying Keyline's identity (`keyline_task_key` HAS_PROPERTY) that is not completed, or that was created
 * at or after `createdSince` (so a task a person completed today is seen too): one search, two filter groups (OR),
 * 200 a page, sorted by id and paged by a GT filter on hs_object_id, so HubSpot's 10,000-result cap never bites. It
 * runs on the search budget (5 requests a second), not the burst one. The search index lags writes by seconds, which
 * is why crash recovery (`findTasksByMarker`) does not use it; adoption runs on tasks made by earlier runs.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/tasks/search/search-tasks
 */
export async function findKeylineTasks(hs: HubSpotTransport, opts: { createdSince: Date }): Promise<KeylineTaskFound[]> {
  const out: KeylineTaskFound[] = [];
  const ours = { propertyName: KEYLINE_TASK_KEY.name, operator: 'HAS_PROPERTY' };
  const since = String(opts.createdSince.getTime());
  let lastId: string | null = null;
  for (;;) {
    const keyset = lastId === null ? [] : [{ propertyName: 'hs_object_id', operator: 'GT', value: lastId }];
    const body = await hs.search({
      method: 'POST',
      path: hubSpotPaths.search('tasks'),
      body: {
        filterGroups: [
          { filters: [ours, { propertyName: 'hs_task_status', operator: 'NEQ', value: 'COMPLETED' }, ...keyset] },
          { filters: [ours, { propertyName: 'hs_createdate', operator: 'GTE', value: since }, ...keyset] },
        ],
        sorts: ['hs_object_id'],
        properties: [KEYLINE_TASK_KEY.name, 'hs_task_status', 'hs_createdate'],
        limit: SEARCH_PAGE_SIZE,
        after: '0',
      },
    });
    const page = parsePage(body);
    const records = parseObjects(page.results).records;
    for (const r of records) {
      const marker = r.properties[KEYLINE_TASK_KEY.name];
      if (!marker) continue;
      const created = Date.parse(r.properties['hs_createdate'] ?? '');
      out.push({ taskId: r.id, marker, status: r.properties['hs_task_status'] ?? null, createdAt: Number.isFinite(created) ? new Date(created) : null });
    }
    if (page.paging?.next?.after === undefined || records.length === 0) return out;
    lastId = records[records.length - 1]?.id ?? null;
  }
}
