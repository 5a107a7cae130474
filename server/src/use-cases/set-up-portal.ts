/**
 * `keyline setup`: the "keyline" property group, every Keyline company property and, on request, the saved lists,
 * created or updated idempotently in HubSpot.
 */
import type { SetupReport } from '../hubspot/gateway';
import type { KeylineDeps } from '../sync/deps';

export type { SetupReport };
export { PropertyConflict } from '../hubspot/errors';

export function setUpPortal(deps: Pick<KeylineDeps, 'gateway'>, options: { lists: boolean }): Promise<SetupReport> {
  return deps.gateway.setup(options);
}
