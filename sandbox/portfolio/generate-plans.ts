/**
 * A few light account plans (issue #16): the five human-owned `keyline_plan_*` properties on some companies, as people
 * would have saved them from Keyline's card. Mostly on the hidden strategic accounts (those a key-account team plans),
 * rarely elsewhere; some are past their review date (Keyline raises the review), a few carry junk (a review date that
 * is not a date, a plan with no review date).
 *
 * Its own seeded stream (PLAN), so every other generated value stays byte for byte as it was.
 */
import { intBetween, pick, rngFor } from '../random';

type Properties = Record<string, string>;

const DAY = 86_400_000;
/** Stream code of this file (the portfolio's use 1–8, +20, +100, +200, +300, 9, 50, 77; outcomes 1001–1006). */
const PLAN = 3_000;

const OBJECTIVES = [
  'Renew for three years and move the EU entities onto the platform.',
  'Grow usage to every regional team; executive sponsor agreed to quarterly reviews.',
  'Replace the legacy tool by Q3; success measured by weekly active users.',
  'Standardise procurement through one framework contract.',
];
const ISSUES = [
  'Support response times criticised in the last review.',
  'New CFO is reviewing every vendor contract.',
  'Integration with their ERP is late.',
  '',
];
const UPSELL = [
  'Analytics add-on for the finance team in Q2.',
  'Premium support tier with the renewal.',
  'Second business unit (logistics) after the pilot.',
  '',
];

export interface PlanStats {
  plans: number;
  overdue: number;
  junkReviewDate: number;
  noReviewDate: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The plan properties of company `i` (none for most companies). */
export function companyPlanProperties(base: { seed: number; asOf: number; companyStrategic: Uint8Array }, i: number): Properties {
  const rng = rngFor(base.seed, PLAN, i);
  const strategic = base.companyStrategic[i] === 1;
  if (rng() >= (strategic ? 0.2 : 0.005)) return {};
  const props: Properties = {
    keyline_plan_objectives: pick(rng, OBJECTIVES),
    keyline_plan_updated_at: iso(base.asOf - intBetween(rng, 10, 200) * DAY),
  };
  const issues = pick(rng, ISSUES);
  if (issues !== '') props['keyline_plan_current_issues'] = issues;
  const upsell = pick(rng, UPSELL);
  if (upsell !== '') props['keyline_plan_upsell'] = upsell;
  const roll = rng();
  if (roll < 0.6) props['keyline_plan_next_review'] = iso(base.asOf + intBetween(rng, 7, 90) * DAY).slice(0, 10);
  else if (roll < 0.9) props['keyline_plan_next_review'] = iso(base.asOf - intBetween(rng, 1, 60) * DAY).slice(0, 10);
  else if (roll < 0.95) props['keyline_plan_next_review'] = 'next quarter';
  return props;
}

/** Counts over a portfolio, for the generator's tests and stats. */
export function planStats(base: { seed: number; asOf: number; companyStrategic: Uint8Array }, companies: number): PlanStats {
  const stats: PlanStats = { plans: 0, overdue: 0, junkReviewDate: 0, noReviewDate: 0 };
  for (let i = 0; i < companies; i += 1) {
    const p = companyPlanProperties(base, i);
    if (p['keyline_plan_objectives'] === undefined) continue;
    stats.plans += 1;
    const review = p['keyline_plan_next_review'];
    if (review === undefined) stats.noReviewDate += 1;
    else if (Number.isNaN(Date.parse(review))) stats.junkReviewDate += 1;
    else if (Date.parse(review) < base.asOf) stats.overdue += 1;
  }
  return stats;
}
