/**
 * The account view's plan and attention blocks (issue #16, parts 1 and 4), read for one company: the plan from the
 * stored input (what HubSpot held at the last read) assessed under the scoring model in force as of the snapshot's
 * computedAt, and the attention record the last completed sync kept for the company (one keyed read, no portfolio
 * scan). Reads only the store.
 */
import type { AccountAttentionRecord } from '../domain/account-attention';
import { describePlanReview, type PlanReview } from '../domain/describe-plan-review';
import type { AccountPlan, AccountResult } from '../domain/types';
import type { Store } from '../store/store';
import { loadScoringModel } from '../sync/deps';

export interface AccountAttentionRead {
  record: AccountAttentionRecord;
  measuredAt: Date;
  ownerName: string | null;
  /** Names of the other people, by person id. */
  names: Record<string, string>;
}

export async function readPlanReview(deps: { store: Store; portalId: string }, plan: AccountPlan | undefined, result: AccountResult): Promise<PlanReview> {
  const { model } = await loadScoringModel(deps);
  return describePlanReview(plan, result.tier.tier, model.plans, result.computedAt);
}

export async function readAccountAttention(
  deps: { store: Store; portalId: string },
  companyId: string,
  nameOf: (id: string | null) => string | null,
): Promise<AccountAttentionRead | undefined> {
  const found = await deps.store.getAccountAttention(deps.portalId, companyId);
  if (found === null) return undefined;
  const names = Object.fromEntries(found.record.others.map((p) => [p.personId, nameOf(p.personId) ?? p.personId]));
  return { ...found, ownerName: nameOf(found.record.ownerId), names };
}
