/**
 * The top reasons in one line (stored in `keyline_score_reasons`, shown under the tier badge), e.g.
 * "Tier 1 · Strategic, score 78.4: $180k won in 12 months (+26.3), coverage 85/100 (+17), ICP tier 1 (+10)".
 */
import { CRITERION_LABELS } from './criterion-labels';
import { formatPoints, joinWords, shortTier } from './format-values';
import { TIER_LABELS, type Confidence, type Criterion, type CriterionResult, type Tier } from './types';

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
  /** The score at which the account rises to the next tier, and that tier's threshold (null: no next tier). */
  readonly risesAt: number | null;
  readonly nextThreshold: number | null;
  readonly confidence: Confidence;
}

/** How each criterion is named inside a sentence ("no data for revenue growth and financial size"). */
const LOWER_LABELS = Object.fromEntries(
  (Object.keys(CRITERION_LABELS) as Criterion[]).map((c) => [c, CRITERION_LABELS[c].toLowerCase()]),
) as Readonly<Record<Criterion, string>>;

/**
 * Index of the criterion with data that contributed most and ranks below `above` (ties: matrix order), or -1.
 * Called TOP_REASONS times, so the top few are found without sorting or a list.
 */
function nextContributor(criteria: readonly CriterionResult[], above: number): number {
  let best = -1;
  for (let i = 0; i < criteria.length; i += 1) {
    const c = criteria[i] as CriterionResult;
    if (!c.hasData || c.contribution <= 0 || !ranksBelow(criteria, i, above)) continue;
    if (best < 0 || c.contribution > (criteria[best] as CriterionResult).contribution) best = i;
  }
  return best;
}

/** True when criterion `i` comes after criterion `above` in the reasons' order (biggest first, ties: matrix order). */
function ranksBelow(criteria: readonly CriterionResult[], i: number, above: number): boolean {
  if (above < 0) return true;
  const a = (criteria[above] as CriterionResult).contribution;
  const c = (criteria[i] as CriterionResult).contribution;
  return c < a || (c === a && i > above);
}

// The words that recur in every line, by tenths of a point from 0 to 100 (filled as they occur).
const TENTHS = 1001;
const inTable = (tenths: number): boolean => tenths >= 0 && tenths < TENTHS;
/** "Tier 2 · Growth, score 54.3: " by tier and score. */
const HEADS: Readonly<Record<Tier, (string | undefined)[]>> = {
  tier_1: new Array<string | undefined>(TENTHS).fill(undefined),
  tier_2: new Array<string | undefined>(TENTHS).fill(undefined),
  tier_3: new Array<string | undefined>(TENTHS).fill(undefined),
};
/** " (+12.5)" by contribution. */
const CONTRIBUTIONS: (string | undefined)[] = new Array<string | undefined>(TENTHS).fill(undefined);

function head(tier: Tier, score: number): string {
  const tenths = Math.round(score * 10);
  const known = inTable(tenths) ? HEADS[tier][tenths] : undefined;
  if (known !== undefined) return known;
  const text = `${TIER_LABELS[tier]}, score ${formatPoints(score)}: `;
  if (inTable(tenths)) HEADS[tier][tenths] = text;
  return text;
}

function contribution(points: number): string {
  const tenths = Math.round(points * 10);
  const known = inTable(tenths) ? CONTRIBUTIONS[tenths] : undefined;
  if (known !== undefined) return known;
  const text = ` (+${formatPoints(points)})`;
  if (inTable(tenths)) CONTRIBUTIONS[tenths] = text;
  return text;
}

/** " (rises at 73: threshold 70 + 3-point hysteresis band)", or "" with no band. */
export function risesAtWords(facts: { risesAt: number | null; nextThreshold: number | null; hysteresis: number }): string {
  if (facts.risesAt === null || facts.nextThreshold === null || facts.hysteresis === 0) return '';
  return ` (rises at ${formatPoints(facts.risesAt)}: threshold ${formatPoints(facts.nextThreshold)} + ${formatPoints(facts.hysteresis)}-point hysteresis band)`;
}

export function writeReasons(facts: ReasonFacts): string {
  let line =
    facts.override === null
      ? head(facts.tier, facts.score)
      : `${TIER_LABELS[facts.tier]} (set by override; the score of ${formatPoints(facts.score)} makes it ${shortTier(facts.computedTier)}): `;
  let listed = 0;
  for (let at = -1; listed < TOP_REASONS; listed += 1) {
    at = nextContributor(facts.criteria, at);
    if (at < 0) break;
    const c = facts.criteria[at] as CriterionResult;
    line += listed > 0 ? `, ${c.display}${contribution(c.contribution)}` : c.display + contribution(c.contribution);
  }
  if (listed === 0) {
    line += facts.score > 0 ? `no criterion with data: the ${formatPoints(facts.score)} points are the neutral points of criteria without data` : 'no criterion scored';
  }
  if (facts.tierWithoutHysteresis !== facts.computedTier) {
    line += `; kept at ${shortTier(facts.computedTier)} by the ${formatPoints(facts.hysteresis)}-point hysteresis band`;
  }
  if (facts.nearMiss && facts.nextTier !== null && facts.nextTierGap !== null) {
    line += `; near-miss: ${formatPoints(facts.nextTierGap)} points to ${shortTier(facts.nextTier)}${risesAtWords(facts)}`;
  }
  if (facts.confidence !== 'high') {
    const missing: string[] = [];
    for (const c of facts.criteria) if (!c.hasData && c.weight > 0) missing.push(LOWER_LABELS[c.criterion]);
    line += `; ${facts.confidence} confidence${missing.length > 0 ? ` (no data for ${joinWords(missing, 'and')})` : ''}`;
  }
  return line;
}
