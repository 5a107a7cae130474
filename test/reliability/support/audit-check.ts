/**
 * The audit against what HubSpot received: every Keyline property value that changed in the sandbox is in Keyline's
 * audit exactly once as `applied`, no audit line repeats the value before it (a value written twice), and no row is
 * left unsettled (`sent`) once the runs are done. Rows `refused` or `not_applied` are values HubSpot did not take.
 */
import type { Keyline } from '../../../server/src/keyline';
import type { WriteLog } from './write-log';

export interface AuditCheck {
  audited: number;
  changedInHubSpot: number;
  /** Audit lines that set the value the previous line for the same company and property had already set. */
  repeated: number;
  /** Rows still `sent` (outcome never settled). */
  unsettled: number;
  /** Rows settled `refused` or `not_applied` (never counted as values written). */
  notWritten: number;
  ok: boolean;
}

export async function checkAudit(keyline: Pick<Keyline, 'store' | 'portalId'>, writes: WriteLog): Promise<AuditCheck> {
  const rows = (await keyline.store.listAudit(keyline.portalId, { limit: 1_000_000 })).filter((e) => e.runId !== null);
  const audit = rows.filter((e) => e.status === 'applied');
  const unsettled = rows.filter((e) => e.status === 'sent').length;
  const notWritten = rows.filter((e) => e.status === 'refused' || e.status === 'not_applied').length;
  const last = new Map<string, string | null>();
  let repeated = 0;
  for (const e of audit) {
    const key = `${e.companyId}/${e.property}`;
    if (last.has(key) && last.get(key) === e.newValue) repeated += 1;
    last.set(key, e.newValue);
  }
  return {
    audited: audit.length,
    changedInHubSpot: writes.propertyChanges,
    repeated,
    unsettled,
    notWritten,
    ok: repeated === 0 && unsettled === 0 && audit.length === writes.propertyChanges,
  };
}
