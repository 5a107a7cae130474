/**
 * The top reasons in one line (stored in `keyline_score_reasons`, shown under the tier badge), e.g.
 * "Tier 1 · Strategic, score 78.4: $180k won in 12 months (+26.3), coverage 85/100 (+17), ICP tier 1 (+10)".
 */
import { CRITERION_LABELS } from './criterion-labels';
import { formatPoints, joinWords, shortTier } from './format-values';
import { TIER_LABELS, type Confidence, type CriterionResult, type Tier } from './types';

const TOP_REASONS = 3;

export interface ReasonFacts {
  readonly tier: Tier;
  readonly computedTier: Tier;
  readonly override: Tier | null;
  readonly score: number;
  readonly criteria: readonly CriterionResult[];
  /** The tier the score would earn with no previous tier; differs from computedTier when hysteresis held it. */
  readonly tierWithoutHysteresis: Tier;
  readonly hysteresis: number;
  readonly nearMiss: boolean;
  readonly nextTier: Tier | null;
  readonly nextTierGap: number | null;
  readonly confidence: Confidence;
}

/** The criteria with data that contributed most, biggest first (ties: matrix order). */
function topContributors(criteria: readonly CriterionResult[]): CriterionResult[] {
  const top: CriterionResult[] = [];
  for (const c of criteria) {
    if (!c.hasData || c.contribution <= 0) continue;
    let at = top.length;
    while (at > 0 && (top[at - 1] as CriterionResult).contribution < c.contribution) at -= 1;
    if (at < TOP_REASONS) {
      top.splice(at, 0, c);
      if (top.length > TOP_REASONS) top.pop();
    }
  }
  return top;
}

export function writeReasons(facts: ReasonFacts): string {
  let line =
    facts.override === null
      ? `${TIER_LABELS[facts.tier]}, score ${formatPoints(facts.score)}: `
      : `${TIER_LABELS[facts.tier]} (set by override; the score of ${formatPoints(facts.score)} makes it ${shortTier(facts.computedTier)}): `;
  const top = topContributors(facts.criteria);
  if (top.length === 0) line += 'no criterion scored';
  for (let i = 0; i < top.length; i += 1) {
    const c = top[i] as CriterionResult;
    line += `${i > 0 ? ', ' : ''}${c.display} (+${formatPoints(c.contribution)})`;
  }
  if (facts.tierWithoutHysteresis !== facts.computedTier) {
    line += `; kept at ${shortTier(facts.computedTier)} by the ${formatPoints(facts.hysteresis)}-point hysteresis band`;
  }
  if (facts.nearMiss && facts.nextTier !== null && facts.nextTierGap !== null) {
    line += `; near-miss: ${formatPoints(facts.nextTierGap)} points from ${shortTier(facts.nextTier)}`;
  }
  if (facts.confidence !== 'high') {
    const missing = facts.criteria.filter((c) => !c.hasData && c.weight > 0).map((c) => CRITERION_LABELS[c.criterion].toLowerCase());
    line += `; ${facts.confidence} confidence${missing.length > 0 ? ` (no data for ${joinWords(missing, 'and')})` : ''}`;
  }
  return line;
}
