/**
 * Assembling accounts: for companies already read, their contacts, deals and recent touches, mapped to the domain's
 * inputs. Per chunk of companies:
 *   1. association batch reads company → contacts, deals, calls, emails, meetings (1,000 inputs a call);
 *   2. contacts and deals: batch reads, 100 a call;
 *   3. touches, time-windowed: a search per touch type for engagements associated with ≤ 100 of the chunk's
 *      companies (`associations.company IN …`) within the window (meetings: the look-back, 365 d; calls and emails:
 *      the channel window, 90 d), 200 a page, keyset on hs_object_id. Older touches are not read: the last touch comes
 *      from HubSpot's roll-ups (company and contact `notes_last_contacted`, `hs_last_logged_call_date`), which the
 *      engine merges. The association ids of step 1 say which company each engagement belongs to;
 *   4. the contacts of the engagements read: association batch reads per touch type, 1,000 engagements a call (#16);
 *   5. outcomes (./read-outcomes): the line items of the won deals and the survey answers of the contacts.
 */
import type { AccountInput, Activity, Contact, Deal, EngagementsRead } from '../domain/types';
import type { RunError } from '../domain/types';
import type { ReadAccount, ReadOptions } from './gateway';
import type { HubSpotObject } from './hubspot-records';
import type { HubSpotTransport } from './hubspot-transport';
import { SEARCH_IN_VALUES, batchRead, chunk, readAssociations, searchAll, type AssociationTarget } from './read-records';
import { readFeedback, readLineItems, type FeedbackRead, type LineItemsRead, type OutcomeReadMode } from './read-outcomes';
import { toAccount, toKeylineValues } from './to-account';
import { DEAL_PROPERTIES, toDeal, type StageIndex } from './to-deal';
import { CONTACT_PROPERTIES, toStakeholder } from './to-stakeholder';
import { ENGAGEMENT_PROPERTIES, TOUCH_TYPES, toTouch, type TouchType } from './to-touch';
import { settleAll } from '../lib/settle-all';

export { SEARCH_IN_VALUES };
/** Default window for calls and emails (the engine's channel window). */
export const DEFAULT_TOUCH_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;

export interface AssembleContext {
  hs: HubSpotTransport;
  stages: StageIndex;
  /** Window for calls and emails (days); meetings use ReadOptions.lookbackDays. */
  touchWindowDays: number;
  /** How outcome records are read (./read-outcomes): `batch` for the portfolio's chunks (default), `search` for a few companies read fresh. */
  outcomeReads?: OutcomeReadMode;
}

interface Links {
  contacts: Map<string, AssociationTarget[]>;
  deals: Map<string, AssociationTarget[]>;
  touches: Map<string, AssociationTarget[]>[];
}

interface Records {
  contacts: Map<string, HubSpotObject>;
  deals: Map<string, HubSpotObject>;
  touches: Map<string, HubSpotObject>[];
  lineItems: LineItemsRead;
  feedback: FeedbackRead;
  /** Per touch type, engagement id → its contacts (association batch reads, 1,000 engagements a call). */
  touchContacts: Map<string, AssociationTarget[]>[];
  /** Engagements whose contacts HubSpot did not return (read failed twice). */
  unreadTouchContacts: Set<string>;
}

/** Reads everything about the given (already read) companies and maps them to domain inputs. */
export async function assembleAccounts(
  ctx: AssembleContext,
  companies: readonly HubSpotObject[],
  opts: ReadOptions,
): Promise<{ accounts: ReadAccount[]; errors: RunError[] }> {
  const { hs } = ctx;
  const ids = companies.map((c) => c.id);
  // What HubSpot failed to answer even when asked again: a company missing any of it is not scored this run (scored
  // on partial data, it would get wrong values); it is reported as a company error instead.
  const unreadLinks = new Set<string>();
  const unreadContacts = new Set<string>();
  const unreadDeals = new Set<string>();
  const [contactLinks, dealLinks, ...touchLinks] = await settleAll([
    readAssociations(hs, 'companies', 'contacts', ids, unreadLinks),
    readAssociations(hs, 'companies', 'deals', ids, unreadLinks),
    ...TOUCH_TYPES.map((t) => readAssociations(hs, 'companies', t, ids, unreadLinks)),
  ]);
  const links: Links = { contacts: contactLinks ?? new Map(), deals: dealLinks ?? new Map(), touches: touchLinks };
  const contactIds = [...links.contacts.values()].flat().map((t) => t.id);
  const readingDeals = batchRead(hs, 'deals', [...links.deals.values()].flat().map((t) => t.id), DEAL_PROPERTIES, unreadDeals);
  const [contacts, [deals, lineItems], touches, feedback] = await settleAll([
    batchRead(hs, 'contacts', contactIds, CONTACT_PROPERTIES, unreadContacts),
    ctx.outcomeReads === 'search'
      ? // Every deal's lines, asked with the deals themselves: one round trip (the won ones' are kept below).
        settleAll([readingDeals, readLineItems(hs, [...links.deals.values()].flat().map((t) => t.id), 'search')])
      : readingDeals.then(async (read) => [read, await readLineItems(hs, wonDealIds(read, ctx.stages))] as const),
    settleAll(TOUCH_TYPES.map((t, k) => readTouches(ctx, t, ids, links.touches[k] ?? new Map(), opts))),
    readFeedback(hs, contactIds, ctx.outcomeReads ?? 'batch'),
  ]);
  // Who each engagement was with: the relationship matrix and each stakeholder's own last touch (#16).
  const unreadTouchContacts = new Set<string>();
  const touchContacts = await settleAll(TOUCH_TYPES.map((t, k) => readAssociations(hs, t, 'contacts', [...(touches[k] ?? new Map()).keys()], unreadTouchContacts)));
  const records: Records = { contacts, deals, touches, lineItems, feedback, touchContacts, unreadTouchContacts };
  // The windows readTouches read: within them the engagements, not HubSpot's roll-ups, say what a touch was.
  const callAndEmailFrom = new Date(opts.now.getTime() - Math.min(ctx.touchWindowDays, opts.lookbackDays) * DAY_MS);
  const readWindows: EngagementsRead = {
    from: { call: callAndEmailFrom, email: callAndEmailFrom, meeting: new Date(opts.now.getTime() - opts.lookbackDays * DAY_MS) },
    withContacts: true, // engagement → contact associations are read (per account: false if any failed to read)
  };

  const accounts: ReadAccount[] = [];
  const errors: RunError[] = [];
  for (const raw of companies) {
    const incomplete =
      unreadLinks.has(raw.id) ||
      (links.contacts.get(raw.id) ?? []).some((l) => unreadContacts.has(l.id)) ||
      (links.deals.get(raw.id) ?? []).some((l) => unreadDeals.has(l.id)) ||
      // Line items and survey answers HubSpot failed to give twice (a missing scope is not a failure: see read-outcomes).
      (!lineItems.forbidden && (links.deals.get(raw.id) ?? []).some((l) => lineItems.unread.has(l.id))) ||
      (!feedback.forbidden && (links.contacts.get(raw.id) ?? []).some((l) => feedback.unread.has(l.id)));
    if (incomplete) {
      errors.push({ companyId: raw.id, message: 'not scored: HubSpot did not return all of its associations, contacts, deals, line items or survey answers (batch read failed twice)' });
      continue;
    }
    try {
      accounts.push({ input: toAccountInput(raw, links, records, ctx.stages, readWindows, opts.contractEndProperty), current: toKeylineValues(raw) });
    } catch (err) {
      errors.push({ companyId: raw.id, message: `could not map company: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { accounts, errors };
}

/** One company's domain input from what was read for its chunk. */
function toAccountInput(
  raw: HubSpotObject,
  links: Links,
  records: Records,
  stages: StageIndex,
  engagementsRead: EngagementsRead,
  contractEndProperty: string | undefined,
): AccountInput {
  const contacts: Contact[] = [];
  for (const link of links.contacts.get(raw.id) ?? []) {
    const c = records.contacts.get(link.id);
    if (c) contacts.push(toStakeholder(c, link.labels));
  }
  const deals: Deal[] = [];
  for (const link of links.deals.get(raw.id) ?? []) {
    const d = records.deals.get(link.id);
    if (!d) continue;
    const deal = toDeal(d, stages);
    const lines = deal.status === 'won' ? records.lineItems.byDeal.get(deal.id) : undefined;
    deals.push(lines ? { ...deal, lineItems: lines } : deal);
  }
  const activities: Activity[] = [];
  let contactsRead = true;
  TOUCH_TYPES.forEach((t, k) => {
    const byId = records.touches[k] ?? new Map<string, HubSpotObject>();
    for (const link of links.touches[k]?.get(raw.id) ?? []) {
      const e = byId.get(link.id);
      if (!e) continue;
      if (records.unreadTouchContacts.has(e.id)) contactsRead = false;
      activities.push(toTouch(e, t, (records.touchContacts[k]?.get(e.id) ?? []).map((c) => c.id)));
    }
  });
  // The account's survey answers: every answer of its contacts (absent when any contact's could not be read).
  const contactLinks = links.contacts.get(raw.id) ?? [];
  const feedback = contactLinks.some((l) => records.feedback.unread.has(l.id))
    ? undefined
    : [...new Map(contactLinks.flatMap((l) => records.feedback.byContact.get(l.id) ?? []).map((f) => [f.id, f])).values()];
  const read = contactsRead ? engagementsRead : { ...engagementsRead, withContacts: false };
  return { company: toAccount(raw, contractEndProperty), deals, contacts, activities, engagementsRead: read, ...(feedback ? { feedback } : {}) };
}

/** The deals read that are won (only their line items are read). */
function wonDealIds(deals: ReadonlyMap<string, HubSpotObject>, stages: StageIndex): string[] {
  return [...deals.values()].filter((d) => toDeal(d, stages).status === 'won').map((d) => d.id);
}

/** Engagements of one touch type associated with the companies, within the type's window (see the file comment). */
async function readTouches(
  ctx: AssembleContext,
  type: TouchType,
  companyIds: readonly string[],
  links: Map<string, AssociationTarget[]>,
  opts: ReadOptions,
): Promise<Map<string, HubSpotObject>> {
  const out = new Map<string, HubSpotObject>();
  const withTouches = companyIds.filter((id) => (links.get(id)?.length ?? 0) > 0);
  if (withTouches.length === 0) return out;
  const windowDays = type === 'meetings' ? opts.lookbackDays : Math.min(ctx.touchWindowDays, opts.lookbackDays);
  const from = new Date(opts.now.getTime() - windowDays * DAY_MS);
  const timeProp = 'hs_timestamp';
  await settleAll(
    chunk(withTouches, SEARCH_IN_VALUES).map(async (group) => {
      const records = await searchAll(
        ctx.hs,
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
