/**
 * `keyline report`'s text: the portfolio as executives read it — tier distribution, near-misses, overdue and
 * single-threaded accounts, owners over capacity and under the minimum, Keyline's tasks after the last run, people by
 * name. Formatted from the portfolio use case (server/src/use-cases/read-report.ts), the very shape
 * `GET /api/v1/portfolio` answers and `keyline report --json` prints as is.
 */
import { TIER_LABELS, TIERS } from '../domain/types';
import { byNumericId, type PortfolioView, type RunRecord } from '../use-cases';
import { formatKpis } from './format-kpis';
import { formatAttention } from './format-attention';
import { formatOnboarding } from './format-onboarding';

/** The text report shows this many accounts per list (the JSON holds up to 100, as the API does). */
const TOP = 10;
/** …and this many owners per capacity list, the farthest from the range first. */
const TOP_OWNERS = 20;

type PortfolioAccountLine = PortfolioView['nearMiss'][number];
type OwnerLine = PortfolioView['owners'][number];

const ownerWords = (a: PortfolioAccountLine) => (a.ownerId === null ? 'no owner' : `owner ${a.ownerName ?? `Owner ${a.ownerId}`}`);
const accountLine = (a: PortfolioAccountLine) =>
  `    ${a.companyName || '(no name)'} (${a.companyId}) — ${TIER_LABELS[a.tier]}, score ${a.score.toFixed(1)}, ${ownerWords(a)}`;
/** "Ines Müller (80000001)"; an owner HubSpot's owners API does not name (left, or not read yet): "Owner 7 (name unknown)". */
const ownerWho = (o: OwnerLine) => (o.ownerName === `Owner ${o.ownerId}` ? `${o.ownerName} (name unknown)` : `${o.ownerName} (${o.ownerId})`);
const ownerLine = (o: OwnerLine, bound: string) => `    ${ownerWho(o)}: ${o.tier1Accounts} tier-1 account${o.tier1Accounts === 1 ? '' : 's'} (${bound})`;

/** What the last run's task phase recorded (run.details.taskBudget; absent before the task budget existed). */
interface TaskBudgetLine {
  assignee: string | null;
  open: number;
  createdToday: number;
  creating: number;
  queued: number;
}

function taskBudgetOf(run: Pick<RunRecord, 'details'> | null): { queued: number; owners: TaskBudgetLine[] } | null {
  const budget = run?.details['taskBudget'] as { queued?: unknown; owners?: unknown } | undefined;
  if (!budget || typeof budget.queued !== 'number' || !Array.isArray(budget.owners)) return null;
  return { queued: budget.queued, owners: budget.owners as TaskBudgetLine[] };
}

/** Keyline's tasks after the last run: open, created, and the gaps queued behind the daily budget, longest lines first. */
function formatTasks(out: string[], r: PortfolioView, run: Pick<RunRecord, 'details'> | null): void {
  const budget = taskBudgetOf(run);
  if (!budget) return;
  const open = budget.owners.reduce((n, o) => n + o.open + o.creating, 0);
  const created = budget.owners.reduce((n, o) => n + o.creating, 0);
  out.push('', `Keyline tasks after the last run: ${open} open (${created} created by it), ${budget.queued} gaps queued for later days`);
  const lines = budget.owners.filter((o) => o.queued > 0).sort((a, b) => b.queued - a.queued || byNumericId(a.assignee ?? '', b.assignee ?? ''));
  for (const o of lines.slice(0, TOP)) {
    const who = o.assignee === null ? 'no owner' : (r.ownerNames[o.assignee] ?? `Owner ${o.assignee}`);
    out.push(`    ${who}: ${o.open + o.creating} open, ${o.queued} queued`);
  }
  if (lines.length > TOP) out.push(`    … and ${lines.length - TOP} more owners with a queue`);
}

export function formatReport(r: PortfolioView, lastRun: Pick<RunRecord, 'mode' | 'status' | 'endedAt' | 'details'> | null): string {
  const out: string[] = [];
  out.push(`Keyline portfolio: ${r.accounts} accounts`);
  if (lastRun) out.push(`  last run ${lastRun.mode} ${lastRun.status}${lastRun.endedAt ? ` at ${lastRun.endedAt.toISOString()}` : ''}`);
  out.push('', 'Tier distribution');
  for (const t of TIERS) {
    const n = r.tierDistribution[t];
    const pct = r.accounts === 0 ? 0 : (n / r.accounts) * 100;
    out.push(`  ${TIER_LABELS[t].padEnd(20)} ${String(n).padStart(6)}  ${pct.toFixed(1).padStart(5)}%  ${'█'.repeat(Math.round(pct / 2))}`);
  }
  const section = (title: string, count: number, list: readonly PortfolioAccountLine[]) => {
    const shown = list.slice(0, TOP);
    out.push('', `${title}: ${count}${count > shown.length ? ` (top ${shown.length} by score)` : ''}`);
    for (const a of shown) out.push(accountLine(a));
  };
  section('Near-misses (within reach of the next tier)', r.counts.nearMiss, r.nearMiss);
  section('Cadence overdue', r.counts.overdue, r.overdue);
  section('Single-threaded', r.counts.singleThreaded, r.singleThreaded);

  const range = r.owners[0];
  const owners = (title: string, list: OwnerLine[], bound: (o: OwnerLine) => string) => {
    const shown = list.slice(0, TOP_OWNERS);
    out.push('', `${title}: ${list.length}${list.length > shown.length ? ` (the ${shown.length} farthest from the range shown; --json lists all)` : ''}`);
    for (const o of shown) out.push(ownerLine(o, bound(o)));
  };
  const byId = (a: OwnerLine, b: OwnerLine) => byNumericId(a.ownerId, b.ownerId);
  owners(
    `Owners over capacity${range ? ` (more than ${range.max} tier-1 accounts)` : ''}`,
    r.owners.filter((o) => o.status === 'over').sort((a, b) => b.tier1Accounts - a.tier1Accounts || byId(a, b)),
    (o) => `cap ${o.max}`,
  );
  owners(
    `Owners under the minimum${range ? ` (fewer than ${range.min} tier-1 accounts)` : ''}`,
    r.owners.filter((o) => o.status === 'under').sort((a, b) => a.tier1Accounts - b.tier1Accounts || byId(a, b)),
    (o) => `minimum ${o.min}`,
  );
  formatKpis(out, r.kpis);
  formatTasks(out, r, lastRun);
  formatAttention(out, r);
  formatOnboarding(out, r);
  return out.join('\n');
}
