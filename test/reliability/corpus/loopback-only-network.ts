/**
 * The network guard of the reliability suites that stream large HubSpot answers: loopback only, without nock.
 *
 * test/setup/block-network.ts blocks the network with nock. With nock's interceptor in the path, a large answer read
 * through @hubspot/api-client (node-fetch) sometimes stops after its first 64 kB and never ends — a bad-data run then
 * hangs for good (seen 2 runs in 3 with nock on, 0 in 3 without; issue 7's report). And each test file's nock stays
 * patched into the shared `http` module after the file ends (nothing restores it), so in one jest worker the
 * interceptors of earlier files are still there. These suites therefore send `http.request` straight to Node's own
 * ClientRequest for their duration and refuse any non-loopback connection at the socket instead: the rule (loopback
 * only) holds without the interceptors.
 */
import http from 'node:http';
import net from 'node:net';
import nock from 'nock';

type RequestFn = typeof http.request;
// Node's own client request class, untouched by interceptors that replace `http.ClientRequest` / `http.request`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ClientRequest: NodeClientRequest } = require('_http_client') as { ClientRequest: new (...args: unknown[]) => http.ClientRequest };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function hostOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const o = first as { host?: unknown; path?: unknown };
    if (typeof o.path === 'string') return 'localhost'; // a unix socket
    return typeof o.host === 'string' ? o.host : 'localhost';
  }
  if (Array.isArray(first)) return hostOf(first as unknown[]);
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return typeof second === 'string' ? second : 'localhost';
  if (typeof first === 'string') return 'localhost'; // a unix socket path
  return undefined;
}

/** For a describe/test file: nock lifted, loopback-only sockets, both restored afterwards. */
export function useLoopbackOnlyNetwork(): void {
  const original = net.Socket.prototype.connect;
  const patched = { request: http.request, get: http.get };
  beforeAll(() => {
    nock.restore();
    http.request = ((...args: unknown[]) => new NodeClientRequest(...args)) as RequestFn;
    http.get = ((...args: unknown[]) => {
      const req = new NodeClientRequest(...args);
      req.end();
      return req;
    }) as typeof http.get;
    net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
      const host = hostOf(args);
      if (host !== undefined && !LOOPBACK.has(host)) throw new Error(`network blocked in tests: ${host}`);
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof original;
  });
  afterAll(() => {
    http.request = patched.request;
    http.get = patched.get;
    net.Socket.prototype.connect = original;
    nock.activate();
  });
}
