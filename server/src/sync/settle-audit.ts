/**
 * The write-ahead audit's two halves around a HubSpot property write (see AuditStatus in store/store.ts):
 *
 *   auditedWrite:      intents recorded `sent` → the batch update → each row settled `applied` or `refused`. The store
 *                      refusing the intents (locked, full disk) throws before anything is sent. A call refused for the
 *                      limits (DAILY, 429 out of retries) settles its rows `not_applied`; any other call that throws
 *                      (5xx, no answer) leaves them `sent`: HubSpot may or may not have taken them.
 *   settleUnsettled:   rows left `sent` (a kill, a crash, a thrown call, a store gone before the settle) are compared
 *                      with what HubSpot holds now: held → `applied`, not held → `not_applied`. Every sync run does
 *                      this before it writes anything.
 *
 * So every value HubSpot received has its audit row, whatever stopped the writer, and a refused value is never
 * counted as applied.
 */
import { DailyLimitReached, HubSpotRequestError } from '../hubspot/errors';
import type { CompanyUpdate, WriteOutcome } from '../hubspot/gateway';
import { sameValue } from '../hubspot/to-company-properties';
import type { AuditEntry } from '../store/store';
import type { KeylineDeps } from './deps';

/** Sends a batch update with its audit written ahead; returns HubSpot's answer. */
export async function auditedWrite(
  deps: Pick<KeylineDeps, 'store' | 'gateway' | 'portalId'>,
  updates: readonly (CompanyUpdate & { oldValues?: Readonly<Record<string, string | null>> })[],
  runId: string | null,
): Promise<WriteOutcome> {
  const intents = updates.flatMap((u) =>
    Object.entries(u.properties).map(([property, value]) => ({
      runId,
      companyId: u.companyId,
      property,
      oldValue: u.oldValues?.[property] ?? null,
      newValue: value === '' ? null : value,
    })),
  );
  const ids = await deps.store.recordAuditIntents(deps.portalId, intents);
  let res: WriteOutcome;
  try {
    res = await deps.gateway.updateCompanyProperties(updates.map((u) => ({ companyId: u.companyId, properties: u.properties })));
  } catch (err) {
    // Refused for the limits (DAILY, 429 after every retry): HubSpot did not take the batch. Any other failure (5xx,
    // no answer) may have been carried out: its rows stay `sent` for the next run to settle against HubSpot.
    if (err instanceof DailyLimitReached || (err instanceof HubSpotRequestError && err.status === 429)) {
      await deps.store.settleAudit(deps.portalId, ids, 'not_applied').catch(() => undefined);
    }
    throw err;
  }
  const ok = new Set(res.succeeded);
  const applied: string[] = [];
  const refused: string[] = [];
  intents.forEach((intent, i) => {
    const id = ids[i];
    if (id !== undefined) (ok.has(intent.companyId) ? applied : refused).push(id);
  });
  await deps.store.settleAudit(deps.portalId, applied, 'applied');
  await deps.store.settleAudit(deps.portalId, refused, 'refused');
  return res;
}

const READ_PAGE = 100;

/**
 * Settles every audit row of the portal still `sent` against what HubSpot holds now. Returns how many rows were
 * settled each way. Reads only the companies concerned (none when nothing is unsettled).
 */
export async function settleUnsettled(deps: Pick<KeylineDeps, 'store' | 'gateway' | 'portalId' | 'now' | 'logger'>): Promise<{ applied: number; notApplied: number }> {
  const sent = await deps.store.listAudit(deps.portalId, { status: 'sent', limit: 1_000_000 });
  if (sent.length === 0) return { applied: 0, notApplied: 0 };
  const byCompany = new Map<string, AuditEntry[]>();
  for (const e of sent) byCompany.set(e.companyId, [...(byCompany.get(e.companyId) ?? []), e]);
  const companyIds = [...byCompany.keys()];
  const applied: string[] = [];
  const notApplied: string[] = [];
  for (let i = 0; i < companyIds.length; i += READ_PAGE) {
    const ids = companyIds.slice(i, i + READ_PAGE);
    const read = await deps.gateway.readAccounts(ids, { now: deps.now(), lookbackDays: 1 });
    const held = new Map(read.accounts.map((a) => [a.input.company.id, a]));
    const unread = new Set(read.errors.map((e) => e.companyId));
    for (const id of ids) {
      if (unread.has(id)) continue; // not readable now: stays `sent` for the next run
      const account = held.get(id);
      // A company gone from HubSpot holds nothing; rows of a company seen again are settled against its values.
      const rows = byCompany.get(id) ?? [];
      // Several unsettled rows for one property: only the newest can be what HubSpot holds.
      const newest = new Map<string, AuditEntry>();
      for (const e of rows) newest.set(e.property, e);
      for (const e of rows) {
        const now = account
          ? e.property === 'keyline_tier_override'
            ? (account.input.company.stored?.override ?? null)
            : (account.current[e.property] ?? null)
          : undefined;
        const isHeld = account !== undefined && newest.get(e.property) === e && sameValue(e.property, now, e.newValue);
        (isHeld ? applied : notApplied).push(e.id);
      }
    }
  }
  // A writer still under way (an API override or recompute next to this run) records HubSpot's answer itself; a row
  // it settled meanwhile is left as it is.
  await deps.store.settleAudit(deps.portalId, applied, 'applied', { onlyUnsettled: true });
  await deps.store.settleAudit(deps.portalId, notApplied, 'not_applied', { onlyUnsettled: true });
  if (applied.length + notApplied.length > 0) {
    deps.logger.info('audit rows of interrupted writes settled against HubSpot', { applied: applied.length, notApplied: notApplied.length });
  }
  return { applied: applied.length, notApplied: notApplied.length };
}
