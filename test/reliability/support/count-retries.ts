/**
 * Counts the retries Keyline's HubSpot connection makes after a 5xx or a 429 (the SDK's policy: 10 s × attempt after
 * a TEN_SECONDLY_ROLLING 429, 1 s × attempt after the secondly search limit, 200 ms × attempt after a 5xx), by
 * status. The connection divides those waits by its timeScale itself, like the sandbox's windows: every ratio kept.
 */
import { retriesSoFar } from '../../../server/src/hubspot/hubspot-transport';

let before: Record<string, number> = retriesSoFar();

/** Retries made since the last call, by HTTP status (429, 500, 502, 503). */
export function takeRetries(): Record<string, number> {
  const now = retriesSoFar();
  const out: Record<string, number> = {};
  for (const [status, n] of Object.entries(now)) {
    const delta = n - (before[status] ?? 0);
    if (delta > 0) out[status] = delta;
  }
  before = now;
  return out;
}
