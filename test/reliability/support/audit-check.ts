/**
 * The audit against what HubSpot received: every Keyline property value that changed in the sandbox is in Keyline's
 * audit exactly once, and no audit line repeats the value before it (a value written twice).
 */
import type { Keyline } from '../../../server/src/keyline';
import type { WriteLog } from './write-log';

export interface AuditCheck {
  audited: number;
  changedInHubSpot: number;
  /** Audit lines that set the value the previous line for the same company and property had already set. */
  repeated: number;
  ok: boolean;
}

export async function checkAudit(keyline: Pick<Keyline, 'store' | 'portalId'>, writes: WriteLog): Promise<AuditCheck> {
  const audit = (await keyline.store.listAudit(keyline.portalId, { limit: 1_000_000 })).filter((e) => e.runId !== null);
  const last = new Map<string, string | null>();
  let repeated = 0;
  for (const e of audit) {
    const key = `${e.companyId}/${e.property}`;
    if (last.has(key) && last.get(key) === e.newValue) repeated += 1;
    last.set(key, e.newValue);
  }
  return { audited: audit.length, changedInHubSpot: writes.propertyChanges, repeated, ok: repeated === 0 && audit.length === writes.propertyChanges };
}
