/**
 * The card's endpoints over the `ApiServices` port, each one call from a route: the use case (recompute | create task |
 * override, server/src/use-cases/account-actions.ts) → the stored account (use-cases/read-account.ts) → the contract's
 * view (to-account-view.ts).
 */
import type { AccountView, TierValue } from '@keyline/contract/account-view';
import type { ApiServices, FollowUpTaskRequest } from './services';
import { toAccountView } from './to-account-view';

export type AccountViewOutcome = { ok: true; view: AccountView } | { ok: false; error: string; message?: string };

/** The stored view; with `fresh`, recomputed from HubSpot first. */
export async function readAccountView(
  services: ApiServices,
  companyId: string,
  options: { fresh: boolean },
): Promise<AccountViewOutcome> {
  if (options.fresh) {
    const recomputed = await services.recomputeAccount(companyId);
    if (!recomputed.ok) return recomputed;
  }
  const lookup = await services.getAccount(companyId);
  return lookup.ok ? { ok: true, view: toAccountView(lookup.account) } : lookup;
}

export function recomputeAccountView(services: ApiServices, companyId: string): Promise<AccountViewOutcome> {
  return readAccountView(services, companyId, { fresh: true });
}

export async function overrideTier(
  services: ApiServices,
  companyId: string,
  tier: TierValue | null,
): Promise<AccountViewOutcome> {
  const outcome = await services.setTierOverride(companyId, tier);
  if (!outcome.ok) return outcome;
  return readAccountView(services, companyId, { fresh: false });
}

export function createFollowUpTask(services: ApiServices, companyId: string, request: FollowUpTaskRequest) {
  return services.createFollowUpTask(companyId, request);
}
