/**
 * Capacity across a portfolio (SPEC §2.2): each owner should hold between `capacity.min` and `capacity.max` tier-1
 * accounts. Owners above the cap are flagged on all their tier-1 accounts; under the policy `cap` the lowest-scoring
 * surplus is demoted to tier 2, with the reason recorded. Overrides count towards the cap but are never demoted.
 *
 * Works on small entries rather than whole results, so an incremental sync can assess the whole portfolio from stored
 * snapshots and apply the verdicts to the accounts it rescored.
 */
import { formatPoints } from './format-values';
import type { ScoringModel } from './scoring-model';
import type { AccountResult, Tier } from './types';

export interface CapacityEntry {
  readonly companyId: string;
  readonly ownerId: string | null;
  readonly computedTier: Tier;
  readonly score: number;
  readonly override: Tier | null;
}

export interface CapacityVerdict {
  /** The account is tier 1 (before the policy) and its owner holds more tier-1 accounts than the cap. */
  readonly ownerOverCapacity: boolean;
  /** Under the policy `cap`: demote this account to tier 2. */
  readonly demoted: boolean;
  /** The owner's tier-1 accounts before the policy, and the cap (for the explanation). */
  readonly tier1Accounts?: number;
  readonly max?: number;
}

export interface OwnerCapacity {
  ownerId: string;
  tier1Accounts: number;
  max: number;
  min: number;
  overCapacity: boolean;
  underMin: boolean;
}

const NO_VERDICT: CapacityVerdict = { ownerOverCapacity: false, demoted: false };

function effectiveTier(entry: CapacityEntry): Tier {
  return entry.override ?? entry.computedTier;
}

function groupTier1ByOwner(entries: readonly CapacityEntry[]): Map<string, CapacityEntry[]> {
  const byOwner = new Map<string, CapacityEntry[]>();
  for (const entry of entries) {
    if (entry.ownerId === null || entry.ownerId === '') continue;
    const list = byOwner.get(entry.ownerId) ?? [];
    if (!byOwner.has(entry.ownerId)) byOwner.set(entry.ownerId, list);
    if (effectiveTier(entry) === 'tier_1') list.push(entry);
  }
  return byOwner;
}

/** A verdict for every entry, keyed by company id. Accounts without an owner are never over capacity. */
export function assessCapacity(entries: readonly CapacityEntry[], model: ScoringModel): Map<string, CapacityVerdict> {
  const { max, policy } = model.capacity;
  const verdicts = new Map<string, CapacityVerdict>();
  for (const entry of entries) verdicts.set(entry.companyId, NO_VERDICT);
  for (const tier1 of groupTier1ByOwner(entries).values()) {
    if (tier1.length <= max) continue;
    const demoted = new Set<string>();
    if (policy === 'cap') {
      const candidates = tier1
        .filter((e) => e.override === null)
        .sort((a, b) => a.score - b.score || (a.companyId < b.companyId ? -1 : a.companyId > b.companyId ? 1 : 0));
      for (const entry of candidates.slice(0, tier1.length - max)) demoted.add(entry.companyId);
    }
    for (const entry of tier1) {
      verdicts.set(entry.companyId, {
        ownerOverCapacity: true,
        demoted: demoted.has(entry.companyId),
        tier1Accounts: tier1.length,
        max,
      });
    }
  }
  return verdicts;
}

/** One line per owner (sorted by owner id): tier-1 accounts against the configured range. */
export function summarizeCapacity(entries: readonly CapacityEntry[], model: ScoringModel): OwnerCapacity[] {
  const { min, max } = model.capacity;
  return [...groupTier1ByOwner(entries).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ownerId, tier1]) => ({
      ownerId,
      tier1Accounts: tier1.length,
      max,
      min,
      overCapacity: tier1.length > max,
      underMin: tier1.length < min,
    }));
}

function capacityWords(verdict: CapacityVerdict): string {
  return verdict.tier1Accounts !== undefined && verdict.max !== undefined
    ? ` (${verdict.tier1Accounts} tier-1 accounts, cap ${verdict.max})`
    : '';
}

/**
 * The tier an account ends with once its capacity verdict is applied: an override is final; a tier-1 account the
 * verdict demotes becomes tier 2; any other keeps the tier its score earned. The one rule behind both the written
 * tier (`applyCapacityVerdict`) and the settings preview's prediction.
 */
export function tierAfterCapacity(entry: CapacityEntry, verdict: CapacityVerdict | undefined): Tier {
  if (entry.override !== null) return entry.override;
  return verdict?.demoted === true && entry.computedTier === 'tier_1' ? 'tier_2' : entry.computedTier;
}

/** A new result with the capacity verdict applied (a missing verdict means: not over capacity, not demoted). */
export function applyCapacityVerdict(result: AccountResult, verdict: CapacityVerdict | undefined): AccountResult {
  const v = verdict ?? NO_VERDICT;
  const { demotedView, ...rest } = result;
  const demote = tierAfterCapacity(toCapacityEntry(result), v) !== result.tier.tier;
  if (!demote) {
    return {
      ...rest,
      tier: {
        ...result.tier,
        ownerOverCapacity: v.ownerOverCapacity,
        demotedByCapacity: false,
        reasons: v.ownerOverCapacity ? `${result.tier.reasons}; owner over capacity${capacityWords(v)}` : result.tier.reasons,
      },
    };
  }
  return {
    ...rest,
    tier: {
      ...result.tier,
      tier: 'tier_2',
      ownerOverCapacity: v.ownerOverCapacity,
      demotedByCapacity: true,
      reasons: `Demoted to Tier 2 by the capacity cap: the owner holds too many tier-1 accounts${capacityWords(v)} and this one scores lowest (${formatPoints(result.tier.score)}); ${result.tier.reasons}`,
    },
    ...(demotedView === undefined ? {} : { coverage: demotedView.coverage, cadence: demotedView.cadence, gaps: demotedView.gaps }),
  };
}

export function toCapacityEntry(result: AccountResult): CapacityEntry {
  return {
    companyId: result.companyId,
    ownerId: result.ownerId,
    computedTier: result.tier.computedTier,
    score: result.tier.score,
    override: result.tier.override,
  };
}

/**
 * The capacity entry of a stored row (a snapshot summary, or anything with the same five fields): only those fields,
 * so a list of entries holds no more than capacity needs.
 */
export function capacityEntryOf(row: CapacityEntry): CapacityEntry {
  return { companyId: row.companyId, ownerId: row.ownerId, computedTier: row.computedTier, score: row.score, override: row.override };
}

/** The capacity policy over a whole portfolio of fresh results. */
export function applyCapacityPolicy(results: readonly AccountResult[], model: ScoringModel): AccountResult[] {
  const verdicts = assessCapacity(results.map(toCapacityEntry), model);
  return results.map((r) => applyCapacityVerdict(r, verdicts.get(r.companyId)));
}
