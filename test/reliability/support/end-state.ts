/**
 * The end state a sync leaves in HubSpot (the sandbox), and the comparison with the state of a clean run: every
 * company's keyline_* properties, and every Keyline task (subject, status, company, marker). Task ids are left out on
 * purpose: two runs may create the same tasks in another order.
 */
import type { Sandbox } from '../../../sandbox';
import { canonicalValue } from '../../../server/src/hubspot/to-company-properties';

export interface KeylineTask {
  marker: string;
  companyId: string | null;
  subject: string;
  status: string;
  /** HubSpot ids carrying this marker: more than one is a duplicate. */
  ids: string[];
}

export interface EndState {
  /** Company id → keyline_* property → canonical value (empty values left out). */
  properties: Map<string, Record<string, string>>;
  /** Marker → the task(s) carrying it. */
  tasks: Map<string, KeylineTask>;
}

const MARKER = /keyline:gap=\S+/;

export function readEndState(sandbox: Pick<Sandbox, 'store'>): EndState {
  const properties = new Map<string, Record<string, string>>();
  for (const c of sandbox.store.list('companies')) {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.properties)) {
      if (!k.startsWith('keyline_')) continue;
      const canonical = canonicalValue(k, v);
      if (canonical !== '') values[k] = canonical;
    }
    properties.set(c.id, values);
  }
  const tasks = new Map<string, KeylineTask>();
  for (const t of sandbox.store.list('tasks')) {
    // Keyline's identity of the task: its task property (older tasks: a marker in the body).
    const marker = t.properties['keyline_task_key'] ?? MARKER.exec(t.properties['hs_task_body'] ?? '')?.[0];
    if (!marker) continue;
    const existing = tasks.get(marker);
    if (existing) {
      existing.ids.push(t.id);
      continue;
    }
    tasks.set(marker, {
      marker,
      companyId: sandbox.store.associations('tasks', t.id, 'companies')[0]?.toObjectId ?? null,
      subject: t.properties['hs_task_subject'] ?? '',
      status: t.properties['hs_task_status'] ?? '',
      ids: [t.id],
    });
  }
  return { properties, tasks };
}

export interface PropertyDifference {
  companyId: string;
  property: string;
  expected: string | null;
  actual: string | null;
}

export interface TaskDifference {
  marker: string;
  field: 'subject' | 'status' | 'companyId';
  expected: string | null;
  actual: string | null;
}

export interface StateComparison {
  /** Properties whose value differs from the clean run (missing or extra values included). */
  properties: PropertyDifference[];
  /**
   * Values that are set but wrong (a subset of `properties`): junk, never merely "not written yet" (no value, or the
   * value held before the run when `before` is given).
   */
  wrongValues: PropertyDifference[];
  /** Tasks of the clean run absent here. */
  lost: string[];
  /** Tasks here that the clean run did not create. */
  extra: string[];
  /** Markers carried by more than one task. */
  duplicates: string[];
  /** Same marker, another subject, status or company. */
  tasks: TaskDifference[];
  equal: boolean;
}

export function compareEndStates(actual: EndState, expected: EndState, before?: EndState): StateComparison {
  const properties: PropertyDifference[] = [];
  const companies = new Set([...actual.properties.keys(), ...expected.properties.keys()]);
  for (const companyId of [...companies].sort()) {
    const a = actual.properties.get(companyId) ?? {};
    const e = expected.properties.get(companyId) ?? {};
    for (const property of [...new Set([...Object.keys(a), ...Object.keys(e)])].sort()) {
      if (a[property] !== e[property]) properties.push({ companyId, property, expected: e[property] ?? null, actual: a[property] ?? null });
    }
  }
  const wrongValues = properties.filter((d) => d.actual !== null && before?.properties.get(d.companyId)?.[d.property] !== d.actual);
  const lost = [...expected.tasks.keys()].filter((m) => !actual.tasks.has(m)).sort();
  const extra = [...actual.tasks.keys()].filter((m) => !expected.tasks.has(m)).sort();
  const duplicates = [...actual.tasks.values()].filter((t) => t.ids.length > 1).map((t) => t.marker).sort();
  const tasks: TaskDifference[] = [];
  for (const [marker, e] of expected.tasks) {
    const a = actual.tasks.get(marker);
    if (!a) continue;
    for (const field of ['subject', 'status', 'companyId'] as const) {
      if (a[field] !== e[field]) tasks.push({ marker, field, expected: e[field], actual: a[field] });
    }
  }
  const equal = properties.length === 0 && lost.length === 0 && extra.length === 0 && duplicates.length === 0 && tasks.length === 0;
  return { properties, wrongValues, lost, extra, duplicates, tasks, equal };
}

/** Companies concerned by a difference (a property or a task), for checking them against a run's recorded errors. */
export function companiesConcerned(c: StateComparison): Set<string> {
  const out = new Set<string>(c.properties.map((d) => d.companyId));
  for (const m of [...c.lost, ...c.extra, ...c.duplicates, ...c.tasks.map((t) => t.marker)]) {
    const id = /keyline:gap=(\d+)\//.exec(m)?.[1];
    if (id) out.add(id);
  }
  return out;
}

/** One line for a report or a failure message. */
export function describeComparison(c: StateComparison): string {
  if (c.equal) return 'equal to the clean run';
  const parts = [
    c.properties.length > 0 ? `${c.properties.length} property values differ (${c.wrongValues.length} wrong)` : '',
    c.lost.length > 0 ? `${c.lost.length} tasks lost` : '',
    c.extra.length > 0 ? `${c.extra.length} extra tasks` : '',
    c.duplicates.length > 0 ? `${c.duplicates.length} duplicated tasks` : '',
    c.tasks.length > 0 ? `${c.tasks.length} task fields differ` : '',
  ];
  return parts.filter(Boolean).join(', ');
}
