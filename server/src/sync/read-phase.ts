/**
 * The read phase of a sync run: stream the portfolio (full) or read the selection (incremental, targeted) in chunks;
 * score each account (pure); save its snapshot (inputs, result before capacity, what HubSpot holds); and write at once
 * every account whose capacity verdict cannot depend on the rest of the portfolio — all but owners' tier-1 accounts —
 * while the next chunks are read (write-pages.ts). Checkpoint per chunk; a full read then forgets the companies it did
 * not see (deleted in HubSpot). Ends by moving the run to its write phase (write-phase.ts).
 */
import { scoreAccountWithOutcomes, toCapacityEntry } from '../domain';
import { withDepartedOwners } from '../domain/assess-relationships';
import type { AccountInput } from '../domain/types';
import { WATERMARK_OBJECTS, type ReadAccount, type WatermarkObject } from '../hubspot/gateway';
import { sameValue } from '../hubspot/to-company-properties';
import { encodeJson } from '../store/json-codec';
import type { PropertyValues } from '../store/store';
import type { KeylineDeps } from './deps';
import { byId, readOptionsOf, type RunContext } from './run-context';
import type { RunLedger } from './run-ledger';
import { toSnapshot, type ScoredAccount } from './write-accounts';
import { capacityBound, NO_VERDICTS, pageGroups, writePages } from './write-pages';

/** Search results lag a little behind writes: incremental windows overlap the previous run by this much. */
export const WATERMARK_OVERLAP_MS = 5 * 60_000;

export interface ReadPhaseOutcome {
  /** Stopped on request before the last chunk (the run pauses; it resumes from its checkpoint). */
  stopped: boolean;
  /** A dry run's scored accounts, kept in memory (nothing is saved); empty for a real run, whose are in the store. */
  inMemory: Map<string, ScoredAccount>;
}

export async function runReadPhase(ctx: RunContext, ledger: RunLedger): Promise<ReadPhaseOutcome> {
  const inMemory = new Map<string, ScoredAccount>();
  const full = ledger.record.mode === 'full' && ctx.companyIds === null;
  const stopped = full ? await readPortfolio(ctx, ledger, inMemory) : await readSelection(ctx, ledger, inMemory);
  if (!stopped) await ledger.checkpoint({ phase: 'write', writeAfter: null });
  return { stopped, inMemory };
}

/** Full: the whole portfolio, streamed in chunks from the checkpoint's cursor. Returns whether it stopped on request. */
async function readPortfolio(ctx: RunContext, ledger: RunLedger, inMemory: Map<string, ScoredAccount>): Promise<boolean> {
  const { gateway } = ctx.deps;
  const total = await gateway.countCompanies().catch(() => null);
  let done = ledger.record.counts.companiesRead;
  const chunks = gateway.streamPortfolio({ ...readOptionsOf(ctx), cursor: ledger.cursor, startIndex: ledger.chunkIndex, chunkSize: ctx.readChunk });
  for await (const chunk of prefetch(chunks)) {
    ledger.count('companiesRead', chunk.accounts.length + chunk.errors.length);
    for (const e of chunk.errors) ledger.recordError(e.companyId, e.message);
    await keep(ctx, ledger, scoreAll(ctx, ledger, chunk.accounts), { inMemory });
    done += chunk.accounts.length + chunk.errors.length;
    await ledger.checkpoint({ cursor: chunk.nextCursor, chunkIndex: chunk.index + 1 });
    ctx.onProgress?.({ phase: 'read', done, total, runId: ledger.record.id });
    if (ctx.stopRequested() && chunk.nextCursor !== null) return true;
  }
  // Companies that no longer exist in HubSpot (not seen by this full read) are forgotten.
  if (!ctx.dryRun) await forgetUnseen(ctx, ledger);
  return false;
}

async function forgetUnseen(ctx: RunContext, ledger: RunLedger): Promise<void> {
  const { store, portalId } = ctx.deps;
  const failed = new Set(ledger.record.errors.map((e) => e.companyId));
  // Every company read by this run (first attempt or a resumed one) was scored at or after `scoredFrom`.
  const scoredFrom = Date.parse(String(ledger.record.details['scoredFrom'] ?? ctx.now.toISOString()));
  const stale = (await store.listSnapshotSummaries(portalId))
    .filter((s) => s.computedAt.getTime() < scoredFrom && !failed.has(s.companyId))
    .map((s) => s.companyId);
  await store.deleteSnapshots(portalId, stale);
  ledger.note({ forgottenCompanies: stale.length });
}

/**
 * Incremental or targeted: the selection (chosen once, kept in the checkpoint), read in chunks from the first chunk
 * not done. Returns whether it stopped on request.
 */
async function readSelection(ctx: RunContext, ledger: RunLedger, inMemory: Map<string, ScoredAccount>): Promise<boolean> {
  const { gateway, store, portalId } = ctx.deps;
  const targeted = ctx.companyIds !== null;
  if (!ledger.state.selection) {
    const selection = ctx.companyIds !== null ? [...new Set(ctx.companyIds)] : await selectIncremental(ctx.deps, ctx.now, ctx.model.outcomes.contract_end_property);
    ledger.note({ selected: selection.length });
    await ledger.checkpoint({ selection, readChunks: 0 });
  }
  const selection = ledger.state.selection ?? [];
  for (let i = (ledger.state.readChunks ?? 0) * ctx.readChunk; i < selection.length; i += ctx.readChunk) {
    const ids = selection.slice(i, i + ctx.readChunk);
    const res = await gateway.readAccounts(ids, readOptionsOf(ctx));
    ledger.count('companiesRead', ids.length);
    for (const e of res.errors) ledger.recordError(e.companyId, e.message);
    if (!ctx.dryRun && res.missing.length > 0) await store.deleteSnapshots(portalId, res.missing);
    if (targeted && res.missing.length > 0) {
      // An id asked for by name that HubSpot does not have is an error of the request, not a quiet success.
      for (const id of res.missing) ledger.recordError(id, `company ${id} not found in HubSpot`);
      ledger.note({ notFound: [...((ledger.record.details['notFound'] as string[] | undefined) ?? []), ...res.missing] });
    }
    await keep(ctx, ledger, scoreAll(ctx, ledger, res.accounts), { inMemory });
    await ledger.checkpoint({ readChunks: (ledger.state.readChunks ?? 0) + 1, chunkIndex: ledger.chunkIndex + 1 });
    ctx.onProgress?.({ phase: 'read', done: Math.min(selection.length, i + ctx.readChunk), total: selection.length, runId: ledger.record.id });
    if (ctx.stopRequested() && i + ctx.readChunk < selection.length) return true;
  }
  return false;
}

/** Scores a chunk with its outcomes (pure); an account the engine cannot score is recorded as an error and left out. */
function scoreAll(ctx: RunContext, ledger: RunLedger, accounts: readonly ReadAccount[]): ScoredAccount[] {
  return accounts.flatMap((a) => {
    try {
      const input = withDepartedOwners(a.input, ctx.ownerIds);
      return [{ input, base: scoreAccountWithOutcomes(input, ctx.model, ctx.now, ctx.products), current: a.current, computedAt: ctx.now }];
    } catch (err) {
      ledger.recordError(a.input.company.id, `could not score: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  });
}

/**
 * Keeps a scored chunk: a dry run in memory; a real run saves the snapshots and writes at once what it can. (Values
 * an interrupted attempt wrote are in the audit already, settled by settle-audit.ts at the start of the run.)
 */
async function keep(
  ctx: RunContext,
  ledger: RunLedger,
  scored: ScoredAccount[],
  opts: { inMemory: Map<string, ScoredAccount> },
): Promise<void> {
  const { store, portalId } = ctx.deps;
  ledger.count('companiesScored', scored.length);
  if (ctx.dryRun) {
    for (const s of scored) opts.inMemory.set(s.base.companyId, s);
    return;
  }
  await store.saveSnapshots(
    portalId,
    scored.map((s) => toSnapshot(portalId, s.input, s.base, s.computedAt, null, s.current)),
  );
  // Written at once, while the next chunks are being read (the reads are bound by the search budget, the writes by
  // the burst budget): every account whose capacity verdict cannot be anything but neutral, i.e. all but the
  // tier-1 accounts of an owner (only those count towards a cap, see apply-capacity.ts). The tier-1 accounts wait
  // for the write phase, when every owner's count is known. A run killed here re-reads the chunk on resume and
  // finds these values in HubSpot already.
  const early = scored.filter((s) => !capacityBound(toCapacityEntry(s.base)));
  for (const pages of pageGroups(early, ctx.writePage)) await writePages(ctx, ledger, pages, NO_VERDICTS);
}

/** Reads the next chunk while the current one is scored and saved (one chunk ahead, so memory stays bounded). */
async function* prefetch<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = it.next();
    // Keep an unhandled rejection of the prefetch from crashing the process; it is rethrown when awaited.
    next.catch(() => undefined);
    yield current.value;
  }
}

/**
 * Incremental selection: what changed since the watermarks (minus an overlap), plus accounts whose review date came,
 * plus the companies the last run failed on.
 * A company whose record changed only by Keyline's own writes (its inputs as stored, its Keyline values as written)
 * is not a change.
 */
async function selectIncremental(deps: KeylineDeps, now: Date, contractEndProperty: string): Promise<string[]> {
  const marks = await deps.store.getWatermarks(deps.portalId);
  const since: Partial<Record<WatermarkObject, Date>> = {};
  // An object watched since an upgrade has no watermark yet: it is watched from the oldest one there is (the last
  // run's start), so its changes since then are not lost.
  const present = WATERMARK_OBJECTS.flatMap((o) => (marks[o] ? [marks[o].getTime()] : []));
  const oldest = present.length > 0 ? Math.min(...present) : null;
  for (const o of WATERMARK_OBJECTS) {
    const at = marks[o] ?? (oldest === null ? undefined : new Date(oldest));
    if (at) since[o] = new Date(at.getTime() - (deps.tuning?.watermarkOverlapMs ?? WATERMARK_OVERLAP_MS));
  }
  const changed = await deps.gateway.findChangedCompanies(since, { contractEndProperty });
  const selected = new Set(changed.companyIds);
  const snapshots = await deps.store.getSnapshots(
    deps.portalId,
    changed.changedCompanies.map((c) => c.company.id),
  );
  for (const c of changed.changedCompanies) {
    const snap = snapshots.get(c.company.id);
    if (!snap || !sameCompanyInputs(snap.input.company, c.company) || !sameKeylineValues(snap.writtenValues, c.current)) selected.add(c.company.id);
  }
  const due = await deps.store.listDueCompanyIds(deps.portalId, now);
  return [...new Set([...selected, ...due, ...(await failedLastRun(deps))])].sort(byId);
}

/**
 * The companies the last nightly run could not read, score or write (a 5xx that outlasted the retries, a 207 error,
 * a task left undone): the next incremental run tries them again instead of leaving them to the weekly reconcile.
 * Targeted runs (`--company`) and dry runs do not count as the last nightly run.
 */
async function failedLastRun(deps: KeylineDeps): Promise<string[]> {
  const runs = await deps.store.listRuns(deps.portalId, { limit: 20 });
  const last = runs.find((r) => r.status === 'succeeded' && !r.dryRun && r.details['companyIds'] === undefined);
  return (last?.errors ?? []).flatMap((e) => (e.companyId === null ? [] : [e.companyId]));
}

function sameCompanyInputs(a: AccountInput['company'], b: AccountInput['company']): boolean {
  const { stored: _a, ...restA } = a;
  const { stored: _b, ...restB } = b;
  return encodeJson(restA) === encodeJson(restB) && (a.stored?.override ?? null) === (b.stored?.override ?? null);
}

function sameKeylineValues(written: PropertyValues, current: PropertyValues): boolean {
  return Object.keys({ ...written, ...current }).every((k) => sameValue(k, written[k], current[k]));
}
