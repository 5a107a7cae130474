/**
 * Where Keyline's onboarding tasks stand in HubSpot (#16): read by id in batches of 100, never through the lagging
 * search, so a task made by the run before is seen at once. A task HubSpot does not hold (deleted, or archived) is
 * `deleted`; one whose read failed is left out (asked again next run), never taken for deleted.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/tasks/batch/read-tasks
 */
import type { TaskStatusRead } from './gateway';
import type { HubSpotTransport } from './hubspot-transport';
import { batchRead } from './read-records';

function dateOf(value: string | null | undefined): Date | null {
  const ms = Date.parse(value ?? '');
  return Number.isFinite(ms) ? new Date(ms) : null;
}

export async function readTaskStatuses(hs: HubSpotTransport, taskIds: readonly string[]): Promise<Map<string, TaskStatusRead>> {
  const out = new Map<string, TaskStatusRead>();
  if (taskIds.length === 0) return out;
  const unread = new Set<string>();
  const read = await batchRead(hs, 'tasks', taskIds, ['hs_task_status', 'hs_task_completion_date', 'hs_lastmodifieddate'], unread);
  for (const id of new Set(taskIds)) {
    if (unread.has(id)) continue;
    const r = read.get(id);
    if (r === undefined) {
      out.set(id, { state: 'deleted' });
      continue;
    }
    const done = r.properties['hs_task_status'] === 'COMPLETED';
    out.set(id, done ? { state: 'completed', at: dateOf(r.properties['hs_task_completion_date']) ?? dateOf(r.properties['hs_lastmodifieddate']) } : { state: 'open' });
  }
  return out;
}
