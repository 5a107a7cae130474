/**
 * The decision the sync makes for the stored portfolio under a scoring model, written once: the sync's capacity and
 * write phases and the settings preview all call it, so what the preview predicts is what the next sync writes.
 *
 *  - An account stored under this model keeps its result: its stored input rescored at the moment it was computed
 *    gives the same result (scoring is deterministic).
 *  - An account stored under another model is rescored from its stored input at the moment it was computed (so only
 *    the model differs), with Keyline's values as HubSpot holds them now: the hysteresis band is measured from the tier
 *    HubSpot shows (as a fresh read of the company would), and an override stays final.
 *  - The capacity policy is assessed over every account (each owner's tier-1 count) and demotes per owner
 *    (`assessCapacity`, `tierAfterCapacity`).
 *
 * Reads the store only; writes nothing.
 */
import {
  capacityEntryOf,
  assessCapacity,
  scoreAccountWithOutcomes,
  tierAfterCapacity,
  toCapacityEntry,
  type CapacityEntry,
  type CapacityVerdict,
  type ScoringModel,
} from '../domain';
import { TIERS, type AccountInput, type AccountResult, type Product, type Tier } from '../domain/types';
import type { AccountSnapshot, AccountSummary, Store } from '../store/store';

type StoredAccount = Pick<AccountSnapshot, 'input' | 'result' | 'computedAt' | 'writtenValues' | 'tier'>;

const KNOWN_TIERS: ReadonlySet<string> = new Set(TIERS);

/** The tier HubSpot holds for the company (`keyline_tier` as last written or read), else the stored tier. */
export function heldTier(snap: Pick<AccountSnapshot, 'writtenValues' | 'tier'>): Tier {
  const held = snap.writtenValues['keyline_tier'];
  return typeof held === 'string' && KNOWN_TIERS.has(held) ? (held as Tier) : snap.tier;
}

/** The stored input as a read of HubSpot would give it now: Keyline's own tier as HubSpot holds it. */
export function heldInput(snap: Pick<AccountSnapshot, 'input' | 'writtenValues'>): AccountInput {
  const held = snap.writtenValues['keyline_tier'];
  const tier = typeof held === 'string' && KNOWN_TIERS.has(held) ? (held as Tier) : null;
  const company = snap.input.company;
  if ((company.stored?.tier ?? null) === tier) return snap.input;
  return { ...snap.input, company: { ...company, stored: { tier, override: company.stored?.override ?? null } } };
}

export interface StoredDecision {
  /** The input the result was computed from (saved with the result, so a later rescoring gives the same result). */
  input: AccountInput;
  /** The result before the capacity step. */
  base: AccountResult;
}

/**
 * A stored account's result before capacity under `model` (whose version is `version`), with its outcomes recomputed
 * from the stored input against the product library `products`; see the header.
 */
export function decideStored(snap: StoredAccount, model: ScoringModel, version: string, products: readonly Product[] = []): StoredDecision {
  const input = snap.result.modelVersion === version ? snap.input : heldInput(snap);
  try {
    return { input, base: scoreAccountWithOutcomes(input, model, snap.computedAt, products) };
  } catch {
    // Inputs the engine cannot score (never seen: junk becomes null at the edge) keep the result they have.
    return { input: snap.input, base: snap.result };
  }
}

export interface PortfolioDecision {
  /** Per company: its capacity entry under the model (the tier its score earns, override, owner) and the tier HubSpot holds. */
  accounts: Map<string, { entry: CapacityEntry; held: Tier | null }>;
  verdicts: Map<string, CapacityVerdict>;
}

export interface DecideOptions {
  /** The model's version (`scoringModelVersion(model)`). */
  version: string;
  /** Accounts scored in this run and not (yet) in the store, or newer than it (a dry run's). */
  fresh?: ReadonlyMap<string, CapacityEntry>;
  /**
   * The light rows of the stored accounts when every one of them is known to be on this model (the sync's nightly
   * case): their stored results are used as they are, without reading the inputs. Absent: every snapshot is read, and
   * the accounts stored under another model are rescored.
   */
  storedOnModel?: readonly AccountSummary[];
}

/** Every stored account's tier under `model` before capacity, and the capacity verdicts over the whole portfolio. */
export async function decidePortfolio(store: Store, portalId: string, model: ScoringModel, opts: DecideOptions): Promise<PortfolioDecision> {
  const fresh = opts.fresh ?? new Map<string, CapacityEntry>();
  const accounts = new Map<string, { entry: CapacityEntry; held: Tier | null }>();
  if (opts.storedOnModel) {
    for (const s of opts.storedOnModel) accounts.set(s.companyId, { entry: fresh.get(s.companyId) ?? capacityEntryOf(s), held: s.tier });
  } else {
    // Only light entries are kept per account, so memory stays small however large the portfolio.
    for await (const snap of store.streamSnapshots(portalId, { pageSize: 200 })) {
      const entry =
        fresh.get(snap.companyId) ??
        (snap.result.modelVersion === opts.version ? capacityEntryOf(snap) : toCapacityEntry(decideStored(snap, model, opts.version).base));
      accounts.set(snap.companyId, { entry, held: heldTier(snap) });
    }
  }
  for (const [id, entry] of fresh) if (!accounts.has(id)) accounts.set(id, { entry, held: null });
  const verdicts = assessCapacity([...accounts.values()].map((a) => a.entry), model);
  return { accounts, verdicts };
}

export interface TierChange {
  companyId: string;
  from: Tier;
  to: Tier;
}

/**
 * The tier changes the next sync would write if `model` were saved now and nothing changed in HubSpot: for every
 * stored account, the tier HubSpot holds against the tier the sync's decision gives it.
 */
export async function predictTierChanges(
  store: Store,
  portalId: string,
  model: ScoringModel,
  version: string,
): Promise<{ accountsEvaluated: number; changes: TierChange[] }> {
  const decision = await decidePortfolio(store, portalId, model, { version });
  const changes: TierChange[] = [];
  for (const [companyId, { entry, held }] of decision.accounts) {
    const next = tierAfterCapacity(entry, decision.verdicts.get(companyId));
    if (held !== null && held !== next) changes.push({ companyId, from: held, to: next });
  }
  return { accountsEvaluated: decision.accounts.size, changes };
}
