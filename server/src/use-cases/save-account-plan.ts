/**
 * Saves the light account plan from the card (issue #16): HubSpot is written first (the five human-owned
 * `keyline_plan_*` properties, with their audit rows), then the account is recomputed from HubSpot so the stored
 * snapshot (and the plan-review gap) follows at once.
 */
import type { SaveAccountPlanRequest } from '@keyline/contract/account-plan';
import { auditedWrite } from '../sync/settle-audit';
import type { KeylineDeps } from '../sync/deps';
import { recomputeAccount, type RecomputeResult } from './account-actions';

export function planProperties(plan: SaveAccountPlanRequest, now: Date): Record<string, string> {
  return {
    keyline_plan_objectives: plan.objectives,
    keyline_plan_current_issues: plan.currentIssues,
    keyline_plan_upsell: plan.upsellPlan,
    keyline_plan_next_review: plan.nextReviewDate ?? '',
    keyline_plan_updated_at: now.toISOString(),
  };
}

export async function saveAccountPlan(deps: KeylineDeps, companyId: string, plan: SaveAccountPlanRequest): Promise<RecomputeResult> {
  const res = await auditedWrite(deps, [{ companyId, properties: planProperties(plan, deps.now()) }], null);
  if (!res.succeeded.includes(companyId)) {
    const failure = res.failed[0]?.message ?? '';
    if (/not.?found|does not exist|OBJECT_NOT_FOUND|Could not get/i.test(failure) || failure === '' || failure === 'not updated') {
      return { ok: false, error: 'company_not_found' };
    }
    throw new Error(`could not save the account plan: ${failure}`);
  }
  return recomputeAccount(deps, companyId);
}
