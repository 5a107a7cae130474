/**
 * Counts every API call the sandbox receives, by endpoint key ("POST /crm/objects/2026-09/companies/batch/read"), so
 * tests and benchmarks can assert exact API usage.
 */

export interface EndpointCount {
  calls: number;
  /** Answered 429 (a real limit or an injected storm). */
  rateLimited: number;
  /** Answered with an injected fault (5xx, 423, reset, partial batch failure). */
  faults: number;
  /** Any non-2xx answer, 429s and faults included. */
  errors: number;
}

export interface LedgerSnapshot {
  total: number;
  rateLimited: number;
  faults: number;
  errors: number;
  byEndpoint: Record<string, EndpointCount>;
}

export class RequestLedger {
  private counts = new Map<string, EndpointCount>();

  record(endpoint: string, outcome: { status: number; fault?: boolean }): void {
    let c = this.counts.get(endpoint);
    if (!c) this.counts.set(endpoint, (c = { calls: 0, rateLimited: 0, faults: 0, errors: 0 }));
    c.calls += 1;
    if (outcome.status === 429) c.rateLimited += 1;
    if (outcome.fault) c.faults += 1;
    if (outcome.status >= 400 || outcome.status === 0) c.errors += 1;
  }

  /** Calls to one endpoint key (0 when never called). */
  calls(endpoint: string): number {
    return this.counts.get(endpoint)?.calls ?? 0;
  }

  snapshot(): LedgerSnapshot {
    const byEndpoint: Record<string, EndpointCount> = {};
    let total = 0;
    let rateLimited = 0;
    let faults = 0;
    let errors = 0;
    for (const [k, v] of [...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      byEndpoint[k] = { ...v };
      total += v.calls;
      rateLimited += v.rateLimited;
      faults += v.faults;
      errors += v.errors;
    }
    return { total, rateLimited, faults, errors, byEndpoint };
  }

  reset(): void {
    this.counts = new Map();
  }
}
