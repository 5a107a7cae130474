/**
 * What would close a near-miss gap, criterion by criterion, in words an account manager acts on:
 * "+$38k trailing revenue", "an engaged executive sponsor", "a touch this week".
 * Only criteria a team can move are suggested (revenue, pipeline, relationships, recency); each suggestion says how
 * many points it would add, at most the gap.
 */
import { CRITERION_INDEX, type CompiledModel } from './compile-model';
import { coverageScore } from './assess-coverage';
import { formatMoney, joinWords, roleWords, roundToTenth, roundUpForPeople, withArticle } from './format-values';
import { interpolateAnchors, valueForPoints } from './interpolate-anchors';
import type { CriterionMeasure } from './measure-criteria';
import { LEVELS, type BuyingRole, type CoverageResult, type GapSuggestion, type Level } from './types';

/** Slack so that a suggestion, once achieved, lifts the rounded score over the line. */
const ROUNDING_SLACK = 0.05;
const MAX_SUGGESTIONS = 4;

interface Candidate {
  readonly suggestion: GapSuggestion;
  readonly closes: boolean;
}

function moneyCandidate(
  measure: CriterionMeasure,
  anchorsKey: 'recurring_revenue' | 'growth_pipeline',
  noun: string,
  gap: number,
  compiled: CompiledModel,
): Candidate | null {
  const weight = compiled.weights[CRITERION_INDEX[measure.criterion]] ?? 0;
  if (weight <= 0 || !measure.hasData || typeof measure.value !== 'number') return null;
  const anchors = compiled.anchors[anchorsKey];
  const current = measure.value;
  const currentPoints = interpolateAnchors(anchors, current); // unrounded, so the inversion is exact
  const needed = currentPoints + ((gap + ROUNDING_SLACK) * 100) / weight;
  const target = valueForPoints(anchors, current, needed);
  if (target !== null) {
    const more = roundUpForPeople(target - current);
    return { closes: true, suggestion: { criterion: measure.criterion, scoreGain: gap, text: `+${formatMoney(more)} ${noun}` } };
  }
  const topPoints = Math.max(...anchors.ys);
  const gain = roundToTenth(((topPoints - currentPoints) * weight) / 100);
  const topValue = valueForPoints(anchors, current, topPoints);
  if (gain <= 0 || topValue === null) return null;
  const more = roundUpForPeople(topValue - current);
  return { closes: false, suggestion: { criterion: measure.criterion, scoreGain: gain, text: `+${formatMoney(more)} ${noun}` } };
}

function recencyCandidate(measure: CriterionMeasure, gap: number, compiled: CompiledModel): Candidate | null {
  const weight = compiled.weights[CRITERION_INDEX.engagement_recency] ?? 0;
  if (weight <= 0) return null;
  const best = interpolateAnchors(compiled.anchors.engagement_recency, 0);
  const gain = roundToTenth(((best - measure.points) * weight) / 100);
  if (gain <= 0) return null;
  const closes = gain >= gap + ROUNDING_SLACK;
  return {
    closes,
    suggestion: { criterion: 'engagement_recency', scoreGain: closes ? gap : gain, text: 'a call, email or meeting this week' },
  };
}

function levelForRole(role: BuyingRole): Level | null {
  return role === 'EXECUTIVE_SPONSOR' ? 'executive' : null;
}

/** Score points gained by holding `roles` with newly engaged stakeholders (an executive sponsor adds the level). */
function roleGain(coverage: CoverageResult, measure: CriterionMeasure, roles: readonly BuyingRole[], weight: number): number {
  const levels = new Set<Level>(coverage.engagedLevels);
  for (const role of roles) {
    const level = levelForRole(role);
    if (level !== null) levels.add(level);
  }
  const score = coverageScore({
    requiredRoles: coverage.requiredRoles.length,
    coveredRoles: coverage.coveredRoles.length + roles.length,
    engagedLevels: LEVELS.filter((l) => levels.has(l)).length,
    engagedStakeholders: coverage.engagedStakeholders + roles.length,
  });
  return roundToTenth(((score - measure.points) * weight) / 100);
}

function relationshipCandidate(coverage: CoverageResult, measure: CriterionMeasure, gap: number, compiled: CompiledModel): Candidate | null {
  const weight = compiled.weights[CRITERION_INDEX.relationship] ?? 0;
  if (weight <= 0 || coverage.missingRoles.length === 0) return null;
  const singles = coverage.missingRoles
    .map((role) => ({ role, gain: roleGain(coverage, measure, [role], weight) }))
    .sort((a, b) => b.gain - a.gain);
  const closing = singles.filter((s) => s.gain >= gap + ROUNDING_SLACK);
  if (closing.length > 0) {
    const words = closing.map((s) => withArticle(`engaged ${roleWords(s.role)}`));
    return { closes: true, suggestion: { criterion: 'relationship', scoreGain: gap, text: joinWords(words, 'or') } };
  }
  const all = coverage.missingRoles;
  const gainAll = roleGain(coverage, measure, all, weight);
  if (gainAll <= 0) return null;
  const closes = gainAll >= gap + ROUNDING_SLACK;
  return {
    closes,
    suggestion: { criterion: 'relationship', scoreGain: closes ? gap : gainAll, text: `an engaged ${joinWords(all.map(roleWords), 'and')}` },
  };
}

function measureOf(measures: readonly CriterionMeasure[], criterion: CriterionMeasure['criterion']): CriterionMeasure {
  return measures[CRITERION_INDEX[criterion]] as CriterionMeasure;
}

/**
 * Suggestions for closing `gap` points: first those that close it alone, then those that would help most.
 * `tier1Coverage` is the coverage against the tier-1 role set (what the relationship criterion measures).
 */
export function suggestCloseTheGap(
  measures: readonly CriterionMeasure[],
  tier1Coverage: CoverageResult,
  gap: number,
  compiled: CompiledModel,
): GapSuggestion[] {
  if (!(gap > 0)) return [];
  const candidates = [
    moneyCandidate(measureOf(measures, 'recurring_revenue'), 'recurring_revenue', 'trailing revenue', gap, compiled),
    relationshipCandidate(tier1Coverage, measureOf(measures, 'relationship'), gap, compiled),
    moneyCandidate(measureOf(measures, 'growth_pipeline'), 'growth_pipeline', 'weighted pipeline', gap, compiled),
    recencyCandidate(measureOf(measures, 'engagement_recency'), gap, compiled),
  ].filter((c): c is Candidate => c !== null);
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(b.c.closes) - Number(a.c.closes) || b.c.suggestion.scoreGain - a.c.suggestion.scoreGain || a.i - b.i)
    .slice(0, MAX_SUGGESTIONS)
    .map(({ c }) => c.suggestion);
}
