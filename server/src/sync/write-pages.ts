/**
 * How a run writes: pages of accounts (≤ 100, one batch update each, write-accounts.ts), a few pages in flight at once.
 * Both phases write this way: the read phase every account whose capacity verdict cannot depend on the rest of the
 * portfolio, the write phase the rest (see `capacityBound`).
 */
import type { CapacityEntry, CapacityVerdict } from '../domain';
import type { RunContext } from './run-context';
import { SyncLockLost, type RunLedger } from './run-ledger';
import { writeAccounts, type ScoredAccount } from './write-accounts';

/** Write pages in flight at once. */
export const WRITE_PARALLEL = 3;

/** No capacity verdict: what the accounts written in the read phase are written with. */
export const NO_VERDICTS: ReadonlyMap<string, CapacityVerdict> = new Map();

/**
 * Writes pages of accounts a few at a time. Settled, not Promise.all: when one page fails (DAILY, a call out of
 * retries) the others run to their end before the run pauses or fails, so none is still writing to HubSpot once
 * the lock is released. Pages that completed are counted; the first failure is rethrown.
 */
export async function writePages(
  ctx: Pick<RunContext, 'deps' | 'model' | 'ownerIds' | 'dryRun' | 'now'>,
  ledger: RunLedger,
  pages: ScoredAccount[][],
  verdicts: ReadonlyMap<string, CapacityVerdict>,
): Promise<void> {
  const { deps, model, ownerIds, dryRun, now } = ctx;
  // A run whose lease was taken over sends nothing more (the heartbeat saw it; the checkpoint would stop it later).
  if (ledger.lease.lost) throw new SyncLockLost();
  const settled = await Promise.allSettled(pages.map((accounts) => writeAccounts(deps, accounts, { model, verdicts, ownerIds, runId: ledger.record.id, dryRun, now })));
  for (const page of settled) if (page.status === 'fulfilled') ledger.tally(page.value);
  const failedPage = settled.find((page): page is PromiseRejectedResult => page.status === 'rejected');
  if (failedPage) throw failedPage.reason;
}

/** Pages of `pageSize`, in groups of WRITE_PARALLEL pages (the pages of a group are written at once). */
export function pageGroups<T>(items: readonly T[], pageSize: number): T[][][] {
  const groups: T[][][] = [];
  for (let i = 0; i < items.length; i += pageSize * WRITE_PARALLEL) {
    const group: T[][] = [];
    for (let j = i; j < Math.min(items.length, i + pageSize * WRITE_PARALLEL); j += pageSize) group.push(items.slice(j, j + pageSize));
    groups.push(group);
  }
  return groups;
}

/** Whether an account's capacity verdict depends on the rest of the portfolio: a tier-1 account (override included) with an owner. */
export function capacityBound(e: CapacityEntry): boolean {
  return e.ownerId !== null && e.ownerId !== '' && (e.override ?? e.computedTier) === 'tier_1';
}
