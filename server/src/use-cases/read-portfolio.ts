/**
 * The portfolio as executives read it, in one shape for everyone: `GET /api/v1/portfolio` answers it and
 * `keyline report --json` prints it (the text report is formatted from it). Built from the stored snapshots and the
 * owners' names the last sync kept; no HubSpot call.
 *
 * What it holds: the tier distribution, the near-miss pipeline, overdue and single-threaded accounts (each list its
 * 100 highest-scoring accounts, ties by company id, with its full count), and every owner's tier-1 load against the
 * capacity range (`over`, `within`, `under`), people named as HubSpot names them with their ids beside the names.
 * The shape is the API contract, `portfolioViewSchema` (extensions/api/portfolio-view.ts).
 */
import type { PortfolioAccountView, PortfolioView } from '@keyline/contract/portfolio-view';
import { capacityEntryOf, ownerNamer, summarizeCapacity, type ScoringModel } from '../domain';
import type { Tier } from '../domain/types';
import type { AccountSnapshot, AccountSummary, Store } from '../store/store';
import { loadScoringModel, type KeylineDeps } from '../sync/deps';
import { readPortfolioKpis } from './read-portfolio-kpis';
import { readAttention, toAttentionView } from './read-attention';
import { readOnboarding } from './read-onboarding';

export type { PortfolioView };

/** Each list of the portfolio holds at most this many accounts (its full size is in `counts`). */
export const PORTFOLIO_LIST_LIMIT = 100;

export interface PortfolioFilter {
  ownerId?: string | null | undefined;
  tier?: Tier | null | undefined;
}

/** Numeric HubSpot ids as strings, in numeric order (9 before 10) without parsing them. */
export function byNumericId(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Highest score first; equal scores by company id, so every reader lists the same accounts in the same order. */
function byScore(a: AccountSummary, b: AccountSummary): number {
  return b.score - a.score || byNumericId(a.companyId, b.companyId);
}

export async function readPortfolio(store: Store, portalId: string, model: ScoringModel, filter: PortfolioFilter = {}): Promise<PortfolioView> {
  const ownerFilter = filter.ownerId ?? null;
  const tierFilter = filter.tier ?? null;
  // Capacity counts all of an owner's tier-1 accounts, so the tier filter is applied after it.
  const [everyRow, owners] = await Promise.all([store.listSnapshotSummaries(portalId), store.listOwners(portalId)]);
  const nameOf = ownerNamer(owners);
  const kpis = await readPortfolioKpis(store, portalId, { ownerId: ownerFilter, tier: tierFilter }, nameOf);
  const ownerRows = ownerFilter === null ? everyRow : everyRow.filter((r) => r.ownerId === ownerFilter);
  const rows = tierFilter === null ? ownerRows : ownerRows.filter((r) => r.tier === tierFilter);

  const tierDistribution: Record<Tier, number> = { tier_1: 0, tier_2: 0, tier_3: 0 };
  for (const r of rows) tierDistribution[r.tier] += 1;

  const nearMissRows = rows.filter((r) => r.nearMiss).sort(byScore);
  const overdueRows = rows.filter((r) => r.cadenceStatus === 'overdue').sort(byScore);
  const singleRows = rows.filter((r) => r.singleThreaded).sort(byScore);
  const listed = [nearMissRows, overdueRows, singleRows].map((l) => l.slice(0, PORTFOLIO_LIST_LIMIT));
  const ids = [...new Set(listed.flat().map((r) => r.companyId))];
  const full = ids.length > 0 ? await store.getSnapshots(portalId, ids) : new Map<string, AccountSnapshot>();
  const toAccounts = (list: readonly AccountSummary[] | undefined): PortfolioAccountView[] =>
    (list ?? []).flatMap((r) => {
      const s = full.get(r.companyId);
      return s ? [toPortfolioAccount(s, nameOf(s.ownerId))] : [];
    });

  // An owner the portal no longer lists has left: not "under the minimum" (nobody can hand them accounts) nor over;
  // their book shows in `attention` as needing a new owner. Before the owners are first read, everyone counts.
  const activeOwners = new Set(owners.map((o) => o.ownerId));
  const capacity = summarizeCapacity(ownerRows.map(capacityEntryOf), model)
    .filter((o) => activeOwners.size === 0 || activeOwners.has(o.ownerId))
    .sort((a, b) => byNumericId(a.ownerId, b.ownerId))
    .map((o) => ({
      ownerId: o.ownerId,
      ownerName: nameOf(o.ownerId) ?? o.ownerId,
      tier1Accounts: o.tier1Accounts,
      min: o.min,
      max: o.max,
      status: o.overCapacity ? ('over' as const) : o.underMin ? ('under' as const) : ('within' as const),
    }));

  // The owner filter offers every owner with a scored account, whatever the filter.
  const ownerIds = [...new Set(everyRow.flatMap((r) => (r.ownerId === null || r.ownerId === '' ? [] : [r.ownerId])))].sort(byNumericId);
  const computedAt = rows.reduce<Date | null>((latest, r) => (latest && latest >= r.computedAt ? latest : r.computedAt), null);
  // Attention is measured as of the latest run (not the clock), so the report and the API agree and repeat.
  const attention = computedAt === null ? null : toAttentionView(await readAttention(store, portalId, model, computedAt, activeOwners), nameOf, ownerFilter);
  const onboarding = await readOnboarding(store, portalId, nameOf, { ownerId: ownerFilter, tier: tierFilter });
  return {
    filter: { ownerId: ownerFilter, tier: tierFilter },
    accounts: rows.length,
    tierDistribution,
    nearMiss: toAccounts(listed[0]),
    overdue: toAccounts(listed[1]),
    singleThreaded: toAccounts(listed[2]),
    counts: { nearMiss: nearMissRows.length, overdue: overdueRows.length, singleThreaded: singleRows.length },
    owners: capacity,
    ownerIds,
    ownerNames: Object.fromEntries(ownerIds.map((id) => [id, nameOf(id) ?? id])),
    computedAt: computedAt ? computedAt.toISOString() : null,
    kpis,
    ...(attention === null ? {} : { attention }),
    ...(onboarding === null ? {} : { onboarding }),
  };
}

function toPortfolioAccount(s: AccountSnapshot, ownerName: string | null): PortfolioAccountView {
  const r = s.result;
  return {
    companyId: s.companyId,
    companyName: s.companyName,
    ownerId: s.ownerId,
    ownerName,
    tier: s.tier,
    score: s.score,
    nextTier: r.tier.nextTier,
    nextTierGap: r.tier.nextTierGap,
    nearMiss: s.nearMiss,
    cadenceStatus: s.cadenceStatus,
    nextTouchDue: r.cadence.nextTouchDue ? r.cadence.nextTouchDue.toISOString() : null,
    singleThreaded: s.singleThreaded,
    engagedStakeholders: r.coverage.engagedStakeholders,
    closeTheGap: r.tier.closeTheGap.map((g) => g.text),
    computedAt: s.computedAt.toISOString(),
  };
}

/** The portfolio under the model in force now (the API's `GET /api/v1/portfolio`). */
export async function readCurrentPortfolio(deps: Pick<KeylineDeps, 'store' | 'portalId' | 'logger'>, filter: PortfolioFilter = {}): Promise<PortfolioView> {
  const { model } = await loadScoringModel(deps);
  return readPortfolio(deps.store, deps.portalId, model, filter);
}
