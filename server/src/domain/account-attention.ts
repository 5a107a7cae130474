/**
 * Attention per account (issue #16, part 1), pure: the portfolio's attention report cut into one small record per
 * account, so the card reads its account's share of its owner's time with one keyed lookup instead of measuring the
 * whole portfolio per request. The shares are the report's own (`assessAttention`), so the card and the report agree.
 */
import type { AccountAttention, AttentionReport } from './measure-attention';

export interface AccountAttentionRecord {
  companyId: string;
  ownerId: string | null;
  windowDays: number;
  /** Share of the owner's minutes on this account; null when the owner logged no minutes at all (or has no owner). */
  attentionShare: number | null;
  /** Share of the owner's book value; null when the book's value is unknown. */
  valueShare: number | null;
  ownerMinutes: number;
  ownerTouches: number;
  ownerTotalMinutes: number;
  ownerHoursPerWeek: number;
  capacityHoursPerWeek: number;
  ownerTier1Count: number;
  ownerTier1Max: number;
  ownerOverCapacity: boolean;
  ownerDeparted: boolean;
  accountMinutes: number;
  accountHoursPerWeek: number;
  /** Everybody but the owner who spent time on it, most minutes first. */
  others: { personId: string; minutes: number; touches: number }[];
  service: 'over_served' | 'under_served' | 'balanced' | 'unknown';
  reason: string | null;
  confidence: 'high' | 'medium' | 'low';
}

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/** One record per measured account, from the accounts the report was assessed over and the report itself. */
export function recordAccountAttention(accounts: readonly AccountAttention[], report: AttentionReport): AccountAttentionRecord[] {
  const owners = new Map(report.owners.map((o) => [o.ownerId, o]));
  const weeks = report.windowDays / 7;
  return accounts.map((acc) => {
    const owner = acc.ownerId === null || acc.ownerId === '' ? undefined : owners.get(acc.ownerId);
    const own = owner === undefined ? undefined : acc.people.find((p) => p.personId === owner.ownerId);
    const share = owner?.accounts.find((x) => x.owned && x.companyId === acc.companyId);
    const accountMinutes = acc.people.reduce((s, p) => s + p.totalMinutes, 0);
    const attentionShare = owner !== undefined && owner.totalMinutes > 0 ? (share?.attentionShare ?? 0) : null;
    const valueShare = share?.valueShare ?? null;
    const over = owner?.overServed.find((f) => f.companyId === acc.companyId);
    const under = owner?.underServed.find((f) => f.companyId === acc.companyId);
    // An owner with no logged minutes at all is missing data (touches not logged), not an account left alone: no verdict.
    const service = attentionShare === null ? 'unknown' : over !== undefined ? 'over_served' : under !== undefined ? 'under_served' : valueShare === null ? 'unknown' : 'balanced';
    const reasons: string[] = [];
    if (service === 'over_served' && over !== undefined) reasons.push(`over-served: ${over.reason}`);
    if (service === 'under_served' && under !== undefined) reasons.push(`under-served: ${under.reason}`);
    if (owner === undefined) reasons.push('no owner: nobody to measure a share of');
    else if (owner.departed) reasons.push('the owner has left the portal: the account needs a new owner');
    else if (owner.overCapacity) reasons.push(`the owner is over capacity (${owner.hoursPerWeek} of ${owner.capacityHoursPerWeek} h/week, ${owner.tier1Count} of at most ${owner.tier1Max} tier-1 accounts)`);
    if (owner !== undefined && attentionShare === null) reasons.push(`the owner logged no touches in ${report.windowDays} days (not measured, not bad news)`);
    if (owner !== undefined && valueShare === null) reasons.push("the book's value is unknown (no won revenue), so no value share");
    const known = (attentionShare === null ? 0 : 1) + (valueShare === null ? 0 : 1);
    return {
      companyId: acc.companyId,
      ownerId: acc.ownerId === '' ? null : acc.ownerId,
      windowDays: report.windowDays,
      attentionShare,
      valueShare,
      ownerMinutes: own?.totalMinutes ?? 0,
      ownerTouches: own?.touches ?? 0,
      ownerTotalMinutes: owner?.totalMinutes ?? 0,
      ownerHoursPerWeek: owner?.hoursPerWeek ?? 0,
      capacityHoursPerWeek: owner?.capacityHoursPerWeek ?? 0,
      ownerTier1Count: owner?.tier1Count ?? 0,
      ownerTier1Max: owner?.tier1Max ?? 0,
      ownerOverCapacity: owner?.overCapacity ?? false,
      ownerDeparted: owner?.departed ?? false,
      accountMinutes,
      accountHoursPerWeek: weeks > 0 ? round(accountMinutes / 60 / weeks, 2) : 0,
      others: acc.people.filter((p) => p.personId !== acc.ownerId).map((p) => ({ personId: p.personId, minutes: p.totalMinutes, touches: p.touches })),
      service,
      reason: reasons.length === 0 ? null : reasons.join('; '),
      confidence: known === 2 ? 'high' : known === 1 ? 'medium' : 'low',
    };
  });
}
