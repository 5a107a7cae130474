/**
 * CRM objects: list, get, create, update, archive and the batch endpoints, for every object type, on the 2026-09
 * paths (and the legacy v3 ones). The generations differ where HubSpot's specs do: a 2026-09 batch answers its
 * per-input errors inside its 200/201 body (v3: 207 Multi-Status), and 2026-09 enforces the portal's write rules.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/guide
 */
import { READ_ONLY_TYPES, associationTypeName, findAssociationType, isEngagementType, parseObjectType, singularOf, type ObjectType } from '../object-types';
import type { NewAssociation } from '../sandbox-store';
import { BASES, under } from './api-paths';
import { HubSpotError, errorBody, invalidPropertyValues, notFound, standardError, validationError } from './hubspot-errors';
import {
  batchTimes,
  bodyField,
  boolParam,
  checkBatchSize,
  idOf,
  intParam,
  listParam,
  requireArray,
  stringParam,
  toPublicObject,
} from './object-shapes';
import type { Route, RouteContext, RouteResult } from './route-table';
import { validatePropertyValues } from './validate-properties';

/** The null-for-unset policy of reads, when the sandbox runs with `nullUnsetProperties`. */
export function unsetPolicy(ctx: RouteContext, type: ObjectType): { isDefined: (name: string) => boolean } | undefined {
  return ctx.nullUnsetProperties ? { isDefined: (name) => ctx.store.property(type, name) !== undefined } : undefined;
}

export function objectTypeOf(ctx: RouteContext, param = 'objectType'): ObjectType {
  const raw = ctx.params[param] ?? '';
  const t = parseObjectType(raw);
  if (!t) throw new HubSpotError(400, errorBody(`Unable to infer object type from: ${raw}`, 'VALIDATION_ERROR'));
  return t;
}

/**
 * The object type of a write: feedback submissions are read-only in HubSpot's API (its specs have no create, update
 * or archive for them), so a write answers HubSpot's 405 in its Error shape.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/feedback-submissions/guide
 */
function writableTypeOf(ctx: RouteContext): ObjectType {
  const type = objectTypeOf(ctx);
  if (READ_ONLY_TYPES.has(type)) {
    throw new HubSpotError(405, errorBody(`${singularOf(type)} records are read-only: the API cannot create, update or delete them.`, 'METHOD_NOT_ALLOWED'));
  }
  return type;
}

/**
 * The portal's write rules, on the dated generation only: a write they refuse fails with HubSpot's 400
 * VALIDATION_ERROR naming the property values that were not valid.
 */
function enforceWriteRules(ctx: RouteContext, type: ObjectType, existing: Readonly<Record<string, string>> | null, written: Record<string, string>): void {
  if (ctx.generation !== 'dated') return;
  const problems = ctx.writeRules.check(type, existing, written);
  if (problems.length > 0) throw invalidPropertyValues(problems, ctx.portalId);
}

/** `associations` on create: [{to:{id}, types:[{associationCategory, associationTypeId}]}]. */
function parseCreateAssociations(ctx: RouteContext, type: ObjectType, raw: unknown): NewAssociation[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: "associations" must be an array');
  return raw.map((a: unknown) => {
    const to = bodyField(a, 'to');
    const toId = idOf(to);
    const types = bodyField(a, 'types');
    if (!Array.isArray(types) || types.length === 0) throw validationError('Invalid input JSON: every association needs "types"');
    const specs = types.map((t: unknown) => {
      const typeId = Number(bodyField(t, 'associationTypeId'));
      const category = String(bodyField(t, 'associationCategory') ?? '');
      const found = findAssociationType(type, typeId, category);
      if (!found) throw validationError(`${category} ${typeId} is not a valid association type id for ${singularOf(type)}`, { subCategory: 'crm.associations.INVALID_ASSOCIATION_TYPE' });
      return found;
    });
    const toType = (specs[0] as { to: ObjectType }).to;
    if (!ctx.store.exists(toType, toId)) {
      throw validationError(`One or more associations are invalid: ${singularOf(toType)} ${toId} does not exist`, { subCategory: 'crm.associations.INVALID_OBJECT_IDS' });
    }
    return { toType, toId, types: specs.map(({ to: _to, ...spec }) => spec) };
  });
}

function embeddedAssociations(ctx: RouteContext, type: ObjectType, id: string, toTypes: string[] | undefined): Record<string, unknown> | undefined {
  if (!toTypes || toTypes.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const raw of toTypes) {
    const toType = parseObjectType(raw);
    if (!toType) continue;
    const all = ctx.store.associations(type, id, toType);
    if (all.length === 0) continue;
    const page = all.slice(0, 100);
    out[raw] = {
      results: page.map((a) => ({ id: a.toObjectId, type: associationTypeName(type, toType) })),
      ...(all.length > 100 ? { paging: { next: { after: page[page.length - 1]?.toObjectId ?? '', link: '' } } } : {}),
    };
  }
  return out;
}

/** Engagements need hs_timestamp on create (the activity time, or a task's due date). */
function requireOnCreate(type: ObjectType, props: Record<string, string>): void {
  if (isEngagementType(type) && !props['hs_timestamp']) {
    throw validationError('Property values were not valid: hs_timestamp is required', {
      errors: [{ message: 'hs_timestamp is required', code: 'REQUIRED_PROPERTY', context: { propertyName: ['hs_timestamp'] } }],
    });
  }
}

function list(ctx: RouteContext): RouteResult {
  const type = objectTypeOf(ctx);
  const limit = Math.min(100, Math.max(1, intParam(ctx.query['limit'], 10, 'limit')));
  const afterRaw = stringParam(ctx.query['after']);
  const after = afterRaw ? Number(afterRaw) : undefined;
  if (afterRaw && !Number.isSafeInteger(after)) throw validationError(`Invalid paging cursor: ${afterRaw}`);
  const props = listParam(ctx.query['properties']);
  const assoc = listParam(ctx.query['associations']);
  const archived = boolParam(ctx.query['archived']);
  const results: Record<string, unknown>[] = [];
  let next: number | undefined;
  for (const [id] of ctx.store.iterate(type, { archivedOnly: archived, ...(after !== undefined ? { fromId: after } : {}) })) {
    if (results.length === limit) {
      next = id;
      break;
    }
    const obj = ctx.store.get(type, id, { includeArchived: archived });
    if (!obj) continue;
    const embedded = embeddedAssociations(ctx, type, obj.id, assoc);
    results.push({ ...toPublicObject(type, obj, props, unsetPolicy(ctx, type)), ...(embedded ? { associations: embedded } : {}) });
  }
  return {
    status: 200,
    body: {
      results,
      ...(next !== undefined ? { paging: { next: { after: String(next), link: `${BASES.objects[ctx.generation].replace(':objectType', type)}?after=${next}` } } } : {}),
    },
  };
}

function getOne(ctx: RouteContext): RouteResult {
  const type = objectTypeOf(ctx);
  const id = ctx.params['id'] ?? '';
  const archived = boolParam(ctx.query['archived']);
  const obj = ctx.store.get(type, id, { includeArchived: archived });
  if (!obj) throw notFound('Object not found.  objectId are usually numeric.');
  const embedded = embeddedAssociations(ctx, type, obj.id, listParam(ctx.query['associations']));
  return { status: 200, body: { ...toPublicObject(type, obj, listParam(ctx.query['properties']), unsetPolicy(ctx, type)), ...(embedded ? { associations: embedded } : {}) } };
}

function createOne(ctx: RouteContext): RouteResult {
  const type = writableTypeOf(ctx);
  const props = validatePropertyValues(ctx.store, type, bodyField(ctx.body, 'properties') ?? {}, ctx.portalId);
  requireOnCreate(type, props);
  enforceWriteRules(ctx, type, null, props);
  const assocs = parseCreateAssociations(ctx, type, bodyField(ctx.body, 'associations'));
  const obj = ctx.store.create(type, props, assocs);
  return { status: 201, body: toPublicObject(type, obj, Object.keys(props)) };
}

function updateOne(ctx: RouteContext): RouteResult {
  const type = writableTypeOf(ctx);
  const id = ctx.params['id'] ?? '';
  const existing = ctx.store.get(type, id);
  if (!existing) throw notFound();
  const props = validatePropertyValues(ctx.store, type, bodyField(ctx.body, 'properties') ?? {}, ctx.portalId);
  enforceWriteRules(ctx, type, existing.properties, props);
  const obj = ctx.store.update(type, id, props);
  if (!obj) throw notFound();
  return { status: 200, body: toPublicObject(type, obj, Object.keys(props)) };
}

function archiveOne(ctx: RouteContext): RouteResult {
  const type = writableTypeOf(ctx);
  ctx.store.archive(type, ctx.params['id'] ?? '');
  return { status: 204 };
}

function notFoundError(type: ObjectType, ids: string[]): Record<string, unknown> {
  return standardError('error', 'OBJECT_NOT_FOUND', `Could not get some ${singularOf(type).toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`, { ids });
}

function injectedError(id: string | undefined, index: number): Record<string, unknown> {
  return standardError('error', 'INTERNAL_ERROR', 'An internal error occurred while processing this input. Retry it.', {
    ...(id ? { ids: [id] } : { inputIndexes: [String(index)] }),
  });
}

/** A batch answer: per-input errors inside the 2xx body on 2026-09, a 207 Multi-Status on v3. */
export function batchAnswer(ctx: RouteContext, results: unknown[], errors: Record<string, unknown>[], okStatus: number, injected: boolean): RouteResult {
  const base = { status: 'COMPLETE', results, ...batchTimes() };
  if (errors.length === 0) return { status: okStatus, body: base };
  const status = ctx.generation === 'dated' ? okStatus : 207;
  return { status, body: { ...base, errors, numErrors: errors.length }, injectedFault: injected };
}

function batchRead(ctx: RouteContext): RouteResult {
  const type = objectTypeOf(ctx);
  const inputs = requireArray(ctx.body, 'inputs');
  checkBatchSize(inputs, 100);
  const props = (bodyField(ctx.body, 'properties') as string[] | undefined) ?? undefined;
  const idProperty = bodyField(ctx.body, 'idProperty');
  const archived = boolParam(ctx.query['archived']);
  const results: unknown[] = [];
  const missing: string[] = [];
  const errors: Record<string, unknown>[] = [];
  let injected = false;
  inputs.forEach((input, i) => {
    const id = idOf(input);
    let obj = undefined;
    if (typeof idProperty === 'string' && idProperty !== 'hs_object_id') {
      obj = ctx.store.list(type).find((o) => o.properties[idProperty] === id);
    } else {
      obj = ctx.store.get(type, id, { includeArchived: archived });
    }
    if (!obj) {
      missing.push(id);
      return;
    }
    if (ctx.faults.failsInput(ctx.endpoint)) {
      errors.push(injectedError(id, i));
      injected = true;
      return;
    }
    results.push(toPublicObject(type, obj, Array.isArray(props) ? props : undefined, unsetPolicy(ctx, type)));
  });
  if (missing.length > 0) errors.unshift(notFoundError(type, missing));
  return batchAnswer(ctx, results, errors, 200, injected);
}

function batchCreate(ctx: RouteContext): RouteResult {
  const type = writableTypeOf(ctx);
  const inputs = requireArray(ctx.body, 'inputs');
  checkBatchSize(inputs, 100);
  // HubSpot validates the whole batch first: one invalid input fails the request.
  const parsed = inputs.map((input) => {
    const props = validatePropertyValues(ctx.store, type, bodyField(input, 'properties') ?? {}, ctx.portalId);
    requireOnCreate(type, props);
    enforceWriteRules(ctx, type, null, props);
    return { props, assocs: parseCreateAssociations(ctx, type, bodyField(input, 'associations')), trace: bodyField(input, 'objectWriteTraceId') };
  });
  const results: unknown[] = [];
  const errors: Record<string, unknown>[] = [];
  parsed.forEach(({ props, assocs, trace }, i) => {
    if (ctx.faults.failsInput(ctx.endpoint)) {
      errors.push({ ...injectedError(undefined, i), ...(typeof trace === 'string' ? { context: { objectWriteTraceId: [trace] } } : {}) });
      return;
    }
    const obj = ctx.store.create(type, props, assocs);
    results.push({ ...toPublicObject(type, obj, Object.keys(props)), ...(typeof trace === 'string' ? { objectWriteTraceId: trace } : {}) });
  });
  return batchAnswer(ctx, results, errors, 201, errors.length > 0);
}

function batchUpdate(ctx: RouteContext): RouteResult {
  const type = writableTypeOf(ctx);
  const inputs = requireArray(ctx.body, 'inputs');
  checkBatchSize(inputs, 100);
  // HubSpot validates the whole batch first: one input it refuses (a bad value, a write rule) fails the request.
  const parsed = inputs.map((input) => {
    const id = idOf(input);
    const props = validatePropertyValues(ctx.store, type, bodyField(input, 'properties') ?? {}, ctx.portalId);
    const existing = ctx.store.get(type, id);
    if (existing) enforceWriteRules(ctx, type, existing.properties, props);
    return { id, props, trace: bodyField(input, 'objectWriteTraceId') };
  });
  const results: unknown[] = [];
  const errors: Record<string, unknown>[] = [];
  const missing: string[] = [];
  let injected = false;
  parsed.forEach(({ id, props, trace }, i) => {
    if (!ctx.store.exists(type, id)) {
      missing.push(id);
      return;
    }
    if (ctx.faults.failsInput(ctx.endpoint)) {
      errors.push(injectedError(id, i));
      injected = true;
      return;
    }
    const obj = ctx.store.update(type, id, props);
    if (obj) results.push({ ...toPublicObject(type, obj, Object.keys(props)), ...(typeof trace === 'string' ? { objectWriteTraceId: trace } : {}) });
  });
  if (missing.length > 0) errors.unshift(notFoundError(type, missing));
  return batchAnswer(ctx, results, errors, 200, injected);
}

function batchArchive(ctx: RouteContext): RouteResult {
  const type = writableTypeOf(ctx);
  const inputs = requireArray(ctx.body, 'inputs');
  checkBatchSize(inputs, 100);
  for (const input of inputs) ctx.store.archive(type, idOf(input));
  return { status: 204 };
}

const OBJECTS = BASES.objects;

export const objectRoutes: Route[] = [
  { method: 'GET', paths: OBJECTS, handle: list },
  { method: 'POST', paths: OBJECTS, write: true, handle: createOne },
  { method: 'POST', paths: under(OBJECTS, '/batch/read'), handle: batchRead },
  { method: 'POST', paths: under(OBJECTS, '/batch/create'), write: true, handle: batchCreate },
  { method: 'POST', paths: under(OBJECTS, '/batch/update'), write: true, handle: batchUpdate },
  { method: 'POST', paths: under(OBJECTS, '/batch/archive'), write: true, handle: batchArchive },
  { method: 'GET', paths: under(OBJECTS, '/:id'), handle: getOne },
  { method: 'PATCH', paths: under(OBJECTS, '/:id'), write: true, handle: updateOne },
  { method: 'DELETE', paths: under(OBJECTS, '/:id'), write: true, handle: archiveOne },
];
