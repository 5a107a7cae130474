/**
 * The process's one connection to HubSpot's date-versioned API (per token and base URL): every request Keyline sends
 * goes through here, on the paths of ./api-version.
 *
 * Why not the SDK. `@hubspot/api-client` (13.5 and 14.0.1 alike) calls only the legacy /crm/v3 and /crm/v4 paths
 * from its generated APIs. Its one way to another path, `Client.apiRequest`, keeps neither budget: it resolves every
 * HTTP status (so the SDK's retry decorator, which acts on thrown errors, never retries a 429 or a 5xx), and it takes
 * the limiter of whichever Client was built last in the process (the SDK's decorators are process-global), so a
 * search could not be held to the search budget without also taking a slot of the burst one. So the budgets are
 * Bottleneck limiters of our own, configured as the SDK's were (./call-policy's `burstLimiterOptions` and
 * `searchLimiterOptions`, the same library the SDK wraps), and the retries follow the SDK's policy exactly.
 *
 * What a request meets, in order:
 *   - the daily-limit gate: after a DAILY 429 every further request is refused unsent (`DailyLimitReached`) until a
 *     new run starts (`clearDailyLimit`); a DAILY answer to a request the previous run had in flight refuses nothing;
 *   - for standard calls, a front admitting three at a time into the burst limiter (so a chunk's seventy batch reads
 *     do not queue a person's card action behind them: the `interactive` connection skips this front);
 *   - its budget's limiter: burst (HubSpot's per-10-seconds limit) or search (5 a second, separate from the burst
 *     limit), and for searches a pacer that spaces the moment each request leaves against the previous one;
 *   - retries, as the SDK's decorator does them (5 attempts in all): 5xx after 200 ms × attempt, 429
 *     TEN_SECONDLY_ROLLING after 10 s × attempt, 429 "secondly limit" after 1 s × attempt (÷ timeScale against the
 *     sandbox's shrunk windows); plus what it does not do:
 *     423 Locked waited out (≥ 2 s, three times), and a lost connection or a request without an answer for
 *     `requestTimeoutMs` (the socket is destroyed) retried three times with a short backoff;
 *   - counting: every HTTP attempt by endpoint, and every failed one by status (the run record's figures).
 * A request that still fails throws `HubSpotRequestError` with HubSpot's status and error body.
 */
import http from 'node:http';
import https from 'node:https';
import Bottleneck from 'bottleneck';
import { logger } from '../logger';
import { DailyLimitReached, HubSpotRequestError } from './errors';
import { burstLimiterOptions, endpointKey, Pacer, searchLimiterOptions, timeoutAgent, type CallStats } from './call-policy';

export interface TransportOptions {
  accessToken: string;
  basePath: string;
  /** The app's burst limit per 10 seconds (HUBSPOT_RATE_LIMIT: 100, 110 or 190). */
  burstPer10s: number;
  /** Search requests per second (HubSpot: 5). */
  searchPerSecond?: number;
  /** A request that gets no byte from HubSpot for this long counts as a lost connection. Default 60 s. */
  requestTimeoutMs?: number;
  /**
   * Shrinks the limiters' windows and every wait before a retry (the sandbox's scaled limits, in tests and benchmarks:
   * each wait keeps its ratio to the window it waits out). Production: 1.
   */
  timeScale?: number;
}

type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface HubSpotRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The path, starting with '/', without the query string. */
  path: string;
  /** Query parameters; a list is sent comma-separated (as HubSpot reads `properties=a,b`). */
  query?: Readonly<Record<string, QueryValue>>;
  body?: unknown;
}

export interface HubSpotAnswer {
  status: number;
  body: unknown;
}

export interface HubSpotTransport {
  readonly options: Required<TransportOptions>;
  /** A standard-budget request: the parsed 2xx body, else `HubSpotRequestError` after the retries. */
  request(req: HubSpotRequest): Promise<unknown>;
  /** The same on the search budget. */
  search(req: HubSpotRequest): Promise<unknown>;
  /**
   * One attempt through the burst limiter and nothing else: no retry of any kind, every status answered. For requests
   * that are not idempotent (task creation), whose 5xx or lost answer may hide a success. Network errors are thrown.
   */
  once(req: HubSpotRequest): Promise<HubSpotAnswer>;
  /** Counts since the transport was opened. */
  stats(): CallStats;
  /** A new run starts: requests refused after a DAILY limit may be sent again. */
  clearDailyLimit(): void;
  /** The same connection for a person waiting (a card's recompute): skips the standard front, keeps the budgets. */
  readonly interactive: HubSpotTransport;
}

const TOTAL_ATTEMPTS = 5;
const LOCK_RETRIES = 3;
const LOCK_WAIT_MS = 2_100;
const NETWORK_RETRIES = 3;
/** The SDK retry decorator's waits (multiplied by the attempt number), and the message of the search limit's 429. */
const SERVER_ERROR_WAIT_MS = 200;
const TEN_SECONDLY_WAIT_MS = 10_000;
const SECONDLY_WAIT_MS = 1_000;
const SECONDLY_MESSAGE = 'You have reached your secondly limit.';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retries after a 5xx or a 429 (the SDK's policy), by status, since the process started: what the runs met. */
const retriedByStatus: Record<string, number> = {};

/** A copy of the retry counts (reliability tests take the difference around a run). */
export function retriesSoFar(): Record<string, number> {
  return { ...retriedByStatus };
}

function queryString(query: HubSpotRequest['query']): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    params.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function field(body: unknown, name: string): unknown {
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}

/** The wait before the SDK's decorator would try again, or null when it would not. */
function libraryRetryWait(status: number, body: unknown): number | null {
  if (status >= 500 && status <= 599) return SERVER_ERROR_WAIT_MS;
  if (status !== 429) return null;
  if (field(body, 'policyName') === 'TEN_SECONDLY_ROLLING') return TEN_SECONDLY_WAIT_MS;
  if (field(body, 'message') === SECONDLY_MESSAGE) return SECONDLY_WAIT_MS;
  return null;
}

/** One HTTP exchange on a keep-alive agent whose sockets are destroyed after the timeout without a byte. */
function send(agent: http.Agent, url: URL, req: HubSpotRequest, token: string): Promise<{ status: number; text: string }> {
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const out = transport.request(
      url,
      {
        method: req.method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'user-agent': 'keyline',
          ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(payload);
  });
}

const transports = new Map<string, HubSpotTransport>();

/** The transport for a token and base URL: opened once per process and reused. */
export function openTransport(opts: TransportOptions): HubSpotTransport {
  const options: Required<TransportOptions> = { searchPerSecond: 5, timeScale: 1, requestTimeoutMs: 60_000, ...opts };
  const key = [options.basePath, options.accessToken, options.burstPer10s, options.searchPerSecond, options.timeScale, options.requestTimeoutMs].join('\u0000');
  const existing = transports.get(key);
  if (existing) return existing;
  const transport = buildTransport(options);
  transports.set(key, transport);
  return transport;
}

/** One connection's state (budgets, counters, the daily-limit gate) and its ways to send. */
class Connection {
  private readonly base: string;
  private readonly agent: http.Agent;
  private readonly burst: Bottleneck;
  private readonly searchLimiter: Bottleneck;
  private readonly searchPacer: Pacer;
  readonly standardFront = new Bottleneck({ maxConcurrent: 3 });
  private readonly calls: Record<string, number> = {};
  private readonly failed: Record<string, number> = {};
  private dailyLimitAt: string | null = null;
  /** Grows at every `clearDailyLimit()`: a DAILY answer to a request sent before it belongs to the previous run. */
  private dailyEpoch = 0;

  constructor(readonly options: Required<TransportOptions>) {
    this.base = options.basePath.replace(/\/$/, '');
    this.agent = timeoutAgent(this.base, options.requestTimeoutMs);
    this.burst = new Bottleneck(burstLimiterOptions(options.burstPer10s, options.timeScale));
    this.searchLimiter = new Bottleneck(searchLimiterOptions(options.searchPerSecond, options.timeScale));
    this.searchPacer = new Pacer(searchLimiterOptions(options.searchPerSecond, options.timeScale).minTime as number);
  }

  stats(): CallStats {
    return { calls: { ...this.calls }, failed: { ...this.failed } };
  }

  clearDailyLimit(): void {
    this.dailyLimitAt = null;
    this.dailyEpoch += 1;
  }

  private countFailure(status: number | 'network'): void {
    if (status !== 'network') this.failed['*'] = (this.failed['*'] ?? 0) + 1;
    this.failed[String(status)] = (this.failed[String(status)] ?? 0) + 1;
  }

  /** After a DAILY answer (unless it answers a request of a run before the current one), refuse everything. */
  private noteDaily(endpoint: string, epoch: number): void {
    if (epoch === this.dailyEpoch) this.dailyLimitAt = endpoint;
  }

  /** One attempt, admitted by the budget's limiter; counted when it leaves (refused unsent after a DAILY). */
  private attempt(req: HubSpotRequest, budget: 'burst' | 'search'): Promise<{ status: number; text: string }> {
    const endpoint = endpointKey(req.method, req.path);
    const job = async () => {
      if (budget === 'search') await this.searchPacer.admit();
      if (this.dailyLimitAt !== null) throw new DailyLimitReached(endpoint);
      this.calls[endpoint] = (this.calls[endpoint] ?? 0) + 1;
      return send(this.agent, new URL(`${this.base}${req.path}${queryString(req.query)}`), req, this.options.accessToken);
    };
    return (budget === 'search' ? this.searchLimiter : this.burst).schedule(job);
  }

  /** A request with every retry of the file comment: the parsed 2xx body, or the error it ended with. */
  async perform(req: HubSpotRequest, budget: 'burst' | 'search'): Promise<unknown> {
    const endpoint = endpointKey(req.method, req.path);
    const epoch = this.dailyEpoch;
    const { timeScale } = this.options;
    let tries = 1;
    let lockRetries = 0;
    let networkRetries = 0;
    for (;;) {
      if (this.dailyLimitAt !== null) throw new DailyLimitReached(endpoint);
      let answer: { status: number; text: string };
      try {
        answer = await this.attempt(req, budget);
      } catch (err) {
        if (err instanceof DailyLimitReached) throw err;
        this.countFailure('network');
        if (networkRetries >= NETWORK_RETRIES) throw new HubSpotRequestError(endpoint, null, err instanceof Error ? err.message : String(err), true);
        networkRetries += 1;
        await sleep((250 * 2 ** networkRetries) / timeScale);
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) return parseBody(answer.text);
      this.countFailure(answer.status);
      const body = parseBody(answer.text);
      if (answer.status === 429 && field(body, 'policyName') === 'DAILY') {
        this.noteDaily(endpoint, epoch);
        throw new DailyLimitReached(endpoint);
      }
      if (answer.status === 423 && lockRetries < LOCK_RETRIES) {
        lockRetries += 1;
        await sleep(LOCK_WAIT_MS / timeScale);
        continue;
      }
      const wait = libraryRetryWait(answer.status, body);
      if (wait === null || tries >= TOTAL_ATTEMPTS) {
        const message = typeof field(body, 'message') === 'string' ? (field(body, 'message') as string) : answer.text.slice(0, 300);
        throw new HubSpotRequestError(endpoint, answer.status, message, false, body);
      }
      logger.debug('HubSpot request failed; it is retried', { endpoint, status: answer.status, retry: tries, waitMs: wait * tries });
      retriedByStatus[answer.status] = (retriedByStatus[answer.status] ?? 0) + 1;
      await sleep((wait * tries) / timeScale);
      tries += 1;
    }
  }

  /** One attempt through the burst limiter, nothing retried: every status is answered, network errors thrown. */
  async once(req: HubSpotRequest): Promise<HubSpotAnswer> {
    const endpoint = endpointKey(req.method, req.path);
    const epoch = this.dailyEpoch;
    let answer: { status: number; text: string };
    try {
      answer = await this.attempt(req, 'burst');
    } catch (err) {
      if (!(err instanceof DailyLimitReached)) this.countFailure('network');
      throw err;
    }
    const body = parseBody(answer.text);
    if (answer.status >= 400) this.countFailure(answer.status);
    if (answer.status === 429 && field(body, 'policyName') === 'DAILY') this.noteDaily(endpoint, epoch);
    return { status: answer.status, body };
  }
}

/** The standard connection and its interactive twin (which skips the standard front) over one state. */
function buildTransport(options: Required<TransportOptions>): HubSpotTransport {
  const c = new Connection(options);
  const shared = {
    options,
    once: (req: HubSpotRequest) => c.once(req),
    stats: () => c.stats(),
    clearDailyLimit: () => c.clearDailyLimit(),
    search: (req: HubSpotRequest) => c.perform(req, 'search'),
  };
  const interactive: HubSpotTransport = {
    ...shared,
    request: (req) => c.perform(req, 'burst'),
    get interactive() {
      return interactive;
    },
  };
  return {
    ...shared,
    request: (req) => c.standardFront.schedule(() => c.perform(req, 'burst')),
    interactive,
  };
}
