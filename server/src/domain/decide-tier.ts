/**
 * From measured criteria to a tier: normalised weights, contributions rounded so they add up to the score exactly,
 * thresholds with hysteresis against the previous tier, near-miss and confidence.
 */
import type { CompiledModel } from './compile-model';
import { roundToTenth } from './format-values';
import type { CriterionMeasure } from './measure-criteria';
import type { Confidence, CriterionResult, Tier, TierBand } from './types';

export interface Weighed {
  readonly criteria: CriterionResult[];
  /** 0–100, one decimal; equals the sum of the contributions. */
  readonly score: number;
}

/**
 * Completes freshly measured criteria (owned by this scoring call) with rounded points, weight and contribution.
 * Contributions are points × weight ÷ 100, rounded to tenths by the largest-remainder method: the score is the exact
 * weighted mean rounded to one decimal, and the rounded contributions add up to exactly that score.
 */
// Scratch buffers for weighing (scoring is synchronous and never re-entrant, so one pair serves every call).
const EXACT = new Float64Array(32);
const TENTHS = new Float64Array(32);

export function weighCriteria(measures: readonly CriterionMeasure[], compiled: CompiledModel): Weighed {
  const n = measures.length;
  const exact = EXACT;
  const tenths = TENTHS;
  let total = 0;
  let floorSum = 0;
  for (let i = 0; i < n; i += 1) {
    const m = measures[i] as CriterionMeasure;
    const weight = compiled.weights[i] ?? 0;
    const raw = m.points < 0 ? 0 : m.points > 100 ? 100 : m.points;
    const points = Math.round(raw * 10) / 10;
    const e = (points * weight) / 10; // in tenths of a point
    const f = Math.floor(e + 1e-9);
    exact[i] = e;
    tenths[i] = f;
    total += e;
    floorSum += f;
    m.points = points;
    m.weight = Math.round(weight * 10) / 10;
  }
  // Hand the tenths lost to flooring to the largest remainders (ties: the earlier criterion).
  let remaining = Math.min(1000, Math.round(total + 1e-9)) - floorSum;
  while (remaining > 0) {
    let best = -1;
    let bestRemainder = -1;
    for (let i = 0; i < n; i += 1) {
      const remainder = (exact[i] as number) - (tenths[i] as number);
      if ((compiled.weights[i] ?? 0) > 0 && remainder > bestRemainder) {
        best = i;
        bestRemainder = remainder;
      }
    }
    if (best < 0) break;
    tenths[best] = (tenths[best] as number) + 1;
    remaining -= 1;
  }
  for (let i = n - 1; remaining < 0 && i >= 0; i -= 1) {
    if ((tenths[i] as number) > 0) {
      tenths[i] = (tenths[i] as number) - 1;
      remaining += 1;
    }
  }
  let scoreTenths = 0;
  for (let i = 0; i < n; i += 1) {
    scoreTenths += tenths[i] as number;
    (measures[i] as CriterionMeasure).contribution = (tenths[i] as number) / 10;
  }
  return { criteria: measures as CriterionResult[], score: scoreTenths / 10 };
}

const NEXT_TIER: Readonly<Record<Tier, Tier | null>> = { tier_1: null, tier_2: 'tier_1', tier_3: 'tier_2' };

export function nextTierOf(tier: Tier): Tier | null {
  return NEXT_TIER[tier];
}

/** The score an account of `tier` needs to rise to `tier`'s next tier (the boundary plus the hysteresis band). */
export function promotionScore(next: Tier, compiled: CompiledModel): number {
  const { thresholds, hysteresis } = compiled.model;
  return roundToTenth((next === 'tier_1' ? thresholds.tier_1 : thresholds.tier_2) + hysteresis);
}

/**
 * The tier a score earns. Without a previous tier the thresholds apply as they are; with one, a boundary the account
 * is above moves down by the hysteresis band and a boundary it is below moves up by it, so an account changes tier
 * only when its score crosses a boundary by the band.
 */
export function tierForScore(score: number, previous: Tier | null, compiled: CompiledModel): Tier {
  const { thresholds } = compiled.model;
  const band = previous === null ? 0 : compiled.model.hysteresis;
  const tier1 = roundToTenth(previous === 'tier_1' ? thresholds.tier_1 - band : thresholds.tier_1 + band);
  const tier2 = roundToTenth(previous === 'tier_3' ? thresholds.tier_2 + band : thresholds.tier_2 - band);
  if (score >= tier1) return 'tier_1';
  if (score >= tier2) return 'tier_2';
  return 'tier_3';
}

/** Confidence from the share of the (normalised) weight that has real data behind it. */
export function confidenceOf(criteria: readonly CriterionResult[], compiled: CompiledModel): Confidence {
  let withData = 0;
  for (let i = 0; i < criteria.length; i += 1) {
    if ((criteria[i] as CriterionResult).hasData) withData += compiled.weights[i] ?? 0;
  }
  const share = withData / 100;
  const { high, medium } = compiled.model.confidence;
  if (share >= high - 1e-9) return 'high';
  if (share >= medium - 1e-9) return 'medium';
  return 'low';
}

/** Where the computed tier changes next time (see `TierBand`); `nextTier` null: nothing to rise to. */
export function tierBand(computedTier: Tier, nextTier: Tier | null, compiled: CompiledModel): TierBand {
  const { thresholds, hysteresis } = compiled.model;
  const own = computedTier === 'tier_1' ? thresholds.tier_1 : computedTier === 'tier_2' ? thresholds.tier_2 : null;
  const next = nextTier === null ? null : nextTier === 'tier_1' ? thresholds.tier_1 : thresholds.tier_2;
  return {
    size: hysteresis,
    nextThreshold: next,
    risesAt: nextTier === null ? null : promotionScore(nextTier, compiled),
    threshold: own,
    fallsBelow: own === null ? null : roundToTenth(own - hysteresis),
  };
}
