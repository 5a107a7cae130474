/**
 * What a candidate scoring model would do, before it is saved: the sync's own decision (sync/decide-portfolio.ts) is
 * run over every stored account with the candidate — the account rescored from its stored input at the moment it was
 * last computed (so only the model differs), the hysteresis band measured from the tier HubSpot holds, overrides
 * final, the capacity policy applied per owner over the whole portfolio — and the resulting tiers are compared with the
 * tiers HubSpot holds. The prediction is what the next sync writes when nothing changes in HubSpot meanwhile. Reads
 * only; writes nothing.
 */
import { parseScoringModel, scoringModelVersion } from '../domain';
import type { Store } from '../store/store';
import { predictTierChanges } from '../sync/decide-portfolio';
import type { Tier } from '../domain/types';
import type { SettingsIssue } from './manage-settings';

export interface TierTransitionCount {
  from: Tier;
  to: Tier;
  count: number;
}

export interface SettingsPreview {
  accountsEvaluated: number;
  tierChanges: number;
  byTransition: TierTransitionCount[];
}

export type SettingsPreviewOutcome =
  | { valid: true; issues: []; preview: SettingsPreview }
  /** An invalid model previews nothing: the counts are zero. */
  | { valid: false; issues: SettingsIssue[]; preview: SettingsPreview };

const EMPTY_PREVIEW = { accountsEvaluated: 0, tierChanges: 0, byTransition: [] };

export async function previewSettings(store: Store, portalId: string, candidate: unknown): Promise<SettingsPreviewOutcome> {
  const parsed = parseScoringModel(candidate);
  if (!parsed.ok) return { valid: false, issues: parsed.issues, preview: EMPTY_PREVIEW };
  const { accountsEvaluated, changes } = await predictTierChanges(store, portalId, parsed.model, scoringModelVersion(parsed.model));

  const transitions = new Map<string, TierTransitionCount>();
  for (const change of changes) {
    const key = `${change.from}>${change.to}`;
    const t = transitions.get(key) ?? { from: change.from, to: change.to, count: 0 };
    t.count += 1;
    transitions.set(key, t);
  }
  const byTransition = [...transitions.values()].sort(
    (a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
  return { valid: true, issues: [], preview: { accountsEvaluated, tierChanges: changes.length, byTransition } };
}
