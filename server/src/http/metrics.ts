/**
 * Prometheus metrics: request counts and latency by route pattern and status, and the state of sync runs.
 * One registry per app, so several apps in one process (tests) never collide.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApiServices } from './services';

export interface HttpMetrics {
  registry: Registry;
  observe(method: string, route: string, status: number, seconds: number): void;
}

export function createMetrics(services: Pick<ApiServices, 'listSyncRuns'>, options: { defaults?: boolean } = {}): HttpMetrics {
  const registry = new Registry();
  if (options.defaults ?? true) collectDefaultMetrics({ register: registry, prefix: 'keyline_' });

  const requests = new Counter({
    name: 'keyline_http_requests_total',
    help: 'HTTP requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'keyline_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  // Sync-run gauges are read from the store when Prometheus scrapes (so they are right in every instance). The gauges
  // are collected concurrently: they share one read of the runs per scrape.
  let pending: { at: number; state: Promise<SyncState> } | null = null;
  const syncState = (): Promise<SyncState> => {
    const now = Date.now();
    if (!pending || now - pending.at > 1000) pending = { at: now, state: readSyncState(services) };
    return pending.state;
  };
  const gauge = (name: string, help: string, pick: (s: SyncState) => number | null): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const value = pick(await syncState());
        if (value === null) this.reset();
        else this.set(value);
      },
    });
  };
  gauge('keyline_sync_run_in_progress', '1 while a sync run is running, else 0.', (s) => s.inProgress);
  gauge('keyline_sync_last_run_started_seconds', 'Start time (unix seconds) of the latest sync run.', (s) => s.lastStarted);
  gauge('keyline_sync_last_run_finished_seconds', 'End time (unix seconds) of the latest finished sync run.', (s) => s.lastFinished);
  gauge('keyline_sync_last_run_duration_seconds', 'Duration in seconds of the latest finished sync run.', (s) => s.lastDuration);
  gauge('keyline_sync_last_run_failed', '1 when the latest finished sync run failed, else 0.', (s) => s.lastFailed);

  return {
    registry,
    observe(method, route, status, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}

interface SyncState {
  inProgress: number;
  lastStarted: number | null;
  lastFinished: number | null;
  lastDuration: number | null;
  lastFailed: number | null;
}

async function readSyncState(services: Pick<ApiServices, 'listSyncRuns'>): Promise<SyncState> {
  const runs = await services.listSyncRuns(20);
  const latest = runs[0];
  const finished = runs.find((r) => r.finishedAt !== null);
  return {
    inProgress: runs.some((r) => r.finishedAt === null && r.status === 'running') ? 1 : 0,
    lastStarted: latest ? latest.startedAt.getTime() / 1000 : null,
    lastFinished: finished?.finishedAt ? finished.finishedAt.getTime() / 1000 : null,
    lastDuration: finished?.finishedAt ? (finished.finishedAt.getTime() - finished.startedAt.getTime()) / 1000 : null,
    lastFailed: finished ? (finished.status === 'failed' ? 1 : 0) : null,
  };
}
