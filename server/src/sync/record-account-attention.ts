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

export async function recordAttention(
  deps: Pick<KeylineDeps, 'store' | 'portalId'>,
  model: ScoringModel,
  activeOwnerIds: ReadonlySet<string>,
  now: Date,
): Promise<{ accounts: number }> {
  const { store, portalId } = deps;
  const compiled = compileModel(model);
  const accounts: AccountAttention[] = [];
  for await (const s of store.streamSnapshots(portalId, { pageSize: 500 })) {
    const value = attentionValue(s.result.tier.criteria);
    accounts.push(measureAccountAttention({ companyId: s.companyId, companyName: s.companyName, ownerId: s.ownerId, tier: s.tier, value, activities: s.input.activities }, compiled, now));
  }
  const report = assessAttention(accounts, model, { activeOwnerIds });
  await store.replaceAccountAttention(portalId, recordAccountAttention(accounts, report), now);
  return { accounts: accounts.length };
}
