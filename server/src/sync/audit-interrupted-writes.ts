/**
 * Values an interrupted attempt of a run wrote without recording them (killed, or paused by DAILY, between HubSpot's
 * answer and the store): HubSpot holds the computed value, the snapshot the old one. They go to the audit, unless the
 * interrupted attempt got as far as auditing them itself. Called by a resumed run on the first accounts it reads
 * (read-phase.ts) or writes (write-phase.ts).
 */
import { applyCapacityVerdict, type CapacityVerdict } from '../domain';
import type { ReadAccount } from '../hubspot/gateway';
import { sameValue, toCompanyProperties } from '../hubspot/to-company-properties';
import type { AuditEntry } from '../store/store';
import { decideStored } from './decide-portfolio';
import type { RunContext } from './run-context';

export async function auditInterruptedWrites(
  ctx: Pick<RunContext, 'deps' | 'model' | 'version'>,
  runId: string,
  fresh: readonly ReadAccount[],
  verdicts: ReadonlyMap<string, CapacityVerdict>,
): Promise<void> {
  const { store, portalId } = ctx.deps;
  const snaps = await store.getSnapshots(portalId, fresh.map((a) => a.input.company.id));
  const recovered: Omit<AuditEntry, 'at'>[] = [];
  for (const a of fresh) {
    const id = a.input.company.id;
    const snap = snaps.get(id);
    if (!snap) continue;
    const computed = toCompanyProperties(applyCapacityVerdict(decideStored(snap, ctx.model, ctx.version).base, verdicts.get(id)));
    for (const [property, value] of Object.entries(computed)) {
      if (sameValue(property, a.current[property], value) && !sameValue(property, snap.writtenValues[property], value)) {
        recovered.push({ runId, companyId: id, property, oldValue: snap.writtenValues[property] ?? null, newValue: value === '' ? null : value });
      }
    }
  }
  const audited = new Set<string>();
  for (const companyId of new Set(recovered.map((r) => r.companyId))) {
    for (const e of await store.listAudit(portalId, { runId, companyId })) audited.add(`${e.companyId}/${e.property}/${e.newValue}`);
  }
  await store.appendAudit(portalId, recovered.filter((r) => !audited.has(`${r.companyId}/${r.property}/${r.newValue}`)));
}
