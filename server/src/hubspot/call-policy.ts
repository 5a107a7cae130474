/**
 * How Keyline's connection to HubSpot (./hubspot-transport) paces and counts its requests: the Bottleneck settings of
 * the burst and search budgets, the pacer that holds searches apart at the moment they are sent, the endpoint key
 * requests are counted by, and the keep-alive agent that abandons a connection HubSpot never answers.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type Bottleneck from 'bottleneck';

export interface CallStats {
  /** HTTP requests by endpoint key, e.g. `POST /crm/objects/2026-09/companies/batch/read`. */
  calls: Record<string, number>;
  /**
   * Requests that failed, by HTTP status ("429", "503", …) or "network" (connection lost, no answer); "*" counts every
   * non-2xx answer. Retried attempts included: with `calls`, what a run met.
   */
  failed: Record<string, number>;
}

/** Share of the burst limit the limiter uses: stays under HubSpot's rolling window while keeping ≥ 0.9 utilisation. */
export const BURST_SHARE = 0.95;
/** Bottleneck settings for a burst limit: evenly spaced starts, so no rolling 10-second window ever exceeds it. */
export function burstLimiterOptions(burstPer10s: number, timeScale = 1, id = 'hubspot-burst'): Bottleneck.ConstructorOptions {
  const windowMs = 10_000 / timeScale;
  return { id, maxConcurrent: 16, minTime: windowMs / Math.floor(burstPer10s * BURST_SHARE) };
}

export function searchLimiterOptions(searchPerSecond: number, timeScale = 1, id = 'hubspot-search'): Bottleneck.ConstructorOptions {
  // Evenly spaced sends at 95% of the limit: network jitter between our send and HubSpot's arrival stamp could
  // otherwise squeeze one request too many into a rolling second.
  return { id, minTime: 1_000 / timeScale / (searchPerSecond * BURST_SHARE) };
}

/** `GET https://host/crm/objects/2026-09/companies/123?x` → `GET /crm/objects/2026-09/companies/{id}` */
export function endpointKey(method: string, url: string): string {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    pathname = url.split('?')[0] ?? url;
  }
  const path = pathname.replace(/\/\d+(?=\/|$)/g, '/{id}');
  return `${method.toUpperCase()} ${path}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Spaces admissions at least `gapMs` apart, by the time each is admitted (a caller waits its turn, first come first
 * served). Unlike a limiter's queue, which spaces the starts of jobs, this holds at the moment a request goes out.
 */
export class Pacer {
  private last = -Infinity;
  private tail: Promise<void> = Promise.resolve();
  constructor(private readonly gapMs: number) {}

  admit(): Promise<void> {
    const turn = this.tail.then(async () => {
      for (;;) {
        const wait = this.last + this.gapMs - performance.now();
        if (wait <= 0) break;
        await sleep(wait);
      }
      this.last = performance.now();
    });
    this.tail = turn;
    return turn;
  }
}

/** The error a request fails with when HubSpot sends nothing for too long: a lost connection to our retry logic. */
export function requestTimedOut(ms: number): Error {
  return Object.assign(new Error(`no answer from HubSpot within ${ms} ms`), { code: 'ETIMEDOUT' });
}

/**
 * An agent (keep-alive) whose sockets are destroyed after `ms` without activity. Node's own `timeout` option only
 * emits an event, which the library's fetch does not listen to.
 */
export function timeoutAgent(basePath: string, ms: number): http.Agent {
  const Base = basePath.startsWith('https:') ? https.Agent : http.Agent;
  class TimeoutAgent extends Base {
    override createConnection(...args: Parameters<http.Agent['createConnection']>): Duplex {
      const socket = super.createConnection(...args) as Duplex & { setTimeout(ms: number, cb: () => void): void };
      socket.setTimeout(ms, () => socket.destroy(requestTimedOut(ms)));
      return socket;
    }
  }
  return new TimeoutAgent({ keepAlive: true });
}
