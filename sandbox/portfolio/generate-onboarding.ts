/**
 * Newly won customers (issue #16, part 3): a few companies whose first won deal closed in the last four weeks, so
 * Keyline's onboarding checklist has new customers to follow. Some have already held their kickoff meeting (their first
 * meeting, moved after the win and titled as a kickoff); about one in ten carries junk instead: the won deal's close
 * date is not a date (then the company is not a new customer for Keyline). Their other won deals become open
 * follow-on opportunities (a new customer has won nothing before).
 *
 * Its own seeded stream (ONBOARD): every company that is not a new customer keeps its records byte for byte.
 */
import { intBetween, pick, rngFor } from '../random';
import { DEAL_PIPELINES } from './deal-pipelines';

const DAY = 86_400_000;
/** Stream code of this file (the portfolio's use 1–8, +20, +100, +200, +300, 9, 50, 77; outcomes 1001–1006; plans 3000). */
const ONBOARD = 4_000;
/** Share of the companies that are not strategic accounts and have a deal. */
export const NEW_CUSTOMER_SHARE = 0.03;

type Properties = Record<string, string>;

export interface NewCustomer {
  /** The first won deal's close date (ms). */
  wonAt: number;
  /** The won deal's close date is junk (`"ASAP"`): not a new customer for Keyline. */
  junkCloseDate: boolean;
  /** When the kickoff meeting was held (ms), or null when it has not been (or the company has no meeting). */
  kickoffAt: number | null;
}

interface Base {
  seed: number;
  asOf: number;
  companyStrategic: Uint8Array;
  dealStart: Int32Array;
  engagementStart: Record<'meetings', Int32Array>;
}

/** Whether company `ci` is a newly won customer, and its win and kickoff. Every draw is made whatever the branch. */
export function newCustomerOf(base: Base, ci: number): NewCustomer | null {
  const rng = rngFor(base.seed, ONBOARD, ci);
  const roll = rng();
  const wonDays = intBetween(rng, 2, 28);
  const wonAt = base.asOf - wonDays * DAY - Math.floor(rng() * DAY * 0.5);
  const junkCloseDate = rng() < 0.1;
  const kickoffRoll = rng();
  const kickoffAfter = intBetween(rng, 1, Math.max(1, wonDays - 1));
  const hasDeal = (base.dealStart[ci + 1] as number) > (base.dealStart[ci] as number);
  if (base.companyStrategic[ci] === 1 || !hasDeal || roll >= NEW_CUSTOMER_SHARE) return null;
  const hasMeeting = (base.engagementStart.meetings[ci + 1] as number) > (base.engagementStart.meetings[ci] as number);
  const kickoffAt = !junkCloseDate && hasMeeting && kickoffRoll < 0.4 ? Math.min(base.asOf - DAY / 2, wonAt + kickoffAfter * DAY) : null;
  return { wonAt, junkCloseDate, kickoffAt };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A deal of company `ci` as a new customer has it: its first deal won at `wonAt` (or with a junk close date), its
 * other won deals open. Other deals and other companies' deals are returned as they are.
 */
export function newCustomerDeal<R extends { properties: Properties; createdAt: number; updatedAt: number }>(base: Base, ci: number, d: number, record: R): R {
  const nc = newCustomerOf(base, ci);
  if (nc === null) return record;
  const props = { ...record.properties };
  const pipeline = DEAL_PIPELINES.find((p) => p.id === props['pipeline']) ?? DEAL_PIPELINES[0];
  if (!pipeline) return record;
  if (d === base.dealStart[ci]) {
    const won = pipeline.stages.find((s) => s.won);
    if (!won) return record;
    props['dealstage'] = won.id;
    props['hs_deal_stage_probability'] = String(won.probability);
    props['closedate'] = nc.junkCloseDate ? 'ASAP' : iso(nc.wonAt);
    const createdAt = Math.min(record.createdAt, nc.wonAt - 30 * DAY);
    props['createdate'] = iso(createdAt);
    props['hs_lastmodifieddate'] = iso(nc.wonAt);
    return { ...record, properties: props, createdAt, updatedAt: nc.wonAt };
  }
  const stage = pipeline.stages.find((s) => s.id === props['dealstage']);
  if (!stage?.won) return record;
  const rng = rngFor(base.seed, ONBOARD + 1, d);
  const open = pick(rng, pipeline.stages.filter((s) => !s.isClosed));
  props['dealstage'] = open.id;
  props['hs_deal_stage_probability'] = String(open.probability);
  props['closedate'] = iso(base.asOf + intBetween(rng, 30, 180) * DAY);
  delete props['hs_arr'];
  return { ...record, properties: props };
}

/** The kickoff meeting of a new customer: its first meeting, when the kickoff was held; else null. */
export function kickoffOf(base: Base, ci: number, j: number): number | null {
  if (base.engagementStart.meetings[ci] !== j) return null;
  return newCustomerOf(base, ci)?.kickoffAt ?? null;
}

export interface OnboardingStats {
  newCustomers: number;
  kickoffHeld: number;
  junkCloseDate: number;
}

/** Counts over a portfolio, for the generator's tests and stats. */
export function onboardingStats(base: Base, companies: number): OnboardingStats {
  const stats: OnboardingStats = { newCustomers: 0, kickoffHeld: 0, junkCloseDate: 0 };
  for (let i = 0; i < companies; i += 1) {
    const nc = newCustomerOf(base, i);
    if (nc === null) continue;
    stats.newCustomers += 1;
    if (nc.kickoffAt !== null) stats.kickoffHeld += 1;
    if (nc.junkCloseDate) stats.junkCloseDate += 1;
  }
  return stats;
}
