/**
 * Attention across the portfolio (issue #16, part 1), computed at report time from the stored snapshots
 * (`measureStoredAttention`, the pass the end of a sync makes too). No HubSpot call.
 */
import type { ScoringModel } from '../domain';
import { assessAttention, type AttentionReport } from '../domain/measure-attention';
import { measureStoredAttention } from '../sync/record-account-attention';
import type { AttentionView } from '@keyline/contract/attention-view';
import type { Store } from '../store/store';

/**
 * `activeOwnerIds`: the owners the portal lists (the store's copy, read by the sync); an account owner not among them
 * has left. Null or empty: not known.
 */
export async function readAttention(store: Store, portalId: string, model: ScoringModel, now: Date, activeOwnerIds: ReadonlySet<string> | null = null): Promise<AttentionReport> {
  return assessAttention(await measureStoredAttention(store, portalId, model, now), model, { activeOwnerIds });
}

/** At most this many over- and under-served accounts are listed per owner (their full counts travel beside them). */
export const ATTENTION_LIST_LIMIT = 10;

/** The API's shape: owners named, lists capped; with an owner filter, only that owner. */
export function toAttentionView(report: AttentionReport, nameOf: (id: string | null) => string | null, ownerId: string | null = null): AttentionView {
  const name = (id: string) => nameOf(id) ?? id;
  return {
    windowDays: report.windowDays,
    owners: report.owners
      .filter((o) => ownerId === null || o.ownerId === ownerId)
      .map((o) => ({
        ownerId: o.ownerId,
        ownerName: name(o.ownerId),
        departed: o.departed,
        accountsOwned: o.accountsOwned,
        untouchedTier1: o.untouchedTier1,
        totalMinutes: o.totalMinutes,
        hoursPerWeek: o.hoursPerWeek,
        capacityHoursPerWeek: o.capacityHoursPerWeek,
        tier1Count: o.tier1Count,
        tier1Max: o.tier1Max,
        overCapacity: o.overCapacity,
        byTier: o.byTier,
        otherAccountsShare: o.otherAccountsShare,
        overServed: o.overServed.slice(0, ATTENTION_LIST_LIMIT),
        underServed: o.underServed.slice(0, ATTENTION_LIST_LIMIT),
        counts: { overServed: o.overServed.length, underServed: o.underServed.length },
        suggestions: o.suggestions.map((s) => ({
          companyId: s.companyId, companyName: s.companyName, tier: s.tier, toOwnerId: s.toOwnerId, toOwnerName: name(s.toOwnerId), minutes: s.minutes, reason: s.reason,
        })),
      })),
  };
}
