/**
 * Reading CRM records: a page of companies, batch reads, association batch reads and searches, each parsed with the
 * zod schemas of ./hubspot-records. Never one call per record.
 */
import { hubSpotPaths, type CrmType } from './api-version';
import { batchErrorsOf } from './batch-errors';
import { hubSpotAssociationRowSchema, nextAfter, parseObjects, parsePage, type HubSpotObject } from './hubspot-records';
import type { HubSpotTransport } from './hubspot-transport';
import { chunk } from '../lib/chunk';
import { settleAll } from '../lib/settle-all';

/** Re-exported for the readers and writers that batch their calls. */
export { chunk };

export const BATCH_SIZE = 100;
export const ASSOCIATION_BATCH_SIZE = 1_000;
export const SEARCH_PAGE_SIZE = 200;
/** Values per `IN` filter in a search (HubSpot documents no higher number; 100 keeps requests small). */
export const SEARCH_IN_VALUES = 100;

export interface AssociationTarget {
  id: string;
  labels: string[];
}

export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
}


/**
 * One page of ≤ 100 companies with the given properties, in HubSpot's list order.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/basic/get-crm-objects-companies
 */
export async function listCompaniesPage(
  hs: HubSpotTransport,
  properties: readonly string[],
  after: string | undefined,
): Promise<{ records: HubSpotObject[]; bad: { id: string | null; message: string }[]; after: string | undefined }> {
  const body = await hs.request({
    method: 'GET',
    path: hubSpotPaths.objects('companies'),
    query: { limit: BATCH_SIZE, after, properties, archived: false },
  });
  const page = parsePage(body);
  return { ...parseObjects(page.results), after: nextAfter(page) };
}

/**
 * Batch read, ≤ 100 ids per call; ids HubSpot does not know are left out; per-record failures are asked again once,
 * and ids that fail again are added to `unread` (left out too, but never to be taken for "does not exist").
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/batch/read-companies
 */
export async function batchRead(
  hs: HubSpotTransport,
  type: CrmType,
  ids: readonly string[],
  properties: readonly string[],
  unread?: Set<string>,
): Promise<Map<string, HubSpotObject>> {
  const out = new Map<string, HubSpotObject>();
  const readOnce = async (batch: string[]): Promise<string[]> => {
    const body = await hs.request({
      method: 'POST',
      path: hubSpotPaths.batch(type, 'read'),
      query: { archived: false },
      body: { inputs: batch.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] },
    });
    const page = parsePage(body);
    for (const r of parseObjects(page.results).records) out.set(r.id, r);
    return batchErrorsOf(page.errors)
      .filter((e) => e.category !== 'OBJECT_NOT_FOUND')
      .flatMap((e) => e.ids);
  };
  await settleAll(
    chunk([...new Set(ids)], BATCH_SIZE).map(async (batch) => {
      const failed = await readOnce(batch);
      if (failed.length > 0) for (const id of await readOnce(failed)) unread?.add(id);
    }),
  );
  return out;
}

/**
 * Association batch read: ≤ 1,000 inputs per call; a record with more associations than one page carries
 * `paging.next.after`, which is sent back beside its id (batched with the others) until done. Ids without any
 * association come back as OBJECT_NOT_FOUND errors (inside the 200 on 2026-09); a record whose read fails twice is
 * added to `unread`.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/associations/associations/batch/read
 */
export async function readAssociations(
  hs: HubSpotTransport,
  from: CrmType,
  to: CrmType,
  ids: readonly string[],
  unread?: Set<string>,
): Promise<Map<string, AssociationTarget[]>> {
  const out = new Map<string, AssociationTarget[]>();
  let pending: { id: string; after?: string }[] = [...new Set(ids)].map((id) => ({ id }));
  let failedOnce = new Set<string>();
  while (pending.length > 0) {
    const next: { id: string; after?: string }[] = [];
    const retry = new Set<string>();
    await settleAll(
      chunk(pending, ASSOCIATION_BATCH_SIZE).map(async (inputs) => {
        const body = await hs.request({ method: 'POST', path: hubSpotPaths.associationsBatchRead(from, to), body: { inputs } });
        const page = parsePage(body);
        for (const row of page.results) {
          const parsed = hubSpotAssociationRowSchema.safeParse(row);
          const fromId = parsed.success ? (parsed.data.from?.id ?? parsed.data._from?.id) : undefined;
          if (!parsed.success || !fromId) continue;
          const list = out.get(fromId) ?? [];
          for (const t of parsed.data.to) list.push({ id: t.toObjectId, labels: t.associationTypes.map((a) => a.label ?? '').filter((l) => l !== '') });
          out.set(fromId, list);
          const after = parsed.data.paging?.next?.after;
          if (after) next.push({ id: fromId, after });
        }
        for (const e of batchErrorsOf(page.errors)) {
          if (e.category === 'OBJECT_NOT_FOUND') continue; // no associations of that kind
          for (const id of e.ids) {
            if (!failedOnce.has(id)) retry.add(id);
            else unread?.add(id);
          }
        }
      }),
    );
    failedOnce = new Set([...failedOnce, ...retry]);
    pending = [...next, ...[...retry].map((id) => ({ id }))];
  }
  return out;
}

/**
 * One search page, on the search budget (5 requests a second, separate from the burst one). HubSpot's 2026-09 schema
 * requires every field of the request, so a first page is asked with `after: "0"`.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/companies/search/search-companies
 */
export async function searchPage(
  hs: HubSpotTransport,
  type: CrmType,
  filters: readonly SearchFilter[],
  properties: readonly string[],
  opts: { sorts: string[]; after?: string; limit?: number },
): Promise<{ records: HubSpotObject[]; after: string | undefined; total: number | undefined }> {
  const body = await hs.search({
    method: 'POST',
    path: hubSpotPaths.search(type),
    body: {
      filterGroups: filters.length > 0 ? [{ filters }] : [],
      sorts: opts.sorts,
      properties: [...properties],
      limit: opts.limit ?? SEARCH_PAGE_SIZE,
      after: opts.after ?? '0',
    },
  });
  const page = parsePage(body);
  return { records: parseObjects(page.results).records, after: nextAfter(page), total: page.total };
}

/** Every match of a filter set, keyset-paged on hs_object_id so HubSpot's 10,000-result cap never bites. */
export async function searchAll(hs: HubSpotTransport, type: CrmType, filters: readonly SearchFilter[], properties: readonly string[]): Promise<HubSpotObject[]> {
  const out: HubSpotObject[] = [];
  let lastId: string | null = null;
  for (;;) {
    const keyset = lastId === null ? [] : [{ propertyName: 'hs_object_id', operator: 'GT', value: lastId }];
    const page = await searchPage(hs, type, [...filters, ...keyset], properties, { sorts: ['hs_object_id'] });
    out.push(...page.records);
    if (page.after === undefined || page.records.length === 0) return out;
    lastId = page.records[page.records.length - 1]?.id ?? null;
  }
}
