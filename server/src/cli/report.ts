/**
 * `keyline report`: the portfolio as executives read it — tier distribution, near-misses, overdue and single-threaded
 * accounts, owners over capacity — built from the stored snapshots (no HubSpot call).
 */
import { summarizeCapacity, type ScoringModel } from '../domain';
import { TIER_LABELS, TIERS, type Tier } from '../domain/types';
import type { AccountSummary, Store } from '../store/store';

export interface PortfolioReport {
  accounts: number;
  tiers: Record<Tier, number>;
  nearMiss: { count: number; top: AccountSummary[] };
  overdue: { count: number; top: AccountSummary[] };
  singleThreaded: { count: number; top: AccountSummary[] };
  ownersOverCapacity: { ownerId: string; tier1Accounts: number; max: number }[];
  lastRun: { id: string; mode: string; status: string; endedAt: Date | null } | null;
}

const TOP = 10;
const byScore = (a: AccountSummary, b: AccountSummary) => b.score - a.score;

export async function buildReport(store: Store, portalId: string, model: ScoringModel): Promise<PortfolioReport> {
  const all = await store.listSnapshotSummaries(portalId);
  const tiers = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
  for (const s of all) tiers[s.tier] += 1;
  const nearMiss = all.filter((s) => s.nearMiss).sort(byScore);
  const overdue = all.filter((s) => s.cadenceStatus === 'overdue').sort(byScore);
  const single = all.filter((s) => s.singleThreaded).sort(byScore);
  const capacity = summarizeCapacity(
    all.map((s) => ({ companyId: s.companyId, ownerId: s.ownerId, computedTier: s.computedTier, score: s.score, override: s.override })),
    model,
  );
  const last = (await store.listRuns(portalId, { limit: 1 }))[0];
  return {
    accounts: all.length,
    tiers,
    nearMiss: { count: nearMiss.length, top: nearMiss.slice(0, TOP) },
    overdue: { count: overdue.length, top: overdue.slice(0, TOP) },
    singleThreaded: { count: single.length, top: single.slice(0, TOP) },
    ownersOverCapacity: capacity.filter((c) => c.overCapacity).map((c) => ({ ownerId: c.ownerId, tier1Accounts: c.tier1Accounts, max: c.max })),
    lastRun: last ? { id: last.id, mode: last.mode, status: last.status, endedAt: last.endedAt } : null,
  };
}

const line = (s: AccountSummary) => `    ${s.companyName || '(no name)'} (${s.companyId}) — ${TIER_LABELS[s.tier]}, score ${s.score.toFixed(1)}`;

export function formatReport(r: PortfolioReport): string {
  const out: string[] = [];
  out.push(`Keyline portfolio: ${r.accounts} accounts`);
  if (r.lastRun) out.push(`  last run ${r.lastRun.mode} ${r.lastRun.status}${r.lastRun.endedAt ? ` at ${r.lastRun.endedAt.toISOString()}` : ''}`);
  out.push('', 'Tier distribution');
  for (const t of TIERS) {
    const n = r.tiers[t];
    const pct = r.accounts === 0 ? 0 : (n / r.accounts) * 100;
    out.push(`  ${TIER_LABELS[t].padEnd(20)} ${String(n).padStart(6)}  ${pct.toFixed(1).padStart(5)}%  ${'█'.repeat(Math.round(pct / 2))}`);
  }
  const section = (title: string, s: { count: number; top: AccountSummary[] }) => {
    out.push('', `${title}: ${s.count}${s.count > s.top.length ? ` (top ${s.top.length} by score)` : ''}`);
    for (const a of s.top) out.push(line(a));
  };
  section('Near-misses (within reach of the next tier)', r.nearMiss);
  section('Cadence overdue', r.overdue);
  section('Single-threaded', r.singleThreaded);
  out.push('', `Owners over capacity: ${r.ownersOverCapacity.length}`);
  for (const o of r.ownersOverCapacity) out.push(`    owner ${o.ownerId}: ${o.tier1Accounts} tier-1 accounts (cap ${o.max})`);
  return out.join('\n');
}
