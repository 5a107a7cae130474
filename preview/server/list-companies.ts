/**
 * The companies the preview offers to pick from, from Keyline's store: a few of each kind an account manager should
 * look at (Tier 1, near-misses, single-threaded, cadence overdue, Tier 3), or the best matches of a name search.
 */
import type { AccountSummary, Store } from '../../server/src/store/store';

export interface PickableCompany {
  companyId: string;
  companyName: string;
  tier: AccountSummary['tier'];
  score: number;
  nearMiss: boolean;
  singleThreaded: boolean;
  cadenceStatus: AccountSummary['cadenceStatus'];
}

export interface CompanyGroups {
  groups: { key: string; title: string; companies: PickableCompany[] }[];
}

const PER_GROUP = 6;
const SEARCH_RESULTS = 30;

function pickable(s: AccountSummary): PickableCompany {
  return {
    companyId: s.companyId,
    companyName: s.companyName,
    tier: s.tier,
    score: s.score,
    nearMiss: s.nearMiss,
    singleThreaded: s.singleThreaded,
    cadenceStatus: s.cadenceStatus,
  };
}

export async function listPickableCompanies(store: Store, portalId: string, query: string | null): Promise<CompanyGroups> {
  const all = await store.listSnapshotSummaries(portalId);
  const byScore = (a: AccountSummary, b: AccountSummary) => b.score - a.score || a.companyId.localeCompare(b.companyId);
  if (query !== null) {
    const needle = query.toLowerCase();
    const matches = all.filter((s) => s.companyName.toLowerCase().includes(needle) || s.companyId === query).sort(byScore);
    return { groups: [{ key: 'matches', title: `Matching "${query}" (${matches.length})`, companies: matches.slice(0, SEARCH_RESULTS).map(pickable) }] };
  }
  const top = (rows: AccountSummary[]) => rows.sort(byScore).slice(0, PER_GROUP).map(pickable);
  return {
    groups: [
      { key: 'tier-1', title: 'Tier 1 · Strategic', companies: top(all.filter((s) => s.tier === 'tier_1' && !s.nearMiss)) },
      { key: 'near-miss', title: 'Near-misses', companies: top(all.filter((s) => s.nearMiss)) },
      { key: 'single-threaded', title: 'Single-threaded', companies: top(all.filter((s) => s.singleThreaded)) },
      { key: 'overdue', title: 'Cadence overdue', companies: top(all.filter((s) => s.cadenceStatus === 'overdue')) },
      { key: 'tier-3', title: 'Tier 3 · Maintain', companies: top(all.filter((s) => s.tier === 'tier_3')) },
    ],
  };
}
