/** A tiny HTTP helper for contract tests: calls the sandbox and checks both sides against HubSpot's specs. */
import type { Sandbox } from '../../sandbox';
import { validateRequest, validateResponse } from './openapi-validator';

export interface Exchange {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are checked by the spec
  headers: Headers;
}

export async function call(sb: Sandbox, method: string, path: string, body?: unknown, token = sb.token): Promise<Exchange> {
  const res = await fetch(`${sb.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), headers: res.headers };
}

/** Sends a request whose body must match the spec's requestBody, and asserts the answer matches the spec's response. */
export async function exchange(sb: Sandbox, method: string, path: string, body?: unknown): Promise<Exchange> {
  if (body !== undefined) {
    const req = validateRequest(method, path, body);
    if (!req.valid) throw new Error(`request body does not match the spec for ${method} ${path}:\n${req.errors}`);
  }
  const ex = await call(sb, method, path, body);
  const res = validateResponse(method, path, ex.status, ex.body);
  if (!res.valid) throw new Error(`response ${ex.status} of ${method} ${path} does not match the spec:\n${res.errors}\n${JSON.stringify(ex.body).slice(0, 800)}`);
  return ex;
}
