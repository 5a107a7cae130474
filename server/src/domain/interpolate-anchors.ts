/**
 * Piecewise-linear interpolation between anchor points (value → points), clamped outside the anchors, and its inverse
 * for "what value would earn these points".
 */
import type { CompiledAnchors } from './compile-model';

export function interpolateAnchors(anchors: CompiledAnchors, value: number): number {
  const { xs, ys } = anchors;
  const n = xs.length;
  if (n === 0) return 0;
  if (!(value > (xs[0] as number))) return ys[0] as number;
  if (value >= (xs[n - 1] as number)) return ys[n - 1] as number;
  for (let i = 1; i < n; i += 1) {
    const x1 = xs[i] as number;
    if (value <= x1) {
      const x0 = xs[i - 1] as number;
      const y0 = ys[i - 1] as number;
      const y1 = ys[i] as number;
      return y0 + ((value - x0) * (y1 - y0)) / (x1 - x0);
    }
  }
  return ys[n - 1] as number;
}

/**
 * The smallest value at or above `from` that earns at least `targetPoints`, or null when no value does.
 */
export function valueForPoints(anchors: CompiledAnchors, from: number, targetPoints: number): number | null {
  const { xs, ys } = anchors;
  const n = xs.length;
  if (n === 0) return null;
  if (interpolateAnchors(anchors, from) >= targetPoints) return from;
  for (let i = 1; i < n; i += 1) {
    const x0 = xs[i - 1] as number;
    const x1 = xs[i] as number;
    const y0 = ys[i - 1] as number;
    const y1 = ys[i] as number;
    if (x1 <= from || y1 < targetPoints || y1 <= y0) continue;
    const x = y0 >= targetPoints ? x0 : x0 + ((targetPoints - y0) * (x1 - x0)) / (y1 - y0);
    if (x >= from) return x;
  }
  return null;
}
