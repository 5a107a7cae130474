/**
 * API load benchmark (loopback only, bounded).
 *
 * A child process serves the real stack: the HubSpot sandbox with an S portfolio (200 companies), fully synced by
 * Keyline (SQLite in memory), and the API over it. This process drives it with autocannon: 200 concurrent
 * connections on the signed account view for 10 seconds, each request signed with HubSpot's v3 algorithm when it is
 * sent (so the timestamp is always fresh). Two processes, so the load generator does not share the server's event loop.
 *
 * Then the depth of `?fresh=1`: the sequential HubSpot round trips of one recompute, measured by the child at a
 * recording pass-through in front of the sandbox (the longest chain of HubSpot requests each starting after the
 * previous one ended), over 10 companies, with every HubSpot answer held 150 ms as a network would (in one process the
 * sandbox's CPU time would otherwise stagger parallel requests into apparent chains); the worst is `freshRoundTrips`.
 *
 *   npm run bench -- api            (or: npx tsx bench/api.bench.ts)
 *   env: API_BENCH_SECONDS (10), API_BENCH_CONNECTIONS (200), API_BENCH_SIZE (S | XS)
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { accountViewSchema } from '@keyline/contract/account-view';
import { idleSeparatedWaves, sequentialRoundTrips } from '../test/api/support/round-trip-recorder';
import { startRealStack } from '../test/api/support/real-stack';
import { TEST_BASE_URL, TEST_SECRET, documentedV3Signature, withIdentity } from '../test/api/support/signed-client';
import { recordResults } from './record-results';

const SECONDS = Number(process.env['API_BENCH_SECONDS'] ?? 10);
const CONNECTIONS = Number(process.env['API_BENCH_CONNECTIONS'] ?? 200);
const SIZE = (process.env['API_BENCH_SIZE'] ?? 'S') as 'XS' | 'S';
const FRESH_SAMPLES = 10;
const FRESH_LATENCY_MS = 150;

interface Ready {
  type: 'ready';
  port: number;
  portalId: string;
  companyIds: string[];
  setupMs: number;
}
interface FreshDone {
  type: 'fresh';
  depths: number[];
  waves: number[];
  calls: number[];
}

function signedHeaders(method: string, path: string): Record<string, string> {
  const timestamp = Date.now();
  return {
    'X-HubSpot-Signature-v3': documentedV3Signature(TEST_SECRET, method, `${TEST_BASE_URL}${path}`, '', timestamp),
    'X-HubSpot-Request-Timestamp': String(timestamp),
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Server side (child process)
// ---------------------------------------------------------------------------------------------------------------

async function serveStack(): Promise<void> {
  const started = Date.now();
  // The per-portal limit (600/min by default) would answer most of this load 429: it is raised so the benchmark
  // measures the server, not the limiter. (HubSpot itself allows 20 concurrent hubspot.fetch calls per account.)
  const stack = await startRealStack({ size: SIZE, rateLimitPerMinute: 100_000_000 });
  const companyIds = stack.sandbox.store.list('companies').map((c) => c.id);
  const server = stack.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const send = (m: Ready | FreshDone) => process.send?.(m);

  process.on('message', (message: { type: string }) => {
    void (async () => {
      if (message.type === 'fresh') {
        const out: FreshDone = { type: 'fresh', depths: [], waves: [], calls: [] };
        // Network-like latency on every HubSpot answer, so requests sent together overlap (see round-trip-recorder).
        stack.recorder.setLatency(FRESH_LATENCY_MS);
        for (const id of companyIds.slice(0, FRESH_SAMPLES)) {
          stack.recorder.reset();
          const path = withIdentity(`/api/v1/accounts/${id}?fresh=1`, stack.portalId);
          const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: signedHeaders('GET', path) });
          if (res.status !== 200) throw new Error(`fresh view of ${id} answered ${res.status}`);
          accountViewSchema.parse(await res.json());
          out.depths.push(sequentialRoundTrips(stack.recorder.exchanges));
          out.waves.push(idleSeparatedWaves(stack.recorder.exchanges));
          out.calls.push(stack.recorder.exchanges.length);
        }
        send(out);
      }
      if (message.type === 'stop') {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await stack.close();
        process.exit(0);
      }
    })().catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    });
  });
  send({ type: 'ready', port, portalId: stack.portalId, companyIds, setupMs: Date.now() - started });
}

// ---------------------------------------------------------------------------------------------------------------
// Load side (this process)
// ---------------------------------------------------------------------------------------------------------------

function nextMessage<T extends { type: string }>(child: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: T) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`server process exited (${code})`)));
  });
}

async function drive(): Promise<void> {
  const child = fork(__filename, [], {
    env: { ...process.env, API_BENCH_ROLE: 'server' },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const ready = await nextMessage<Ready>(child, 'ready');
    const base = `http://127.0.0.1:${ready.port}`;
    let next = 0;
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    const requestErrors = new Map<string, number>();
    const options: autocannon.Options = {
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      // autocannon's default time-out (10 s) equals the run: a connection it was slow to open would count as an
      // error without ever reaching the server. 30 s still counts any request the server leaves unanswered that long.
      timeout: 30,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => {
            const id = ready.companyIds[next % ready.companyIds.length];
            next += 1;
            const path = withIdentity(`/api/v1/accounts/${id}`, ready.portalId);
            return { ...req, path, headers: { ...req.headers, ...signedHeaders('GET', path) } };
          },
        },
      ],
    };
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(options, (error, res) => (error ? reject(error) : resolve(res)));
      instance.on('response', (_client, statusCode, _bytes, responseTime) => {
        latencies.push(responseTime);
        statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
      });
      instance.on('reqError', (error: Error & { code?: string }) => {
        const key = error.code ?? error.message;
        requestErrors.set(key, (requestErrors.get(key) ?? 0) + 1);
      });
    });
    latencies.sort((a, b) => a - b);

    child.send({ type: 'fresh' });
    const fresh = await nextMessage<FreshDone>(child, 'fresh');
    const depths = [...fresh.depths].sort((a, b) => a - b);

    // autocannon counts timeouts among `errors` already.
    const errors = result.errors + result.non2xx;
    recordResults('api', {
      requests: result.requests.total,
      errors,
      p95Ms: Math.round(percentile(latencies, 95) * 10) / 10,
      freshRoundTrips: depths[depths.length - 1] ?? 0,
      freshRoundTripsMedian: percentile(depths, 50),
      freshIdleSeparatedWaves: Math.max(0, ...fresh.waves),
      freshHubSpotCalls: Math.max(0, ...fresh.calls),
      p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      requestsPerSecond: Math.round(result.requests.average),
      statuses: Object.fromEntries(statuses),
      errorBreakdown: {
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        byCode: Object.fromEntries(requestErrors),
      },
      freshLatencyMs: FRESH_LATENCY_MS,
      connections: CONNECTIONS,
      durationSeconds: SECONDS,
      portfolio: SIZE,
      companies: ready.companyIds.length,
      setupMs: ready.setupMs,
    });
    if (errors > 0) process.exitCode = 1;
  } finally {
    child.send({ type: 'stop' });
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }
}

const run = process.env['API_BENCH_ROLE'] === 'server' ? serveStack : drive;
run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
