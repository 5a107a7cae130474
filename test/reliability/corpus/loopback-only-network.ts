/**
 * The network guard of the reliability suites that stream large HubSpot answers: loopback only, without nock.
 *
 * test/setup/block-network.ts blocks the network with nock. With nock's interceptor in the path, a large answer read
 * through @hubspot/api-client (node-fetch) sometimes stops after its first 64 kB and never ends — a bad-data run then
 * hangs for good (seen 2 runs in 3 with nock on, 0 in 3 without; issue 7's report). These suites lift nock for their
 * duration and refuse any non-loopback connection at the socket instead, which keeps the rule (loopback only) without
 * the interceptor.
 */
import net from 'node:net';
import nock from 'nock';

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
  beforeAll(() => {
    nock.restore();
    net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
      const host = hostOf(args);
      if (host !== undefined && !LOOPBACK.has(host)) throw new Error(`network blocked in tests: ${host}`);
      return (original as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof original;
  });
  afterAll(() => {
    net.Socket.prototype.connect = original;
    nock.activate();
  });
}
