/** Turning stored records into HubSpot's SimplePublicObject shapes, and reading request parameters. */
import { CREATED, DEFAULT_READ_PROPERTIES, LAST_MODIFIED } from '../property-catalog';
import type { ObjectType } from '../object-types';
import type { SandboxObject } from '../sandbox-store';
import { validationError } from './hubspot-errors';

/** `properties=a,b&properties=c` → ['a','b','c'] (the SDK sends comma-joined lists). */
export function listParam(v: string | string[] | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const parts = (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  return parts;
}

export function stringParam(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function boolParam(v: string | string[] | undefined): boolean {
  return stringParam(v) === 'true';
}

export function intParam(v: string | string[] | undefined, fallback: number, name: string): number {
  const s = stringParam(v);
  if (s === undefined || s === '') return fallback;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0) throw validationError(`Invalid value for "${name}": ${s}`);
  return n;
}

/**
 * The properties block of a response: the requested ones that have a value (unknown names are silently left out,
 * as HubSpot does), plus hs_object_id and the create/modify dates HubSpot always returns.
 */
export function selectProperties(
  type: ObjectType,
  obj: SandboxObject,
  requested: string[] | undefined,
  unset?: { isDefined: (name: string) => boolean },
): Record<string, string | null> {
  const names = requested && requested.length > 0 ? requested : DEFAULT_READ_PROPERTIES[type];
  const out: Record<string, string | null> = {};
  for (const n of [...names, 'hs_object_id', CREATED[type], LAST_MODIFIED[type]]) {
    const v = obj.properties[n];
    if (v !== undefined) out[n] = v;
    else if (unset?.isDefined(n)) out[n] = null;
  }
  return out;
}

/**
 * A record as HubSpot answers it. With `unset`, requested properties that exist but have no value come back as null
 * (what live HubSpot does); without it they are left out (what the published schema allows).
 */
export function toPublicObject(
  type: ObjectType,
  obj: SandboxObject,
  requested: string[] | undefined,
  unset?: { isDefined: (name: string) => boolean },
): Record<string, unknown> {
  return {
    id: obj.id,
    properties: selectProperties(type, obj, requested, unset),
    createdAt: obj.createdAt,
    updatedAt: obj.updatedAt,
    archived: obj.archived,
    ...(obj.archivedAt ? { archivedAt: obj.archivedAt } : {}),
  };
}

export function requireArray(body: unknown, field: string): unknown[] {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  if (!Array.isArray(v)) throw validationError(`Invalid input JSON on line 1: "${field}" is required and must be an array`);
  return v;
}

export function bodyField(body: unknown, field: string): unknown {
  return body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
}

export function batchTimes(): { startedAt: string; completedAt: string } {
  const now = new Date().toISOString();
  return { startedAt: now, completedAt: now };
}

export function checkBatchSize(inputs: unknown[], max: number): void {
  if (inputs.length > max) {
    throw validationError(`Batch input limit exceeded: ${inputs.length} inputs were sent, the maximum is ${max}.`, {
      context: { inputs: [String(inputs.length)], limit: [String(max)] },
    });
  }
}

export function idOf(input: unknown): string {
  const id = input && typeof input === 'object' ? (input as Record<string, unknown>)['id'] : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') throw validationError('Invalid input JSON: every input needs an "id"');
  return String(id);
}
