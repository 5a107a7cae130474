/**
 * CRM search: POST /crm/objects/2026-09/{type}/search (v3: /crm/v3/objects/{type}/search) with filterGroups (OR of ANDs), one sort, `after`, `limit` ≤ 200,
 * `total`, the 10,000-result cap and the 5 groups × 6 filters / 18 filters limits.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm
 */
import { ID_BASE, parseObjectType, type ObjectType } from '../object-types';
import type { SandboxObject, SandboxStore } from '../sandbox-store';
import { BASES, under } from './api-paths';
import { validationError } from './hubspot-errors';
import { bodyField, toPublicObject } from './object-shapes';
import { objectTypeOf, unsetPolicy } from './object-routes';
import type { Route, RouteContext, RouteResult } from './route-table';

const MAX_RESULTS = 10_000;
const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
}

function parseFilters(body: unknown): Filter[][] {
  const groups = bodyField(body, 'filterGroups') ?? [];
  if (!Array.isArray(groups)) throw validationError('Invalid input JSON: "filterGroups" must be an array');
  if (groups.length > 5) throw validationError(`Too many filter groups: ${groups.length}. The maximum is 5.`, { subCategory: 'crm.search.TOO_MANY_FILTER_GROUPS' });
  let total = 0;
  const parsed = groups.map((g: unknown) => {
    const filters = bodyField(g, 'filters') ?? [];
    if (!Array.isArray(filters)) throw validationError('Invalid input JSON: "filters" must be an array');
    if (filters.length > 6) throw validationError(`Too many filters in a group: ${filters.length}. The maximum is 6.`, { subCategory: 'crm.search.TOO_MANY_FILTERS' });
    total += filters.length;
    return filters.map((f: unknown): Filter => {
      const propertyName = bodyField(f, 'propertyName');
      const operator = bodyField(f, 'operator');
      if (typeof propertyName !== 'string' || typeof operator !== 'string' || !OPERATORS.has(operator)) {
        throw validationError(`Invalid filter: ${JSON.stringify(f)}`);
      }
      const value = bodyField(f, 'value');
      const highValue = bodyField(f, 'highValue');
      const values = bodyField(f, 'values');
      return {
        propertyName,
        operator,
        ...(value !== undefined && value !== null ? { value: String(value) } : {}),
        ...(highValue !== undefined && highValue !== null ? { highValue: String(highValue) } : {}),
        ...(Array.isArray(values) ? { values: values.map(String) } : {}),
      };
    });
  });
  if (total > 18) throw validationError(`Too many filters: ${total}. The maximum is 18 across all groups.`, { subCategory: 'crm.search.TOO_MANY_FILTERS' });
  return parsed;
}

type Kind = 'number' | 'time' | 'text';

function kindOf(store: SandboxStore, type: ObjectType, prop: string): Kind {
  const def = store.property(type, prop);
  if (!def) return 'text';
  if (def.type === 'number') return 'number';
  if (def.type === 'datetime' || def.type === 'date') return 'time';
  return 'text';
}

function asComparable(kind: Kind, v: string): number | string {
  if (kind === 'number') return Number(v);
  if (kind === 'time') return /^-?\d+$/.test(v) ? Number(v) : Date.parse(v);
  return v.toLowerCase();
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

function matches(obj: SandboxObject, f: Filter, kind: Kind): boolean {
  const raw = f.propertyName === 'hs_object_id' ? obj.id : obj.properties[f.propertyName];
  const has = raw !== undefined && raw !== '';
  if (f.operator === 'HAS_PROPERTY') return has;
  if (f.operator === 'NOT_HAS_PROPERTY') return !has;
  if (f.operator === 'NEQ' || f.operator === 'NOT_IN' || f.operator === 'NOT_CONTAINS_TOKEN') {
    if (!has) return true;
  } else if (!has) return false;
  const value = raw;
  const left = asComparable(kind, value);
  if (typeof left === 'number' && Number.isNaN(left) && kind !== 'text') return false;
  const multi = value.includes(';') ? value.split(';').map((s) => s.toLowerCase()) : [String(left)];
  const eq = (v: string) => {
    const right = asComparable(kind, v);
    return kind === 'text' ? multi.includes(String(right)) : compare(left, right) === 0;
  };
  const tokens = () => value.toLowerCase().split(/[^\p{L}\p{N}@.]+/u);
  const tokenMatch = (v: string) => {
    const t = v.toLowerCase();
    if (t.includes('*')) {
      const re = new RegExp(`^${t.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      return re.test(value.toLowerCase()) || tokens().some((x) => re.test(x));
    }
    return tokens().includes(t);
  };
  switch (f.operator) {
    case 'EQ':
      return eq(f.value ?? '');
    case 'NEQ':
      return !eq(f.value ?? '');
    case 'IN':
      return (f.values ?? []).some(eq);
    case 'NOT_IN':
      return !(f.values ?? []).some(eq);
    case 'LT':
      return compare(left, asComparable(kind, f.value ?? '')) < 0;
    case 'LTE':
      return compare(left, asComparable(kind, f.value ?? '')) <= 0;
    case 'GT':
      return compare(left, asComparable(kind, f.value ?? '')) > 0;
    case 'GTE':
      return compare(left, asComparable(kind, f.value ?? '')) >= 0;
    case 'BETWEEN':
      return compare(left, asComparable(kind, f.value ?? '')) >= 0 && compare(left, asComparable(kind, f.highValue ?? '')) <= 0;
    case 'CONTAINS_TOKEN':
      return tokenMatch(f.value ?? '');
    case 'NOT_CONTAINS_TOKEN':
      return !tokenMatch(f.value ?? '');
    default:
      return false;
  }
}

/** `associations.company` EQ/IN → the ids associated with those records (candidate set), else undefined (scan all). */
function associationCandidates(store: SandboxStore, type: ObjectType, group: Filter[]): Set<string> | undefined {
  let set: Set<string> | undefined;
  for (const f of group) {
    if (!f.propertyName.startsWith('associations.')) continue;
    const other = parseObjectType(f.propertyName.slice('associations.'.length));
    if (!other) throw validationError(`Unknown association filter: ${f.propertyName}`);
    const ids = f.operator === 'IN' ? (f.values ?? []) : f.operator === 'EQ' ? [f.value ?? ''] : undefined;
    if (!ids) throw validationError(`Operator ${f.operator} is not supported on ${f.propertyName}; use EQ or IN`);
    const found = new Set<string>();
    for (const id of ids) for (const a of store.associations(other, id, type)) found.add(a.toObjectId);
    set = set ? new Set([...set].filter((x) => found.has(x))) : found;
  }
  return set;
}

const RANGE_OPERATORS = new Set(['EQ', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN']);

/**
 * For a group with range filters on numbers or dates, the ids worth testing: generated records whose column values
 * pass every such filter, plus every record changed since generation. Undefined when no filter can use a column.
 */
function columnCandidates(store: SandboxStore, type: ObjectType, filters: { f: Filter; kind: Kind }[]): number[] | undefined {
  const usable = filters.filter(({ f, kind }) => kind !== 'text' && RANGE_OPERATORS.has(f.operator));
  if (usable.length === 0) return undefined;
  const base = ID_BASE[type];
  const tests = usable.map(({ f, kind }) => {
    const lo = asComparable(kind, f.value ?? '') as number;
    const hi = f.operator === 'BETWEEN' ? (asComparable(kind, f.highValue ?? '') as number) : lo;
    const col = f.propertyName === 'hs_object_id' ? undefined : store.generatedColumn(type, f.propertyName, (v) => asComparable(kind, v) as number);
    const valueAt = col ? (i: number) => col[i] as number : (i: number) => base + i + 1;
    const pass = (v: number): boolean => {
      switch (f.operator) {
        case 'EQ':
          return v === lo;
        case 'GT':
          return v > lo;
        case 'GTE':
          return v >= lo;
        case 'LT':
          return v < lo;
        case 'LTE':
          return v <= lo;
        default:
          return v >= lo && v <= hi;
      }
    };
    return (i: number) => {
      const v = valueAt(i);
      return !Number.isNaN(v) && pass(v);
    };
  });
  const out: number[] = [];
  const n = store.generatedCount(type);
  for (let i = 0; i < n; i++) {
    if (tests.every((t) => t(i)) && !store.isChanged(type, base + i + 1)) out.push(base + i + 1);
  }
  return [...out, ...store.changedIds(type)];
}

function parseSort(body: unknown): { prop: string; desc: boolean } | undefined {
  const sorts = bodyField(body, 'sorts');
  if (!Array.isArray(sorts) || sorts.length === 0) return undefined;
  const first: unknown = sorts[0];
  if (typeof first === 'string') return first.startsWith('-') ? { prop: first.slice(1), desc: true } : { prop: first, desc: false };
  const prop = bodyField(first, 'propertyName');
  if (typeof prop !== 'string') throw validationError('Invalid sort');
  return { prop, desc: bodyField(first, 'direction') === 'DESCENDING' };
}

const QUERY_FIELDS = ['name', 'domain', 'firstname', 'lastname', 'email', 'dealname', 'hs_email_subject', 'hs_meeting_title', 'hs_task_subject'];

/** Records written within the index lag are not in search results yet. */
function notYetIndexedLeftOut(ctx: RouteContext, type: ObjectType, ids: readonly string[]): string[] {
  const indexedUntil = ctx.store.now() - ctx.searchIndexLagMs;
  return ids.filter((id) => {
    const obj = ctx.store.get(type, id);
    return obj !== undefined && Date.parse(obj.updatedAt) <= indexedUntil;
  });
}

function search(ctx: RouteContext): RouteResult {
  const type = objectTypeOf(ctx);
  const groups = parseFilters(ctx.body);
  const limitRaw = bodyField(ctx.body, 'limit');
  const limit = limitRaw === undefined || limitRaw === null ? 10 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 0) throw validationError(`Invalid limit: ${String(limitRaw)}`);
  if (limit > 200) throw validationError(`limit must be less than or equal to 200, was ${limit}`);
  const afterRaw = bodyField(ctx.body, 'after');
  const after = afterRaw === undefined || afterRaw === null || afterRaw === '' ? 0 : Number(afterRaw);
  if (!Number.isInteger(after) || after < 0) throw validationError(`Invalid paging cursor: ${String(afterRaw)}`);
  if (after >= MAX_RESULTS) {
    throw validationError(`Paging past the first ${MAX_RESULTS} results is not supported (after=${after}). Narrow the query, e.g. with a GT filter on hs_object_id.`, {
      subCategory: 'crm.search.PAGING_LIMIT_EXCEEDED',
    });
  }
  const query = bodyField(ctx.body, 'query');
  const properties = bodyField(ctx.body, 'properties');
  const sort = parseSort(ctx.body);

  const cacheKey = JSON.stringify([type, groups, sort, query]);
  const indexed = cachedRows(ctx.store, cacheKey) ?? rememberRows(ctx.store, cacheKey, runSearch(ctx.store, type, groups, sort, query));
  const rows = ctx.searchIndexLagMs > 0 ? notYetIndexedLeftOut(ctx, type, indexed) : indexed;
  const page = rows.slice(after, after + limit).map((id) => ctx.store.get(type, id)).filter((o): o is SandboxObject => o !== undefined);
  const next = after + limit < rows.length ? after + limit : undefined;
  return {
    status: 200,
    body: {
      total: rows.length,
      results: page.map((o) => toPublicObject(type, o, Array.isArray(properties) ? properties.map(String) : undefined, unsetPolicy(ctx, type))),
      ...(next !== undefined ? { paging: { next: { after: String(next) } } } : {}),
    },
  };
}

/**
 * Paging a search re-asks the same question with another `after`: the ordered ids of the last few questions are kept
 * until the store changes, so each page costs only its own records.
 */
const searchCache = new WeakMap<SandboxStore, Map<string, { version: number; ids: string[] }>>();

function cachedRows(store: SandboxStore, key: string): string[] | undefined {
  const hit = searchCache.get(store)?.get(key);
  return hit && hit.version === store.version ? hit.ids : undefined;
}

function rememberRows(store: SandboxStore, key: string, ids: string[]): string[] {
  let cache = searchCache.get(store);
  if (!cache) searchCache.set(store, (cache = new Map()));
  cache.delete(key);
  cache.set(key, { version: store.version, ids });
  while (cache.size > 16) cache.delete(cache.keys().next().value as string);
  return ids;
}

function runSearch(
  store: SandboxStore,
  type: ObjectType,
  groups: Filter[][],
  sort: { prop: string; desc: boolean } | undefined,
  query: unknown,
): string[] {
  const matched = new Map<string, SandboxObject>();
  const effectiveGroups = groups.length > 0 ? groups : [[]];
  for (const group of effectiveGroups) {
    const candidates = associationCandidates(store, type, group);
    const filters = group.filter((f) => !f.propertyName.startsWith('associations.')).map((f) => ({ f, kind: kindOf(store, type, f.propertyName) }));
    const test = (obj: SandboxObject) => filters.every(({ f, kind }) => matches(obj, f, kind));
    const byColumn = candidates ? undefined : columnCandidates(store, type, filters);
    if (candidates) {
      for (const id of candidates) {
        if (matched.has(id)) continue;
        const obj = store.get(type, id);
        if (obj && test(obj)) matched.set(id, obj);
      }
    } else if (byColumn) {
      for (const id of byColumn) {
        const key = String(id);
        if (matched.has(key)) continue;
        const obj = store.get(type, id);
        if (obj && test(obj)) matched.set(key, obj);
      }
    } else {
      for (const [id] of store.iterate(type)) {
        const key = String(id);
        if (matched.has(key)) continue;
        const obj = store.get(type, id);
        if (obj && test(obj)) matched.set(key, obj);
      }
    }
  }
  let rows = [...matched.values()];
  if (typeof query === 'string' && query.trim() !== '') {
    const q = query.toLowerCase();
    rows = rows.filter((o) => QUERY_FIELDS.some((f) => (o.properties[f] ?? '').toLowerCase().includes(q)));
  }
  const byId = (a: SandboxObject, b: SandboxObject) => Number(a.id) - Number(b.id);
  if (sort) {
    const kind = kindOf(store, type, sort.prop);
    const val = (o: SandboxObject) => {
      const raw = sort.prop === 'hs_object_id' ? o.id : o.properties[sort.prop];
      return raw === undefined || raw === '' ? undefined : asComparable(kind, raw);
    };
    rows.sort((a, b) => {
      const va = val(a);
      const vb = val(b);
      // Records without a value sort last, whatever the direction.
      if (va === undefined || vb === undefined) return va === vb ? byId(a, b) : va === undefined ? 1 : -1;
      const c = compare(va, vb);
      return (sort.desc ? -c : c) || byId(a, b);
    });
  } else rows.sort(byId);
  return rows.map((o) => o.id);
}

export const searchRoutes: Route[] = [{ method: 'POST', paths: under(BASES.objects, '/search'), kind: 'search', handle: search }];
