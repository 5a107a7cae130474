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
 * What HubSpot fails to answer twice is reported as unread: that deal's lines or that contact's answers are then
 * "not read" (absent), which lowers confidence, never counts as bad news. So is everything when the token lacks the
 * (optional) scope: HubSpot answers 403 and the run goes on without outcomes.
 */
import type { FeedbackResponse, LineItem, Product } from '../domain/types';
import { hubSpotPaths } from './api-version';
import { HubSpotRequestError } from './errors';
import { nextAfter, parseObjects, parsePage, type HubSpotObject } from './hubspot-records';
import type { HubSpotTransport } from './hubspot-transport';
import { batchRead, readAssociations, type AssociationTarget } from './read-records';
import { FEEDBACK_PROPERTIES, toFeedback } from './to-feedback';
import { LINE_ITEM_PROPERTIES, toLineItem } from './to-line-item';
import { PRODUCT_PROPERTIES, toProduct } from './to-product';

export interface LineItemsRead {
  /** Won deal id → its line items ([] when it has none). */
  byDeal: Map<string, LineItem[]>;
  /** Deals whose line items could not be read (their `lineItems` stay absent). */
  unread: Set<string>;
}

/** A token without the object's scope gets 403 (the app asks for these scopes as optional ones). */
const isForbidden = (err: unknown): boolean => err instanceof HubSpotRequestError && err.status === 403;

export async function readLineItems(hs: HubSpotTransport, wonDealIds: readonly string[]): Promise<LineItemsRead> {
  const unread = new Set<string>();
  const byDeal = new Map<string, LineItem[]>();
  if (wonDealIds.length === 0) return { byDeal, unread };
  const unreadItems = new Set<string>();
  let links: Map<string, AssociationTarget[]>;
  let items: Map<string, HubSpotObject>;
  try {
    links = await readAssociations(hs, 'deals', 'line_items', wonDealIds, unread);
    items = await batchRead(hs, 'line_items', [...links.values()].flat().map((l) => l.id), LINE_ITEM_PROPERTIES, unreadItems);
  } catch (err) {
    if (isForbidden(err)) return { byDeal, unread: new Set(wonDealIds) };
    throw err;
  }
  for (const dealId of wonDealIds) {
    if (unread.has(dealId)) continue;
    const lines = links.get(dealId) ?? [];
    if (lines.some((l) => unreadItems.has(l.id))) {
      unread.add(dealId);
      continue;
    }
    byDeal.set(
      dealId,
      lines.flatMap((l) => {
        const raw = items.get(l.id);
        return raw ? [toLineItem(raw)] : []; // a line deleted between the two reads is gone
      }),
    );
  }
  return { byDeal, unread };
}

export interface FeedbackRead {
  /** Contact id → the survey answers it is associated with ([] when none). */
  byContact: Map<string, FeedbackResponse[]>;
  /** Contacts whose answers could not be read. */
  unread: Set<string>;
}

export async function readFeedback(hs: HubSpotTransport, contactIds: readonly string[]): Promise<FeedbackRead> {
  const unread = new Set<string>();
  const byContact = new Map<string, FeedbackResponse[]>();
  if (contactIds.length === 0) return { byContact, unread };
  const unreadAnswers = new Set<string>();
  let links: Map<string, AssociationTarget[]>;
  let answers: Map<string, HubSpotObject>;
  try {
    links = await readAssociations(hs, 'contacts', 'feedback_submissions', contactIds, unread);
    answers = await batchRead(hs, 'feedback_submissions', [...links.values()].flat().map((l) => l.id), FEEDBACK_PROPERTIES, unreadAnswers);
  } catch (err) {
    if (isForbidden(err)) return { byContact, unread: new Set(contactIds) };
    throw err;
  }
  for (const contactId of new Set(contactIds)) {
    if (unread.has(contactId)) continue;
    const own = links.get(contactId) ?? [];
    if (own.some((l) => unreadAnswers.has(l.id))) {
      unread.add(contactId);
      continue;
    }
    byContact.set(
      contactId,
      own.flatMap((l) => {
        const raw = answers.get(l.id);
        return raw ? [toFeedback(raw, contactId)] : [];
      }),
    );
  }
  return { byContact, unread };
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
