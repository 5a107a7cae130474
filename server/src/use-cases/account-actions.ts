/**
 * One-account use cases a person starts (from the card, through the API): recompute an account now, create a follow-up
 * task, set or clear the override.
 */
import { createHash } from 'node:crypto';
import { assessCapacity, capacityEntryOf, productsFromStoredOutcomes, scoreAccountWithOutcomes, type CapacityEntry } from '../domain';
import { withDepartedOwners } from '../domain/assess-relationships';
import type { AccountResult, Tier } from '../domain/types';
import { SetupRequired } from '../hubspot/errors';
import { KEYLINE_TASK_KEY } from '../hubspot/keyline-properties';
import type { KeylineDeps } from '../sync/deps';
import { loadScoringModel } from '../sync/deps';
import { taskMarker, taskOwner, taskPriority, taskSubject } from '../sync/plan-writes';
import { reconcilePendingTasks } from '../sync/reconcile-tasks';
import { auditedWrite } from '../sync/settle-audit';
import { writeAccounts } from '../sync/write-accounts';

export type RecomputeResult = { ok: true; result: AccountResult } | { ok: false; error: 'company_not_found' };

/**
 * Reads one company fresh (round trip 1: the company, its associations and the touch searches; round trip 2: its
 * contacts and deals in batch reads), scores it, applies capacity over the stored portfolio, writes its changed
 * properties and tasks, and stores the snapshot.
 */
export async function recomputeAccount(deps: KeylineDeps, companyId: string): Promise<RecomputeResult> {
  const now = deps.now();
  deps.gateway.beginRun();
  const { model } = await loadScoringModel(deps);
  // A person is waiting: the reads go out in as few waves as the rate limits allow (spec: ≤ 3 round trips).
  const reader = deps.interactiveGateway ?? deps.gateway;
  const [read, ownerIds, pending, stored] = await Promise.all([
    reader.readAccounts([companyId], { now, lookbackDays: model.look_back_days, contractEndProperty: model.outcomes.contract_end_property }),
    reader.listOwnerIds(),
    deps.store.listPendingTasks(deps.portalId),
    deps.store.getSnapshot(deps.portalId, companyId),
  ]);
  const read0 = read.accounts[0];
  const account = read0 && { ...read0, input: withDepartedOwners(read0.input, ownerIds) };
  if (!account) {
    if (read.missing.includes(companyId)) await deps.store.deleteSnapshots(deps.portalId, [companyId]);
    return { ok: false, error: 'company_not_found' };
  }
  await reconcilePendingTasks(deps, pending.filter((t) => t.companyId === companyId));
  // The product library is read by the sync (run context); a one-company recompute keeps the whitespace it knew.
  const base = scoreAccountWithOutcomes(account.input, model, now, productsFromStoredOutcomes(stored?.result.outcomes));
  const entries = new Map<string, CapacityEntry>((await deps.store.listSnapshotSummaries(deps.portalId)).map((s) => [s.companyId, capacityEntryOf(s)]));
  entries.set(companyId, { companyId, ownerId: base.ownerId, computedTier: base.tier.computedTier, score: base.tier.score, override: base.tier.override });
  const verdicts = assessCapacity([...entries.values()], model);
  const out = await writeAccounts(deps, [{ input: account.input, base, current: account.current, computedAt: now }], {
    model,
    verdicts,
    ownerIds,
    runId: null,
    dryRun: false,
    now,
  });
  const result = out.results[0];
  if (!result) return { ok: false, error: 'company_not_found' };
  return { ok: true, result };
}

export type FollowUpResult =
  | { ok: true; taskId: string; gapKey: string; created: boolean }
  | { ok: false; error: 'company_not_found' | 'not_computed_yet' | 'gap_not_found' | 'setup_required'; message?: string };

/** The gap key a request uses for a free-text follow-up (the card's "General follow-up"). */
export const FOLLOW_UP_GAP_KEY = 'follow_up';

/**
 * The ledger key of a free-text follow-up: `follow_up:` and a digest of its title (trimmed, spaces collapsed, case
 * folded). The same request twice is one task; two different follow-ups on one account are two tasks. Its kind,
 * `follow_up`, is not one Keyline computes (`isComputedGapKey` is false), so the sync never completes it and the
 * daily budget of Keyline's own tasks does not count it.
 */
export function followUpKey(title: string): string {
  const normal = title.trim().replace(/\s+/g, ' ').toLowerCase();
  return `${FOLLOW_UP_GAP_KEY}:${createHash('sha256').update(normal).digest('hex').slice(0, 12)}`;
}

export function isFollowUpKey(gapKey: string): boolean {
  return gapKey === FOLLOW_UP_GAP_KEY || gapKey.startsWith(`${FOLLOW_UP_GAP_KEY}:`);
}

/**
 * Requests for the same company and gap run one after the other in this process, so a double click cannot pass the
 * "already open?" check twice and create two tasks.
 */
const inFlight = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = inFlight.get(key) ?? Promise.resolve();
  const run = before.catch(() => undefined).then(fn);
  const settled = run.catch(() => undefined);
  inFlight.set(key, settled);
  void settled.then(() => {
    if (inFlight.get(key) === settled) inFlight.delete(key);
  });
  return run;
}

/**
 * Creates a task for the account (load → decide → write):
 * - for one of the gaps the account has now (stored snapshot), once per gap: asking again returns the open task
 *   (`created: false`); a gap the account does not have is `gap_not_found` and nothing is created;
 * - or a free-text follow-up (`gapKey: 'follow_up'`, the person's `title`), once per title while it is open in
 *   HubSpot (one HubSpot read checks it on a repeat: completed there, a new one is created).
 * Without a gap key: the account's most urgent gap, or a free-text follow-up when it has none.
 * The gap key's shape is checked at the edge (`taskGapKeySchema`); this function only decides against the account.
 */
export async function createFollowUpTask(
  deps: KeylineDeps,
  companyId: string,
  request: { gapKey?: string | undefined; title?: string | undefined; note?: string | undefined } = {},
): Promise<FollowUpResult> {
  const snapshot = await deps.store.getSnapshot(deps.portalId, companyId);
  if (!snapshot) {
    const exists = await deps.gateway.readAccounts([companyId], { now: deps.now(), lookbackDays: 1 }).catch(() => null);
    return { ok: false, error: exists && exists.accounts.length > 0 ? 'not_computed_yet' : 'company_not_found' };
  }
  const result = snapshot.result;
  const requested = request.gapKey ?? result.gaps[0]?.key ?? FOLLOW_UP_GAP_KEY;
  const freeText = requested === FOLLOW_UP_GAP_KEY;
  const gap = freeText ? undefined : result.gaps.find((g) => g.key === requested);
  if (!freeText && !gap) {
    const has = result.gaps.map((g) => g.key);
    return {
      ok: false,
      error: 'gap_not_found',
      message: `The company has no "${requested}" gap now (${has.length > 0 ? `its gaps: ${has.join(', ')}` : 'it has no gaps'}); nothing was created. Use "${FOLLOW_UP_GAP_KEY}" with a title for a follow-up of your own.`,
    };
  }
  const title = request.title ?? gap?.title ?? 'Follow up';
  const gapKey = freeText ? followUpKey(title) : requested;
  return oneAtATime(`${deps.portalId}/${companyId}/${gapKey}`, async () => {
    const existing = await openTaskFor(deps, companyId, gapKey);
    if (existing) return { ok: true as const, taskId: existing, gapKey, created: false };

    if (!(await deps.gateway.hasTaskKeyProperty())) {
      return { ok: false as const, error: 'setup_required' as const, message: new SetupRequired(KEYLINE_TASK_KEY.name).message };
    }
    const marker = taskMarker(companyId, gapKey);
    const subject = taskSubject(title, result.companyName);
    // The identity (`marker`) goes into the task property keyline_task_key, not into the text a person reads.
    const body = [request.note, gap?.detail].filter((x): x is string => typeof x === 'string' && x !== '').join('\n\n');
    const ownerIds = await deps.gateway.listOwnerIds();
    await deps.store.recordTaskIntents(deps.portalId, [{ companyId, gapKey, marker, subject, runId: null }]);
    const res = await deps.gateway.createTasks([
      {
        companyId,
        gapKey,
        marker,
        subject,
        body,
        ownerId: taskOwner(result.ownerId, { knownOwnerIds: ownerIds, fallbackOwnerId: deps.config.FALLBACK_OWNER_ID ?? null }),
        priority: taskPriority(result.tier.tier),
        dueAt: deps.now(),
        ...(gap?.contactId !== undefined ? { contactId: gap.contactId } : {}),
      },
    ]);
    const created = res.created[0];
    if (!created) throw new Error(`HubSpot did not create the task: ${res.failed[0]?.message ?? 'unknown error'}`);
    await deps.store.markTasksOpen(deps.portalId, [created]);
    return { ok: true as const, taskId: created.taskId, gapKey, created: true };
  });
}

/**
 * The id of the open Keyline task for this company and key, or null when a new one may be created. A pending intent
 * is reconciled first (it may exist in HubSpot); one that cannot be checked stops the request (no duplicate, ever).
 */
async function openTaskFor(deps: KeylineDeps, companyId: string, gapKey: string): Promise<string | null> {
  if (isFollowUpKey(gapKey)) return openFollowUpFor(deps, companyId, gapKey);
  const existing = await deps.store.getTask(deps.portalId, companyId, gapKey);
  if (existing?.status === 'pending') await reconcilePendingTasks(deps, [existing]);
  const active = await deps.store.getTask(deps.portalId, companyId, gapKey);
  if (active?.status === 'pending') throw notCheckable(companyId, gapKey);
  return active?.status === 'open' ? active.taskId : null;
}

/**
 * A free-text follow-up is checked in HubSpot whenever the ledger holds it (open or pending): the sync never closes
 * it, so only HubSpot knows whether the person completed or deleted it. Its marker repeats when the same title is
 * asked for again later, so the tasks that carry it are told apart by their status: one not completed is the
 * follow-up (adopted); none → a new one may be created.
 */
async function openFollowUpFor(deps: KeylineDeps, companyId: string, gapKey: string): Promise<string | null> {
  const entry = await deps.store.getTask(deps.portalId, companyId, gapKey);
  if (entry === null || entry.status === 'completed') return null;
  let found;
  try {
    found = await deps.gateway.findTasksByMarker(companyId, [entry.marker]);
  } catch (err) {
    if (entry.status === 'pending' || entry.taskId === null) throw notCheckable(companyId, gapKey);
    // Cannot tell: the open task it was stands (never a second one on a guess).
    deps.logger.warn('could not check a follow-up task in HubSpot', { companyId, gapKey, error: err });
    return entry.taskId;
  }
  const live = found.filter((f) => f.status !== 'COMPLETED');
  const task = live.find((f) => f.taskId === entry.taskId) ?? live[0];
  if (task) {
    if (task.taskId !== entry.taskId || entry.status !== 'open') await deps.store.markTasksOpen(deps.portalId, [{ companyId, gapKey, taskId: task.taskId }]);
    return task.taskId;
  }
  if (entry.status === 'pending') await deps.store.deletePendingTask(deps.portalId, companyId, gapKey);
  else await deps.store.markTasksCompleted(deps.portalId, [{ companyId, gapKey }]);
  return null;
}

function notCheckable(companyId: string, gapKey: string): Error {
  return new Error(`a task for ${companyId}/${gapKey} may exist in HubSpot and could not be checked; try again`);
}

/**
 * Sets (or, with null, clears) `keyline_tier_override` — the only write of that property, always on a person's
 * request — then recomputes the account so every other property follows. The audit row is written before HubSpot is
 * called (sync/settle-audit.ts): a store that cannot take it (locked, full disk) throws StoreUnavailable (503) and
 * nothing is sent.
 */
export async function setTierOverride(deps: KeylineDeps, companyId: string, tier: Tier | null): Promise<RecomputeResult> {
  const before = await deps.store.getSnapshot(deps.portalId, companyId);
  const oldValues = { keyline_tier_override: before?.override ?? null };
  const res = await auditedWrite(deps, [{ companyId, properties: { keyline_tier_override: tier ?? '' }, oldValues }], null);
  if (!res.succeeded.includes(companyId)) {
    const failure = res.failed[0]?.message ?? '';
    if (/not.?found|does not exist|OBJECT_NOT_FOUND|Could not get/i.test(failure) || failure === '' || failure === 'not updated') {
      return { ok: false, error: 'company_not_found' };
    }
    throw new Error(`could not write the override: ${failure}`);
  }
  return recomputeAccount(deps, companyId);
}
