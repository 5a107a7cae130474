/**
 * The HubSpot gateway over the process's one Client (./hubspot-client). Reads stream the portfolio in chunks with
 * list, batch and association endpoints (never one call per record); writes are batches of ≤ 100 whose per-record
 * failures are retried once and then reported.
 *
 * The read plan per chunk of ≤ 1,000 companies (see docs/ARCHITECTURE.md for the measured cost):
 *   1. companies: list pages of 100 with every property Keyline needs (incl. its own, for the diff);
 *   2. associations v4 batch read (1,000 inputs per call, per-record paging) company → contacts, deals, calls,
 *      emails, meetings;
 *   3. contacts and deals: batch read, 100 per call;
 *   4. touches, time-windowed: search per touch type for engagements associated with ≤ 100 of the chunk's companies
 *      (`associations.company IN …`) within the window (meetings: the look-back, 365 d; calls and emails: the channel
 *      window, 90 d), 200 per page, keyset on hs_object_id. Older touches are not read: the last touch comes from
 *      HubSpot's roll-ups (company and contact `notes_last_contacted`, `hs_last_logged_call_date`), which the engine
 *      already merges. The association ids of step 2 say which company each engagement belongs to.
 * Deal pipelines are read once per stream (stage → closed/won + probability), owners once per run.
 */
import type { AccountInput, Activity, Contact, Deal, EngagementsRead } from '../domain/types';
import type { RunError } from '../store/store';
import { DailyLimitReached, HubSpotRequestError, PropertyConflict } from './errors';
import type {
  ChangedCompanies,
  CompanyUpdate,
  CreatedTask,
  FoundTask,
  HubSpotGateway,
  NewTask,
  PortfolioChunk,
  ReadAccount,
  ReadAccountsResult,
  ReadOptions,
  SetupOutcome,
  SetupReport,
  TaskFailure,
  TaskToComplete,
  WatermarkObject,
  WriteOutcome,
} from './gateway';
import type { HubSpotConnection } from './hubspot-client';
import {
  hubSpotAssociationRowSchema,
  hubSpotBatchErrorSchema,
  hubSpotPipelineSchema,
  hubSpotPropertySchema,
  parseObjects,
  type HubSpotObject,
  type HubSpotPipeline,
} from './hubspot-records';
import { KEYLINE_PROPERTIES, KEYLINE_TASK_KEY, PROPERTY_GROUP, TASK_PROPERTY_GROUP, type KeylinePropertyDefinition } from './keyline-properties';
import { escapeHtml } from '../domain/write-task-text';
import { KEYLINE_LISTS } from './keyline-lists';
import { COMPANY_PROPERTIES, toAccount, toKeylineValues } from './to-account';
import { DEAL_PROPERTIES, toDeal, toStageIndex, type StageIndex } from './to-deal';
import { CONTACT_PROPERTIES, toStakeholder } from './to-stakeholder';
import { ENGAGEMENT_PROPERTIES, TOUCH_TYPES, toTouch, type TouchType } from './to-touch';

type CrmType = 'companies' | 'contacts' | 'deals' | 'calls' | 'emails' | 'meetings' | 'tasks';

export const BATCH_SIZE = 100;
export const ASSOCIATION_BATCH_SIZE = 1_000;
export const SEARCH_PAGE_SIZE = 200;
/** Values per `IN` filter in a search (HubSpot documents no higher number; 100 keeps requests small). */
export const SEARCH_IN_VALUES = 100;
export const DEFAULT_CHUNK_SIZE = 1_000;
/** Default window for calls and emails (the engine's channel window). */
export const DEFAULT_TOUCH_WINDOW_DAYS = 90;
/** A record locked by concurrent writes (423): HubSpot's locks last 2 seconds. */
const LOCK_WAIT_MS = 2_100;
const DAY_MS = 86_400_000;

export interface GatewayOptions {
  chunkSize?: number;
  /** Window for calls and emails (days); meetings use ReadOptions.lookbackDays. */
  touchWindowDays?: number;
}

interface AssociationTarget {
  id: string;
  labels: string[];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function errorsOf(body: unknown): { message: string; ids: string[]; category: string | undefined }[] {
  const raw = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(raw)) return [];
  return raw.map((e) => {
    const parsed = hubSpotBatchErrorSchema.safeParse(e);
    const ctx = parsed.success ? (parsed.data.context ?? {}) : {};
    const ids = [...(ctx.ids ?? []), ...(ctx.fromObjectId ?? []), ...(ctx.id ?? [])];
    return { message: parsed.success ? (parsed.data.message ?? 'error') : 'error', ids, category: parsed.success ? parsed.data.category : undefined };
  });
}

export function createHubSpotGateway(conn: HubSpotConnection, options: GatewayOptions = {}): HubSpotGateway {
  const hs = conn.client;
  /** Call-time options for every SDK call (request counting, see hubspot-client.ts). */
  const o = conn.requestOptions;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const touchWindowDays = options.touchWindowDays ?? DEFAULT_TOUCH_WINDOW_DAYS;

  // -------------------------------------------------------------------------------------------------------------
  // low-level calls (a link to HubSpot's doc above each endpoint)
  // -------------------------------------------------------------------------------------------------------------

  const objectsOf = (client: typeof hs, type: CrmType) => {
    switch (type) {
      case 'companies':
        return client.crm.companies;
      case 'contacts':
        return client.crm.contacts;
      case 'deals':
        return client.crm.deals;
      default:
        return client.crm.objects[type];
    }
  };
  const objects = (type: CrmType) => objectsOf(hs, type);
  /** Searches go through the search Client: the search budget, not the burst one (see hubspot-client.ts). */
  const searchApi = (type: CrmType) => objectsOf(conn.searchClient, type).searchApi;

  /** https://developers.hubspot.com/docs/api-reference/crm-companies-v3/basic/get-crm-v3-objects-companies */
  const listCompaniesPage = (after: string | undefined) =>
    conn.call('GET /crm/v3/objects/companies', () =>
      hs.crm.companies.basicApi.getPage(BATCH_SIZE, after, [COMPANY_PROPERTIES.join(',')], undefined, undefined, false, o),
    );

  /**
   * Batch read, ≤ 100 ids per call; ids HubSpot does not know are left out; per-record failures retried once, and
   * ids that fail again are added to `unread` (left out too, but never to be taken for "does not exist").
   * https://developers.hubspot.com/docs/api-reference/crm-companies-v3/batch/post-crm-v3-objects-companies-batch-read
   */
  async function batchRead(type: CrmType, ids: readonly string[], properties: readonly string[], unread?: Set<string>): Promise<Map<string, HubSpotObject>> {
    const out = new Map<string, HubSpotObject>();
    const readOnce = async (batch: string[]): Promise<string[]> => {
      const body = await conn.call(`POST /crm/v3/objects/${type}/batch/read`, () =>
        objects(type).batchApi.read({ inputs: batch.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] }, false, o),
      );
      const { records } = parseObjects((body as { results?: unknown }).results);
      for (const r of records) out.set(r.id, r);
      return errorsOf(body)
        .filter((e) => e.category !== 'OBJECT_NOT_FOUND')
        .flatMap((e) => e.ids);
    };
    await Promise.all(
      chunk([...new Set(ids)], BATCH_SIZE).map(async (batch) => {
        const failed = await readOnce(batch);
        if (failed.length > 0) for (const id of await readOnce(failed)) unread?.add(id);
      }),
    );
    return out;
  }

  /**
   * Associations v4 batch read: ≤ 1,000 inputs per call; a record with more associations than one page carries
   * `paging.next.after`, which is read again (batched) until done. A record whose read fails twice (207) is added
   * to `unread`.
   * https://developers.hubspot.com/docs/api-reference/crm-associations-v4/batch/post-crm-v4-associations-fromObjectType-toObjectType-batch-read
   */
  async function readAssociations(from: CrmType, to: CrmType, ids: readonly string[], unread?: Set<string>): Promise<Map<string, AssociationTarget[]>> {
    const out = new Map<string, AssociationTarget[]>();
    let pending: { id: string; after?: string }[] = [...new Set(ids)].map((id) => ({ id }));
    let failedOnce = new Set<string>();
    while (pending.length > 0) {
      const next: { id: string; after?: string }[] = [];
      const retry = new Set<string>();
      await Promise.all(
        chunk(pending, ASSOCIATION_BATCH_SIZE).map(async (inputs) => {
          const body = await conn.call(`POST /crm/v4/associations/${from}/${to}/batch/read`, () =>
            hs.crm.associations.v4.batchApi.getPage(from, to, { inputs: inputs.map((i) => (i.after ? { id: i.id, after: i.after } : { id: i.id })) }, o),
          );
          for (const row of (body as { results?: unknown[] }).results ?? []) {
            const parsed = hubSpotAssociationRowSchema.safeParse(row);
            if (!parsed.success) continue;
            const fromId = parsed.data._from?.id ?? parsed.data.from?.id;
            if (!fromId) continue;
            const list = out.get(fromId) ?? [];
            for (const t of parsed.data.to) {
              list.push({ id: t.toObjectId, labels: t.associationTypes.map((a) => a.label ?? '').filter((l) => l !== '') });
            }
            out.set(fromId, list);
            const after = parsed.data.paging?.next?.after;
            if (after) next.push({ id: fromId, after });
          }
          for (const e of errorsOf(body)) {
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
   * Search, one page. Search has its own budget (5 requests/second), enforced by the connection's search limiter.
   * https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm
   */
  async function searchPage(
    type: CrmType,
    filters: { propertyName: string; operator: string; value?: string; values?: string[] }[],
    properties: readonly string[],
    sorts: string[],
    after?: string,
  ): Promise<{ records: HubSpotObject[]; after: string | undefined }> {
    const body = await conn.search(`POST /crm/v3/objects/${type}/search`, () =>
      searchApi(type).doSearch({
        filterGroups: [{ filters: filters as never }],
        sorts,
        properties: [...properties],
        limit: SEARCH_PAGE_SIZE,
        ...(after ? { after } : {}),
      }, conn.searchRequestOptions),
    );
    const { records } = parseObjects((body as { results?: unknown }).results);
    const next = (body as { paging?: { next?: { after?: string } } }).paging?.next?.after;
    return { records, after: next === undefined ? undefined : String(next) };
  }

  /** Every match of a filter set, keyset-paged on hs_object_id so HubSpot's 10,000-result cap never bites. */
  async function searchAll(
    type: CrmType,
    filters: { propertyName: string; operator: string; value?: string; values?: string[] }[],
    properties: readonly string[],
  ): Promise<HubSpotObject[]> {
    const out: HubSpotObject[] = [];
    let lastId: string | null = null;
    for (;;) {
      const keyset = lastId === null ? [] : [{ propertyName: 'hs_object_id', operator: 'GT', value: lastId }];
      const page = await searchPage(type, [...filters, ...keyset], properties, ['hs_object_id']);
      out.push(...page.records);
      if (page.after === undefined || page.records.length === 0) return out;
      lastId = page.records[page.records.length - 1]?.id ?? null;
    }
  }

  /** https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide */
  async function readStages(): Promise<StageIndex> {
    const body = await conn.call('GET /crm/v3/pipelines/deals', () => hs.crm.pipelines.pipelinesApi.getAll('deals', o));
    const pipelines: HubSpotPipeline[] = [];
    for (const p of (body as { results?: unknown[] }).results ?? []) {
      const parsed = hubSpotPipelineSchema.safeParse(p);
      if (parsed.success) pipelines.push(parsed.data);
    }
    return toStageIndex(pipelines);
  }

  // -------------------------------------------------------------------------------------------------------------
  // assembling accounts
  // -------------------------------------------------------------------------------------------------------------

  /** Reads everything about the given (already read) companies and maps them to domain inputs. */
  async function assemble(
    companies: readonly HubSpotObject[],
    stages: StageIndex,
    opts: ReadOptions,
  ): Promise<{ accounts: ReadAccount[]; errors: RunError[] }> {
    const ids = companies.map((c) => c.id);
    // The windows readTouches reads (below): within them the engagements, not HubSpot's roll-ups, say what a touch was.
    const readWindows: EngagementsRead = {
      from: {
        call: new Date(opts.now.getTime() - Math.min(touchWindowDays, opts.lookbackDays) * DAY_MS),
        email: new Date(opts.now.getTime() - Math.min(touchWindowDays, opts.lookbackDays) * DAY_MS),
        meeting: new Date(opts.now.getTime() - opts.lookbackDays * DAY_MS),
      },
      withContacts: false, // engagement → contact associations are not read (a contact's roll-up is its only touch)
    };
    // What HubSpot failed to answer (207) even when asked again: a company missing any of it is not scored this run
    // (scored on partial data, it would get wrong values); it is reported as a company error instead.
    const unreadLinks = new Set<string>();
    const unreadContacts = new Set<string>();
    const unreadDeals = new Set<string>();
    const [contactLinks, dealLinks, ...touchLinks] = await Promise.all([
      readAssociations('companies', 'contacts', ids, unreadLinks),
      readAssociations('companies', 'deals', ids, unreadLinks),
      ...TOUCH_TYPES.map((t) => readAssociations('companies', t, ids, unreadLinks)),
    ]);
    const allContactIds = [...(contactLinks ?? new Map()).values()].flat().map((t) => t.id);
    const allDealIds = [...(dealLinks ?? new Map()).values()].flat().map((t) => t.id);
    const [contacts, deals, touchesByType] = await Promise.all([
      batchRead('contacts', allContactIds, CONTACT_PROPERTIES, unreadContacts),
      batchRead('deals', allDealIds, DEAL_PROPERTIES, unreadDeals),
      Promise.all(TOUCH_TYPES.map((t, k) => readTouches(t, ids, touchLinks[k] ?? new Map(), opts))),
    ]);

    const accounts: ReadAccount[] = [];
    const errors: RunError[] = [];
    for (const raw of companies) {
      const incomplete =
        unreadLinks.has(raw.id) ||
        (contactLinks?.get(raw.id) ?? []).some((l) => unreadContacts.has(l.id)) ||
        (dealLinks?.get(raw.id) ?? []).some((l) => unreadDeals.has(l.id));
      if (incomplete) {
        errors.push({ companyId: raw.id, message: 'not scored: HubSpot did not return all of its associations, contacts or deals (batch read failed twice)' });
        continue;
      }
      try {
        const companyContacts: Contact[] = [];
        for (const link of contactLinks?.get(raw.id) ?? []) {
          const c = contacts.get(link.id);
          if (c) companyContacts.push(toStakeholder(c, link.labels));
        }
        const companyDeals: Deal[] = [];
        for (const link of dealLinks?.get(raw.id) ?? []) {
          const d = deals.get(link.id);
          if (d) companyDeals.push(toDeal(d, stages));
        }
        const activities: Activity[] = [];
        TOUCH_TYPES.forEach((t, k) => {
          const byId = touchesByType[k] ?? new Map<string, HubSpotObject>();
          for (const link of touchLinks[k]?.get(raw.id) ?? []) {
            const e = byId.get(link.id);
            if (e) activities.push(toTouch(e, t));
          }
        });
        const input: AccountInput = { company: toAccount(raw), deals: companyDeals, contacts: companyContacts, activities, engagementsRead: readWindows };
        accounts.push({ input, current: toKeylineValues(raw) });
      } catch (err) {
        errors.push({ companyId: raw.id, message: `could not map company: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    return { accounts, errors };
  }

  /** Engagements of one touch type associated with the companies, within the type's window (see file comment). */
  async function readTouches(
    type: TouchType,
    companyIds: readonly string[],
    links: Map<string, AssociationTarget[]>,
    opts: ReadOptions,
  ): Promise<Map<string, HubSpotObject>> {
    const out = new Map<string, HubSpotObject>();
    const withTouches = companyIds.filter((id) => (links.get(id)?.length ?? 0) > 0);
    if (withTouches.length === 0) return out;
    const windowDays = type === 'meetings' ? opts.lookbackDays : Math.min(touchWindowDays, opts.lookbackDays);
    const from = new Date(opts.now.getTime() - windowDays * DAY_MS);
    const timeProp = 'hs_timestamp';
    await Promise.all(
      chunk(withTouches, SEARCH_IN_VALUES).map(async (group) => {
        const records = await searchAll(
          type,
          [
            { propertyName: 'associations.company', operator: 'IN', values: group },
            { propertyName: timeProp, operator: 'GTE', value: String(from.getTime()) },
            { propertyName: timeProp, operator: 'LTE', value: String(opts.now.getTime()) },
          ],
          ENGAGEMENT_PROPERTIES[type],
        );
        for (const r of records) out.set(r.id, r);
      }),
    );
    return out;
  }

  // -------------------------------------------------------------------------------------------------------------
  // writes
  // -------------------------------------------------------------------------------------------------------------

  /**
   * Batch update (≤ 100 per call). 207 per-record errors are retried once; a 4xx that rejects a whole batch (HubSpot
   * validates every input first) is split in halves until the bad record is isolated, so one bad value never blocks
   * 99 good ones.
   * https://developers.hubspot.com/docs/api-reference/crm-companies-v3/batch/post-crm-v3-objects-companies-batch-update
   */
  async function batchUpdate(type: CrmType, updates: readonly { id: string; properties: Record<string, string> }[]): Promise<WriteOutcome> {
    const succeeded: string[] = [];
    const failed: { id: string; message: string }[] = [];
    const send = async (batch: { id: string; properties: Record<string, string> }[], attempt: number): Promise<void> => {
      let body: unknown;
      try {
        body = await conn.call(`POST /crm/v3/objects/${type}/batch/update`, () => objects(type).batchApi.update({ inputs: batch }, o));
      } catch (err) {
        if (err instanceof DailyLimitReached) throw err;
        const status = err instanceof HubSpotRequestError ? err.status : null;
        if (status !== null && status >= 400 && status < 500 && status !== 429 && batch.length > 1) {
          const mid = Math.ceil(batch.length / 2);
          await send(batch.slice(0, mid), attempt);
          await send(batch.slice(mid), attempt);
          return;
        }
        for (const u of batch) failed.push({ id: u.id, message: err instanceof Error ? err.message : String(err) });
        return;
      }
      const ok = new Set<string>();
      for (const r of parseObjects((body as { results?: unknown }).results).records) ok.add(r.id);
      const errs = errorsOf(body);
      const failedIds = new Set(errs.flatMap((e) => e.ids));
      const retry: typeof batch = [];
      for (const u of batch) {
        if (ok.has(u.id) || (!failedIds.has(u.id) && errs.length === 0)) succeeded.push(u.id);
        else if (attempt === 0 && errs.some((e) => e.ids.includes(u.id) && e.category !== 'OBJECT_NOT_FOUND')) retry.push(u);
        else if (!ok.has(u.id)) {
          const e = errs.find((x) => x.ids.includes(u.id));
          failed.push({ id: u.id, message: e ? e.message : 'not updated' });
        }
      }
      if (retry.length > 0) await send(retry, attempt + 1);
    };
    await Promise.all(chunk(updates, BATCH_SIZE).map((b) => send(b, 0)));
    return { succeeded, failed };
  }

  const MARKER_RE = /keyline:gap=[^\s]+/;

  /**
   * Task creation is not idempotent, so it never goes through a retry that could hide a success: the request is sent
   * once (through the limiter); a 429 or a 423 Locked (not processed by HubSpot; "locks last 2 seconds") is waited out
   * and sent again; a 4xx rejects the
   * whole batch before anything is created, so the batch is split to isolate the bad input; a 5xx or a lost
   * connection is an unknown outcome, reported as such for the caller to reconcile by marker.
   * https://developers.hubspot.com/docs/api-reference/crm-tasks-v3/batch/post-crm-v3-objects-tasks-batch-create
   */
  async function createTasks(tasks: readonly NewTask[]): Promise<{ created: CreatedTask[]; failed: TaskFailure[] }> {
    const created: CreatedTask[] = [];
    const failed: TaskFailure[] = [];
    const byMarker = new Map(tasks.map((t) => [t.marker, t]));
    const endpoint = 'POST /crm/v3/objects/tasks/batch/create';
    const body = (batch: NewTask[]) => ({
      inputs: batch.map((t) => ({
        properties: {
          hs_task_subject: t.subject,
          hs_task_body: t.body,
          hs_task_status: 'NOT_STARTED',
          hs_task_priority: t.priority,
          hs_task_type: 'TODO',
          hs_timestamp: t.dueAt.toISOString(),
          [KEYLINE_TASK_KEY.name]: t.marker,
          ...(t.ownerId ? { hubspot_owner_id: t.ownerId } : {}),
        },
        associations: [
          { to: { id: t.companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 }] },
          ...(t.contactId ? [{ to: { id: t.contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 204 }] }] : []),
        ],
      })),
    });
    const fail = (batch: NewTask[], message: string, outcome: 'not_created' | 'unknown') => {
      for (const t of batch) failed.push({ companyId: t.companyId, gapKey: t.gapKey, message, outcome });
    };
    const send = async (batch: NewTask[], attempt: number): Promise<void> => {
      let res: { status: number; body: unknown } | null = null;
      for (let waits = 0; ; waits++) {
        try {
          res = await conn.once('POST', '/crm/v3/objects/tasks/batch/create', body(batch));
        } catch (err) {
          fail(batch, `connection lost: ${err instanceof Error ? err.message : String(err)}`, 'unknown');
          return;
        }
        if (res.status !== 429 && res.status !== 423) break;
        const b = res.body as { policyName?: string } | null;
        if (b?.policyName === 'DAILY') throw new DailyLimitReached(endpoint);
        if (waits >= 5) {
          fail(batch, res.status === 423 ? 'locked' : 'rate limited', 'not_created');
          return;
        }
        const waitMs = res.status === 423 ? LOCK_WAIT_MS : b?.policyName === 'TEN_SECONDLY_ROLLING' ? 10_000 : 1_000;
        await new Promise((r) => setTimeout(r, waitMs / conn.options.timeScale));
      }
      if (res.status >= 500) {
        fail(batch, `HubSpot answered ${res.status}`, 'unknown');
        return;
      }
      if (res.status >= 400) {
        if (batch.length > 1) {
          const mid = Math.ceil(batch.length / 2);
          await send(batch.slice(0, mid), attempt);
          await send(batch.slice(mid), attempt);
        } else fail(batch, `HubSpot rejected the task (${res.status}): ${JSON.stringify(res.body).slice(0, 300)}`, 'not_created');
        return;
      }
      const done = new Set<string>();
      for (const r of parseObjects((res.body as { results?: unknown } | null)?.results).records) {
        const marker = r.properties[KEYLINE_TASK_KEY.name] ?? MARKER_RE.exec(r.properties.hs_task_body ?? '')?.[0];
        const t = marker ? byMarker.get(marker) : undefined;
        if (t) {
          created.push({ companyId: t.companyId, gapKey: t.gapKey, taskId: r.id });
          done.add(t.marker);
        }
      }
      const missing = batch.filter((t) => !done.has(t.marker));
      if (missing.length === 0) return;
      // 207: these inputs were reported as not created: send them once more.
      if (attempt === 0) await send(missing, 1);
      else fail(missing, errorsOf(res.body)[0]?.message ?? 'not created', 'not_created');
    };
    await Promise.all(chunk(tasks, BATCH_SIZE).map((b) => send(b, 0)));
    return { created, failed };
  }

  /** Completes Keyline's own tasks (verified by their keyline_task_key, or the marker in an older task's body), appending the note. */
  async function completeTasks(tasks: readonly TaskToComplete[]): Promise<{ completed: TaskToComplete[]; failed: TaskFailure[] }> {
    const current = await batchRead(
      'tasks',
      tasks.map((t) => t.taskId),
      ['hs_task_body', 'hs_task_status', KEYLINE_TASK_KEY.name],
    );
    const completed: TaskToComplete[] = [];
    const updates: { id: string; properties: Record<string, string> }[] = [];
    const byId = new Map<string, TaskToComplete>();
    for (const t of tasks) {
      const raw = current.get(t.taskId);
      const marker = `keyline:gap=${t.companyId}/${t.gapKey}`;
      // Deleted, or already completed by a person: nothing to do. Not ours (no marker): never touched.
      const ours = raw !== undefined && (raw.properties[KEYLINE_TASK_KEY.name] === marker || (raw.properties.hs_task_body ?? '').includes(marker));
      if (!raw || raw.properties.hs_task_status === 'COMPLETED' || !ours) {
        completed.push(t);
        continue;
      }
      byId.set(t.taskId, t);
      updates.push({
        id: t.taskId,
        properties: { hs_task_status: 'COMPLETED', hs_task_body: `${raw.properties.hs_task_body ?? ''}<p>— ${escapeHtml(t.note)}</p>` },
      });
    }
    const outcome = await batchUpdate('tasks', updates);
    for (const id of outcome.succeeded) {
      const t = byId.get(id);
      if (t) completed.push(t);
    }
    const failed = outcome.failed.flatMap((f) => {
      const t = byId.get(f.id);
      return t ? [{ companyId: t.companyId, gapKey: t.gapKey, message: f.message }] : [];
    });
    return { completed, failed };
  }

  // -------------------------------------------------------------------------------------------------------------
  // setup
  // -------------------------------------------------------------------------------------------------------------

  /** https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide */
  async function setup(opts: { lists: boolean }): Promise<SetupReport> {
    const groupsBody = await conn.call('GET /crm/v3/properties/companies/groups', () => hs.crm.properties.groupsApi.getAll('companies', o));
    const groups = ((groupsBody as { results?: { name: string; label?: string }[] }).results ?? []);
    const existingGroup = groups.find((g) => g.name === PROPERTY_GROUP.name);
    let group: SetupOutcome = 'unchanged';
    if (!existingGroup) {
      await conn.call('POST /crm/v3/properties/companies/groups', () =>
        hs.crm.properties.groupsApi.create('companies', { name: PROPERTY_GROUP.name, label: PROPERTY_GROUP.label, displayOrder: PROPERTY_GROUP.displayOrder }, o),
      );
      group = 'created';
    } else if (existingGroup.label !== PROPERTY_GROUP.label) {
      await conn.call('PATCH /crm/v3/properties/companies/groups/{name}', () =>
        hs.crm.properties.groupsApi.update('companies', PROPERTY_GROUP.name, { label: PROPERTY_GROUP.label }, o),
      );
      group = 'updated';
    }

    const propsBody = await conn.call('GET /crm/v3/properties/companies', () => hs.crm.properties.coreApi.getAll('companies', false, undefined, o));
    const existing = new Map<string, ReturnType<typeof hubSpotPropertySchema.parse>>();
    for (const p of (propsBody as { results?: unknown[] }).results ?? []) {
      const parsed = hubSpotPropertySchema.safeParse(p);
      if (parsed.success) existing.set(parsed.data.name, parsed.data);
    }
    // Refuse before changing anything.
    for (const def of KEYLINE_PROPERTIES as readonly KeylinePropertyDefinition[]) {
      const have = existing.get(def.name);
      if (have && have.type !== def.type) throw new PropertyConflict(def.name, have.type, def.type);
    }
    const properties: { name: string; outcome: SetupOutcome }[] = [];
    const toCreate: KeylinePropertyDefinition[] = [];
    for (const [i, def] of (KEYLINE_PROPERTIES as readonly KeylinePropertyDefinition[]).entries()) {
      const have = existing.get(def.name);
      const wanted = propertyBody(def, i);
      if (!have) {
        toCreate.push(def);
        properties.push({ name: def.name, outcome: 'created' });
        continue;
      }
      const sameOptions =
        JSON.stringify((have.options ?? []).map((o) => [o.value, o.label ?? ''])) ===
        JSON.stringify((def.options ?? []).map((o) => [o.value, o.label]));
      const same =
        have.label === def.label &&
        (have.description ?? '') === def.description &&
        have.groupName === PROPERTY_GROUP.name &&
        have.fieldType === def.fieldType &&
        sameOptions;
      if (same) {
        properties.push({ name: def.name, outcome: 'unchanged' });
        continue;
      }
      const { name: _name, type: _type, ...update } = wanted;
      await conn.call('PATCH /crm/v3/properties/companies/{name}', () => hs.crm.properties.coreApi.update('companies', def.name, update as never, o));
      properties.push({ name: def.name, outcome: 'updated' });
    }
    if (toCreate.length > 0) {
      const order = new Map((KEYLINE_PROPERTIES as readonly KeylinePropertyDefinition[]).map((d, i) => [d.name, i]));
      await conn.call('POST /crm/v3/properties/companies/batch/create', () =>
        hs.crm.properties.batchApi.create('companies', { inputs: toCreate.map((d) => propertyBody(d, order.get(d.name) ?? 0)) as never }, o),
      );
    }

    // Keyline's task property (its tasks' identity, out of their text): group and property on tasks.
    // https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide
    const taskGroups = await conn.call('GET /crm/v3/properties/tasks/groups', () => hs.crm.properties.groupsApi.getAll('tasks', o));
    if (!((taskGroups as { results?: { name: string }[] }).results ?? []).some((g) => g.name === TASK_PROPERTY_GROUP.name)) {
      await conn.call('POST /crm/v3/properties/tasks/groups', () =>
        hs.crm.properties.groupsApi.create('tasks', { name: TASK_PROPERTY_GROUP.name, label: TASK_PROPERTY_GROUP.label, displayOrder: TASK_PROPERTY_GROUP.displayOrder }, o),
      );
    }
    const taskProps = await conn.call('GET /crm/v3/properties/tasks', () => hs.crm.properties.coreApi.getAll('tasks', false, undefined, o));
    const haveKey = ((taskProps as { results?: unknown[] }).results ?? [])
      .map((p) => hubSpotPropertySchema.safeParse(p))
      .flatMap((p) => (p.success && p.data.name === KEYLINE_TASK_KEY.name ? [p.data] : []))[0];
    if (haveKey && haveKey.type !== KEYLINE_TASK_KEY.type) throw new PropertyConflict(KEYLINE_TASK_KEY.name, haveKey.type, KEYLINE_TASK_KEY.type);
    if (!haveKey) {
      await conn.call('POST /crm/v3/properties/tasks', () =>
        hs.crm.properties.coreApi.create('tasks', { ...propertyBody(KEYLINE_TASK_KEY, 0), groupName: TASK_PROPERTY_GROUP.name } as never, o),
      );
    }
    properties.push({ name: `tasks.${KEYLINE_TASK_KEY.name}`, outcome: haveKey ? 'unchanged' : 'created' });

    const lists: SetupReport['lists'] = [];
    if (opts.lists) {
      for (const list of KEYLINE_LISTS) {
        // https://developers.hubspot.com/docs/api-reference/crm-lists-v3/lists/get-crm-v3-lists-object-type-id-objectTypeId-name-listName
        const found = await conn.call('GET /crm/v3/lists/object-type-id/0-2/name/{name}', async () => {
          try {
            await hs.crm.lists.listsApi.getByName(list.name, '0-2', false, o);
            return true;
          } catch (err) {
            if ((err as { code?: number }).code === 404) return false;
            throw err;
          }
        });
        if (found) {
          lists.push({ name: list.name, outcome: 'unchanged' });
          continue;
        }
        // https://developers.hubspot.com/docs/api-reference/crm-lists-v3/lists/post-crm-v3-lists
        await conn.call('POST /crm/v3/lists', () =>
          hs.crm.lists.listsApi.create({ name: list.name, objectTypeId: '0-2', processingType: 'DYNAMIC', filterBranch: list.filterBranch as never }, o),
        );
        lists.push({ name: list.name, outcome: 'created' });
      }
    }
    return { group, properties, lists };
  }

  function propertyBody(def: KeylinePropertyDefinition, index: number) {
    return {
      name: def.name,
      label: def.label,
      description: def.description,
      type: def.type,
      fieldType: def.fieldType,
      groupName: PROPERTY_GROUP.name,
      displayOrder: index + 1,
      hasUniqueValue: false,
      formField: false,
      hidden: false,
      ...(def.options ? { options: def.options.map((o, k) => ({ value: o.value, label: o.label, displayOrder: k, hidden: false })) } : {}),
    };
  }

  // -------------------------------------------------------------------------------------------------------------
  // the interface
  // -------------------------------------------------------------------------------------------------------------

  return {
    async *streamPortfolio(opts) {
      const stages = await readStages();
      let after: string | undefined = opts.cursor ?? undefined;
      let index = opts.startIndex ?? 0;
      const size = opts.chunkSize ?? chunkSize;
      let listedAll = false;
      /** The next chunk's companies (list pages of 100, sequential: each needs the previous cursor). */
      const listChunk = async (): Promise<{ companies: HubSpotObject[]; errors: RunError[]; nextCursor: string | null }> => {
        const companies: HubSpotObject[] = [];
        const errors: RunError[] = [];
        while (companies.length < size) {
          const page = await listCompaniesPage(after);
          const { records, bad } = parseObjects((page as { results?: unknown }).results);
          companies.push(...records);
          for (const b of bad) errors.push({ companyId: b.id, message: b.message });
          after = (page as { paging?: { next?: { after?: string } } }).paging?.next?.after;
          if (!after) {
            listedAll = true;
            break;
          }
        }
        return { companies, errors, nextCursor: listedAll ? null : (after ?? null) };
      };
      // Two chunks are assembled at once, so the search budget (the binding one) stays busy across chunk boundaries;
      // chunks are still yielded in order, each with the cursor that resumes after it.
      const inFlight: Promise<PortfolioChunk>[] = [];
      while (!listedAll || inFlight.length > 0) {
        while (!listedAll && inFlight.length < 2) {
          const listed = await listChunk();
          const chunkIndex = index++;
          const assembling = assemble(listed.companies, stages, opts).then(
            (a): PortfolioChunk => ({ index: chunkIndex, nextCursor: listed.nextCursor, accounts: a.accounts, errors: [...listed.errors, ...a.errors] }),
          );
          assembling.catch(() => undefined); // rethrown when awaited below
          inFlight.push(assembling);
        }
        const next = inFlight.shift();
        if (next) yield await next;
      }
    },

    async readAccounts(companyIds, opts): Promise<ReadAccountsResult> {
      const ids = [...new Set(companyIds)];
      const unread = new Set<string>();
      const [stages, companies] = await Promise.all([readStages(), batchRead('companies', ids, COMPANY_PROPERTIES, unread)]);
      const found = ids.map((id) => companies.get(id)).filter((c): c is HubSpotObject => c !== undefined);
      const assembled = await assemble(found, stages, opts);
      // A company whose read failed is not a deleted one.
      const unreadErrors = [...unread].map((companyId) => ({ companyId, message: 'not read: HubSpot answered with an error for it twice' }));
      return { ...assembled, errors: [...assembled.errors, ...unreadErrors], missing: ids.filter((id) => !companies.has(id) && !unread.has(id)) };
    },

    async findChangedCompanies(since): Promise<ChangedCompanies> {
      const watermarks: Partial<Record<WatermarkObject, Date>> = {};
      const companyIds = new Set<string>();
      const changedCompanies: ChangedCompanies['changedCompanies'] = [];
      const types: { type: CrmType; object: WatermarkObject; prop: string }[] = [
        { type: 'companies', object: 'companies', prop: 'hs_lastmodifieddate' },
        { type: 'contacts', object: 'contacts', prop: 'lastmodifieddate' },
        { type: 'deals', object: 'deals', prop: 'hs_lastmodifieddate' },
        { type: 'calls', object: 'calls', prop: 'hs_lastmodifieddate' },
        { type: 'emails', object: 'emails', prop: 'hs_lastmodifieddate' },
        { type: 'meetings', object: 'meetings', prop: 'hs_lastmodifieddate' },
      ];
      await Promise.all(
        types.map(async ({ type, object, prop }) => {
          const from = since[object];
          if (!from) return;
          // Companies come with every property Keyline reads, so their change can be told from Keyline's own writes.
          const properties = type === 'companies' ? [...new Set([...COMPANY_PROPERTIES, prop])] : [prop];
          const records = await searchAll(type, [{ propertyName: prop, operator: 'GTE', value: String(from.getTime()) }], properties);
          let newest = from;
          for (const r of records) {
            const t = Date.parse(r.properties[prop] ?? '');
            if (Number.isFinite(t) && t > newest.getTime()) newest = new Date(t);
          }
          watermarks[object] = newest;
          if (type === 'companies') {
            for (const r of records) changedCompanies.push({ company: toAccount(r), current: toKeylineValues(r) });
            return;
          }
          const unread = new Set<string>();
          const links = await readAssociations(type, 'companies', records.map((r) => r.id), unread);
          // A change whose company cannot be told must not be skipped: the run fails and the next one asks again.
          if (unread.size > 0) throw new HubSpotRequestError(`POST /crm/v4/associations/${type}/companies/batch/read`, 207, `${unread.size} ${type} whose companies could not be read`);
          for (const targets of links.values()) for (const t of targets) companyIds.add(t.id);
        }),
      );
      return { companyIds: [...companyIds], changedCompanies, watermarks };
    },

    async updateCompanyProperties(updates: readonly CompanyUpdate[]): Promise<WriteOutcome> {
      return batchUpdate(
        'companies',
        updates.map((u) => ({ id: u.companyId, properties: u.properties })),
      );
    },

    createTasks,
    completeTasks,

    /**
     * Through the company's task associations and a batch read of those tasks, not through search: HubSpot's search
     * index lags writes by seconds, so a task created just before a lost answer or a crash could be missed by a search
     * and created again. Associations and batch reads see a task as soon as its create call has been applied.
     */
    async findTasksByMarker(companyId, markers): Promise<FoundTask[]> {
      const unread = new Set<string>();
      const taskIds = ((await readAssociations('companies', 'tasks', [companyId], unread)).get(companyId) ?? []).map((t) => t.id);
      const tasks = await batchRead('tasks', taskIds, ['hs_task_body', 'hs_task_status', 'hs_task_subject', KEYLINE_TASK_KEY.name], unread);
      if (unread.size > 0) {
        throw new HubSpotRequestError('POST /crm/v3/objects/tasks/batch/read', 207, `the tasks of company ${companyId} could not all be read`);
      }
      const out: FoundTask[] = [];
      for (const r of tasks.values()) {
        const body = r.properties.hs_task_body ?? '';
        const key = r.properties[KEYLINE_TASK_KEY.name];
        const marker = markers.find((m) => key === m || body.includes(m));
        if (marker) out.push({ taskId: r.id, marker, status: r.properties.hs_task_status ?? null });
      }
      return out;
    },

    async countCompanies(): Promise<number | null> {
      const body = await conn.search('POST /crm/v3/objects/companies/search', () =>
        searchApi('companies').doSearch({ filterGroups: [], properties: ['hs_object_id'], limit: 1 }, conn.searchRequestOptions),
      );
      const total = (body as { total?: unknown }).total;
      return typeof total === 'number' ? total : null;
    },

    /** https://developers.hubspot.com/docs/api-reference/crm-owners-v3/guide */
    async listOwnerIds(): Promise<Set<string>> {
      const ids = new Set<string>();
      let after: string | undefined;
      do {
        const page = await conn.call('GET /crm/v3/owners', () => hs.crm.owners.ownersApi.getPage(undefined, after, 100, false, o));
        for (const o of (page as { results?: { id?: unknown }[] }).results ?? []) if (o.id !== undefined) ids.add(String(o.id));
        after = (page as { paging?: { next?: { after?: string } } }).paging?.next?.after;
      } while (after);
      return ids;
    },

    setup,

    beginRun: () => conn.clearDailyLimit(),

    apiCalls: () => conn.stats().calls,

    apiFailures: () => {
      const { '*': _all, ...byStatus } = conn.stats().failed;
      return byStatus;
    },
  };
}
