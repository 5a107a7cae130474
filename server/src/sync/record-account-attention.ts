/**
 * The end of a completed full or incremental sync (issue #16, part 1): attention measured over every stored account,
 * as the report measures it (`measureAccountAttention` → `assessAttention`), cut into one record per account and
 * kept in the store, so a card reads its account's share of its owner's time with one keyed read. One pass over the
 * stored snapshots a run (the report makes the same pass per request); dry and targeted runs record nothing. Reads
 * only the store.
 */
import { recordAccountAttention } from '../domain/account-attention';
import { compileModel } from '../domain/compile-model';
import { assessAttention, attentionValue, measureAccountAttention, type AccountAttention } from '../domain/measure-attention';
import type { ScoringModel } from '../domain/scoring-model';
import type { KeylineDeps } from './deps';

/**
 * Every stored account reduced to its attention summary (per-person minutes, a few numbers): one page of snapshots at a
 * time is read and dropped, so at 100k companies only the summaries are held, never the inputs. Shared by the end of
 * a sync and the report, so both measure the same way.
 */
export async function measureStoredAttention(store: KeylineDeps['store'], portalId: string, model: ScoringModel, now: Date): Promise<AccountAttention[]> {
  const compiled = compileModel(model);
  const accounts: AccountAttention[] = [];
  for await (const s of store.streamSnapshots(portalId, { pageSize: 500 })) {
    const value = attentionValue(s.result.tier.criteria);
    accounts.push(measureAccountAttention({ companyId: s.companyId, companyName: s.companyName, ownerId: s.ownerId, tier: s.tier, value, activities: s.input.activities }, compiled, now));
  }
  return accounts;
}

export async function recordAttention(
  deps: Pick<KeylineDeps, 'store' | 'portalId'>,
  model: ScoringModel,
  activeOwnerIds: ReadonlySet<string>,
  now: Date,
): Promise<{ accounts: number }> {
  const { store, portalId } = deps;
  const accounts = await measureStoredAttention(store, portalId, model, now);
  const report = assessAttention(accounts, model, { activeOwnerIds });
  await store.replaceAccountAttention(portalId, recordAccountAttention(accounts, report), now);
  return { accounts: accounts.length };
}
