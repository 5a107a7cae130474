/**
 * The portfolio's onboarding (issue #16, part 3), for `GET /api/v1/portfolio` and `keyline report`: the new customers
 * in onboarding as the last sync left them (the onboarding ledger already applied by its task phase), their items done,
 * open and overdue, per owner, and the items whose task waits for the owner's daily onboarding allowance. Reads the
 * stored results only.
 */
import type { PortfolioOnboardingView } from '@keyline/contract/onboarding-view';
import { onboardingCounts } from '../domain/onboarding-gaps';
import type { Tier } from '../domain/types';
import type { Store } from '../store/store';

const LIST_LIMIT = 100;

type OwnerLine = PortfolioOnboardingView['owners'][number];
type CustomerLine = PortfolioOnboardingView['accounts'][number];

const byId = (a: string | null, b: string | null) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));

/** Null when no account is onboarding (under the filter). Items are counted as of each account's last computation. */
export async function readOnboarding(
  store: Store,
  portalId: string,
  nameOf: (ownerId: string | null) => string | null,
  filter: { ownerId: string | null; tier: Tier | null },
): Promise<PortfolioOnboardingView | null> {
  const owners = new Map<string | null, OwnerLine>();
  const accounts: CustomerLine[] = [];
  const items = { done: 0, open: 0, overdue: 0 };
  let waiting = 0;
  for await (const row of store.streamAccountResults(portalId)) {
    const state = row.result.onboarding;
    if (state === undefined) continue;
    if ((filter.ownerId !== null && row.ownerId !== filter.ownerId) || (filter.tier !== null && row.tier !== filter.tier)) continue;
    const counts = onboardingCounts(state, row.result.computedAt);
    const queued = row.result.gaps.filter((g) => g.kind === 'onboarding' && g.task?.state === 'queued').length;
    items.done += counts.done;
    items.open += counts.open;
    items.overdue += counts.overdue;
    waiting += queued;
    const line = owners.get(row.ownerId) ?? { ownerId: row.ownerId, ownerName: nameOf(row.ownerId), customers: 0, done: 0, open: 0, overdue: 0, waiting: 0 };
    owners.set(row.ownerId, { ...line, customers: line.customers + 1, done: line.done + counts.done, open: line.open + counts.open, overdue: line.overdue + counts.overdue, waiting: line.waiting + queued });
    accounts.push({
      companyId: row.companyId,
      companyName: row.companyName,
      ownerId: row.ownerId,
      ownerName: nameOf(row.ownerId),
      wonAt: state.wonAt.toISOString(),
      done: counts.done,
      total: state.items.length,
      overdue: counts.overdue,
    });
  }
  if (accounts.length === 0) return null;
  accounts.sort((a, b) => b.overdue - a.overdue || (a.wonAt < b.wonAt ? -1 : a.wonAt > b.wonAt ? 1 : 0) || byId(a.companyId, b.companyId));
  return {
    customers: accounts.length,
    items,
    waiting,
    owners: [...owners.values()].sort((a, b) => byId(a.ownerId, b.ownerId)),
    accounts: accounts.slice(0, LIST_LIMIT),
  };
}
