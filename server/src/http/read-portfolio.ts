/**
 * The portfolio summary from stored snapshots: tier distribution, the near-miss pipeline, overdue and single-threaded
 * accounts (each list the 100 highest-scoring, with its full count), and every owner's tier-1 load against the
 * capacity range. Reads only the store.
 */
import { summarizeCapacity, type CapacityEntry, type ScoringModel } from '../domain';
import type { Tier } from '../domain/types';
import type { AccountSnapshot, AccountSummary, Store } from '../store/store';
import type { PortfolioAccount, PortfolioFilter, PortfolioSummary } from './services';

export const PORTFOLIO_LIST_LIMIT = 100;

export async function readPortfolio(
  store: Store,
  portalId: string,
  model: ScoringModel,
  filter: PortfolioFilter,
): Promise<PortfolioSummary> {
  // Capacity counts all of an owner's tier-1 accounts, so the tier filter is applied after it.
  const ownerRows = await store.listSnapshotSummaries(portalId, filter.ownerId ? { ownerId: filter.ownerId } : {});
  const rows = filter.tier ? ownerRows.filter((r) => r.tier === filter.tier) : ownerRows;

  const tierDistribution: Record<Tier, number> = { tier_1: 0, tier_2: 0, tier_3: 0 };
  for (const r of rows) tierDistribution[r.tier] += 1;

  const byScore = (a: AccountSummary, b: AccountSummary) => b.score - a.score || a.companyId.localeCompare(b.companyId);
  const nearMissRows = rows.filter((r) => r.nearMiss).sort(byScore);
  const overdueRows = rows.filter((r) => r.cadenceStatus === 'overdue').sort(byScore);
  const singleRows = rows.filter((r) => r.singleThreaded).sort(byScore);
  const listed = [nearMissRows, overdueRows, singleRows].map((l) => l.slice(0, PORTFOLIO_LIST_LIMIT));
  const ids = [...new Set(listed.flat().map((r) => r.companyId))];
  const full = ids.length > 0 ? await store.getSnapshots(portalId, ids) : new Map<string, AccountSnapshot>();
  const toAccounts = (list: AccountSummary[]) =>
    list.flatMap((r) => {
      const s = full.get(r.companyId);
      return s ? [toPortfolioAccount(s)] : [];
    });

  const entries: CapacityEntry[] = ownerRows.map((r) => ({
    companyId: r.companyId,
    ownerId: r.ownerId,
    computedTier: r.computedTier,
    score: r.score,
    override: r.override,
  }));
  const owners = summarizeCapacity(entries, model).map((o) => ({
    ownerId: o.ownerId,
    tier1Accounts: o.tier1Accounts,
    min: o.min,
    max: o.max,
    status: o.overCapacity ? ('over' as const) : o.underMin ? ('under' as const) : ('within' as const),
  }));

  // The owner filter offers every owner; with an owner filter the rows above hold only that owner's accounts.
  const everyOwnerRow = filter.ownerId ? await store.listSnapshotSummaries(portalId) : ownerRows;
  const ownerIds = [...new Set(everyOwnerRow.flatMap((r) => (r.ownerId === null ? [] : [r.ownerId])))].sort(byNumericId);

  const computedAt = rows.reduce<Date | null>((latest, r) => (latest && latest >= r.computedAt ? latest : r.computedAt), null);
  return {
    accounts: rows.length,
    tierDistribution,
    nearMiss: toAccounts(listed[0] ?? []),
    overdue: toAccounts(listed[1] ?? []),
    singleThreaded: toAccounts(listed[2] ?? []),
    counts: { nearMiss: nearMissRows.length, overdue: overdueRows.length, singleThreaded: singleRows.length },
    owners,
    ownerIds,
    computedAt,
  };
}

/** Owner ids are numeric strings: 9 before 10. */
function byNumericId(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

function toPortfolioAccount(s: AccountSnapshot): PortfolioAccount {
  const r = s.result;
  return {
    companyId: s.companyId,
    companyName: s.companyName,
    ownerId: s.ownerId,
    tier: s.tier,
    score: s.score,
    nextTier: r.tier.nextTier,
    nextTierGap: r.tier.nextTierGap,
    nearMiss: s.nearMiss,
    cadenceStatus: s.cadenceStatus,
    nextTouchDue: r.cadence.nextTouchDue,
    singleThreaded: s.singleThreaded,
    engagedStakeholders: r.coverage.engagedStakeholders,
    closeTheGap: r.tier.closeTheGap.map((g) => g.text),
    computedAt: s.computedAt,
  };
}
