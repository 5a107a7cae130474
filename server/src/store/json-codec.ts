/**
 * JSON with dates: domain objects (AccountInput, AccountResult) carry `Date`s, which plain JSON turns into strings.
 * Dates are written as `{ "$date": "<ISO>" }` and revived on parse; an invalid Date becomes null.
 */

export function encodeJson(value: unknown): string {
  return JSON.stringify(value, function replace(this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? null : { $date: raw.toISOString() };
    return v;
  });
}

export function decodeJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const rec = v as Record<string, unknown>;
      const keys = Object.keys(rec);
      if (keys.length === 1 && keys[0] === '$date' && typeof rec['$date'] === 'string') return new Date(rec['$date']);
    }
    return v;
  }) as T;
}
