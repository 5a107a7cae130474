/**
 * Associations on the 2026-09 paths (and v4's): batch read (≤ 1,000 inputs, paged per record), batch create
 * (labelled), batch default associate, single default PUT; the per-record GET exists in v4 only. A 2026-09 batch read
 * answers ids without associations inside its 200 body (`errors`), v4 with a 207.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/associations/guide
 */
import { OBJECT_TYPE_IDS, defaultAssociationType, findAssociationType, singularOf, type ObjectType } from '../object-types';
import type { AssociationTarget } from '../sandbox-store';
import { BASES, under } from './api-paths';
import { notFound, standardError, validationError } from './hubspot-errors';
import { batchTimes, bodyField, checkBatchSize, idOf, intParam, requireArray, stringParam } from './object-shapes';
import { batchAnswer, objectTypeOf } from './object-routes';
import type { Route, RouteContext, RouteResult } from './route-table';

/** Associations per record page in batch read (HubSpot does not document it; 500 as in the per-record GET). */
export const ASSOCIATION_PAGE_SIZE = 500;

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function decodeCursor(after: string | undefined): number {
  if (!after) return 0;
  const s = Buffer.from(after, 'base64url').toString();
  const n = Number(s.startsWith('o:') ? s.slice(2) : NaN);
  if (!Number.isInteger(n) || n < 0) throw validationError(`Invalid paging cursor: ${after}`);
  return n;
}

function labelled(targets: AssociationTarget[]): unknown[] {
  return targets.map((t) => ({
    toObjectId: t.toObjectId,
    associationTypes: t.associationTypes.map((a) => ({ category: a.category, typeId: a.typeId, ...(a.label ? { label: a.label } : {}) })),
  }));
}

function batchRead(ctx: RouteContext): RouteResult {
  const from = objectTypeOf(ctx, 'fromObjectType');
  const to = objectTypeOf(ctx, 'toObjectType');
  const inputs = requireArray(ctx.body, 'inputs');
  checkBatchSize(inputs, 1000);
  const results: unknown[] = [];
  const errors: Record<string, unknown>[] = [];
  let injected = false;
  for (const input of inputs) {
    const id = idOf(input);
    const after = bodyField(input, 'after');
    const offset = decodeCursor(typeof after === 'string' ? after : undefined);
    const all = ctx.store.associations(from, id, to);
    if (all.length === 0) {
      errors.push(
        standardError('error', 'OBJECT_NOT_FOUND', `No ${singularOf(to)} is associated with ${singularOf(from)} ${id}.`, { fromObjectId: [id] }),
      );
      continue;
    }
    if (ctx.faults.failsInput(ctx.endpoint)) {
      errors.push(standardError('error', 'INTERNAL_ERROR', 'An internal error occurred while reading associations. Retry this input.', { fromObjectId: [id] }));
      injected = true;
      continue;
    }
    const page = all.slice(offset, offset + ASSOCIATION_PAGE_SIZE);
    const nextOffset = offset + ASSOCIATION_PAGE_SIZE;
    results.push({
      from: { id },
      to: labelled(page),
      ...(nextOffset < all.length ? { paging: { next: { after: encodeCursor(nextOffset) } } } : {}),
    });
  }
  return batchAnswer(ctx, results, errors, 200, injected);
}

function requireRecord(ctx: RouteContext, type: ObjectType, id: string): void {
  if (!ctx.store.exists(type, id)) throw validationError(`${singularOf(type)} ${id} does not exist`, { subCategory: 'crm.associations.INVALID_OBJECT_IDS' });
}

function batchCreate(ctx: RouteContext): RouteResult {
  const from = objectTypeOf(ctx, 'fromObjectType');
  const to = objectTypeOf(ctx, 'toObjectType');
  const inputs = requireArray(ctx.body, 'inputs');
  checkBatchSize(inputs, 2000);
  const parsed = inputs.map((input) => {
    const fromId = idOf(bodyField(input, 'from'));
    const toId = idOf(bodyField(input, 'to'));
    const types = bodyField(input, 'types');
    if (!Array.isArray(types) || types.length === 0) throw validationError('Invalid input JSON: every input needs "types"');
    const specs = types.map((t: unknown) => {
      const typeId = Number(bodyField(t, 'associationTypeId'));
      const category = String(bodyField(t, 'associationCategory') ?? '');
      const found = findAssociationType(from, typeId, category);
      if (!found || found.to !== to) throw validationError(`${category} ${typeId} is not a valid association type from ${singularOf(from)} to ${singularOf(to)}`);
      const { to: _to, ...spec } = found;
      return spec;
    });
    requireRecord(ctx, from, fromId);
    requireRecord(ctx, to, toId);
    return { fromId, toId, specs };
  });
  const results = parsed.map(({ fromId, toId, specs }) => {
    ctx.store.associate(from, fromId, to, toId, specs);
    return {
      fromObjectTypeId: OBJECT_TYPE_IDS[from],
      fromObjectId: fromId,
      toObjectTypeId: OBJECT_TYPE_IDS[to],
      toObjectId: toId,
      labels: specs.map((s) => s.label).filter((l): l is string => !!l),
    };
  });
  // 2026-09 answers 200 (v4: 201).
  return { status: ctx.generation === 'dated' ? 200 : 201, body: { status: 'COMPLETE', results, ...batchTimes() } };
}

function defaultSpec(from: ObjectType, to: ObjectType) {
  const spec = defaultAssociationType(from, to);
  if (!spec) throw validationError(`There is no default association from ${singularOf(from)} to ${singularOf(to)}`);
  return spec;
}

function batchDefault(ctx: RouteContext): RouteResult {
  const from = objectTypeOf(ctx, 'fromObjectType');
  const to = objectTypeOf(ctx, 'toObjectType');
  const inputs = requireArray(ctx.body, 'inputs');
  checkBatchSize(inputs, 2000);
  const spec = defaultSpec(from, to);
  const pairs = inputs.map((input) => {
    const fromId = idOf(bodyField(input, 'from'));
    const toId = idOf(bodyField(input, 'to'));
    requireRecord(ctx, from, fromId);
    requireRecord(ctx, to, toId);
    return { fromId, toId };
  });
  const results = pairs.map(({ fromId, toId }) => {
    ctx.store.associate(from, fromId, to, toId, [spec]);
    return { from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: spec.category, associationTypeId: spec.typeId } };
  });
  return { status: 200, body: { status: 'COMPLETE', results, ...batchTimes() } };
}

function putDefault(ctx: RouteContext): RouteResult {
  const from = objectTypeOf(ctx, 'fromObjectType');
  const to = objectTypeOf(ctx, 'toObjectType');
  const fromId = ctx.params['fromObjectId'] ?? '';
  const toId = ctx.params['toObjectId'] ?? '';
  const spec = defaultSpec(from, to);
  requireRecord(ctx, from, fromId);
  requireRecord(ctx, to, toId);
  ctx.store.associate(from, fromId, to, toId, [spec]);
  return {
    status: 200,
    body: {
      status: 'COMPLETE',
      results: [{ from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: spec.category, associationTypeId: spec.typeId } }],
      ...batchTimes(),
    },
  };
}

function getForRecord(ctx: RouteContext): RouteResult {
  const from = objectTypeOf(ctx, 'objectType');
  const to = objectTypeOf(ctx, 'toObjectType');
  const id = ctx.params['objectId'] ?? '';
  if (!ctx.store.exists(from, id)) throw notFound();
  const limit = Math.min(500, Math.max(1, intParam(ctx.query['limit'], 500, 'limit')));
  const offset = decodeCursor(stringParam(ctx.query['after']));
  const all = ctx.store.associations(from, id, to);
  const page = all.slice(offset, offset + limit);
  return {
    status: 200,
    body: { results: labelled(page), ...(offset + limit < all.length ? { paging: { next: { after: encodeCursor(offset + limit) } } } : {}) },
  };
}

function batchArchive(ctx: RouteContext): RouteResult {
  const from = objectTypeOf(ctx, 'fromObjectType');
  const to = objectTypeOf(ctx, 'toObjectType');
  const inputs = requireArray(ctx.body, 'inputs');
  checkBatchSize(inputs, 2000);
  for (const input of inputs) {
    const fromId = idOf(bodyField(input, 'from'));
    const targets = bodyField(input, 'to');
    for (const t of Array.isArray(targets) ? targets : []) ctx.store.dissociate(from, fromId, to, idOf(t));
  }
  // 2026-09 answers a batch body (v4: 204 without one).
  return ctx.generation === 'dated' ? { status: 200, body: { status: 'COMPLETE', results: [], ...batchTimes() } } : { status: 204 };
}

const PAIR = BASES.associations;
const RECORD = BASES.recordAssociations;

export const associationRoutes: Route[] = [
  { method: 'POST', paths: under(PAIR, '/batch/read'), handle: batchRead },
  { method: 'POST', paths: under(PAIR, '/batch/create'), write: true, handle: batchCreate },
  { method: 'POST', paths: under(PAIR, '/batch/associate/default'), write: true, handle: batchDefault },
  { method: 'POST', paths: under(PAIR, '/batch/archive'), write: true, handle: batchArchive },
  { method: 'PUT', paths: under(RECORD, '/:fromObjectType/:fromObjectId/associations/default/:toObjectType/:toObjectId'), write: true, handle: putDefault },
  // 2026-09 has no per-record association read (batch read covers it).
  { method: 'GET', paths: { legacy: `${RECORD.legacy}/:objectType/:objectId/associations/:toObjectType` }, handle: getForRecord },
];
