import net from 'node:net';

/**
 * Tests never reach HubSpot or any other host: every socket must connect to loopback (the sandbox, supertest, the
 * API under test). The guard sits at the socket, not in an HTTP interceptor: with nock's interceptor in the path,
 * large loopback answers read by @hubspot/api-client sometimes stalled after 64 kB and a sync hung for good.
 * TLS and HTTP connections go through net.Socket#connect, so they are covered too, and so is global fetch (undici,
 * which @hubspot/api-client 14 uses when no agent is set): block-network.test.ts checks all three.
 */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

function hostOf(args: unknown[]): string | undefined {
  const [first, second] = args;
  if (Array.isArray(first)) return hostOf(first as unknown[]);
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: unknown; path?: unknown };
    if (typeof o.path === 'string') return undefined; // a unix socket
    return typeof o.host === 'string' ? o.host : 'localhost';
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) return typeof second === 'string' ? second : 'localhost';
  return undefined; // a unix socket path
}

const original = net.Socket.prototype.connect;
beforeAll(() => {
  net.Socket.prototype.connect = function loopbackOnly(this: net.Socket, ...args: unknown[]) {
    const host = hostOf(args);
    if (host !== undefined && !LOOPBACK.test(host)) throw new Error(`network blocked in tests: ${host}`);
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
});
afterAll(() => {
  net.Socket.prototype.connect = original;
});
