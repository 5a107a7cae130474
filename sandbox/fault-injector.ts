/**
 * Fault injection, deterministic for a given seed: the n-th request always meets the same fate.
 */
import { mulberry32, type Rng } from './random';

export interface FaultOptions {
  /** Added latency per request, ms (a number, or [min, max] drawn per request). */
  latencyMs?: number | [number, number];
  /** Share of requests answered 500/502/503. */
  errorRate?: number;
  /** Share of requests whose connection is destroyed without an answer. */
  resetRate?: number;
  /** Share of write requests answered 423 Locked. */
  lockRate?: number;
  /** The next N requests get 429 TEN_SECONDLY_ROLLING, whatever the real budget. */
  storm?: number;
  /** The next N requests (after any storm) get 503 without being processed. */
  failNext?: number;
  /** The limit the storm's 429s name (default TEN_SECONDLY_ROLLING; SECONDLY is the search limit's answer). */
  stormPolicy?: 'TEN_SECONDLY_ROLLING' | 'SECONDLY';
  /** Share of inputs of a batch read/create/update that fail (HTTP 207 with errors[]). */
  partialBatchFailureRate?: number;
  /** Only requests whose endpoint key contains one of these strings are affected (default: all). */
  match?: string[];
  seed?: number;
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'error'; status: 500 | 502 | 503 }
  | { kind: 'reset' }
  | { kind: 'lock' }
  | { kind: 'storm' };

export class FaultInjector {
  private opts: FaultOptions = {};
  private rng: Rng = mulberry32(1);
  private stormLeft = 0;
  private failLeft = 0;

  constructor(opts: FaultOptions = {}) {
    this.set(opts);
  }

  set(opts: FaultOptions): void {
    this.opts = { ...opts };
    this.rng = mulberry32(opts.seed ?? 1);
    this.stormLeft = opts.storm ?? 0;
    this.failLeft = opts.failNext ?? 0;
  }

  current(): FaultOptions {
    return { ...this.opts, storm: this.stormLeft, failNext: this.failLeft };
  }

  private applies(endpoint: string): boolean {
    const m = this.opts.match;
    return !m || m.length === 0 || m.some((s) => endpoint.includes(s));
  }

  latency(endpoint: string): number {
    const l = this.opts.latencyMs;
    if (l === undefined || !this.applies(endpoint)) return 0;
    if (typeof l === 'number') return l;
    return l[0] + Math.floor(this.rng() * (l[1] - l[0] + 1));
  }

  decide(endpoint: string, isWrite: boolean): FaultDecision {
    if (!this.applies(endpoint)) return { kind: 'none' };
    if (this.stormLeft > 0) {
      this.stormLeft -= 1;
      return { kind: 'storm' };
    }
    if (this.failLeft > 0) {
      this.failLeft -= 1;
      return { kind: 'error', status: 503 };
    }
    const { errorRate = 0, resetRate = 0, lockRate = 0 } = this.opts;
    if (resetRate > 0 && this.rng() < resetRate) return { kind: 'reset' };
    if (errorRate > 0 && this.rng() < errorRate) {
      const statuses = [500, 502, 503] as const;
      return { kind: 'error', status: statuses[Math.floor(this.rng() * 3)] ?? 500 };
    }
    if (isWrite && lockRate > 0 && this.rng() < lockRate) return { kind: 'lock' };
    return { kind: 'none' };
  }

  /** Whether one input of a batch fails (partial batch failure). */
  failsInput(endpoint: string): boolean {
    const rate = this.opts.partialBatchFailureRate ?? 0;
    return rate > 0 && this.applies(endpoint) && this.rng() < rate;
  }
}
