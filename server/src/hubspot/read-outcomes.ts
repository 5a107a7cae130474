/**
 * Reading what outcomes need (issue #15), in batch like everything else:
 *   - line items of WON deals: association batch read deal → line_items (1,000 deals a call), then batch read of the
 *     line items (100 a call). Open and lost deals' lines are never read: only what was bought counts.
 *   - survey answers of the chunk's contacts: HubSpot associates feedback submissions with contacts (and tickets),
 *     never with companies, so: association batch read contact → feedback_submissions (1,000 contacts a call), then
 *     batch read (100 a call). Measured against a windowed search (`associations.contact IN` ≤ 100 contacts, 200 a
 *     page, on the 5-a-second search budget): the search needs ⌈contacts ÷ 100⌉ calls per chunk even when most
 *     contacts never answered (≈ 46 for a 1,000-company chunk of M: 4,560 contacts), the association read
 *     ⌈contacts ÷ 1,000⌉ + ⌈answers ÷ 100⌉ (≈ 5 + 14), on the burst budget, which the touch searches leave idle.
 *     docs/ARCHITECTURE.md §2 has the measured figures.
 *   - the product library: a list read, 100 a page, once per run.
 * Two ways to read the records, one cost each (`OutcomeReadMode`):
 *   - `batch` (the portfolio's chunks): association read, then batch read — fewest calls, on the burst budget, two
 *     round trips after the ids are known;
 *   - `search` (a few companies read fresh, e.g. the card's recompute): the association read and a search
 *     `associations.<from> IN` (≤ 100 ids a search, 200 a page) sent together — one round trip, so a fresh recompute
 *     stays at three; for line items every deal of the companies is asked (won or not is known only with the deals).
 *     A record the association names but the search (which lags writes by seconds) does not is batch read after.
 * What HubSpot fails to answer twice is reported as unread: the company concerned is not scored this run (scored without
 * those answers its renewal risk or NPS would be wrong) and is reported, like a deal that could not be read. When the
 * token lacks the (optional) scope, HubSpot answers 403: that is lasting, so the run goes on without outcomes (absent
 * inputs, which lower confidence and never count as bad news).
 */
import type { FeedbackResponse, LineItem, Product } from '../domain/types';
import { hubSpotPaths } from './api-version';
import { HubSpotRequestError } from './errors';
import { nextAfter, parseObjects, parsePage, type HubSpotObject } from './hubspot-records';
import type { HubSpotTransport } from './hubspot-transport';
import { SEARCH_IN_VALUES, batchRead, chunk, readAssociations, searchAll, type AssociationTarget } from './read-records';
import { FEEDBACK_PROPERTIES, toFeedback } from './to-feedback';
import { LINE_ITEM_PROPERTIES, toLineItem } from './to-line-item';
import { PRODUCT_PROPERTIES, toProduct } from './to-product';
import { settleAll } from '../lib/settle-all';

export interface LineItemsRead {
  /** Deal id → its line items ([] when it has none). */
  byDeal: Map<string, LineItem[]>;
  /** Deals whose line items could not be read (their `lineItems` stay absent). */
  unread: Set<string>;
  /** The token lacks the (optional) scope: nothing was read, and that is the portal's lasting state, not a failure. */
  forbidden?: boolean;
}

/** A token without the object's scope gets 403 (the app asks for these scopes as optional ones). */
const isForbidden = (err: unknown): boolean => err instanceof HubSpotRequestError && err.status === 403;

export type OutcomeReadMode = 'batch' | 'search';

interface AssociatedRecords {
  links: Map<string, AssociationTarget[]>;
  records: Map<string, HubSpotObject>;
  /** Records named by an association that could not be read. */
  unreadRecords: Set<string>;
}

/** The records of type `to` associated with the `from` ids, in the given mode (see the file comment). */
async function readAssociated(
  hs: HubSpotTransport,
  from: 'deals' | 'contacts',
  to: 'line_items' | 'feedback_submissions',
  fromIds: readonly string[],
  properties: readonly string[],
  mode: OutcomeReadMode,
  unreadLinks: Set<string>,
): Promise<AssociatedRecords> {
  const unreadRecords = new Set<string>();
  if (mode === 'batch') {
    const links = await readAssociations(hs, from, to, fromIds, unreadLinks);
    const records = await batchRead(hs, to, [...links.values()].flat().map((l) => l.id), properties, unreadRecords);
    return { links, records, unreadRecords };
  }
  const filter = from === 'deals' ? 'associations.deal' : 'associations.contact';
  const [links, found] = await settleAll([
    readAssociations(hs, from, to, fromIds, unreadLinks),
    settleAll(chunk([...new Set(fromIds)], SEARCH_IN_VALUES).map((group) => searchAll(hs, to, [{ propertyName: filter, operator: 'IN', values: group }], properties))),
  ]);
  const records = new Map(found.flat().map((r) => [r.id, r]));
  const missed = [...links.values()].flat().map((l) => l.id).filter((id) => !records.has(id));
  if (missed.length > 0) for (const [id, r] of await batchRead(hs, to, missed, properties, unreadRecords)) records.set(id, r);
  return { links, records, unreadRecords };
}

/**
 * Line items of the given deals (`batch`: pass the won deals only; `search`: every deal, the caller keeps the won
 * ones' lines).
 */
export async function readLineItems(hs: HubSpotTransport, dealIds: readonly string[], mode: OutcomeReadMode = 'batch'): Promise<LineItemsRead> {
  // A line deleted between the two reads is gone.
  const { by, unread, forbidden } = await readGrouped(hs, 'deals', 'line_items', dealIds, LINE_ITEM_PROPERTIES, mode, (raw) => toLineItem(raw));
  return { byDeal: by, unread, ...(forbidden ? { forbidden } : {}) };
}

interface GroupedRead<T> {
  by: Map<string, T[]>;
  unread: Set<string>;
  forbidden?: boolean;
}

/**
 * The records associated with each of `fromIds`, mapped: an id whose association or records HubSpot failed to give
 * twice is `unread` (not in `by`); a 403 (the optional scope missing) makes every id unread and `forbidden`.
 */
async function readGrouped<T>(
  hs: HubSpotTransport,
  from: 'deals' | 'contacts',
  to: 'line_items' | 'feedback_submissions',
  fromIds: readonly string[],
  properties: readonly string[],
  mode: OutcomeReadMode,
  map: (raw: HubSpotObject, fromId: string) => T,
): Promise<GroupedRead<T>> {
  const unread = new Set<string>();
  const by = new Map<string, T[]>();
  if (fromIds.length === 0) return { by, unread };
  let read: AssociatedRecords;
  try {
    read = await readAssociated(hs, from, to, fromIds, properties, mode, unread);
  } catch (err) {
    if (isForbidden(err)) return { by, unread: new Set(fromIds), forbidden: true };
    throw err;
  }
  const { links, records, unreadRecords } = read;
  for (const fromId of new Set(fromIds)) {
    if (unread.has(fromId)) continue;
    const own = links.get(fromId) ?? [];
    if (own.some((l) => unreadRecords.has(l.id))) {
      unread.add(fromId);
      continue;
    }
    by.set(
      fromId,
      own.flatMap((l) => {
        const raw = records.get(l.id);
        return raw ? [map(raw, fromId)] : []; // a record deleted between the two reads is gone
      }),
    );
  }
  return { by, unread };
}

export interface FeedbackRead {
  /** Contact id → the survey answers it is associated with ([] when none). */
  byContact: Map<string, FeedbackResponse[]>;
  /** Contacts whose answers could not be read. */
  unread: Set<string>;
  /** The token lacks the (optional) scope: nothing was read, and that is the portal's lasting state, not a failure. */
  forbidden?: boolean;
}

export async function readFeedback(hs: HubSpotTransport, contactIds: readonly string[], mode: OutcomeReadMode = 'batch'): Promise<FeedbackRead> {
  const { by, unread, forbidden } = await readGrouped(hs, 'contacts', 'feedback_submissions', contactIds, FEEDBACK_PROPERTIES, mode, (raw, contactId) => toFeedback(raw, contactId));
  return { byContact: by, unread, ...(forbidden ? { forbidden } : {}) };
}

/**
 * The portal's product library (active products), 100 a page. A token without the products scope gets a 403: the
 * library is then empty (whitespace unknown), and the run goes on.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/products/basic/get-crm-objects-products
 */
export async function readProducts(hs: HubSpotTransport): Promise<Product[]> {
  const products: Product[] = [];
  let after: string | undefined;
  try {
    do {
      const page = parsePage(
        await hs.request({ method: 'GET', path: hubSpotPaths.objects('products'), query: { limit: 100, after, properties: [...PRODUCT_PROPERTIES], archived: false } }),
      );
      products.push(...parseObjects(page.results).records.map(toProduct));
      after = nextAfter(page);
    } while (after);
  } catch (err) {
    if (isForbidden(err)) return [];
    throw err;
  }
  return products;
}
