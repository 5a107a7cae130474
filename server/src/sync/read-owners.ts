/**
 * The portal's owners, read once per run: their ids decide whom a task may be assigned to (HubSpot refuses an
 * unknown owner), their names are kept in the store so that the report, `explain`, the API and the cards name people
 * instead of showing ids. A dry run keeps them too: they are HubSpot's facts, not Keyline's writes.
 */
import type { KeylineDeps } from './deps';

export async function readOwners(deps: Pick<KeylineDeps, 'gateway' | 'store' | 'portalId' | 'now'>): Promise<Set<string>> {
  const owners = await deps.gateway.listOwners();
  await deps.store.saveOwners(deps.portalId, owners, deps.now());
  return new Set(owners.map((o) => o.ownerId));
}
