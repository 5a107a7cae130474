/**
 * The next renewal and whether it is at risk (issue #15). Pure.
 *
 * Date: the earliest open deal of the model's renewal deal types with a close date (an overdue one included, unless it
 * is more than the renewal window past: then it is stale), else the company's contract end date when it is today or
 * later; else unknown.
 *
 * Risk, only when the date is within the model's renewal window (or passed): each warning sign adds points, and the
 * points give the risk. Signs, most weight first:
 *   3  recurring revenue lost (churned: some in the prior 12 months, none in the trailing 12)
 *   2  recurring revenue down 10 % or more (NRR < 90 %)
 *   2  the latest NPS answer is a detractor (0–6); the latest CSAT answer is 1–2
 *   2  single-threaded (one engaged stakeholder)
 *   2  the touch rule is overdue ("no touch in 45 days")
 *   1  the latest CSAT answer is 3; NPS fell 20 points or more against the window before
 *   1  no engaged decision maker; the champion went dark; the meeting or QBR rule is overdue
 *   1  the renewal deal's close date has passed and it is still open
 * high ≥ 4 points (≥ 3 for a tier-1 account: a strategic account is held to a higher bar), medium ≥ 2, else low.
 * A missing input (no survey, no revenue history) adds nothing: it lowers the outcomes' confidence instead.
 */
import { DAY_MS } from './format-values';
import { timeOf } from './measure-revenue-outcomes';
import type { RenewalOutcome, RenewalRisk, RetentionOutcome, SurveyOutcome } from './outcome-types';
import type { OutcomesModel } from './outcomes-model';
import type { AccountResult, Company, Deal } from './types';

export type RiskContext = Pick<AccountResult, 'tier' | 'coverage' | 'cadence'>;

interface Sign {
  points: number;
  reason: string;
}

function nextRenewal(company: Company, deals: readonly Deal[], renewalTypes: readonly string[], windowMs: number, nowMs: number): { ms: number; source: 'renewal_deal' | 'contract_end' } | null {
  let earliest: number | null = null;
  for (const deal of deals) {
    if (deal.status !== 'open' || typeof deal.dealType !== 'string' || !renewalTypes.includes(deal.dealType.toLowerCase())) continue;
    const ms = timeOf(deal.closeDate);
    // A deal left open more than a window past its close date is stale (nobody works it): not the next renewal.
    if (ms !== null && ms >= nowMs - windowMs && (earliest === null || ms < earliest)) earliest = ms;
  }
  if (earliest !== null) return { ms: earliest, source: 'renewal_deal' };
  const end = timeOf(company.contractEndDate);
  // A contract end already past says nothing sure (renewed off the books, or lapsed): unknown.
  return end !== null && end >= nowMs - DAY_MS ? { ms: end, source: 'contract_end' } : null;
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

function warningSigns(ctx: RiskContext, retention: RetentionOutcome, nps: SurveyOutcome, csat: SurveyOutcome, overdueDays: number, nowMs: number): Sign[] {
  const signs: Sign[] = [];
  if (retention.movement === 'churned') signs.push({ points: 3, reason: 'recurring revenue lost (none in the last 12 months)' });
  else if (retention.nrr !== null && retention.nrr < 0.9) {
    signs.push({ points: 2, reason: `recurring revenue down ${percent(1 - retention.nrr)} (NRR ${percent(retention.nrr)})` });
  }
  if (nps.latest !== null && nps.latest.score <= 6) signs.push({ points: 2, reason: `NPS detractor (${nps.latest.score})` });
  if (csat.latest !== null && csat.latest.score <= 2) signs.push({ points: 2, reason: `CSAT ${csat.latest.score}/5` });
  else if (csat.latest !== null && csat.latest.score < 4) signs.push({ points: 1, reason: `CSAT ${csat.latest.score}/5 (neutral)` });
  if (nps.trend !== null && nps.trend <= -20) signs.push({ points: 1, reason: `NPS down ${-nps.trend} points` });

  const flags = Array.isArray(ctx.coverage?.flags) ? ctx.coverage.flags : [];
  if (flags.includes('single_threaded')) signs.push({ points: 2, reason: 'single-threaded' });
  if (Array.isArray(ctx.coverage?.missingRoles) && ctx.coverage.missingRoles.includes('DECISION_MAKER')) signs.push({ points: 1, reason: 'no engaged decision maker' });
  if (flags.includes('champion_dark')) signs.push({ points: 1, reason: 'champion gone dark' });

  for (const rule of Array.isArray(ctx.cadence?.rules) ? ctx.cadence.rules : []) {
    if (rule.status !== 'overdue') continue;
    if (rule.rule === 'touch') {
      const last = timeOf(rule.last);
      const reason = last === null ? 'no touch on record' : `no touch in ${Math.floor((nowMs - last) / DAY_MS)} days`;
      signs.push({ points: 2, reason });
    } else if (rule.rule === 'meeting') signs.push({ points: 1, reason: 'meeting overdue' });
    else if (rule.rule === 'qbr') signs.push({ points: 1, reason: 'QBR overdue' });
  }
  if (overdueDays > 0) signs.push({ points: 1, reason: `renewal ${overdueDays} days past its close date, still open` });
  // Most weight first; equal weights keep the order above (the sort is stable).
  return signs.length < 2 ? signs : signs.sort(byPointsDown);
}

function byPointsDown(a: Sign, b: Sign): number {
  return b.points - a.points;
}

function riskOf(points: number, tier: unknown): RenewalRisk {
  if (points >= (tier === 'tier_1' ? 3 : 4)) return 'high';
  return points >= 2 ? 'medium' : 'low';
}

export function assessRenewal(
  company: Company,
  deals: readonly Deal[],
  ctx: RiskContext,
  health: { retention: RetentionOutcome; nps: SurveyOutcome; csat: SurveyOutcome },
  model: OutcomesModel,
  nowMs: number,
): RenewalOutcome {
  const windowMs = model.renewal_window_days * DAY_MS;
  const next = nextRenewal(company, deals, model.renewal_deal_types, windowMs, nowMs);
  if (next === null) return { date: null, source: null, risk: null, reasons: [] };
  const date = new Date(next.ms);
  if (next.ms - nowMs > windowMs) return { date, source: next.source, risk: null, reasons: [] };
  const overdueDays = next.source === 'renewal_deal' ? Math.floor((nowMs - next.ms) / DAY_MS) : 0;
  const signs = warningSigns(ctx, health.retention, health.nps, health.csat, overdueDays, nowMs);
  let points = 0;
  const reasons: string[] = [];
  for (const s of signs) {
    points += s.points;
    reasons.push(s.reason);
  }
  return { date, source: next.source, risk: riskOf(points, ctx.tier?.tier), reasons };
}
