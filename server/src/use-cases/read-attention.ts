/**
 * Attention across the portfolio (issue #16, part 1), computed at report time from the stored snapshots: one page of
 * snapshots at a time is read, reduced to the account's per-person minutes (a few numbers) and dropped, so at 100k
 * companies only the small summaries are held, never the inputs. No HubSpot call.
 */
import type { ScoringModel } from '../domain';
import { compileModel } from '../domain/compile-model';
import { assessAttention, attentionValue, measureAccountAttention, type AccountAttention, type AttentionReport } from '../domain/measure-attention';
import type { Store } from '../store/store';

export async function readAttention(store: Store, portalId: string, model: ScoringModel, now: Date): Promise<AttentionReport> {
  const compiled = compileModel(model);
  const accounts: AccountAttention[] = [];
  for await (const s of store.streamSnapshots(portalId, { pageSize: 500 })) {
    accounts.push(
      measureAccountAttention(
        { companyId: s.companyId, companyName: s.companyName, ownerId: s.ownerId, tier: s.tier, value: attentionValue(s.result.tier.criteria), activities: s.input.activities },
        compiled,
        now,
      ),
    );
  }
  return assessAttention(accounts, model);
}
