/**
 * The one `@hubspot/api-client` Client of the process (per token and base URL), configured from the app's rate-limit
 * tier, plus what the library does not do for us.
 *
 * What the library owns (we configure, we do not re-implement):
 *   - retries: `numberOfApiCallRetries` = total attempts. It retries 5xx (200 ms × attempt), 429 TEN_SECONDLY_ROLLING
 *     (10 s × attempt) and 429 "secondly limit" (1 s × attempt);
 *   - the burst limiter: Bottleneck `limiterOptions`, applied to every method, retries included;
 *   - the search limiter: HubSpot's 5 requests/second search limit is separate from the burst limit (searches do not
 *     count against it), and the library has one limiter per Client. Searches therefore go through a second Client
 *     whose own limiter is the search budget (the SDK ships `SEARCH_LIMITER_OPTIONS` for exactly this). Were searches
 *     sent through the burst Client, they would take burst slots HubSpot does not charge them: while reading, searches
 *     and batch reads together would be held to the burst rate and neither budget would be used in full.
 * What we add, and why:
 *   - DAILY 429 → `DailyLimitReached` (the library does not retry it either; we never loop on it);
 *   - 423 Locked (a record locked by concurrent writes, "locks last 2 seconds") → wait ≥ 2 s, at most 3 times;
 *     network resets (ECONNRESET, ETIMEDOUT, socket hang up) → short backoff, at most 3 times. The library retries
 *     neither: its retry decorator looks only at HTTP status codes;
 *   - a request timeout: the library sets none, so a connection HubSpot never answers would hold a run forever. Its
 *     `httpAgent` option takes an agent whose sockets are destroyed after `requestTimeoutMs` without a byte (with an
 *     agent, 14.x sends the generated API calls through node:http rather than global fetch);
 *   - request counting by endpoint through the Client's `middleware` option (every HTTP attempt, retries included),
 *     which is the figure HubSpot's limits count.
 * The library announces each of its retries with a console.error line of its own ("Request failed with status code
 * [502], will retry [1] time in [200] ms"): no token or body, and left as it is, since changing it would mean patching
 * a private method of the library (the run record counts every failed attempt by status anyway).
 * Decorators in the SDK are process-global and picked up when an API object is first accessed; `connect` therefore
 * builds each Client once and touches every API it uses right away, so a later Client cannot swap its limiter.
 */
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { Client } from '@hubspot/api-client';
import Bottleneck from 'bottleneck';
import { DailyLimitReached, HubSpotRequestError } from './errors';

export interface ConnectOptions {
  accessToken: string;
  basePath: string;
  /** The app's burst limit per 10 seconds (HUBSPOT_RATE_LIMIT: 100, 110 or 190). */
  burstPer10s: number;
  /** Search requests per second (HubSpot: 5). */
  searchPerSecond?: number;
  /**
   * A request that gets no byte from HubSpot for this long is abandoned (its connection destroyed) and counts as a lost
   * connection: retried like one, and for a task creation an unknown outcome reconciled by marker. Default 60 s.
   */
  requestTimeoutMs?: number;
  /**
   * Shrinks the limiter's windows (10 s → 10/timeScale s). Only for the sandbox, whose limits the benchmarks scale
   * the same way to finish faster while keeping every ratio. Production: 1.
   */
  timeScale?: number;
}

export interface CallStats {
  /** HTTP requests by endpoint key, e.g. `POST /crm/v3/objects/companies/batch/read`. */
  calls: Record<string, number>;
  /**
   * Requests that failed, by HTTP status ("429", "503", …) or "network" (connection lost, no answer); "*" counts every
   * non-2xx answer. Retried attempts included: with `calls`, what a run met.
   */
  failed: Record<string, number>;
}

export interface HubSpotConnection {
  /** Every call but search: its limiter is the burst budget. */
  readonly client: Client;
  /** Search calls only (`…searchApi.doSearch`): its limiter is the search budget, not the burst one. */
  readonly searchClient: Client;
  readonly options: Required<ConnectOptions>;
  /**
   * Always `undefined`: the counting middleware is now set on the Clients themselves, so SDK calls need no `_options`.
   * Kept only until the gateway's calls stop passing it (the 2026-09 rewrite of the gateway drops it).
   */
  readonly requestOptions: undefined;
  /** The same for search calls: `undefined`. */
  readonly searchRequestOptions: undefined;
  /** Cumulative counts since the connection was made. */
  stats(): CallStats;
  /** Runs one HubSpot call with our error handling (DAILY, 423, network resets). */
  call<T>(endpoint: string, fn: () => Promise<T>): Promise<T>;
  /** Same, for a search call made with `searchClient`. */
  search<T>(endpoint: string, fn: () => Promise<T>): Promise<T>;
  /**
   * The same connection for a person waiting (a card's recompute): its calls skip the admission fronts that keep the
   * nightly sync's searches from queueing behind its batch reads, so one account's reads go out in a single wave.
   * They still pass the client's burst limiter and the search gate: the rate limits hold either way.
   */
  readonly interactive: HubSpotConnection;
  /**
   * One HTTP request through the Client's limiter but WITHOUT any retry (the library's or ours), answering every
   * status: for requests that are not idempotent (task creation), whose 5xx or reset may hide a success.
   * Network errors are thrown as they are.
   */
  once(method: 'POST' | 'GET' | 'PATCH', path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /**
   * After a DAILY 429 every further request (including those already queued in the limiter) is refused without
   * being sent, until `clearDailyLimit()` (called when a new run starts). A DAILY answer that arrives after that, to
   * a request the previous run still had in flight, does not refuse the new run's requests.
   */
  clearDailyLimit(): void;
}

/** Share of the burst limit the limiter uses: stays under HubSpot's rolling window while keeping ≥ 0.9 utilisation. */
export const BURST_SHARE = 0.95;
const TOTAL_ATTEMPTS = 5;
const LOCK_RETRIES = 3;
const LOCK_WAIT_MS = 2_100;
const NETWORK_RETRIES = 3;

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

/** `GET https://host/crm/v3/objects/companies/123?x` → `GET /crm/v3/objects/companies/{id}` */
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

interface ApiErrorLike {
  code?: number;
  body?: unknown;
  message?: string;
}

function statusOf(err: unknown): number | null {
  const code = (err as ApiErrorLike | null)?.code;
  return typeof code === 'number' ? code : null;
}

function policyOf(err: unknown): string | null {
  const body = (err as ApiErrorLike | null)?.body;
  if (body && typeof body === 'object' && 'policyName' in body) return String((body as { policyName: unknown }).policyName);
  if (typeof body === 'string' && body.includes('"DAILY"')) return 'DAILY';
  return null;
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

function isNetworkError(err: unknown): boolean {
  if (statusOf(err) !== null) return false;
  const e = err as { code?: unknown; errno?: unknown; message?: unknown; type?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const msg = typeof e?.message === 'string' ? e.message : '';
  return NETWORK_CODES.has(code) || e?.type === 'system' || /socket hang up|ECONNRESET|network|fetch failed/i.test(msg);
}

function describe(err: unknown): string {
  const body = (err as ApiErrorLike | null)?.body;
  if (body && typeof body === 'object' && 'message' in body) return String((body as { message: unknown }).message);
  return err instanceof Error ? err.message : String(err);
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

const connections = new Map<string, HubSpotConnection>();

/** The connection for a token and base URL: built once per process and reused. */
export function connect(opts: ConnectOptions): HubSpotConnection {
  const options: Required<ConnectOptions> = { searchPerSecond: 5, timeScale: 1, requestTimeoutMs: 60_000, ...opts };
  const key = `${options.basePath}\u0000${options.accessToken}\u0000${options.burstPer10s}\u0000${options.timeScale}\u0000${options.requestTimeoutMs}`;
  const existing = connections.get(key);
  if (existing) return existing;
  const httpAgent = timeoutAgent(options.basePath, options.requestTimeoutMs);

  const calls: Record<string, number> = {};
  const failed: Record<string, number> = {};
  let dailyLimitAt: string | null = null;
  const countFailure = (status: number | 'network') => {
    if (status !== 'network') failed['*'] = (failed['*'] ?? 0) + 1;
    failed[String(status)] = (failed[String(status)] ?? 0) + 1;
  };
  /** Grows at every `clearDailyLimit()`: a DAILY answer to a request sent before it belongs to the previous run. */
  let dailyEpoch = 0;
  // Counting middleware, on both Clients (14.x runs a Client's `middleware` on every generated call: the bug that
  // made 13.x drop it, #671/#683, is fixed). It sees each HTTP attempt, retries included.
  const counter = {
    pre: async (ctx: unknown) => {
      const c = ctx as { getUrl(): string; getHttpMethod(): string };
      const k = endpointKey(String(c.getHttpMethod()), c.getUrl());
      if (dailyLimitAt !== null) throw new DailyLimitReached(k);
      calls[k] = (calls[k] ?? 0) + 1;
      return ctx;
    },
    post: async (ctx: unknown) => {
      const status = (ctx as { httpStatusCode: number }).httpStatusCode;
      if (status >= 400) countFailure(status);
      return ctx;
    },
  };
  // The search Client's limiter spaces the starts of search calls; HubSpot counts their arrivals in a rolling second.
  // Starts held up by a busy event loop (a chunk being scored and saved) go out together when it frees, and at full
  // speed that is one search too many in a second (429 SECONDLY). So each request is also paced at the moment it is
  // sent, by the same spacing, against the real send time of the previous one.
  const searchPacer = new Pacer(searchLimiterOptions(options.searchPerSecond, options.timeScale).minTime as number);
  const searchAdmission = {
    pre: async (ctx: unknown) => {
      await searchPacer.admit();
      return ctx;
    },
    post: async (ctx: unknown) => ctx,
  };
  // The search Client first, its search APIs bound at once: the SDK's decorators (limiter, retries) are process-global
  // and an API object takes those of the last Client built when it is first accessed (see the file comment). The
  // burst Client is built second, so any API bound later gets the burst limiter, never the search one.
  // Decorator order in the SDK: retries wrap the limiter, so every attempt (retries included) waits for its budget.
  const searchClient = new Client({
    accessToken: options.accessToken,
    basePath: options.basePath.replace(/\/$/, ''),
    numberOfApiCallRetries: TOTAL_ATTEMPTS,
    httpAgent,
    limiterOptions: searchLimiterOptions(options.searchPerSecond, options.timeScale, `hubspot-search-${connections.size}`),
    middleware: [searchAdmission, counter],
  });
  void [
    searchClient.crm.companies.searchApi,
    searchClient.crm.contacts.searchApi,
    searchClient.crm.deals.searchApi,
    ...(['calls', 'emails', 'meetings', 'notes', 'tasks'] as const).map((t) => searchClient.crm.objects[t].searchApi),
  ];
  const client = new Client({
    accessToken: options.accessToken,
    basePath: options.basePath.replace(/\/$/, ''),
    numberOfApiCallRetries: TOTAL_ATTEMPTS,
    httpAgent,
    limiterOptions: burstLimiterOptions(options.burstPer10s, options.timeScale, `hubspot-burst-${connections.size}`),
    middleware: [counter],
  });
  // Bind the decorators now (see the file comment).
  void [
    client.crm.companies.basicApi,
    client.crm.contacts.batchApi,
    client.crm.deals.batchApi,
    client.crm.objects.calls.searchApi,
    client.crm.objects.emails.searchApi,
    client.crm.objects.meetings.searchApi,
    client.crm.objects.tasks.batchApi,
    client.crm.associations.v4.batchApi,
    client.crm.pipelines.pipelinesApi,
    client.crm.properties.coreApi,
    client.crm.lists.listsApi,
    client.crm.owners.ownersApi,
  ];
  // Standard calls enter the library's burst limiter at most three at a time (three in flight cover the latency at 9.5
  // requests a second): the limiter's queue is first-in first-out, and a chunk's seventy batch reads queued at once
  // would otherwise make a person's card action (the interactive connection, which skips this front) wait behind them.
  const standardFront = new Bottleneck({ maxConcurrent: 3 });

  const run = async <T>(endpoint: string, fn: () => Promise<T>): Promise<T> => {
    let lockRetries = 0;
    let networkRetries = 0;
    const epoch = dailyEpoch;
    for (;;) {
      if (dailyLimitAt !== null) throw new DailyLimitReached(endpoint);
      try {
        return await fn();
      } catch (err) {
        if (err instanceof DailyLimitReached) throw err;
        const status = statusOf(err);
        if (status === 429 && policyOf(err) === 'DAILY') {
          if (epoch === dailyEpoch) dailyLimitAt = endpoint;
          throw new DailyLimitReached(endpoint);
        }
        if (status === 423 && lockRetries < LOCK_RETRIES) {
          lockRetries += 1;
          await sleep(LOCK_WAIT_MS / options.timeScale);
          continue;
        }
        if (isNetworkError(err)) countFailure('network');
        if (isNetworkError(err) && networkRetries < NETWORK_RETRIES) {
          networkRetries += 1;
          await sleep((250 * 2 ** networkRetries) / options.timeScale);
          continue;
        }
        throw new HubSpotRequestError(endpoint, status, describe(err), isNetworkError(err));
      }
    }
  };

  const call = <T>(endpoint: string, fn: () => Promise<T>): Promise<T> => run(endpoint, () => standardFront.schedule(fn));

  const once = async (method: 'POST' | 'GET' | 'PATCH', path: string, body?: unknown): Promise<{ status: number; body: unknown }> => {
    const k = endpointKey(method, `http://x${path}`);
    if (dailyLimitAt !== null) throw new DailyLimitReached(k);
    const epoch = dailyEpoch;
    calls[k] = (calls[k] ?? 0) + 1;
    // apiRequest is limited by the Client's Bottleneck; its retry decorator only acts on thrown HTTP errors, and
    // apiRequest resolves whatever the status, so nothing is retried behind our back.
    // apiRequest takes no agent (it uses Node's default one), so its timeout is a race: a request abandoned here may
    // still reach HubSpot, which is what an unknown outcome means to the caller (tasks are reconciled by marker).
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(requestTimedOut(options.requestTimeoutMs)), options.requestTimeoutMs);
    });
    const answer = await Promise.race([
      (async () => {
        const r = await client.apiRequest({ method, path, ...(body !== undefined ? { body: body as object } : {}) });
        return { status: r.status, text: await r.text() };
      })(),
      timedOut,
    ])
      .catch((err: unknown) => {
        if (isNetworkError(err)) countFailure('network');
        throw err;
      })
      .finally(() => clearTimeout(timer));
    if (answer.status >= 400) countFailure(answer.status);
    if (answer.status === 429 && answer.text.includes('"DAILY"') && epoch === dailyEpoch) dailyLimitAt = k;
    let parsed: unknown = null;
    try {
      parsed = answer.text === '' ? null : JSON.parse(answer.text);
    } catch {
      parsed = answer.text;
    }
    return { status: answer.status, body: parsed };
  };

  // Declared before `connection`: spreading `connection` below reads its `interactive` getter.
  let interactive: HubSpotConnection | undefined;
  const connection: HubSpotConnection = {
    once,
    clearDailyLimit: () => {
      dailyLimitAt = null;
      dailyEpoch += 1;
    },
    client,
    searchClient,
    options,
    requestOptions: undefined,
    searchRequestOptions: undefined,
    stats: () => ({ calls: { ...calls }, failed: { ...failed } }),
    call,
    search: (endpoint, fn) => run(endpoint, fn),
    get interactive(): HubSpotConnection {
      return interactive as HubSpotConnection;
    },
  };
  const direct: HubSpotConnection = {
    ...connection,
    call: (endpoint, fn) => run(endpoint, fn),
    search: (endpoint, fn) => run(endpoint, fn),
    get interactive(): HubSpotConnection {
      return direct;
    },
  };
  interactive = direct;
  connections.set(key, connection);
  return connection;
}
