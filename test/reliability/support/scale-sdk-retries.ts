/**
 * The SDK's own retry waits (`@hubspot/api-client` RetryDecorator: 10 s × attempt after a TEN_SECONDLY_ROLLING 429,
 * 1 s × attempt after the secondly search limit, 200 ms × attempt after a 5xx) are real seconds, while the sandbox's
 * windows shrink by TIME_SCALE. This scales those waits by the same factor — every ratio between a wait and the
 * window it waits out is kept, only faster — and counts the retries by status. The decisions (what is retried, how
 * many times) stay the library's.
 */
import RetryDecorator from '@hubspot/api-client/lib/src/services/decorators/RetryDecorator';

const counted = new Map<number, number>();
let installed = false;

export function scaleSdkRetries(timeScale: number): void {
  if (installed) return;
  installed = true;
  const proto = RetryDecorator.prototype as unknown as {
    _waitAfterRequestFailure(statusCode: number, retryNumber: number, retryTimeout: number): Promise<void>;
  };
  proto._waitAfterRequestFailure = (statusCode, retryNumber, retryTimeout) => {
    counted.set(statusCode, (counted.get(statusCode) ?? 0) + 1);
    return new Promise((resolve) => setTimeout(resolve, (retryTimeout * retryNumber) / timeScale));
  };
}

/** Retries the SDK made since the last call, by HTTP status (429, 500, 502, 503). */
export function takeSdkRetries(): Record<string, number> {
  const out = Object.fromEntries([...counted.entries()].map(([k, v]) => [String(k), v]));
  counted.clear();
  return out;
}
