/**
 * Owners by name for every reader (report, `explain`, the account view): the names the last sync kept in the store,
 * else the email, else "Owner <id>". Reads only the store.
 */
import { ownerNamer } from '../domain';
import type { Store } from '../store/store';

export async function loadOwnerNamer(store: Store, portalId: string): Promise<(ownerId: string | null) => string | null> {
  return ownerNamer(await store.listOwners(portalId));
}
