/**
 * "Never writes junk": every keyline_* value a company holds must be valid for its property definition
 * (server/src/hubspot/keyline-properties.ts) — enumerations within their options (each part of a multi-select),
 * booleans "true"/"false", numbers finite (0–100 for scores, non-negative integers for counts), dates real
 * midnight-UTC days, text bounded.
 */
import type { Sandbox } from '../../../sandbox';
import { KEYLINE_PROPERTIES, type KeylinePropertyDefinition } from '../../../server/src/hubspot/keyline-properties';
import { sameValue } from '../../../server/src/hubspot/to-company-properties';

const PERCENT = new Set(['keyline_score', 'keyline_coverage_score', 'keyline_next_tier_gap']);
const COUNTS = new Set(['keyline_engaged_stakeholders']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Keyline writes dates within a CRM's plausible range. */
const MIN_DAY = '1970-01-01';
const MAX_DAY = '2200-01-01';
const MAX_TEXT = 65_536;

export interface InvalidValue {
  companyId: string;
  property: string;
  value: string;
  problem: string;
}

export function problemWith(def: KeylinePropertyDefinition, value: unknown): string | null {
  if (typeof value !== 'string') return `not a string (${typeof value})`;
  if (value === '') return null; // cleared
  switch (def.type) {
    case 'enumeration': {
      const options = new Set((def.options ?? []).map((o) => o.value));
      const parts = def.fieldType === 'checkbox' ? value.split(';') : [value];
      const bad = parts.filter((p) => !options.has(p));
      return bad.length > 0 ? `not an option: ${bad.map((b) => JSON.stringify(b.slice(0, 40))).join(', ')}` : null;
    }
    case 'bool':
      return value === 'true' || value === 'false' ? null : 'not true/false';
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(value)) return 'not a plain decimal';
      const n = Number(value);
      if (!Number.isFinite(n)) return 'not finite';
      if (PERCENT.has(def.name) && (n < 0 || n > 100)) return 'outside 0–100';
      if (COUNTS.has(def.name) && (n < 0 || !Number.isInteger(n))) return 'not a count';
      return null;
    }
    case 'date':
    case 'datetime': {
      if (!DAY.test(value)) return 'not YYYY-MM-DD';
      const d = new Date(`${value}T00:00:00.000Z`);
      if (!Number.isFinite(d.getTime()) || d.toISOString().slice(0, 10) !== value) return 'not a real day';
      if (value < MIN_DAY || value > MAX_DAY) return 'outside 1970–2200';
      return null;
    }
    case 'string':
      return value.length > MAX_TEXT ? 'longer than 65,536 characters' : null;
  }
}

/**
 * Every invalid keyline_* value on a company. `expected(companyId)` gives the values Keyline computed for it (from
 * its snapshot): a junk value the corpus left there that is equivalent to Keyline's (JSON null, a list or an object,
 * or " " where Keyline computes empty, boolean false for "false") was rightly not rewritten — it is counted in `leftEquivalent`, not as
 * invalid. The human-owned override is the corpus's own junk: skipped.
 */
export function invalidKeylineValues(
  sandbox: Sandbox,
  expected: ReadonlyMap<string, Record<string, string>> = new Map(),
): { invalid: InvalidValue[]; checked: number; leftEquivalent: number } {
  const invalid: InvalidValue[] = [];
  let checked = 0;
  let leftEquivalent = 0;
  const defs: readonly KeylinePropertyDefinition[] = KEYLINE_PROPERTIES;
  for (const c of sandbox.store.list('companies')) {
    for (const def of defs) {
      if (def.humanOwned) continue;
      const value: unknown = c.properties[def.name];
      if (value === undefined) continue;
      checked += 1;
      const problem = problemWith(def, value);
      if (!problem) continue;
      const computed = expected.get(c.id)?.[def.name];
      // What Keyline reads of it: the edge parser (hubspot-records.ts) turns a list or an object, which HubSpot itself
      // never returns, into nothing, so it is equivalent to an empty value.
      const asText = value === null || typeof value === 'object' ? null : typeof value === 'string' ? value : String(value);
      if (computed !== undefined && asText !== undefined && sameValue(def.name, asText, computed)) {
        leftEquivalent += 1;
        continue;
      }
      invalid.push({ companyId: c.id, property: def.name, value: String(value).slice(0, 80), problem });
    }
  }
  return { invalid, checked, leftEquivalent };
}
