/**
 * The "Outcomes" section of `keyline report` (issue #15): the portfolio KPIs by tier and by owner (people by name, as
 * the rest of the report), and the last 6 months' trend — each KPI with its sample size, "—" where its sample is empty.
 * Formatted from the portfolio view's `kpis` (the very JSON `GET /api/v1/portfolio` answers).
 */
import type { KpiGroupView, PortfolioKpisView } from '@keyline/contract/kpi-view';
import { TIER_LABELS } from '../domain/types';

/** The report's trend covers this many months (the JSON holds up to 12). */
const TREND_MONTHS = 6;
/** …and this many owners, the most accounts first (the JSON lists all). */
const TOP_OWNERS = 20;

const dash = '—';
const pct = (v: number | null) => (v === null ? dash : `${(v * 100).toFixed(1)}%`);
const points = (v: number | null) => (v === null ? dash : v.toFixed(1));
export const money = (v: number | null): string => {
  if (v === null) return dash;
  const abs = Math.abs(v);
  if (abs >= 1_000_000) return `$${(v / 1_000_000).toFixed(2)}M`;
  if (abs >= 10_000) return `$${Math.round(v / 1_000)}k`;
  return `$${Math.round(v).toLocaleString('en-US')}`;
};

const HEADER = `${'GRR'.padStart(7)} ${'NRR'.padStart(7)} ${'ARPA'.padStart(8)} ${'NPS'.padStart(6)} ${'CSAT'.padStart(6)} ${'upsell'.padStart(8)} ${'conv.'.padStart(7)} ${'churned'.padStart(7)} ${'wallet'.padStart(7)}`;

function kpiCells(g: KpiGroupView): string {
  const k = g.kpis;
  return [
    pct(k.grr).padStart(7),
    pct(k.nrr).padStart(7),
    money(k.arpa).padStart(8),
    points(k.nps).padStart(6),
    points(k.csat).padStart(6),
    money(k.upsellRevenue).padStart(8),
    pct(k.upsellConversion).padStart(7),
    String(k.churnedAccounts).padStart(7),
    pct(k.shareOfWallet).padStart(7),
  ].join(' ');
}

/** "n=35 retention, 120 NPS answers, 22 wallets": what the figures stand on. */
function samples(g: KpiGroupView): string {
  const s = g.samples;
  return `${s.accounts} accounts: ${s.retention} with prior recurring revenue, ${s.npsResponses} NPS and ${s.csatResponses} CSAT answers, ${s.upsellDeals} upsell deals closed, ${s.wallet} known wallets`;
}

export function formatKpis(out: string[], k: PortfolioKpisView): void {
  out.push('', `Outcomes${k.month === null ? '' : ` (${k.month}, trailing 12 months against the 12 before)`}`);
  if (k.month === null) {
    out.push('  none yet: the outcome KPIs are recorded at the end of each completed sync');
    return;
  }
  const label = 28;
  out.push(`  ${'Tier'.padEnd(label)} ${HEADER}`);
  for (const t of k.byTier) out.push(`  ${TIER_LABELS[t.tier].padEnd(label)} ${kpiCells(t)}`);
  out.push(`  ${'All accounts'.padEnd(label)} ${kpiCells(k.total)}`);
  out.push(`  Samples: ${samples(k.total)}`);

  const owners = [...k.byOwner].sort((a, b) => b.samples.accounts - a.samples.accounts).slice(0, TOP_OWNERS);
  out.push('', `By owner${k.byOwner.length > owners.length ? ` (the ${owners.length} with the most accounts; --json lists all)` : ''}`);
  out.push(`  ${'Owner (accounts)'.padEnd(label)} ${HEADER}`);
  for (const o of owners) {
    const who = o.ownerId === null ? 'no owner' : (o.ownerName ?? `Owner ${o.ownerId}`);
    out.push(`  ${`${who} (${o.samples.accounts})`.slice(0, label).padEnd(label)} ${kpiCells(o)}`);
  }

  const trend = k.history.slice(-TREND_MONTHS);
  out.push('', `Trend (last ${trend.length} month${trend.length === 1 ? '' : 's'} recorded)`);
  out.push(`  ${'Month'.padEnd(label)} ${HEADER}`);
  for (const m of trend) out.push(`  ${m.month.padEnd(label)} ${kpiCells(m.total)}`);
}
