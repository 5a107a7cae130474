/**
 * What a candidate scoring model would do, before it is saved: every stored account input is re-scored with it (at
 * the moment the account was last computed, so only the model differs), the capacity policy is applied over the whole
 * portfolio, and the resulting tiers are compared with the tiers the accounts have now. Reads only; writes nothing.
 */
import { assessCapacity, parseScoringModel, scoreAccount, type CapacityEntry } from '../domain';
import type { Tier } from '../domain/types';
import type { Store } from '../store/store';
import type { SettingsPreviewOutcome, TierTransitionCount } from './services';

const EMPTY_PREVIEW = { accountsEvaluated: 0, tierChanges: 0, byTransition: [] };

export async function previewSettings(store: Store, portalId: string, candidate: unknown): Promise<SettingsPreviewOutcome> {
  const parsed = parseScoringModel(candidate);
  if (!parsed.ok) return { valid: false, issues: parsed.issues, preview: EMPTY_PREVIEW };
  const model = parsed.model;

  // Only light entries are kept per account, so memory stays small however large the portfolio.
  const current = new Map<string, Tier>();
  const entries: CapacityEntry[] = [];
  for await (const snapshot of store.streamSnapshots(portalId, { pageSize: 200 })) {
    const rescored = scoreAccount(snapshot.input, model, snapshot.computedAt);
    current.set(snapshot.companyId, snapshot.tier);
    entries.push({
      companyId: snapshot.companyId,
      ownerId: rescored.ownerId,
      computedTier: rescored.tier.computedTier,
      score: rescored.tier.score,
      override: rescored.tier.override,
    });
  }

  const verdicts = assessCapacity(entries, model);
  const transitions = new Map<string, TierTransitionCount>();
  let tierChanges = 0;
  for (const entry of entries) {
    const demoted = verdicts.get(entry.companyId)?.demoted === true && entry.override === null;
    const next: Tier = entry.override ?? (demoted && entry.computedTier === 'tier_1' ? 'tier_2' : entry.computedTier);
    const before = current.get(entry.companyId);
    if (before === undefined || before === next) continue;
    tierChanges += 1;
    const key = `${before}>${next}`;
    const t = transitions.get(key) ?? { from: before, to: next, count: 0 };
    t.count += 1;
    transitions.set(key, t);
  }
  const byTransition = [...transitions.values()].sort(
    (a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
  return { valid: true, issues: [], preview: { accountsEvaluated: entries.length, tierChanges, byTransition } };
}
