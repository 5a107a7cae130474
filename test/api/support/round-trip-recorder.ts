/**
 * A loopback pass-through in front of the sandbox that records when each HubSpot request started and ended, to
 * measure how many *sequential* round trips an operation takes (its critical path), not just how many calls.
 *
 * In one process the sandbox's CPU time serialises "parallel" requests by a few milliseconds each, which would make
 * them look sequential. `setLatency(ms)` holds every response that long (as the network and HubSpot do, ~100 ms or
 * more), so requests sent together overlap and only true waiting shows up as depth.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  path: string;
  start: number;
  end: number;
}

export interface RoundTripRecorder {
  baseUrl: string;
  exchanges: Exchange[];
  reset(): void;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

export async function startRoundTripRecorder(targetBaseUrl: string): Promise<RoundTripRecorder> {
  const target = new URL(targetBaseUrl);
  const exchanges: Exchange[] = [];
  let latencyMs = 0;
  const server = http.createServer((req, res) => {
    const start = performance.now();
    const upstream = http.request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          setTimeout(() => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(Buffer.concat(chunks));
            exchanges.push({ method: req.method ?? '?', path: (req.url ?? '').split('?')[0] ?? '', start, end: performance.now() });
          }, latencyMs);
        });
      },
    );
    upstream.on('error', () => {
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    exchanges,
    reset: () => {
      exchanges.length = 0;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The longest chain of exchanges each starting after the previous one ended: the sequential round trips. */
export function sequentialRoundTrips(exchanges: readonly Exchange[]): number {
  const byEnd = [...exchanges].sort((a, b) => a.end - b.end);
  const depth: number[] = [];
  for (let i = 0; i < byEnd.length; i += 1) {
    const current = byEnd[i];
    if (!current) continue;
    let best = 0;
    for (let j = 0; j < i; j += 1) {
      const before = byEnd[j];
      if (before && before.end <= current.start) best = Math.max(best, depth[j] ?? 0);
    }
    depth.push(best + 1);
  }
  return depth.reduce((a, b) => Math.max(a, b), 0);
}

/** Bursts of activity separated by moments with no request in flight (a lower bound of the sequential round trips). */
export function idleSeparatedWaves(exchanges: readonly Exchange[]): number {
  const byStart = [...exchanges].sort((a, b) => a.start - b.start);
  let waves = 0;
  let busyUntil = -Infinity;
  for (const e of byStart) {
    if (e.start >= busyUntil) waves += 1;
    busyUntil = Math.max(busyUntil, e.end);
  }
  return waves;
}
