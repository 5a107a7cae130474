/**
 * Batch writes of property values (companies, and tasks when they are completed): ≤ 100 records a call, every
 * per-record error looked at.
 */
import { hubSpotPaths, type CrmType } from './api-version';
import { batchErrorsOf, describeRefusals, refusalsOf, type BatchError } from './batch-errors';
import { DailyLimitReached, HubSpotRequestError } from './errors';
import type { RecordFailure, WriteOutcome } from './gateway';
import { parseObjects, parsePage } from './hubspot-records';
import type { HubSpotTransport } from './hubspot-transport';
import { BATCH_SIZE, chunk } from './read-records';
import { settleAll } from '../lib/settle-all';

export interface RecordUpdate {
  id: string;
  properties: Record<string, string>;
}

/** Errors that another attempt cannot fix: the record is gone, or the portal's rules refuse the values. */
const FINAL_CATEGORIES = new Set(['OBJECT_NOT_FOUND', 'VALIDATION_ERROR']);

/**
 * Batch update, ≤ 100 a call. HubSpot validates every input before writing any, so a 4xx that refuses the whole batch
 * (a value its rules refuse: a bad option, or from 2026-09 the portal's own validation rules) is split in halves until
 * the refused input is alone: one refused company never blocks 99 good ones, costs about 2·log2(100) extra calls, and
 * is reported with the properties and rules HubSpot named, never sent again in this run. Per-record errors inside the
 * answer (2026-09: in its 200; v3: 207) are sent once more, unless they are final (not found, refused).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/batch/update-companies
 */
export async function batchUpdate(hs: HubSpotTransport, type: CrmType, updates: readonly RecordUpdate[]): Promise<WriteOutcome> {
  const succeeded: string[] = [];
  const failed: RecordFailure[] = [];
  const send = async (batch: RecordUpdate[], attempt: number): Promise<void> => {
    let body: unknown;
    try {
      body = await hs.request({ method: 'POST', path: hubSpotPaths.batch(type, 'update'), body: { inputs: batch } });
    } catch (err) {
      if (err instanceof DailyLimitReached) throw err;
      const status = err instanceof HubSpotRequestError ? err.status : null;
      if (status !== null && status >= 400 && status < 500 && status !== 429 && batch.length > 1) {
        const mid = Math.ceil(batch.length / 2);
        await send(batch.slice(0, mid), attempt);
        await send(batch.slice(mid), attempt);
        return;
      }
      failed.push(...batch.map((u) => failureOf(u.id, err)));
      return;
    }
    const page = parsePage(body);
    const ok = new Set(parseObjects(page.results).records.map((r) => r.id));
    const errs = batchErrorsOf(page.errors);
    const retry: RecordUpdate[] = [];
    for (const u of batch) {
      const mine = errs.filter((e) => e.ids.includes(u.id));
      if (ok.has(u.id) || (mine.length === 0 && errs.length === 0)) succeeded.push(u.id);
      else if (attempt === 0 && mine.length > 0 && mine.every((e) => !FINAL_CATEGORIES.has(e.category ?? ''))) retry.push(u);
      else failed.push(recordFailure(u.id, mine));
    }
    if (retry.length > 0) await send(retry, attempt + 1);
  };
  await settleAll(chunk(updates, BATCH_SIZE).map((b) => send(b, 0)));
  return { succeeded, failed };
}

/** A record the whole request failed for: with the refused values when HubSpot named them. */
function failureOf(id: string, err: unknown): RecordFailure {
  const refusals = err instanceof HubSpotRequestError ? refusalsOf(err.body) : [];
  if (refusals.length > 0) return { id, message: describeRefusals(refusals), refusals };
  return { id, message: err instanceof Error ? err.message : String(err) };
}

/** A record named by per-record errors of a batch answer (or by none: it was simply not written). */
function recordFailure(id: string, errors: readonly BatchError[]): RecordFailure {
  const refusals = errors.flatMap((e) => e.refusals);
  if (refusals.length > 0) return { id, message: describeRefusals(refusals), refusals };
  return { id, message: errors[0]?.message ?? 'not updated' };
}
