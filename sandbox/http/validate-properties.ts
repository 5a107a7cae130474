/**
 * Checks property values on writes as HubSpot does: unknown properties, read-only values, enumeration options,
 * numbers, booleans, dates (midnight UTC) and datetimes. Returns the values as HubSpot would store them.
 */
import type { ObjectType } from '../object-types';
import { READ_ONLY_PROPERTIES } from '../property-catalog';
import type { SandboxStore } from '../sandbox-store';
import { invalidPropertyValues, validationError, type PropertyValueError } from './hubspot-errors';

const DAY = 86_400_000;

export function validatePropertyValues(
  store: SandboxStore,
  type: ObjectType,
  raw: unknown,
  portalId: string,
): Record<string, string> {
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw validationError('Invalid input JSON: "properties" must be an object');
  const out: Record<string, string> = {};
  const problems: PropertyValueError[] = [];
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const def = store.property(type, name);
    if (!def) {
      problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (READ_ONLY_PROPERTIES.has(name)) {
      problems.push({ name, error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` });
      continue;
    }
    if (value === null || value === undefined || value === '') {
      out[name] = '';
      continue;
    }
    if (typeof value === 'object') {
      problems.push({ name, error: 'INVALID_PROPERTY_VALUE', message: `${JSON.stringify(value)} is not a valid value for ${name}` });
      continue;
    }
    const s = String(value);
    const fail = (error: string, message: string) => problems.push({ name, error, message });
    switch (def.type) {
      case 'number':
        if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s.trim())) fail('INVALID_FLOAT', `"${s}" is not a valid number.`);
        else out[name] = s.trim();
        break;
      case 'bool':
        if (s !== 'true' && s !== 'false') fail('INVALID_BOOLEAN', `"${s}" is not a valid boolean: use "true" or "false".`);
        else out[name] = s;
        break;
      case 'enumeration': {
        const allowed = def.options.map((o) => o.value);
        const values = def.fieldType === 'checkbox' ? s.split(';').filter((v) => v !== '') : [s];
        const bad = values.filter((v) => !allowed.includes(v));
        if (bad.length > 0) fail('INVALID_OPTION', `${bad.map((b) => JSON.stringify(b)).join(', ')} was not one of the allowed options: [${allowed.join(', ')}]`);
        else out[name] = values.join(';');
        break;
      }
      case 'date': {
        const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
        if (Number.isNaN(ms)) fail('INVALID_DATE', `"${s}" is not a valid date.`);
        else if (ms % DAY !== 0) fail('INVALID_DATE', `${s} is at ${new Date(ms).toISOString()}, which is not midnight UTC. Date properties take midnight UTC.`);
        else out[name] = new Date(ms).toISOString().slice(0, 10);
        break;
      }
      case 'datetime': {
        const ms = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
        if (Number.isNaN(ms)) fail('INVALID_DATETIME', `"${s}" is not a valid datetime.`);
        else out[name] = new Date(ms).toISOString();
        break;
      }
      default:
        if (s.length > 65_536) fail('INVALID_PROPERTY_VALUE', `Value for ${name} is longer than 65536 characters.`);
        else out[name] = s;
    }
  }
  if (problems.length > 0) throw invalidPropertyValues(problems, portalId);
  return out;
}
