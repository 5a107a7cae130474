/**
 * The app page's /outcomes (issue #15): what came of each tier — retention (GRR, NRR), ARPA, NPS, CSAT, upsell and
 * share of wallet, each with the sample it stands on — and the month-by-month trend of retention. From the portfolio
 * view's `kpis`, under the page's filter. A KPI without a sample shows "—": missing data is never bad news.
 */
import { Heading, LineChart, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { KpiGroupView, PortfolioKpisView } from '@keyline/contract/kpi-view';
import { tierLabel } from '../ui/labels';
import { ownerLabel } from '../ui/record-links';
import { PAGE_PATHS, PAGE_TITLES, PortfolioFrame } from './portfolio-pages';

const dash = '—';
export const percent = (v: number | null): string => (v === null ? dash : `${(v * 100).toFixed(1)}%`);
const points = (v: number | null): string => (v === null ? dash : v.toFixed(1));
export const money = (v: number | null): string => {
  if (v === null) return dash;
  if (Math.abs(v) >= 1_000_000) return `$${(v / 1_000_000).toFixed(2)}M`;
  if (Math.abs(v) >= 10_000) return `$${Math.round(v / 1_000)}k`;
  return `$${Math.round(v).toLocaleString('en-US')}`;
};

function KpiCells({ group }: { group: KpiGroupView }) {
  const { kpis: k, samples: s } = group;
  return (
    <>
      <TableCell align="right">{s.accounts}</TableCell>
      <TableCell align="right">{percent(k.grr)}</TableCell>
      <TableCell align="right">{percent(k.nrr)}</TableCell>
      <TableCell align="right">{money(k.arpa)}</TableCell>
      <TableCell align="right">{`${points(k.nps)} (${s.npsResponses})`}</TableCell>
      <TableCell align="right">{`${points(k.csat)} (${s.csatResponses})`}</TableCell>
      <TableCell align="right">{`${money(k.upsellRevenue)} · ${percent(k.upsellConversion)}`}</TableCell>
      <TableCell align="right">{k.churnedAccounts}</TableCell>
      <TableCell align="right">{percent(k.shareOfWallet)}</TableCell>
    </>
  );
}

function KpiHeaders({ first }: { first: string }) {
  return (
    <TableHead>
      <TableRow>
        <TableHeader>{first}</TableHeader>
        <TableHeader align="right">Accounts</TableHeader>
        <TableHeader align="right">GRR</TableHeader>
        <TableHeader align="right">NRR</TableHeader>
        <TableHeader align="right">ARPA</TableHeader>
        <TableHeader align="right">NPS (answers)</TableHeader>
        <TableHeader align="right">CSAT (answers)</TableHeader>
        <TableHeader align="right">Upsell · won</TableHeader>
        <TableHeader align="right">Churned</TableHeader>
        <TableHeader align="right">Share of wallet</TableHeader>
      </TableRow>
    </TableHead>
  );
}

/** GRR and NRR month by month, in percent (months where no account had prior revenue are left out). */
export function retentionTrend(kpis: PortfolioKpisView): { month: string; kpi: string; percent: number }[] {
  return kpis.history.flatMap((m) =>
    (['grr', 'nrr'] as const).flatMap((key) => {
      const v = m.total.kpis[key];
      return v === null ? [] : [{ month: m.month, kpi: key.toUpperCase(), percent: Math.round(v * 1000) / 10 }];
    }),
  );
}

function OutcomesContent({ kpis }: { kpis: PortfolioKpisView }) {
  if (kpis.month === null) {
    return <Text testId="outcomes-none">No outcomes recorded yet: they are recorded at the end of each completed nightly sync.</Text>;
  }
  const trend = retentionTrend(kpis);
  return (
    <>
      <Text>{`Trailing 12 months against the 12 before, as of ${kpis.month}. Retention counts recurring revenue only; NPS and CSAT pool every answer.`}</Text>
      <Heading>By tier</Heading>
      <Table bordered density="condensed" testId="kpi-tier-table">
        <KpiHeaders first="Tier" />
        <TableBody>
          {kpis.byTier.map((t) => (
            <TableRow key={t.tier}>
              <TableCell>{tierLabel(t.tier)}</TableCell>
              <KpiCells group={t} />
            </TableRow>
          ))}
          <TableRow>
            <TableCell>All accounts</TableCell>
            <KpiCells group={kpis.total} />
          </TableRow>
        </TableBody>
      </Table>
      <Heading>Trend</Heading>
      {new Set(trend.map((p) => p.month)).size < 2 ? (
        <Text testId="kpi-trend-empty">The trend appears once two months are recorded.</Text>
      ) : (
        <LineChart
          data={trend}
          axes={{
            x: { field: 'month', fieldType: 'category', label: 'Month' },
            y: { field: 'percent', fieldType: 'linear', label: 'Retention (%)' },
            options: { groupFieldByColor: 'kpi' },
          }}
          options={{ title: 'Gross and net revenue retention by month', showTooltips: true }}
          testId="kpi-trend"
        />
      )}
      <Heading>By owner</Heading>
      <Table bordered density="condensed" testId="kpi-owner-table">
        <KpiHeaders first="Owner" />
        <TableBody>
          {kpis.byOwner.map((o) => (
            <TableRow key={o.ownerId ?? 'none'}>
              <TableCell>{ownerLabel(o.ownerId, o.ownerName)}</TableCell>
              <KpiCells group={o} />
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}

export function OutcomesPage() {
  return <PortfolioFrame title={PAGE_TITLES[PAGE_PATHS.outcomes] ?? ''}>{(portfolio) => <OutcomesContent kpis={portfolio.kpis} />}</PortfolioFrame>;
}
