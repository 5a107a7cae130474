/**
 * Attention (issue #16, part 1): how our people's time is spent across accounts, against what the accounts are worth,
 * and which accounts an over-capacity owner could hand to a colleague with room. Pure and deterministic.
 *
 * Per account, `measureAccountAttention` reads the real touches (the engine's touch rules) in the window and sums
 * minutes per person (`Activity.ownerId`). `assessAttention` then works over the portfolio from those small summaries
 * (no activities kept), so it can run on 100k accounts.
 */
import type { CompiledModel } from './compile-model';
import { pastMs, touchChannel } from './read-touches';
import type { ScoringModel } from './scoring-model';
import type { Activity, Tier } from './types';

const DAY_MS = 86_400_000;
const TIERS: readonly Tier[] = ['tier_1', 'tier_2', 'tier_3'];

export interface PersonAttention {
  personId: string;
  touches: number;
  meetingMinutes: number;
  callMinutes: number;
  emailMinutes: number;
  totalMinutes: number;
}

export interface AccountAttention {
  companyId: string;
  companyName: string;
  ownerId: string | null;
  tier: Tier;
  /** Trailing-12-month won revenue (the recurring_revenue criterion's value); 0 when unknown. */
  value: number;
  /** Minutes per person, largest first (ties: person id). */
  people: PersonAttention[];
  /** Minutes of touches with no owner (nobody to attribute them to). */
  unattributedMinutes: number;
}

function minutesOf(activity: Activity, channel: 'call' | 'meeting', model: ScoringModel): number {
  const a = model.attention;
  const fallback = channel === 'call' ? a.default_call_minutes : a.default_meeting_minutes;
  const d = activity.durationMinutes;
  if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0) return fallback;
  return Math.min(d, a.max_minutes_per_activity);
}

/** An account's attention by person within the window: only touches count; undated or future activities do not. */
export function measureAccountAttention(
  account: { companyId: string; companyName: string; ownerId: string | null; tier: Tier; value: number | null; activities: readonly Activity[] },
  compiled: CompiledModel,
  now: Date,
): AccountAttention {
  const model = compiled.model;
  const nowMs = now.getTime();
  const fromMs = nowMs - model.attention.window_days * DAY_MS;
  const byPerson = new Map<string, PersonAttention>();
  const seen = new Set<string>();
  let unattributed = 0;
  for (const activity of Array.isArray(account.activities) ? account.activities : []) {
    if (activity === null || typeof activity !== 'object') continue;
    if (seen.has(activity.id)) continue;
    seen.add(activity.id);
    const ms = pastMs(activity.occurredAt, nowMs);
    if (ms === null || ms < fromMs) continue;
    const channel = touchChannel(activity, compiled);
    if (channel === null) continue;
    const minutes = channel === 'email' ? model.attention.minutes_per_email : minutesOf(activity, channel, model);
    const person = typeof activity.ownerId === 'string' && activity.ownerId.trim() !== '' ? activity.ownerId : null;
    if (person === null) {
      unattributed += minutes;
      continue;
    }
    let entry = byPerson.get(person);
    if (entry === undefined) {
      entry = { personId: person, touches: 0, meetingMinutes: 0, callMinutes: 0, emailMinutes: 0, totalMinutes: 0 };
      byPerson.set(person, entry);
    }
    entry.touches += 1;
    if (channel === 'meeting') entry.meetingMinutes += minutes;
    else if (channel === 'call') entry.callMinutes += minutes;
    else entry.emailMinutes += minutes;
    entry.totalMinutes += minutes;
  }
  const people = [...byPerson.values()].sort((x, y) => y.totalMinutes - x.totalMinutes || (x.personId < y.personId ? -1 : 1));
  const value = typeof account.value === 'number' && Number.isFinite(account.value) && account.value > 0 ? account.value : 0;
  return { companyId: account.companyId, companyName: account.companyName, ownerId: account.ownerId, tier: account.tier, value, people, unattributedMinutes: unattributed };
}

export interface OwnerAccountShare {
  companyId: string;
  companyName: string;
  tier: Tier;
  /** Whether the person owns the account (else they help on a colleague's account). */
  owned: boolean;
  minutes: number;
  /** Share of the person's minutes (sums to 1 over the list when the person has any minutes). */
  attentionShare: number;
  /** Share of the value of the person's own book; null when the book is worth 0 (no value to compare with). */
  valueShare: number | null;
}

export interface ServiceFlag {
  companyId: string;
  companyName: string;
  tier: Tier;
  attentionShare: number;
  valueShare: number | null;
  reason: string;
}

export interface RebalanceSuggestion {
  companyId: string;
  companyName: string;
  tier: Tier;
  fromOwnerId: string;
  toOwnerId: string;
  /** Minutes in the window that would move with the account (the current owner's own minutes on it). */
  minutes: number;
  reason: string;
}

export interface OwnerAttention {
  ownerId: string;
  /** The portal no longer lists this owner (they left): their accounts need a new owner; they never receive one. */
  departed: boolean;
  /** Accounts the person owns. */
  accountsOwned: number;
  /** Tier-1 accounts of theirs that nobody touched in the window (the strongest under-served signal). */
  untouchedTier1: number;
  totalMinutes: number;
  hoursPerWeek: number;
  capacityHoursPerWeek: number;
  tier1Count: number;
  tier1Max: number;
  overCapacity: boolean;
  /** Per tier: share of the person's minutes on their own accounts of that tier, and share of their book's value. */
  byTier: Record<Tier, { attentionShare: number; valueShare: number | null }>;
  /** Share of the person's minutes spent on colleagues' accounts. */
  otherAccountsShare: number;
  accounts: OwnerAccountShare[];
  overServed: ServiceFlag[];
  underServed: ServiceFlag[];
  suggestions: RebalanceSuggestion[];
}

export interface AttentionReport {
  windowDays: number;
  owners: OwnerAttention[];
}

function round(n: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function pct(n: number | null): string {
  return n === null ? 'n/a' : `${Math.round(n * 100)}%`;
}

export interface AssessAttentionOptions {
  /**
   * The owners the portal lists today. An account owner not among them has left: they are never over capacity, never
   * receive an account, and their book is reported as needing a new owner. Null or empty: not known, nobody departed.
   */
  activeOwnerIds?: ReadonlySet<string> | null;
}

const TIER_WORDS: Record<Tier, string> = { tier_1: 'tier 1', tier_2: 'tier 2', tier_3: 'tier 3' };
/** Candidates to hand on: lower tiers first (a strategic relationship is the last thing to hand on for hours). */
const TIER_HAND_ON_ORDER: Record<Tier, number> = { tier_3: 0, tier_2: 1, tier_1: 2 };

/** The portfolio view: per owner, shares, flags, capacity and (for owners over capacity) rebalancing suggestions. */
export function assessAttention(accounts: readonly AccountAttention[], model: ScoringModel, options: AssessAttentionOptions = {}): AttentionReport {
  const active = options.activeOwnerIds !== undefined && options.activeOwnerIds !== null && options.activeOwnerIds.size > 0 ? options.activeOwnerIds : null;
  const isDeparted = (id: string) => active !== null && !active.has(id);
  const a = model.attention;
  const weeks = a.window_days / 7;
  const minutesOn = new Map<string, Map<string, number>>(); // person → company → minutes
  const totalByPerson = new Map<string, number>();
  const totalOnAccount = new Map<string, number>();
  const owned = new Map<string, AccountAttention[]>();
  const byId = new Map<string, AccountAttention>();
  for (const acc of accounts) {
    byId.set(acc.companyId, acc);
    let sum = 0;
    for (const p of acc.people) {
      let m = minutesOn.get(p.personId);
      if (m === undefined) minutesOn.set(p.personId, (m = new Map()));
      m.set(acc.companyId, (m.get(acc.companyId) ?? 0) + p.totalMinutes);
      totalByPerson.set(p.personId, (totalByPerson.get(p.personId) ?? 0) + p.totalMinutes);
      sum += p.totalMinutes;
    }
    totalOnAccount.set(acc.companyId, sum);
    if (acc.ownerId !== null && acc.ownerId !== '') {
      let list = owned.get(acc.ownerId);
      if (list === undefined) owned.set(acc.ownerId, (list = []));
      list.push(acc);
    }
  }
  const ownerIds = [...owned.keys()].sort();
  const load = new Map<string, { minutes: number; tier1: number }>();
  for (const id of ownerIds) {
    load.set(id, { minutes: totalByPerson.get(id) ?? 0, tier1: owned.get(id)!.filter((x) => x.tier === 'tier_1').length });
  }
  const over = (l: { minutes: number; tier1: number }) => l.minutes / 60 / weeks > a.capacity_hours_per_week || l.tier1 > model.capacity.max;
  const hoursOf = (minutes: number) => round(minutes / 60 / weeks, 1);

  const owners: OwnerAttention[] = ownerIds.map((ownerId) => {
    const book = owned.get(ownerId)!;
    const mine = minutesOn.get(ownerId) ?? new Map<string, number>();
    const total = totalByPerson.get(ownerId) ?? 0;
    const bookValue = book.reduce((s, x) => s + x.value, 0);
    const ownedIds = new Set(book.map((x) => x.companyId));
    const accountsList: OwnerAccountShare[] = [];
    for (const acc of book) {
      const minutes = mine.get(acc.companyId) ?? 0;
      accountsList.push({
        companyId: acc.companyId, companyName: acc.companyName, tier: acc.tier, owned: true, minutes,
        attentionShare: total > 0 ? minutes / total : 0,
        valueShare: bookValue > 0 ? acc.value / bookValue : null,
      });
    }
    for (const [companyId, minutes] of mine) {
      if (ownedIds.has(companyId)) continue;
      const acc = byId.get(companyId)!;
      accountsList.push({ companyId, companyName: acc.companyName, tier: acc.tier, owned: false, minutes, attentionShare: total > 0 ? minutes / total : 0, valueShare: null });
    }
    accountsList.sort((x, y) => y.minutes - x.minutes || (x.companyId < y.companyId ? -1 : 1));
    const byTier = Object.fromEntries(
      TIERS.map((t) => {
        const inTier = accountsList.filter((x) => x.owned && x.tier === t);
        const att = inTier.reduce((s, x) => s + x.attentionShare, 0);
        const val = bookValue > 0 ? inTier.reduce((s, x) => s + (x.valueShare ?? 0), 0) : null;
        return [t, { attentionShare: round(att), valueShare: val === null ? null : round(val) }];
      }),
    ) as OwnerAttention['byTier'];
    const otherAccountsShare = round(accountsList.filter((x) => !x.owned).reduce((s, x) => s + x.attentionShare, 0));

    const overServed: ServiceFlag[] = [];
    const underServed: ServiceFlag[] = [];
    for (const x of accountsList) {
      if (!x.owned) continue;
      const flag = { companyId: x.companyId, companyName: x.companyName, tier: x.tier, attentionShare: round(x.attentionShare), valueShare: x.valueShare === null ? null : round(x.valueShare) };
      if (x.valueShare !== null && x.attentionShare >= a.over_served_min_share && x.attentionShare >= a.over_served_ratio * x.valueShare) {
        overServed.push({ ...flag, reason: `${pct(x.attentionShare)} of the owner's time for ${pct(x.valueShare)} of the book's value` });
      }
      if (x.tier === 'tier_1') {
        if ((totalOnAccount.get(x.companyId) ?? 0) === 0) {
          underServed.push({ ...flag, reason: `tier 1 with no touch by anyone in ${a.window_days} days` });
        } else if (x.valueShare !== null && x.attentionShare < a.under_served_ratio * x.valueShare) {
          underServed.push({ ...flag, reason: `tier 1: ${pct(x.attentionShare)} of the owner's time for ${pct(x.valueShare)} of the book's value` });
        }
      }
    }
    overServed.sort((x, y) => y.attentionShare - x.attentionShare || (x.companyId < y.companyId ? -1 : 1));
    underServed.sort((x, y) => (y.valueShare ?? 0) - (x.valueShare ?? 0) || (x.companyId < y.companyId ? -1 : 1));

    const l = load.get(ownerId)!;
    const departed = isDeparted(ownerId);
    return {
      ownerId, departed, accountsOwned: book.length,
      untouchedTier1: book.filter((x) => x.tier === 'tier_1' && (totalOnAccount.get(x.companyId) ?? 0) === 0).length,
      totalMinutes: total, hoursPerWeek: round(total / 60 / weeks, 2), capacityHoursPerWeek: a.capacity_hours_per_week,
      tier1Count: l.tier1, tier1Max: model.capacity.max, overCapacity: !departed && over(l), byTier, otherAccountsShare,
      accounts: accountsList.map((x) => ({ ...x, attentionShare: round(x.attentionShare), valueShare: x.valueShare === null ? null : round(x.valueShare) })),
      overServed, underServed, suggestions: [],
    };
  });

  // Rebalancing: owners over capacity, in id order; the projected load is updated after every suggestion, so the
  // suggestions taken together never put a receiver over capacity. Receivers are owners still in the portal.
  const receivers = ownerIds.filter((r) => !isDeparted(r));
  for (const o of owners) {
    if (!o.overCapacity || a.max_suggestions_per_owner === 0) continue;
    if (!receivers.some((r) => r !== o.ownerId && !over(load.get(r)!))) continue; // nobody has room
    const giver = load.get(o.ownerId)!;
    const mine = minutesOn.get(o.ownerId) ?? new Map<string, number>();
    const bookValue = owned.get(o.ownerId)!.reduce((s, x) => s + x.value, 0);
    // The thinnest relationship first (the owner's share of all minutes on it: a colleague already carries the rest),
    // then the lower tier, then the account that frees the most time.
    const candidates = owned.get(o.ownerId)!
      .map((acc) => {
        const m = mine.get(acc.companyId) ?? 0;
        const all = totalOnAccount.get(acc.companyId) ?? 0;
        return { acc, minutes: m, ownShare: all > 0 ? m / all : 0 };
      })
      .sort((x, y) => x.ownShare - y.ownShare || TIER_HAND_ON_ORDER[x.acc.tier] - TIER_HAND_ON_ORDER[y.acc.tier] || y.minutes - x.minutes || (x.acc.companyId < y.acc.companyId ? -1 : 1));
    for (const c of candidates) {
      if (o.suggestions.length >= a.max_suggestions_per_owner || !over(giver)) break;
      const tier1 = c.acc.tier === 'tier_1' ? 1 : 0;
      const overTier1 = giver.tier1 > model.capacity.max;
      const overHours = giver.minutes / 60 / weeks > a.capacity_hours_per_week;
      // It must relieve what is over: a tier-1 account when over the tier-1 count; a tier-2/3 account with the owner's
      // minutes when over hours (a strategic relationship is not handed on to save hours).
      if (!((overTier1 && tier1 === 1) || (overHours && tier1 === 0 && c.minutes > 0))) continue;
      // One pass, no sort: the receiver who knows the account best, then the least loaded, then id.
      let best: { r: string; l: { minutes: number; tier1: number }; known: number } | undefined;
      for (const r of receivers) {
        if (r === o.ownerId) continue;
        const rl = load.get(r)!;
        if (over({ minutes: rl.minutes + c.minutes, tier1: rl.tier1 + tier1 })) continue;
        const known = minutesOn.get(r)?.get(c.acc.companyId) ?? 0;
        const order = best === undefined ? -1 : best.known - known || rl.minutes - best.l.minutes || rl.tier1 - best.l.tier1 || (r < best.r ? -1 : 1);
        if (order < 0) best = { r, l: rl, known };
      }
      if (best === undefined) continue;
      const receiverHoursBefore = hoursOf(best.l.minutes);
      best.l.minutes += c.minutes;
      best.l.tier1 += tier1;
      giver.minutes -= c.minutes;
      giver.tier1 -= tier1;
      const valueShare = bookValue > 0 ? c.acc.value / bookValue : null;
      const why = [
        tier1 === 1
          ? `the owner holds ${giver.tier1 + 1} tier-1 accounts (at most ${model.capacity.max})`
          : `${TIER_WORDS[c.acc.tier]}, ${hoursOf(c.minutes)} h/week of the owner's time for ${pct(valueShare)} of the book's value`,
        c.ownShare < 1 ? `colleagues already carry ${pct(1 - c.ownShare)} of its touches` : null,
        best.known > 0
          ? `the receiver already spent ${Math.round(best.known)} min on its people`
          : `the receiver has room (${receiverHoursBefore} of ${a.capacity_hours_per_week} h/week)`,
      ].filter((x): x is string => x !== null);
      o.suggestions.push({ companyId: c.acc.companyId, companyName: c.acc.companyName, tier: c.acc.tier, fromOwnerId: o.ownerId, toOwnerId: best.r, minutes: c.minutes, reason: why.join('; ') });
    }
  }
  return { windowDays: a.window_days, owners };
}

/** The account's value for attention: the recurring_revenue criterion's measured value (trailing-12-month won revenue). */
export function attentionValue(criteria: readonly { criterion: string; value: unknown }[] | null | undefined): number | null {
  const found = Array.isArray(criteria) ? criteria.find((c) => c.criterion === 'recurring_revenue') : undefined;
  return found !== undefined && typeof found.value === 'number' && Number.isFinite(found.value) ? found.value : null;
}
