/**
 * The end of a completed full or incremental sync (issue #15): the portfolio KPIs of the month, by tier and owner,
 * computed from ALL stored results (not just tonight's accounts) and kept in the store's monthly history. The month's
 * rows are replaced, so the latest completed run of a month stands. Dry and targeted runs record nothing. Reads only
 * the store.
 */
import { kpiCellsOf, kpisOf, type KpiAccount } from '../domain/portfolio-kpis';
import { syncDay } from './apply-task-budget';
import type { KeylineDeps } from './deps';

/** The month (YYYY-MM) of a moment in the sync's time zone (SYNC_TIMEZONE): the history's key. */
export function kpiMonth(at: Date, timeZone: string): string {
  return syncDay(at, timeZone).slice(0, 7);
}

export async function recordKpiHistory(deps: Pick<KeylineDeps, 'store' | 'portalId' | 'config'>, now: Date): Promise<{ month: string; rows: number }> {
  const { store, portalId } = deps;
  const accounts: KpiAccount[] = [];
  for await (const r of store.streamAccountResults(portalId)) accounts.push({ tier: r.tier, ownerId: r.ownerId, outcomes: r.result.outcomes });
  const month = kpiMonth(now, deps.config.SYNC_TIMEZONE ?? 'UTC');
  const rows = kpiCellsOf(accounts).map((c) => ({ tier: c.tier, ownerId: c.ownerId, ...kpisOf(c.sums) }));
  await store.replaceKpiMonth(portalId, month, rows, now);
  return { month, rows: rows.length };
}
