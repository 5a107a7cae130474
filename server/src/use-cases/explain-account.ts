/**
 * `keyline explain <companyId>`: everything behind one account's verdict, from the last run (reads only the store),
 * the owner named as HubSpot names them, and what HubSpot refused for the company in the last run that covered it.
 * The CLI formats it (cli/format-explain.ts).
 */
import type { AccountResult } from '../domain/types';
import type { Store } from '../store/store';
import { lastRunProblems, type CompanyRunProblems } from '../sync/write-problems';
import type { RelationshipsView } from '@keyline/contract/relationships-view';
import { loadOwnerNamer } from './name-owners';
import { toRelationshipsView } from './read-relationships';

export type { CompanyRunProblems };

/** The explanation's facts; the key order is the one `keyline explain --json` prints. */
export interface AccountExplanation {
  result: AccountResult;
  ownerId: string | null;
  ownerName: string | null;
  computedAt: Date;
  reviewAt: Date | null;
  lastRunProblems: CompanyRunProblems | null;
  /** Our people × their stakeholders, named (issue #16); absent for results stored before the matrix. */
  relationships?: RelationshipsView;
}

/** The explanation, or null when the company has not been computed yet. */
export async function explainCompany(deps: { store: Store; portalId: string }, companyId: string): Promise<AccountExplanation | null> {
  const snap = await deps.store.getSnapshot(deps.portalId, companyId);
  if (!snap) return null;
  const [problems, nameOf] = await Promise.all([lastRunProblems(deps.store, deps.portalId, companyId), loadOwnerNamer(deps.store, deps.portalId)]);
  return {
    result: snap.result,
    ownerId: snap.result.ownerId,
    ownerName: nameOf(snap.result.ownerId),
    computedAt: snap.computedAt,
    reviewAt: snap.reviewAt,
    lastRunProblems: problems,
    ...(snap.result.relationships === undefined ? {} : { relationships: toRelationshipsView(snap.result.relationships, nameOf) }),
  };
}
