/**
 * Like `Promise.all`, but when one promise rejects it still waits for every other one to settle before rejecting with
 * the first error. `Promise.all` rejects at once and leaves its siblings running: a run that stops on a call's error
 * (a 429 after every retry, DAILY) would return while sibling requests are still on their way to HubSpot — uncounted
 * in its run record, and, for writes, landing after the run said it had stopped.
 */
export async function settleAll<T extends readonly unknown[] | []>(values: T): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  const settled = await Promise.allSettled(values);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as { -readonly [P in keyof T]: Awaited<T[P]> };
}
