/**
 * The portfolio's outcome KPIs (issue #15) as `GET /api/v1/portfolio`, `keyline report` and the app page show them:
 * read from the store's monthly history (sync/record-kpi-history.ts), never recomputed from the snapshots at request
 * time — the current figures are the latest month's rows (the last completed sync's), the trend the months before.
 * The portfolio's filter (owner, tier) picks rows; rows add up exactly (they hold their sums), so a filtered total is
 * the aggregate of its accounts.
 */
import type { KpiGroupView, PortfolioKpisView } from '@keyline/contract/kpi-view';
import { addKpiSums, emptyKpiSums, kpisOf, type KpiGroup, type KpiSums } from '../domain/portfolio-kpis';
import { TIERS, type Tier } from '../domain/types';
import type { KpiHistoryRow, Store } from '../store/store';

/** How many months the history answers (the report shows the last 6). */
export const KPI_HISTORY_MONTHS = 12;

/** The month `months` before a YYYY-MM month. */
export function monthsBefore(month: string, months: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const view = (g: KpiGroup): KpiGroupView => ({ kpis: g.kpis, samples: g.samples });
const sumRows = (rows: readonly KpiHistoryRow[]): KpiSums => rows.map((r) => r.sums).reduce(addKpiSums, emptyKpiSums());
const byTierOf = (rows: readonly KpiHistoryRow[]) => TIERS.map((tier) => ({ tier, ...view(kpisOf(sumRows(rows.filter((r) => r.tier === tier)))) }));
const byNumericId = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

export async function readPortfolioKpis(
  store: Store,
  portalId: string,
  filter: { ownerId: string | null; tier: Tier | null },
  nameOf: (ownerId: string | null) => string | null,
): Promise<PortfolioKpisView> {
  const all = await store.listKpiHistory(portalId);
  const latest = all.reduce<string | null>((m, r) => (m === null || r.month > m ? r.month : m), null);
  const rows = all.filter((r) => (filter.ownerId === null || r.ownerId === filter.ownerId) && (filter.tier === null || r.tier === filter.tier));
  const current = rows.filter((r) => r.month === latest);
  const owners = [...new Set(current.map((r) => r.ownerId))].sort((a, b) => (a === null ? 1 : b === null ? -1 : byNumericId(a, b)));
  const from = latest === null ? null : monthsBefore(latest, KPI_HISTORY_MONTHS - 1);
  const months = [...new Set(rows.map((r) => r.month))].filter((m) => from !== null && m >= from).sort();
  return {
    month: latest,
    byTier: byTierOf(current),
    byOwner: owners.map((ownerId) => ({ ownerId, ownerName: nameOf(ownerId), ...view(kpisOf(sumRows(current.filter((r) => r.ownerId === ownerId)))) })),
    total: view(kpisOf(sumRows(current))),
    history: months.map((month) => {
      const inMonth = rows.filter((r) => r.month === month);
      return { month, total: view(kpisOf(sumRows(inMonth))), byTier: byTierOf(inMonth) };
    }),
  };
}
