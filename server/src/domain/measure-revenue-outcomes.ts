/**
 * Revenue outcomes from the account's deals (issue #15): retention of recurring revenue (trailing 12 months against the
 * prior 12) and expansion (won and lost upsell / cross-sell deals). Pure; junk deals are skipped and make the figures
 * less certain (`known: false`), never smaller.
 *
 * Periods: trailing = close date in (now − 365 days, now], prior = (now − 730 days, now − 365 days], the same windows as
 * the `recurring_revenue` and `revenue_growth` criteria. Recurring = the deal's `recurring` flag (`hs_arr` was set; its
 * amount is then the ARR); every other won deal is one-off and never counts in GRR/NRR.
 */
import { DAY_MS } from './format-values';
import type { ExpansionOutcome, PeriodRevenue, RetentionOutcome } from './outcome-types';
import type { Deal } from './types';

const YEAR_MS = 365 * DAY_MS;

/** Money to the cent. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

export function fromCents(cents: number): number {
  return cents / 100;
}

/** Fractions (GRR, NRR, share) to four decimals: 0.8571 = 85.71 %. */
export function roundFraction(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

export function usableAmount(amount: unknown): number | null {
  return typeof amount === 'number' && Number.isFinite(amount) && amount >= 0 ? amount : null;
}

export function timeOf(date: unknown): number | null {
  if (!(date instanceof Date)) return null;
  const ms = date.getTime();
  return Number.isFinite(ms) ? ms : null;
}

export function dealsOf(deals: unknown): Deal[] {
  return Array.isArray(deals) ? deals.filter((d): d is Deal => d !== null && typeof d === 'object') : [];
}

type Period = 'trailing' | 'prior' | null;

function periodOf(closeMs: number, nowMs: number): Period {
  if (closeMs > nowMs - YEAR_MS && closeMs <= nowMs) return 'trailing';
  if (closeMs > nowMs - 2 * YEAR_MS && closeMs <= nowMs - YEAR_MS) return 'prior';
  return null;
}

export interface RevenueFacts {
  retention: RetentionOutcome;
  /** Trailing-12-month won revenue, recurring and one-off (spend with us). */
  spend: number;
  /** Every won deal of the two periods had a usable amount, close date and recurring flag. */
  known: boolean;
  /** Won deals in the two periods. */
  wonDeals: number;
}

function movementOf(prior: number, trailing: number): RetentionOutcome['movement'] {
  if (prior === 0) return trailing > 0 ? 'new' : 'none';
  if (trailing === 0) return 'churned';
  if (trailing < prior) return 'contracted';
  if (trailing > prior) return 'expanded';
  return 'flat';
}

function periodRevenue(x: { recurring: number; oneOff: number }): PeriodRevenue {
  return { recurring: fromCents(x.recurring), oneOff: fromCents(x.oneOff) };
}

export function measureRevenue(deals: readonly Deal[], nowMs: number): RevenueFacts {
  // Sums in whole cents, so every figure is exact to the cent.
  const cents = { trailing: { recurring: 0, oneOff: 0 }, prior: { recurring: 0, oneOff: 0 } };
  let known = true;
  let wonDeals = 0;
  for (const deal of deals) {
    if (deal.status !== 'won') continue;
    const closeMs = timeOf(deal.closeDate);
    const amount = usableAmount(deal.amount);
    if (closeMs === null || amount === null) {
      known = false;
      continue;
    }
    const period = periodOf(closeMs, nowMs);
    if (period === null) continue;
    wonDeals += 1;
    if (typeof deal.recurring !== 'boolean') known = false;
    if (deal.recurring === true) cents[period].recurring += toCents(amount);
    else cents[period].oneOff += toCents(amount);
  }
  const p = cents.prior.recurring;
  const c = cents.trailing.recurring;
  const churned = p > 0 && c === 0 ? p : 0;
  const contracted = c > 0 && c < p ? p - c : 0;
  const expanded = p > 0 && c > p ? c - p : 0;
  return {
    retention: {
      trailing: periodRevenue(cents.trailing),
      prior: periodRevenue(cents.prior),
      churned: fromCents(churned),
      contracted: fromCents(contracted),
      expanded: fromCents(expanded),
      grr: p > 0 ? roundFraction((p - churned - contracted) / p) : null,
      nrr: p > 0 ? roundFraction(c / p) : null,
      movement: movementOf(p, c),
    },
    spend: fromCents(cents.trailing.recurring + cents.trailing.oneOff),
    known,
    wonDeals,
  };
}

/** Won and lost deals of the expansion deal types closed in the trailing 12 months. */
export function measureExpansion(deals: readonly Deal[], expansionTypes: ReadonlySet<string>, nowMs: number): ExpansionOutcome {
  let revenueCents = 0;
  let won = 0;
  let lost = 0;
  for (const deal of deals) {
    if (typeof deal.dealType !== 'string' || !expansionTypes.has(deal.dealType.toLowerCase())) continue;
    const closeMs = timeOf(deal.closeDate);
    if (closeMs === null || periodOf(closeMs, nowMs) !== 'trailing') continue;
    if (deal.status === 'won') {
      won += 1;
      revenueCents += toCents(usableAmount(deal.amount) ?? 0);
    } else if (deal.status === 'lost') {
      lost += 1;
    }
  }
  return { revenue: fromCents(revenueCents), won, lost, winRate: won + lost > 0 ? roundFraction(won / (won + lost)) : null };
}
