/**
 * The account as the card shows it: the stored snapshot of a company with its open Keyline tasks, its tier history
 * and its owner by name. Reads only the store (a fresh read first is `recomputeAccount`, account-actions.ts).
 */
import { withOnboardingLedger } from '../domain/onboarding-gaps';
import type { AccountResult, Tier } from '../domain/types';
import type { Store, TaskLedgerEntry } from '../store/store';
import { loadOwnerNamer } from './name-owners';

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
    },
  };
}

function toOpenTask(t: TaskLedgerEntry): OpenKeylineTask[] {
  // A pending intent has no HubSpot task yet: nothing the card can link to.
  if (t.status !== 'open' || t.taskId === null) return [];
  return [{ taskId: t.taskId, gapKey: t.gapKey, title: t.subject, createdAt: t.createdAt }];
}
