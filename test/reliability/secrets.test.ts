/**
 * Secrets never leave the process: a whole demo-like flow — sandbox, setup, full and incremental syncs (with HubSpot
 * failing part of the time, and once with a token HubSpot refuses), the card, settings and operator API including
 * failures — runs with a known access token, client secret and operator token. Every log line (the process logger and
 * the app's, at debug level), every response body and header, and the stdout/stderr of the `keyline` command line
 * (setup, sync, report, explain, serve + requests) run as child processes are scanned for the secrets and for any
 * `Bearer` credential.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import request from 'supertest';
import winston from 'winston';
import { startSandbox, type Sandbox } from '../../sandbox';
import { loadConfig } from '../../server/src/config';
import { createApp } from '../../server/src/http/app';
import { createServeParts } from '../../server/src/http/services-from-keyline';
import { createKeyline } from '../../server/src/keyline';
import { logger as processLogger } from '../../server/src/logger';
import { runSync } from '../../server/src/sync';
import { documentedV3Signature, signedCall, withIdentity } from '../api/support/signed-client';
import { AS_OF, NOW, TIME_SCALE } from '../e2e/harness';
import { recordScenario } from './record-scenario';

jest.setTimeout(240_000);

const ACCESS_TOKEN = 'pat-na1-5ec2e7a1-0b0e-4c1d-9f00-5ec2e75ec2e7';
const REFUSED_TOKEN = 'pat-na1-deadbeef-dead-beef-dead-beefdeadbeef';
const CLIENT_SECRET = 'cs-5ec2e7-client-secret-do-not-leak';
const OPERATOR_TOKEN = 'op-5ec2e7-operator-token-do-not-leak';
const PUBLIC_BASE_URL = 'https://keyline.example.com';
const SECRETS = [ACCESS_TOKEN, REFUSED_TOKEN, CLIENT_SECRET, OPERATOR_TOKEN];
/** A bearer credential of any kind (the redactor's placeholder and WWW-Authenticate's `Bearer error=…` excepted). */
const BEARER = /Bearer\s+(?!\[REDACTED\]|error=|realm=)[A-Za-z0-9._~+/=-]{6,}/;

interface Scan {
  lines: number;
  responses: number;
  leaks: string[];
}

const scan: Scan = { lines: 0, responses: 0, leaks: [] };

function check(where: string, text: string): void {
  for (const s of SECRETS) if (text.includes(s)) scan.leaks.push(`${where}: ${s.slice(0, 12)}…`);
  const bearer = BEARER.exec(text);
  if (bearer) scan.leaks.push(`${where}: ${bearer[0].slice(0, 20)}…`);
}

function scanLines(where: string, text: string): void {
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    scan.lines += 1;
    check(where, line);
  }
}

function scanResponse(where: string, res: { status: number; text?: string; headers: Record<string, unknown> }): void {
  scan.responses += 1;
  check(`${where} body`, res.text ?? '');
  check(`${where} headers`, JSON.stringify(res.headers));
}

function memoryLogger(): { logger: winston.Logger; lines: string[]; transport: winston.transport } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const transport = new winston.transports.Stream({ stream });
  // The process logger's formats: redaction, then JSON.
  return { logger: winston.createLogger({ level: 'debug', format: processLogger.format, transports: [transport] }), lines, transport };
}

/** Runs the `keyline` command (bin/keyline) as a child process; resolves with its exit code and output. */
function runCli(args: string[], env: Record<string, string>, opts: { until?: RegExp; cwd?: string } = {}): { child: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }>; ready: Promise<string> } {
  const child = spawn(process.execPath, [join(__dirname, '../../bin/keyline'), ...args], {
    cwd: opts.cwd ?? join(__dirname, '../..'),
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let resolveReady: (s: string) => void = () => undefined;
  let rejectReady: (e: Error) => void = () => undefined;
  const ready = new Promise<string>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    const m = opts.until?.exec(out);
    if (m) resolveReady(m[1] ?? m[0]);
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  // A child that never ends fails the test instead of hanging it.
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const done = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(guard);
      rejectReady(new Error(`keyline ${args.join(' ')} exited (${String(code)}) before it was ready: ${err.slice(-500)}`));
      resolve({ code, out, err });
    }),
  );
  return { child, done, ready };
}

describe('secrets: the scanner', () => {
  it('when a secret or a bearer credential is planted in a line, then the scanner reports it (and not the redacted form)', () => {
    const before = scan.leaks.length;
    check('planted', `{"message":"call failed","token":"${CLIENT_SECRET}"}`);
    check('planted', 'Authorization: Bearer abcdef123456');
    check('clean', 'Authorization: Bearer [REDACTED]; WWW-Authenticate: Bearer error="invalid_token"');
    expect(scan.leaks.splice(before)).toEqual(['planted: cs-5ec2e7-cl…', 'planted: Bearer abcdef123456…']);
  });
});

describe('secrets: a whole demo-like flow with known secrets', () => {
  let sandbox: Sandbox;
  const dir = mkdtempSync(join(tmpdir(), 'keyline-secrets-'));
  const processCapture = memoryLogger();

  // What the HubSpot SDK prints itself (its retry notices go to console.error, not to our logger).
  const consoleLines: string[] = [];
  beforeAll(async () => {
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        consoleLines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      });
    }
    sandbox = await startSandbox({ size: 'XS', seed: 7, asOf: AS_OF, token: ACCESS_TOKEN, rateLimit: { timeScale: TIME_SCALE } });
    processLogger.add(processCapture.transport);
  });
  afterAll(async () => {
    processLogger.remove(processCapture.transport);
    jest.restoreAllMocks();
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when the flow runs in-process (syncs with failures, every API route, failures included), then no log line, body or header holds a secret', async () => {
    const { logger, lines } = memoryLogger();
    const config = loadConfig({
      HUBSPOT_BASE_URL: sandbox.baseUrl,
      HUBSPOT_ACCESS_TOKEN: ACCESS_TOKEN,
      HUBSPOT_PORTAL_ID: sandbox.portalId,
      HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      OPERATOR_TOKEN,
      PUBLIC_BASE_URL,
      DATABASE_URL: 'sqlite::memory:',
      LOG_LEVEL: 'debug',
    });
        const k = await createKeyline(config, { timeScale: TIME_SCALE, now: () => NOW, logger });
    const parts = createServeParts(k);
    try {
      await k.gateway.setup({ lists: true });
      const full = await runSync(k, { mode: 'full' });
      expect(full.status).toBe('succeeded');
      // HubSpot failing part of the time (5xx, 423, connection resets): errors are logged and recorded.
      sandbox.setFaults({ errorRate: 0.1, lockRate: 0.05, resetRate: 0.02, seed: 5 });
      const flaky = await runSync(k, { mode: 'full' });
      sandbox.setFaults({});
      scanLines('run record', JSON.stringify([full, flaky]));

      const { app } = createApp({
        services: parts.services,
        auth: { clientSecret: CLIENT_SECRET, publicBaseUrl: PUBLIC_BASE_URL, portalId: sandbox.portalId, operatorToken: OPERATOR_TOKEN },
        logger,
        processMetrics: false,
      });
      const id = (await k.store.listSnapshotSummaries(k.portalId))[0]?.companyId ?? '1000000001';
      const signed = (call: Parameters<typeof signedCall>[1]) => signedCall(app, { portalId: sandbox.portalId, secret: CLIENT_SECRET, ...call });
      // signed-client signs for its own base URL; this app's is the same host.
      const calls: [string, () => Promise<request.Response>][] = [
        ['account', () => signed({ method: 'GET', path: `/api/v1/accounts/${id}` })],
        ['account fresh', () => signed({ method: 'GET', path: `/api/v1/accounts/${id}?fresh=1` })],
        ['recompute', () => signed({ method: 'POST', path: `/api/v1/accounts/${id}/recompute`, body: {} })],
        ['task', () => signed({ method: 'POST', path: `/api/v1/accounts/${id}/tasks`, body: {} })],
        ['override', () => signed({ method: 'PUT', path: `/api/v1/accounts/${id}/override`, body: { tier: 'tier_1' } })],
        ['override clear', () => signed({ method: 'PUT', path: `/api/v1/accounts/${id}/override`, body: { tier: null } })],
        ['portfolio', () => signed({ method: 'GET', path: '/api/v1/portfolio' })],
        ['settings', () => signed({ method: 'GET', path: '/api/v1/settings' })],
        ['settings preview invalid', () => signed({ method: 'POST', path: '/api/v1/settings/preview', body: { model: { weights: 'all' } } })],
        ['settings save stale', () => signed({ method: 'PUT', path: '/api/v1/settings', body: { model: {}, expectedVersion: 'nope' } })],
        ['unknown company fresh', () => signed({ method: 'GET', path: '/api/v1/accounts/1999999999?fresh=1' })],
        ['bad signature', () => signed({ method: 'GET', path: `/api/v1/accounts/${id}`, secret: 'wrong-secret-123456' })],
        ['stale signature', () => signed({ method: 'GET', path: `/api/v1/accounts/${id}`, timestamp: Date.now() - 3_600_000 })],
        ['other portal', () => signed({ method: 'GET', path: `/api/v1/accounts/${id}`, portalId: '1' })],
        ['malformed JSON', () => signed({ method: 'PUT', path: `/api/v1/accounts/${id}/override`, rawBody: '{"tier":' })],
        ['too large', () => signed({ method: 'PUT', path: `/api/v1/accounts/${id}/override`, rawBody: JSON.stringify({ tier: 'x'.repeat(200_000) }) })],
        ['no route', () => request(app).get('/api/v1/nothing')],
        ['start dry run', () => request(app).post('/api/v1/sync/runs').set('Authorization', `Bearer ${OPERATOR_TOKEN}`).send({ mode: 'full', dryRun: true })],
        ['list runs', () => request(app).get('/api/v1/sync/runs').set('Authorization', `Bearer ${OPERATOR_TOKEN}`)],
        ['metrics', () => request(app).get('/metrics').set('Authorization', `Bearer ${OPERATOR_TOKEN}`)],
        ['wrong bearer', () => request(app).get('/metrics').set('Authorization', `Bearer ${OPERATOR_TOKEN}-x`)],
        ['HubSpot token as bearer', () => request(app).get('/api/v1/sync/runs').set('Authorization', `Bearer ${ACCESS_TOKEN}`)],
        ['healthz', () => request(app).get('/healthz')],
        ['readyz', () => request(app).get('/readyz')],
      ];
      const statuses: Record<string, number> = {};
      for (const [what, call] of calls) {
        const res = await call();
        statuses[what] = res.status;
        scanResponse(what, res);
      }
      expect(statuses).toMatchObject({ account: 200, 'bad signature': 401, 'other portal': 403, 'too large': 413, 'wrong bearer': 401, 'HubSpot token as bearer': 401 });
      // Wait for the operator's dry run, then read it (its record is a response too).
      await parts.syncRunner.stop(60_000);
      const runs = await request(app).get('/api/v1/sync/runs').set('Authorization', `Bearer ${OPERATOR_TOKEN}`);
      scanResponse('runs after', runs);

      // A Keyline whose token HubSpot refuses: the 401 is logged and recorded without the token.
      const refusedConfig = loadConfig({ ...Object.fromEntries(Object.entries(config).map(([key, v]) => [key, String(v)])), HUBSPOT_ACCESS_TOKEN: REFUSED_TOKEN, DATABASE_URL: 'sqlite::memory:' });
      const refused = await createKeyline(refusedConfig, { timeScale: TIME_SCALE, now: () => NOW, logger });
      const failedRun = await runSync(refused, { mode: 'full' });
      await refused.close();
      expect(failedRun.status).toBe('failed');
      scanLines('refused run record', JSON.stringify(failedRun));
    } finally {
      await parts.syncRunner.stop(10_000);
      await k.close();
    }
    for (const line of [...lines, ...processCapture.lines, ...consoleLines]) scanLines('log', line);
    expect(lines.length).toBeGreaterThan(10);
    expect(scan.leaks).toEqual([]);
  });

  it('when the keyline command runs setup, sync, report, explain, serve with requests and the demo, then its stdout and stderr hold no secret', async () => {
    const env = {
      HUBSPOT_BASE_URL: sandbox.baseUrl,
      HUBSPOT_ACCESS_TOKEN: ACCESS_TOKEN,
      HUBSPOT_PORTAL_ID: sandbox.portalId,
      HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      OPERATOR_TOKEN,
      PUBLIC_BASE_URL,
      DATABASE_URL: `sqlite:${join(dir, 'keyline.sqlite')}`,
      LOG_LEVEL: 'debug',
      PORT: '0',
    };
    const outputs: { code: number | null; out: string; err: string }[] = [];
    for (const args of [['setup'], ['sync', '--full'], ['--json', 'sync', '--incremental', '--dry-run'], ['report'], ['explain', '1000000001'], ['sync', '--company', '1999999999']]) {
      outputs.push(await runCli(args, env).done);
    }
    // A wrong token: the CLI reports HubSpot's refusal without the token.
    outputs.push(await runCli(['sync', '--full'], { ...env, HUBSPOT_ACCESS_TOKEN: REFUSED_TOKEN }).done);
    expect(outputs.slice(0, 5).map((o) => o.code)).toEqual([0, 0, 0, 0, 0]);

    // serve: requests (good and bad) against the child, then SIGTERM.
    const server = runCli(['serve'], env, { until: /listening on port (\d+)/ });
    const port = await server.ready;
    const base = `http://127.0.0.1:${port}`;
    const signedFetch = async (method: string, path: string, body?: string, secret = CLIENT_SECRET) => {
      const url = withIdentity(path, sandbox.portalId);
      const ts = Date.now();
      const sig = documentedV3Signature(secret, method, `${PUBLIC_BASE_URL}${url}`, body ?? '', ts);
      return fetch(`${base}${url}`, {
        method,
        headers: { 'X-HubSpot-Signature-v3': sig, 'X-HubSpot-Request-Timestamp': String(ts), ...(body ? { 'Content-Type': 'application/json' } : {}) },
        ...(body ? { body } : {}),
      });
    };
    const responses = [
      await signedFetch('GET', '/api/v1/accounts/1000000001'),
      await signedFetch('GET', '/api/v1/accounts/1000000001?fresh=1'),
      await signedFetch('PUT', '/api/v1/accounts/1000000001/override', '{"tier":'),
      await signedFetch('GET', '/api/v1/portfolio', undefined, 'wrong-secret-123456'),
      await fetch(`${base}/api/v1/sync/runs`, { headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` } }),
      await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` } }),
      await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${ACCESS_TOKEN}` } }),
    ];
    const statuses = responses.map((r) => r.status);
    for (const [i, r] of responses.entries()) {
      scanResponse(`serve response ${i}`, { status: r.status, text: await r.text(), headers: Object.fromEntries(r.headers.entries()) });
    }
    expect(statuses).toEqual([200, 200, 400, 401, 200, 200, 401]);
    server.child.kill('SIGTERM');
    outputs.push(await server.done);

    // The demo itself (its own sandbox, random secrets): its sandbox token, a `pat-…` token, is never printed.
    const demo = await runCli(['demo', '--size', 'XS', '--no-serve'], { LOG_LEVEL: 'debug' }, { cwd: dir }).done;
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/Tier 1/);
    expect(`${demo.out}${demo.err}`).not.toMatch(/pat-na1-[0-9a-f]{8}-/);
    outputs.push(demo);

    for (const [i, o] of outputs.entries()) {
      scanLines(`cli ${i} stdout`, o.out);
      scanLines(`cli ${i} stderr`, o.err);
    }
    expect(scan.leaks).toEqual([]);
    recordScenario({
      suite: 'secrets',
      scenario: 'demo-like flow with a known HubSpot token, client secret and operator token: in-process (setup, full syncs with injected 5xx, 423 and resets, a refused token, every API route incl. failures) and the keyline command (bin/keyline) as child processes (setup, sync, dry run, report, explain, serve + requests, SIGTERM, demo --size XS)',
      checked: 'no log line (process and app loggers at debug), response body or header, run record, or CLI stdout/stderr contains a secret or a Bearer credential',
      result: `${scan.lines} lines and ${scan.responses} responses scanned, 0 leaks`,
      passed: true,
      counts: { linesScanned: scan.lines, responsesScanned: scan.responses, leaks: scan.leaks.length },
    });
  });
});
