/**
 * `hubspot.fetch` under test: HubSpot's test renderer does not mock it, so tests spy on it and answer with these
 * Response look-alikes. `deferred` holds an answer back so a test can look at the loading state.
 */
import { hubspot } from '@hubspot/ui-extensions';

export function respond(status: number, body: unknown): Response {
  return { ok: status >= 200 && status < 300, status, json: async () => body } as unknown as Response;
}

export function apiError(status: number, code: string, message: string, details?: { path: string; message: string }[]) {
  return respond(status, { error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export function spyOnFetch() {
  return jest.spyOn(hubspot, 'fetch');
}

/** Calls a component's event handler with a value (HubSpot's `trigger` types its argument loosely). */
export function fire(node: { trigger: (...args: never[]) => void }, eventPropName: string, value?: unknown): void {
  (node.trigger as unknown as (name: string, arg?: unknown) => void)(eventPropName, value);
}

interface TextBearingNode {
  text?: string | null;
  childNodes?: readonly TextBearingNode[];
}

/** All text inside a rendered node (HubSpot's `.text` is null as soon as a node has element children). */
export function textOf(node: TextBearingNode): string {
  if (node.childNodes === undefined) return node.text ?? '';
  return node.childNodes.map(textOf).join(' ');
}

/**
 * Lets pending effects and promise callbacks run (for checks that no re-render would trigger). React's scheduler may
 * use a timer or an immediate: a few turns of both, so the order of the two queues on a busy machine does not matter.
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

/**
 * Options for the test renderer's waitFor: its default bound is 1 s, which a loaded CI machine can exceed. This is a
 * ceiling for slow machines, not a timing assertion (a passing check returns at once).
 */
export const WAIT = { timeoutInMs: 15_000 } as const;
