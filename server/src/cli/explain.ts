/**
 * `keyline explain <companyId>`: everything behind one account's verdict, from the last run (reads only the store),
 * the owner named as HubSpot names them, and what HubSpot refused for the company in the last run that covered it.
 */
import { explainAccount } from '../domain';
import type { Store } from '../store/store';
import { formatRunProblems, lastRunProblems } from '../sync/write-problems';
import { loadOwnerNamer } from '../use-cases/name-owners';

/** The explanation as text (or JSON), or null when the company has not been computed yet. */
export async function explainCompany(deps: { store: Store; portalId: string }, companyId: string, opts: { json: boolean }): Promise<string | null> {
  const snap = await deps.store.getSnapshot(deps.portalId, companyId);
  if (!snap) return null;
  const [problems, nameOf] = await Promise.all([lastRunProblems(deps.store, deps.portalId, companyId), loadOwnerNamer(deps.store, deps.portalId)]);
  const ownerName = nameOf(snap.result.ownerId);
  if (opts.json) {
    return JSON.stringify(
      { result: snap.result, ownerId: snap.result.ownerId, ownerName, computedAt: snap.computedAt, reviewAt: snap.reviewAt, lastRunProblems: problems },
      null,
      2,
    );
  }
  const text = explainAccount(snap.result, { ownerName });
  return problems ? `${text}\n\n${formatRunProblems(problems)}` : text;
}
