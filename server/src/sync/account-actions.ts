/**
 * One-account use cases the API calls: recompute an account now, create a follow-up task, set or clear the override.
 */
import { assessCapacity, capacityEntryOf, scoreAccount, type CapacityEntry } from '../domain';
import type { AccountResult, Tier } from '../domain/types';
import type { KeylineDeps } from './deps';
import { loadScoringModel } from './deps';
import { taskMarker, taskOwner, taskPriority, taskSubject } from './plan-writes';
import { reconcilePendingTasks } from './reconcile-tasks';
import { auditedWrite } from './settle-audit';
import { writeAccounts } from './write-accounts';

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
  const [read, ownerIds, pending] = await Promise.all([
    reader.readAccounts([companyId], { now, lookbackDays: model.look_back_days }),
    reader.listOwnerIds(),
    deps.store.listPendingTasks(deps.portalId),
  ]);
  const account = read.accounts[0];
  if (!account) {
    if (read.missing.includes(companyId)) await deps.store.deleteSnapshots(deps.portalId, [companyId]);
    return { ok: false, error: 'company_not_found' };
  }
  await reconcilePendingTasks(deps, pending.filter((t) => t.companyId === companyId));
  const base = scoreAccount(account.input, model, now);
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
  | { ok: false; error: 'company_not_found' | 'not_computed_yet' };

const MANUAL_GAP_KEY = 'follow_up';

/**
 * Creates a Keyline task for the account, once per gap key: asking again returns the same task (`created: false`).
 * The gap key defaults to the account's most urgent gap, or `follow_up` when it has none.
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
  const gapKey = request.gapKey ?? result.gaps[0]?.key ?? MANUAL_GAP_KEY;
  const existing = await deps.store.getTask(deps.portalId, companyId, gapKey);
  if (existing?.status === 'pending') {
    await reconcilePendingTasks(deps, [existing]);
  }
  const active = await deps.store.getTask(deps.portalId, companyId, gapKey);
  if (active && active.status === 'open' && active.taskId) return { ok: true, taskId: active.taskId, gapKey, created: false };
  if (active && active.status === 'pending') {
    throw new Error(`a task for ${companyId}/${gapKey} may exist in HubSpot and could not be checked; try again`);
  }

  const gap = result.gaps.find((g) => g.key === gapKey);
  const title = request.title ?? gap?.title ?? 'Follow up';
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
  return { ok: true, taskId: created.taskId, gapKey, created: true };
}

/**
 * Sets (or, with null, clears) `keyline_tier_override` — the only write of that property, always on a person's
 * request — then recomputes the account so every other property follows. The audit row is written before HubSpot is
 * called (settle-audit.ts): a store that cannot take it (locked, full disk) throws StoreUnavailable (503) and nothing
 * is sent.
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
