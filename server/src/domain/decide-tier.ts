/**
 * From measured criteria to a tier: normalised weights, contributions rounded so they add up to the score exactly,
 * thresholds with hysteresis against the previous tier, near-miss and confidence.
 */
import type { CompiledModel } from './compile-model';
import { roundToTenth } from './format-values';
import type { CriterionMeasure } from './measure-criteria';
import type { Confidence, CriterionResult, Tier } from './types';

export interface Weighed {
  readonly criteria: CriterionResult[];
  /** 0–100, one decimal; equals the sum of the contributions. */
  readonly score: number;
}

/**
 * Contributions are points × weight ÷ 100, rounded to tenths by the largest-remainder method: the score is the exact
 * weighted mean rounded to one decimal, and the rounded contributions add up to exactly that score.
 */
export function weighCriteria(measures: readonly CriterionMeasure[], compiled: CompiledModel): Weighed {
  const n = measures.length;
  const exact = new Array<number>(n);
  const tenths = new Array<number>(n);
  const points = new Array<number>(n);
  let total = 0;
  let floorSum = 0;
  for (let i = 0; i < n; i += 1) {
    const p = roundToTenth(Math.min(100, Math.max(0, (measures[i] as CriterionMeasure).points)));
    points[i] = p;
    const e = (p * (compiled.weights[i] ?? 0)) / 10; // in tenths of a point
    exact[i] = e;
    total += e;
    const f = Math.floor(e + 1e-9);
    tenths[i] = f;
    floorSum += f;
  }
  const targetTenths = Math.min(1000, Math.round(total + 1e-9));
  let remaining = targetTenths - floorSum;
  if (remaining > 0) {
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => (exact[b] as number) - (tenths[b] as number) - ((exact[a] as number) - (tenths[a] as number)) || a - b,
    );
    for (const i of order) {
      if (remaining === 0) break;
      if ((compiled.weights[i] ?? 0) === 0) continue;
      tenths[i] = (tenths[i] as number) + 1;
      remaining -= 1;
    }
  }
  for (let i = n - 1; remaining < 0 && i >= 0; i -= 1) {
    if ((tenths[i] as number) > 0) {
      tenths[i] = (tenths[i] as number) - 1;
      remaining += 1;
    }
  }
  const criteria: CriterionResult[] = new Array<CriterionResult>(n);
  let scoreTenths = 0;
  for (let i = 0; i < n; i += 1) {
    const m = measures[i] as CriterionMeasure;
    scoreTenths += tenths[i] as number;
    criteria[i] = {
      criterion: m.criterion,
      value: m.value,
      display: m.display,
      points: points[i] as number,
      weight: roundToTenth(compiled.weights[i] ?? 0),
      contribution: (tenths[i] as number) / 10,
      hasData: m.hasData,
    };
  }
  return { criteria, score: scoreTenths / 10 };
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
