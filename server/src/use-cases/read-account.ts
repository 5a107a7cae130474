/**
 * The account as the card shows it: the stored snapshot of a company with its open Keyline tasks, its tier history
 * and its owner by name. Reads only the store (a fresh read first is `recomputeAccount`, account-actions.ts).
 */
import { withOnboardingLedger } from '../domain/onboarding-gaps';
import type { AccountResult, Tier } from '../domain/types';
import type { Store, TaskLedgerEntry } from '../store/store';
import { loadOwnerNamer } from './name-owners';
import { readAccountAttention, readPlanReview, type AccountAttentionRead } from './read-account-extras';
import type { PlanReview } from '../domain/describe-plan-review';
import { toRelationshipsView } from './read-relationships';
import type { RelationshipsView } from '@keyline/contract/relationships-view';

/** The card's tier chart shows at most this many changes. */
const TIER_HISTORY_LIMIT = 100;

/** A Keyline task still open in HubSpot for a company. */
export interface OpenKeylineTask {
  taskId: string;
  gapKey: string;
  title: string;
  createdAt: Date;
}

/** One point of the account's tier history (one per change, oldest first). */
export interface TierHistoryEntry {
  at: Date;
  tier: Tier;
  score: number;
}

/** Everything the account view is made of. */
export interface AccountSnapshot {
  result: AccountResult;
  /** The owner as a person reads it (name, else email, else "Owner <id>"); null when the account has no owner. */
  ownerName: string | null;
  openTasks: OpenKeylineTask[];
  tierHistory: TierHistoryEntry[];
  /** The light account plan and its review (issue #16); absent only in hand-made snapshots. */
  plan?: PlanReview;
  /** The account's share of its owner's time as the last completed sync measured it (issue #16); absent before. */
  attention?: AccountAttentionRead;
  /** Our people × their stakeholders, named (issue #16); absent for results stored before the matrix. */
  relationships?: RelationshipsView;
}

export type AccountLookup =
  | { ok: true; account: AccountSnapshot }
  | { ok: false; error: 'company_not_found' | 'not_computed_yet' };

export async function readAccount(deps: { store: Store; portalId: string }, companyId: string): Promise<AccountLookup> {
  const { store, portalId } = deps;
  const snapshot = await store.getSnapshot(portalId, companyId);
  if (!snapshot) return { ok: false, error: 'not_computed_yet' };
  const [tasks, history, nameOf] = await Promise.all([
    store.listOpenTasks(portalId, companyId),
    store.getTierHistory(portalId, companyId, { limit: TIER_HISTORY_LIMIT }),
    loadOwnerNamer(store, portalId),
  ]);
  const [plan, attention] = await Promise.all([readPlanReview(deps, snapshot.input.company.plan, snapshot.result), readAccountAttention(deps, companyId, nameOf)]);
  // A card recompute since the last sync stored a fresh result: what the onboarding ledger knows is applied again.
  const onboarding = snapshot.result.onboarding === undefined ? [] : await store.listOnboardingItems(portalId, [companyId]);
  return {
    ok: true,
    account: {
      result: withOnboardingLedger(snapshot.result, onboarding),
      ownerName: nameOf(snapshot.result.ownerId),
      openTasks: tasks.flatMap(toOpenTask),
      // The store answers newest first; the card charts oldest first.
      tierHistory: history.map((h) => ({ at: h.at, tier: h.tier, score: h.score })).reverse(),
      plan,
      ...(attention === undefined ? {} : { attention }),
      ...(snapshot.result.relationships === undefined ? {} : { relationships: toRelationshipsView(snapshot.result.relationships, nameOf) }),
    },
  };
}

function toOpenTask(t: TaskLedgerEntry): OpenKeylineTask[] {
  // A pending intent has no HubSpot task yet: nothing the card can link to.
  if (t.status !== 'open' || t.taskId === null) return [];
  return [{ taskId: t.taskId, gapKey: t.gapKey, title: t.subject, createdAt: t.createdAt }];
}
