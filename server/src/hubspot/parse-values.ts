/**
 * HubSpot property values are strings (or null, or junk). These parse them for the mappers: junk becomes null,
 * never an exception and never a misleading value (a "12k" revenue is unknown, not 12).
 */

/** A plain decimal number ("1234", "-5.5", "1e6"); "", "n/a", "12k", "1,000", NaN → null. */
export function parseNumber(raw: string | null | undefined): number | null {
  if (raw === null || raw === undefined) return null;
  const s = raw.trim();
  if (s === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export function parseNonNegative(raw: string | null | undefined): number | null {
  const n = parseNumber(raw);
  return n !== null && n >= 0 ? n : null;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const EPOCH_MS = /^\d{10,14}$/;

/** ISO date-time, a date (midnight UTC), or epoch milliseconds; anything else (or an impossible date) → null. */
export function parseDate(raw: string | null | undefined): Date | null {
  if (raw === null || raw === undefined) return null;
  const s = raw.trim();
  let d: Date;
  if (EPOCH_MS.test(s)) d = new Date(Number(s));
  else if (DATE_ONLY.test(s)) d = new Date(`${s}T00:00:00.000Z`);
  else if (ISO_DATETIME.test(s)) d = new Date(s);
  else return null;
  const t = d.getTime();
  // Years outside 1970–2200 are junk in a CRM.
  if (!Number.isFinite(t) || t < 0 || t > 7_258_118_400_000) return null;
  if (DATE_ONLY.test(s) && d.toISOString().slice(0, 10) !== s) return null; // 2026-02-31
  return d;
}

/** Trimmed text, or null when empty. */
export function parseText(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const s = raw.trim();
  return s === '' ? null : s;
}

export function parseEnum<T extends string>(raw: string | null | undefined, allowed: readonly T[]): T | null {
  const s = parseText(raw);
  if (s === null) return null;
  return (allowed as readonly string[]).includes(s) ? (s as T) : null;
}

/** A multi-select value ("A;B;;c") → the known values, upper-cased, without duplicates, in the allowed order. */
export function parseMultiEnum<T extends string>(raw: string | null | undefined, allowed: readonly T[]): T[] {
  const s = parseText(raw);
  if (s === null) return [];
  const got = new Set(s.split(';').map((v) => v.trim().toUpperCase()));
  return allowed.filter((a) => got.has(a));
}

/** "true"/"false" (any case) → boolean; anything else → null. */
export function parseBool(raw: string | null | undefined): boolean | null {
  const s = parseText(raw)?.toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : null;
}
