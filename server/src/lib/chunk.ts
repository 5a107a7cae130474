/** `items` in consecutive groups of at most `size` (batch calls to HubSpot, `IN (…)` lists in SQL). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
