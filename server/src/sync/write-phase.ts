/**
 * Capacity and the write phase of a sync run.
 *
 *   capacity: every owner's tier-1 count over ALL snapshots (incremental runs stay correct); when the model in force is
 *             not the one the stored accounts were scored with (a saved change), every stored account is rescored
 *             from its snapshot first (decide-portfolio.ts, which the settings preview runs too)
 *   write:    what the read phase could not write at once — owners' tier-1 accounts; incremental: companies not read
 *             whose verdict changed, or after a model change every company not read (no HubSpot read, only the values
 *             that changed are sent) — in pages of 100 with the capacity verdict applied (write-pages.ts);
 *             checkpoint per group of pages. A dry run wrote nothing early: it plans everything here.
 */
import { toCapacityEntry, type CapacityEntry, type CapacityVerdict } from '../domain';
import type { AccountSummary, PropertyValues } from '../store/store';
import { decidePortfolio, decideStored } from './decide-portfolio';
import { byId, readOptionsOf, type RunContext } from './run-context';
import type { RunLedger } from './run-ledger';
import type { ScoredAccount } from './write-accounts';
import { capacityBound, pageGroups, WRITE_PARALLEL, writePages } from './write-pages';

export interface WritePhaseOutcome {
  /** Stopped on request before the last group of pages (the run pauses; it resumes from its checkpoint). */
  stopped: boolean;
  /** Every owner's capacity verdict (the task phase of a dry run applies them to the accounts in memory). */
  verdicts: ReadonlyMap<string, CapacityVerdict>;
}

/** `inMemory`: a dry run's scored accounts (read-phase.ts); a real run's are in the store. */
export async function runWritePhase(ctx: RunContext, ledger: RunLedger, inMemory: ReadonlyMap<string, ScoredAccount>): Promise<WritePhaseOutcome> {
  const { summaries, verdicts } = await decideCapacity(ctx, ledger, inMemory);
  const writeIds = listLeftToWrite(ctx, ledger, summaries, inMemory);
  const writeAfter = ledger.state.writeAfter;
  const pending = writeAfter ? writeIds.filter((id) => byId(id, writeAfter) > 0) : writeIds;
  let done = writeIds.length - pending.length;
  // A run killed (or paused) in the write phase may have written the group after its checkpoint (its audit rows,
  // written ahead, were settled at the start of the run): what HubSpot holds for that group is read again, so those
  // values are not sent a second time.
  const heldNow = new Map<string, PropertyValues>();
  if (ledger.resumedIn === 'write' && !ctx.dryRun && pending.length > 0) {
    const fresh = await ctx.deps.gateway.readAccounts(pending.slice(0, ctx.writePage * WRITE_PARALLEL), readOptionsOf(ctx));
    for (const a of fresh.accounts) heldNow.set(a.input.company.id, a.current);
  }
  // Pages are written a few at a time (their HubSpot calls interleave under the limiter); the checkpoint moves past
  // a group only when every page of it is done.
  const groups = pageGroups(pending, ctx.writePage);
  for (const [g, group] of groups.entries()) {
    const pages = await Promise.all(group.map((ids) => loadPage(ctx, ids, inMemory, heldNow)));
    await writePages(ctx, ledger, pages, verdicts);
    const last = group[group.length - 1];
    done += group.reduce((n, g) => n + g.length, 0);
    await ledger.checkpoint({ writeAfter: last?.[last.length - 1] ?? ledger.state.writeAfter ?? null });
    ctx.onProgress?.({ phase: 'write', done, total: writeIds.length, runId: ledger.record.id });
    if (ctx.stopRequested() && g + 1 < groups.length) return { stopped: true, verdicts };
  }
  return { stopped: false, verdicts };
}

/**
 * Every account's tier under the model in force, then each owner's tier-1 count. After a model change the stored
 * accounts are rescored (the same decision the settings preview shows); otherwise their stored results stand.
 * An incremental or targeted run also fixes, once, the companies it writes (kept in the checkpoint).
 */
async function decideCapacity(
  ctx: RunContext,
  ledger: RunLedger,
  inMemory: ReadonlyMap<string, ScoredAccount>,
): Promise<{ summaries: AccountSummary[]; verdicts: ReadonlyMap<string, CapacityVerdict> }> {
  const { store, portalId } = ctx.deps;
  const { state } = ledger;
  const summaries = await store.listSnapshotSummaries(portalId);
  const fresh = new Map<string, CapacityEntry>([...inMemory.values()].map((s) => [s.base.companyId, toCapacityEntry(s.base)]));
  const { verdicts } = await decidePortfolio(store, portalId, ctx.model, { version: ctx.version, fresh, ...(state.rescoreAll ? {} : { storedOnModel: summaries }) });

  if (state.writeSet === undefined && !state.rescoreAll && (ledger.record.mode === 'incremental' || ctx.companyIds !== null)) {
    const touched = new Set(state.selection ?? []);
    // Companies not read in this run whose capacity verdict changed (an owner crossed the cap) are written too.
    for (const s of summaries) if (!touched.has(s.companyId) && verdictChanged(s, verdicts.get(s.companyId))) touched.add(s.companyId);
    await ledger.checkpoint({ writeSet: [...touched].sort(byId) });
  }
  return { summaries, verdicts };
}

/**
 * The companies this phase writes, in id order. What this run read and could write at once was written in the read
 * phase (read-phase.ts). Left for this phase: the tier-1 accounts of an owner, whose verdict needed the whole
 * portfolio, and (incremental) companies not read whose verdict changed — or, after a model change, every company not
 * read. A dry run wrote nothing early: it plans everything here.
 */
function listLeftToWrite(ctx: RunContext, ledger: RunLedger, summaries: readonly AccountSummary[], inMemory: ReadonlyMap<string, ScoredAccount>): string[] {
  const { state } = ledger;
  const readThisRun = ledger.record.mode === 'full' && ctx.companyIds === null ? null : new Set(state.selection ?? []);
  const summaryOf = new Map(summaries.map((s) => [s.companyId, s]));
  const leftToWrite = (id: string) => {
    const s = summaryOf.get(id);
    return s === undefined || capacityBound(s) || (readThisRun !== null && !readThisRun.has(id));
  };
  return ctx.dryRun
    ? [...new Set([...inMemory.keys(), ...(state.writeSet ?? summaries.map((s) => s.companyId))])].sort(byId)
    : (state.writeSet ?? summaries.map((s) => s.companyId).sort(byId)).filter(leftToWrite);
}

/** A page of accounts to write: a dry run's from memory, the others' from their snapshots. */
async function loadPage(
  ctx: RunContext,
  ids: readonly string[],
  inMemory: ReadonlyMap<string, ScoredAccount>,
  heldNow: ReadonlyMap<string, PropertyValues>,
): Promise<ScoredAccount[]> {
  const accounts: ScoredAccount[] = [];
  const fromStore = await ctx.deps.store.getSnapshots(ctx.deps.portalId, ids.filter((id) => !inMemory.has(id)));
  for (const id of ids) {
    const mem = inMemory.get(id);
    if (mem) {
      accounts.push(mem);
      continue;
    }
    const snap = fromStore.get(id);
    if (!snap) continue;
    // The result before capacity, recomputed from the stored inputs (deterministic for the same model and time;
    // after a model change, the account rescored under the new one).
    const { input, base } = decideStored(snap, ctx.model, ctx.version, ctx.products);
    accounts.push({ input, base, current: heldNow.get(id) ?? snap.writtenValues, computedAt: snap.computedAt });
  }
  return accounts;
}

function verdictChanged(s: AccountSummary, v: CapacityVerdict | undefined): boolean {
  const over = v?.ownerOverCapacity ?? false;
  const demoted = v?.demoted ?? false;
  const wasDemoted = s.tier !== s.computedTier && s.override === null && s.computedTier === 'tier_1';
  return over !== s.ownerOverCapacity || demoted !== wasDemoted;
}
