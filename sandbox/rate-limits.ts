/**
 * HubSpot's limits, per token: the rolling 10-second burst limit (100/110/190), the search limit (5 per second,
 * separate from the burst limit) and the daily limit. `timeScale` shrinks the windows (10 s → 10/timeScale s) so a
 * benchmark can run faster while keeping every ratio.
 */

export interface RateLimitOptions {
  burstPer10s?: number;
  searchPerSecond?: number;
  daily?: number;
  timeScale?: number;
}

export type LimitVerdict =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; policyName: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY'; message: string; headers: Record<string, string> };

/** Timestamps of accepted calls in a rolling window (a ring buffer would do; the windows are small). */
class RollingWindow {
  private stamps: number[] = [];
  constructor(
    private readonly size: number,
    private readonly windowMs: number,
  ) {}

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.stamps.length && (this.stamps[drop] as number) <= now - this.windowMs) drop += 1;
    if (drop > 0) this.stamps = this.stamps.slice(drop);
  }

  tryTake(now: number): boolean {
    this.prune(now);
    if (this.stamps.length >= this.size) return false;
    this.stamps.push(now);
    return true;
  }

  remaining(now: number): number {
    this.prune(now);
    return Math.max(0, this.size - this.stamps.length);
  }
}

interface TokenState {
  burst: RollingWindow;
  search: RollingWindow;
  dailyUsed: number;
  day: number;
}

export class RateLimiter {
  readonly burstMax: number;
  readonly searchMax: number;
  readonly dailyMax: number;
  readonly intervalMs: number;
  readonly secondMs: number;
  private readonly dayMs: number;
  private tokens = new Map<string, TokenState>();

  constructor(
    opts: RateLimitOptions = {},
    private readonly clock: () => number = Date.now,
  ) {
    const scale = opts.timeScale && opts.timeScale > 0 ? opts.timeScale : 1;
    this.burstMax = opts.burstPer10s ?? 100;
    this.searchMax = opts.searchPerSecond ?? 5;
    this.dailyMax = opts.daily ?? 250_000;
    this.intervalMs = 10_000 / scale;
    this.secondMs = 1_000 / scale;
    this.dayMs = 86_400_000 / scale;
  }

  private state(token: string, now: number): TokenState {
    let s = this.tokens.get(token);
    const day = Math.floor(now / this.dayMs);
    if (!s) {
      s = { burst: new RollingWindow(this.burstMax, this.intervalMs), search: new RollingWindow(this.searchMax, this.secondMs), dailyUsed: 0, day };
      this.tokens.set(token, s);
    }
    if (s.day !== day) {
      s.day = day;
      s.dailyUsed = 0;
    }
    return s;
  }

  /** Decides whether one call may pass, and the X-HubSpot-RateLimit-* headers to send (none on search). */
  check(token: string, kind: 'search' | 'standard'): LimitVerdict {
    const now = this.clock();
    const s = this.state(token, now);
    const dailyHeaders = (): Record<string, string> => ({
      'X-HubSpot-RateLimit-Daily': String(this.dailyMax),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, this.dailyMax - s.dailyUsed)),
    });
    const burstHeaders = (): Record<string, string> => ({
      'X-HubSpot-RateLimit-Max': String(this.burstMax),
      'X-HubSpot-RateLimit-Remaining': String(s.burst.remaining(now)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.intervalMs),
    });
    if (s.dailyUsed >= this.dailyMax) {
      return { ok: false, policyName: 'DAILY', message: 'You have reached your daily limit.', headers: kind === 'search' ? {} : { ...dailyHeaders(), ...burstHeaders() } };
    }
    if (kind === 'search') {
      if (!s.search.tryTake(now)) return { ok: false, policyName: 'SECONDLY', message: 'You have reached your secondly limit.', headers: {} };
      s.dailyUsed += 1;
      return { ok: true, headers: {} };
    }
    if (!s.burst.tryTake(now)) {
      return { ok: false, policyName: 'TEN_SECONDLY_ROLLING', message: 'You have reached your ten_secondly_rolling limit.', headers: { ...dailyHeaders(), ...burstHeaders() } };
    }
    s.dailyUsed += 1;
    return { ok: true, headers: { ...dailyHeaders(), ...burstHeaders() } };
  }

  reset(): void {
    this.tokens = new Map();
  }
}
