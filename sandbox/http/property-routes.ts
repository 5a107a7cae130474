/**
 * Properties and property groups on the 2026-09 paths (and v3's): list, read, create (409 on a duplicate name),
 * update. A 2026-09 batch create answers 200 with any per-input errors in its body (v3: 201, or 207 with errors).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/properties/guide
 */
import type { PropertyDef, PropertyOptionDef } from '../property-catalog';
import { HubSpotError, errorBody, notFound, standardError, validationError } from './hubspot-errors';
import { BASES, under } from './api-paths';
import { bodyField, requireArray } from './object-shapes';
import { objectTypeOf } from './object-routes';
import type { Route, RouteContext, RouteResult } from './route-table';

const TYPES = ['bool', 'date', 'datetime', 'enumeration', 'number', 'phone_number', 'string'];
const FIELD_TYPES = ['booleancheckbox', 'calculation_equation', 'checkbox', 'date', 'file', 'html', 'number', 'phonenumber', 'radio', 'select', 'text', 'textarea'];
const NAME = /^[a-z][a-z0-9_]{0,99}$/;

function str(body: unknown, field: string, required: boolean): string | undefined {
  const v = bodyField(body, field);
  if (v === undefined || v === null) {
    if (required) throw validationError(`Invalid input JSON: "${field}" is required`, { context: { field: [field] } });
    return undefined;
  }
  if (typeof v !== 'string') throw validationError(`Invalid input JSON: "${field}" must be a string`);
  return v;
}

function parseOptions(raw: unknown): PropertyOptionDef[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: "options" must be an array');
  const values = new Set<string>();
  return raw.map((o: unknown, i) => {
    const label = bodyField(o, 'label');
    const value = bodyField(o, 'value');
    if (typeof label !== 'string' || typeof value !== 'string') throw validationError('Every option needs a string "label" and "value"');
    if (values.has(value)) throw validationError(`Duplicate option value: ${value}`);
    values.add(value);
    const displayOrder = bodyField(o, 'displayOrder');
    const description = bodyField(o, 'description');
    return {
      label,
      value,
      displayOrder: typeof displayOrder === 'number' ? displayOrder : i,
      hidden: bodyField(o, 'hidden') === true,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

function checkTypes(type: string, fieldType: string, options: PropertyOptionDef[] | undefined): void {
  if (!TYPES.includes(type)) throw validationError(`Invalid property type: ${type}`);
  if (!FIELD_TYPES.includes(fieldType)) throw validationError(`Invalid fieldType: ${fieldType}`);
  if (type === 'enumeration' && (!options || options.length === 0)) throw validationError('Enumeration properties need at least one option');
}

function listProperties(ctx: RouteContext): RouteResult {
  return { status: 200, body: { results: ctx.store.properties(objectTypeOf(ctx)) } };
}

function getProperty(ctx: RouteContext): RouteResult {
  const name = ctx.params['propertyName'] ?? '';
  const def = ctx.store.property(objectTypeOf(ctx), name);
  if (!def) throw notFound(`Unable to find property ${name}`);
  return { status: 200, body: def };
}

function createPropertyFrom(ctx: RouteContext, body: unknown): PropertyDef {
  const type = objectTypeOf(ctx);
  const name = str(body, 'name', true) as string;
  const label = str(body, 'label', true) as string;
  const pType = str(body, 'type', true) as string;
  const fieldType = str(body, 'fieldType', true) as string;
  const groupName = str(body, 'groupName', true) as string;
  if (!NAME.test(name)) throw validationError(`Invalid property name "${name}": lowercase letters, digits and underscores, starting with a letter`);
  const options = parseOptions(bodyField(body, 'options'));
  checkTypes(pType, fieldType, options);
  if (!ctx.store.group(type, groupName)) throw validationError(`Property group ${groupName} does not exist`, { subCategory: 'PropertyValidationError.INVALID_GROUP_NAME' });
  if (ctx.store.property(type, name)) {
    throw new HubSpotError(409, errorBody(`Property with name "${name}" already exists`, 'OBJECT_ALREADY_EXISTS', {
      subCategory: 'PropertyValidationError.PROPERTY_EXISTS',
      context: { name: [name] },
    }));
  }
  const now = new Date(ctx.store.now()).toISOString();
  const description = str(body, 'description', false) ?? '';
  const displayOrder = bodyField(body, 'displayOrder');
  const hint = bodyField(body, 'numberDisplayHint');
  const def: PropertyDef = {
    name,
    label,
    type: pType,
    fieldType,
    groupName,
    description,
    options: options ?? [],
    displayOrder: typeof displayOrder === 'number' ? displayOrder : -1,
    hasUniqueValue: bodyField(body, 'hasUniqueValue') === true,
    hidden: bodyField(body, 'hidden') === true,
    formField: bodyField(body, 'formField') === true,
    hubspotDefined: false,
    calculated: false,
    externalOptions: false,
    ...(typeof hint === 'string' ? { numberDisplayHint: hint } : {}),
    createdAt: now,
    updatedAt: now,
    archived: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
  };
  ctx.store.putProperty(type, def);
  return def;
}

function createProperty(ctx: RouteContext): RouteResult {
  return { status: 201, body: createPropertyFrom(ctx, ctx.body) };
}

/** Batch create: invalid inputs fail the request (400); names that already exist come back in errors[] (207). */
function batchCreateProperties(ctx: RouteContext): RouteResult {
  const type = objectTypeOf(ctx);
  const inputs = requireArray(ctx.body, 'inputs');
  const results: PropertyDef[] = [];
  const errors: Record<string, unknown>[] = [];
  for (const input of inputs) {
    const name = bodyField(input, 'name');
    if (typeof name === 'string' && ctx.store.property(type, name)) {
      errors.push(standardError('error', 'OBJECT_ALREADY_EXISTS', `Property with name "${name}" already exists`, { name: [name] }));
      continue;
    }
    results.push(createPropertyFrom(ctx, input));
  }
  const now = new Date().toISOString();
  const base = { status: 'COMPLETE', results, startedAt: now, completedAt: now };
  if (ctx.generation === 'dated') return { status: 200, body: errors.length === 0 ? base : { ...base, errors, numErrors: errors.length } };
  return errors.length === 0 ? { status: 201, body: base } : { status: 207, body: { ...base, errors, numErrors: errors.length } };
}

function updateProperty(ctx: RouteContext): RouteResult {
  const type = objectTypeOf(ctx);
  const name = ctx.params['propertyName'] ?? '';
  const def = ctx.store.property(type, name);
  if (!def) throw notFound(`Unable to find property ${name}`);
  if (def.modificationMetadata.readOnlyDefinition) throw validationError(`The definition of ${name} is read-only`);
  const options = parseOptions(bodyField(ctx.body, 'options'));
  const next: PropertyDef = { ...def, updatedAt: new Date(ctx.store.now()).toISOString() };
  for (const field of ['label', 'description', 'type', 'fieldType', 'groupName', 'numberDisplayHint'] as const) {
    const v = str(ctx.body, field, false);
    if (v !== undefined) next[field] = v;
  }
  for (const field of ['hidden', 'formField'] as const) {
    const v = bodyField(ctx.body, field);
    if (typeof v === 'boolean') next[field] = v;
  }
  const displayOrder = bodyField(ctx.body, 'displayOrder');
  if (typeof displayOrder === 'number') next.displayOrder = displayOrder;
  if (options) next.options = options;
  checkTypes(next.type, next.fieldType, next.options);
  if (!ctx.store.group(type, next.groupName)) throw validationError(`Property group ${next.groupName} does not exist`);
  ctx.store.putProperty(type, next);
  return { status: 200, body: next };
}

function listGroups(ctx: RouteContext): RouteResult {
  return { status: 200, body: { results: ctx.store.groups(objectTypeOf(ctx)) } };
}

function getGroup(ctx: RouteContext): RouteResult {
  const g = ctx.store.group(objectTypeOf(ctx), ctx.params['groupName'] ?? '');
  if (!g) throw notFound(`Unable to find property group ${ctx.params['groupName'] ?? ''}`);
  return { status: 200, body: g };
}

function updateGroup(ctx: RouteContext): RouteResult {
  const type = objectTypeOf(ctx);
  const g = ctx.store.group(type, ctx.params['groupName'] ?? '');
  if (!g) throw notFound(`Unable to find property group ${ctx.params['groupName'] ?? ''}`);
  const label = str(ctx.body, 'label', false);
  const displayOrder = bodyField(ctx.body, 'displayOrder');
  const next = { ...g, ...(label !== undefined ? { label } : {}), ...(typeof displayOrder === 'number' ? { displayOrder } : {}) };
  ctx.store.putGroup(type, next);
  return { status: 200, body: next };
}

function createGroup(ctx: RouteContext): RouteResult {
  const type = objectTypeOf(ctx);
  const name = str(ctx.body, 'name', true) as string;
  const label = str(ctx.body, 'label', true) as string;
  if (!NAME.test(name)) throw validationError(`Invalid property group name "${name}"`);
  if (ctx.store.group(type, name)) {
    throw new HubSpotError(409, errorBody(`Property group with name "${name}" already exists`, 'OBJECT_ALREADY_EXISTS', {
      subCategory: 'PropertyGroupError.GROUP_EXISTS',
      context: { name: [name] },
    }));
  }
  const displayOrder = bodyField(ctx.body, 'displayOrder');
  const group = { name, label, displayOrder: typeof displayOrder === 'number' ? displayOrder : -1, archived: false };
  ctx.store.putGroup(type, group);
  return { status: 201, body: group };
}

const PROPS = BASES.properties;

export const propertyRoutes: Route[] = [
  { method: 'GET', paths: under(PROPS, '/groups'), handle: listGroups },
  { method: 'POST', paths: under(PROPS, '/groups'), write: true, handle: createGroup },
  { method: 'GET', paths: under(PROPS, '/groups/:groupName'), handle: getGroup },
  { method: 'PATCH', paths: under(PROPS, '/groups/:groupName'), write: true, handle: updateGroup },
  { method: 'POST', paths: under(PROPS, '/batch/create'), write: true, handle: batchCreateProperties },
  { method: 'GET', paths: PROPS, handle: listProperties },
  { method: 'POST', paths: PROPS, write: true, handle: createProperty },
  { method: 'GET', paths: under(PROPS, '/:propertyName'), handle: getProperty },
  { method: 'PATCH', paths: under(PROPS, '/:propertyName'), write: true, handle: updateProperty },
];
