/**
 * What HubSpot (the sandbox) actually received: every write that reached a record, whoever sent it (this process or
 * a sync child process). "Written twice" is a write that sets a value the record already holds — a Keyline property
 * to its current value, or a task completed again — and a task created again is a duplicate (see end-state.ts).
 */
import type { Sandbox } from '../../../sandbox';
import { canonicalValue } from '../../../server/src/hubspot/to-company-properties';

export interface DoubleWrite {
  type: string;
  id: string;
  property: string;
  value: string;
}

export interface WriteLog {
  /** Keyline property values that changed on companies. */
  propertyChanges: number;
  tasksCreated: number;
  tasksCompleted: number;
  doubleWrites: DoubleWrite[];
  /** Stops watching (the sandbox store's methods are restored). */
  stop(): void;
}

/** Watches the sandbox store's writes from now on. */
export function watchWrites(sandbox: Pick<Sandbox, 'store'>): WriteLog {
  const store = sandbox.store;
  const update = store.update.bind(store);
  const create = store.create.bind(store);
  const log: WriteLog = {
    propertyChanges: 0,
    tasksCreated: 0,
    tasksCompleted: 0,
    doubleWrites: [],
    stop: () => {
      store.update = update;
      store.create = create;
    },
  };
  store.update = (type, id, properties) => {
    const before = store.get(type, id)?.properties ?? {};
    for (const [property, value] of Object.entries(properties)) {
      const keyline = type === 'companies' && property.startsWith('keyline_');
      const completion = type === 'tasks' && property === 'hs_task_status' && value === 'COMPLETED';
      if (!keyline && !completion) continue;
      const same = keyline ? canonicalValue(property, before[property]) === canonicalValue(property, value) : before[property] === value;
      if (same) log.doubleWrites.push({ type, id: String(id), property, value: value ?? '' });
      else if (keyline) log.propertyChanges += 1;
      else log.tasksCompleted += 1;
    }
    return update(type, id, properties);
  };
  store.create = (type, properties, associations) => {
    if (type === 'tasks' && /^keyline:gap=/.test(properties['keyline_task_key'] ?? '')) log.tasksCreated += 1;
    return create(type, properties, associations);
  };
  return log;
}
