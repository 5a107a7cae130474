/**
 * The generated part of the bad-data corpus: a seeded generator that writes junk records straight into the sandbox
 * store (companies, contacts, deals and touches, with junk in every field Keyline reads), plus the hand-made edge
 * cases no random draw reliably hits: a company whose fields are all null / all empty / all 100 kB, a company with
 * thousands of associations (past the 500-per-record association page), a contact on dozens of companies, and
 * associations to records that were never there or were deleted.
 *
 * Same seed → same records (mulberry32 from the sandbox's own random module; never Math.random).
 */
import { mulberry32, type Rng } from '../../../sandbox/random';
import type { SandboxStore, NewAssociation } from '../../../sandbox';
import { FIELDS, JUNK_BY_KIND, SEARCHED_PROPERTIES, STRING_DATES, HUGE_TEXT, type JunkKind } from './junk-values';

type Props = Record<string, string>;
type Junkable = keyof typeof FIELDS;

const DAY_MS = 86_400_000;

export interface CorpusCounts {
  /** Records written with junk (companies, contacts, deals, touches). */
  badRecords: number;
  companies: number;
  contacts: number;
  deals: number;
  touches: number;
  /** Associations to records that do not exist (never created, or archived). */
  danglingAssociations: number;
}

export interface BadDataCorpus {
  counts: CorpusCounts;
  /** Every company the corpus created. */
  companyIds: string[];
  /** The hand-made cases, by name. */
  cases: {
    allNull: string;
    allEmpty: string;
    allHuge: string;
    manyAssociations: string;
    danglingAssociations: string;
    /** Companies that share one contact. */
    sharedContactCompanies: string[];
    sharedContact: string;
  };
  /** How many contacts / touches the company with many associations has. */
  manyAssociationsShape: { contacts: number; emails: number; deals: number };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

/** A junk value for a field, or (sometimes) a plausible one, so records are partly usable, as in a real portal. */
function junkFor(rng: Rng, property: string, kind: JunkKind): unknown {
  const pool = SEARCHED_PROPERTIES.has(property) ? (kind === 'date' ? STRING_DATES : JUNK_BY_KIND[kind].filter((v) => typeof v === 'string')) : JUNK_BY_KIND[kind];
  return pick(rng, pool);
}

function plausible(rng: Rng, kind: JunkKind, asOf: number, owners: readonly string[]): string {
  switch (kind) {
    case 'number':
      return String(Math.round(rng() * 200_000));
    case 'date':
      return new Date(asOf - Math.floor(rng() * 400) * DAY_MS).toISOString();
    case 'roles':
      return pick(rng, ['CHAMPION', 'DECISION_MAKER', 'EXECUTIVE_SPONSOR;BUDGET_HOLDER']);
    case 'enum':
      return pick(rng, ['tier_1', 'tier_2', 'tier_3', 'PARTNER', 'COMPUTER_SOFTWARE']);
    case 'owner':
      return pick(rng, owners);
    case 'status':
      return pick(rng, ['COMPLETED', 'SENT', 'OUTBOUND', 'INCOMING_EMAIL']);
    case 'text':
      return pick(rng, ['Acme', 'VP Sales', 'Chief Executive Officer', 'QBR — Acme']);
  }
}

/** Properties for one record: each field junk (share `junkShare`), plausible, or absent. */
function propertiesFor(rng: Rng, type: Junkable, junkShare: number, asOf: number, owners: readonly string[]): Props {
  const out: Record<string, unknown> = {};
  for (const [property, kind] of Object.entries(FIELDS[type])) {
    const r = rng();
    if (r < junkShare) out[property] = junkFor(rng, property, kind);
    else if (r < junkShare + (1 - junkShare) * 0.7) out[property] = plausible(rng, kind, asOf, owners);
  }
  return out as Props;
}

function everyField(type: Junkable, value: unknown): Props {
  return Object.fromEntries(Object.keys(FIELDS[type]).map((p) => [p, SEARCHED_PROPERTIES.has(p) && typeof value !== 'string' ? '' : value])) as Props;
}

/** A touch timestamp: mostly inside the look-back windows, sometimes junk (a string: it is searched on). */
function touchTimestamp(rng: Rng, asOf: number): string {
  if (rng() < 0.2) return pick(rng, STRING_DATES);
  return new Date(asOf - Math.floor(rng() * 120) * DAY_MS - Math.floor(rng() * DAY_MS)).toISOString();
}

/**
 * Writes the corpus into the store. `companies` generated junk companies (each with junk contacts, deals and touches)
 * are added to the hand-made cases. `asOf` is the portfolio's "today" (touch dates are drawn around it).
 */
export function seedBadData(store: SandboxStore, opts: { seed: number; companies: number; asOf: Date }): BadDataCorpus {
  const rng = mulberry32(opts.seed);
  const asOf = opts.asOf.getTime();
  const owners = store.owners().map((o) => o.id);
  const counts: CorpusCounts = { badRecords: 0, companies: 0, contacts: 0, deals: 0, touches: 0, danglingAssociations: 0 };
  const companyIds: string[] = [];
  const generatedCompanies = store.list('companies').map((c) => c.id);

  const company = (props: Props): string => {
    const c = store.create('companies', props);
    counts.companies += 1;
    counts.badRecords += 1;
    companyIds.push(c.id);
    return c.id;
  };
  const contact = (props: Props, companies: readonly string[]): string => {
    counts.contacts += 1;
    counts.badRecords += 1;
    return store.create('contacts', props, companies.map((id): NewAssociation => ({ toType: 'companies', toId: id }))).id;
  };
  const deal = (props: Props, companyId: string): string => {
    counts.deals += 1;
    counts.badRecords += 1;
    return store.create('deals', props, [{ toType: 'companies', toId: companyId }]).id;
  };
  const touch = (type: 'calls' | 'emails' | 'meetings', props: Props, companyId: string, contactId?: string): string => {
    counts.touches += 1;
    counts.badRecords += 1;
    const links: NewAssociation[] = [{ toType: 'companies', toId: companyId }];
    if (contactId) links.push({ toType: 'contacts', toId: contactId });
    return store.create(type, props, links).id;
  };
  const dangling = (fromId: string, toType: 'contacts' | 'deals' | 'calls' | 'emails' | 'meetings', toId: string) => {
    store.associate('companies', fromId, toType, toId);
    counts.danglingAssociations += 1;
  };

  // ---- hand-made cases ------------------------------------------------------------------------------------------
  // Companies whose own fields are all null / all empty / all 100 kB, with nothing associated: nothing to score on.
  const allNull = company(everyField('companies', null));
  const allEmpty = company(everyField('companies', ''));
  const allHuge = company(everyField('companies', HUGE_TEXT));
  // The same junk one level down: a contact, a deal and a touch whose every field is null / empty / 100 kB.
  for (const value of [null, '', HUGE_TEXT]) {
    const id = company({ name: `Junk records (${value === null ? 'null' : value === '' ? 'empty' : '100 kB'})` });
    contact(everyField('contacts', value), [id]);
    deal(everyField('deals', value), id);
    touch('calls', { ...everyField('calls', value), hs_timestamp: new Date(asOf - DAY_MS).toISOString() }, id);
    touch('emails', { ...everyField('emails', value), hs_timestamp: typeof value === 'string' ? value : '' }, id);
    touch('meetings', { ...everyField('meetings', value), hs_timestamp: new Date(asOf - 2 * DAY_MS).toISOString() }, id);
  }

  // Past the 500 associations of one record page (contacts, emails), and 520 deals in six batch reads.
  const shape = { contacts: 600, emails: 1_200, deals: 520 };
  const manyAssociations = company({ name: 'Many Associations Inc', hubspot_owner_id: owners[0] ?? '', annualrevenue: '50000000' });
  const bigContacts: string[] = [];
  for (let i = 0; i < shape.contacts; i++) {
    bigContacts.push(
      contact(
        {
          firstname: `P${i}`,
          lastname: i % 7 === 0 ? '' : '🙂',
          jobtitle: pick(rng, ['CEO', 'VP Sales', 'Head of IT', 'Analyst', '', '🦄']),
          hs_buying_role: pick(rng, ['FOO;;CHAMPION;', 'DECISION_MAKER', '', 'EXECUTIVE_SPONSOR;;', 'junk']),
        },
        [manyAssociations],
      ),
    );
  }
  for (let i = 0; i < shape.emails; i++) {
    touch(
      'emails',
      { hs_timestamp: touchTimestamp(rng, asOf), hs_email_status: pick(rng, ['SENT', 'sent', 'BOUNCED', '']), hs_email_direction: pick(rng, ['EMAIL', 'INCOMING_EMAIL', '??']) },
      manyAssociations,
      bigContacts[i % bigContacts.length],
    );
  }
  for (let i = 0; i < shape.deals; i++) {
    deal({ amount: pick(rng, ['1000', '-5', 'NaN', '1e309', '']), dealstage: pick(rng, ['closedwon', 'closedlost', 'appointmentscheduled', 'nonsense']), pipeline: 'default', closedate: touchTimestamp(rng, asOf) }, manyAssociations);
  }

  // Associations to records that do not exist: never created, or archived after being linked.
  const danglingAssociations = company({ name: 'Dangling Links Ltd', hubspot_owner_id: '79999999' });
  dangling(danglingAssociations, 'contacts', '2999999991');
  dangling(danglingAssociations, 'deals', '3999999991');
  dangling(danglingAssociations, 'emails', '5999999991');
  dangling(danglingAssociations, 'meetings', '6999999991');
  const gone = deal({ amount: '90000', dealstage: 'closedwon', pipeline: 'default', closedate: new Date(asOf - 30 * DAY_MS).toISOString() }, danglingAssociations);
  store.archive('deals', gone);
  const goneContact = contact({ firstname: 'Gone', hs_buying_role: 'CHAMPION' }, [danglingAssociations]);
  touch('calls', { hs_timestamp: new Date(asOf - 3 * DAY_MS).toISOString(), hs_call_status: 'COMPLETED' }, danglingAssociations, goneContact);
  store.archive('contacts', goneContact);
  counts.danglingAssociations += 2;

  // One contact on 40 companies: the generated ones first, then plain companies made for it.
  const sharedContactCompanies = generatedCompanies.slice(0, 40);
  while (sharedContactCompanies.length < 40) sharedContactCompanies.push(company({ name: `Shared contact host ${sharedContactCompanies.length}` }));
  const sharedContact = contact({ firstname: 'Shared', lastname: 'Everywhere', jobtitle: 'Chief Executive Officer', hs_buying_role: 'EXECUTIVE_SPONSOR;CHAMPION' }, sharedContactCompanies);
  touch('meetings', { hs_timestamp: new Date(asOf - 5 * DAY_MS).toISOString(), hs_meeting_outcome: 'COMPLETED', hs_meeting_title: 'QBR' }, sharedContactCompanies[0] ?? allNull, sharedContact);

  // ---- generated companies ----------------------------------------------------------------------------------------
  for (let i = 0; i < opts.companies; i++) {
    const junkShare = pick(rng, [0.2, 0.5, 0.9, 1]);
    const id = company(propertiesFor(rng, 'companies', junkShare, asOf, owners));
    const people: string[] = [];
    const nContacts = Math.floor(rng() * 6);
    for (let k = 0; k < nContacts; k++) people.push(contact(propertiesFor(rng, 'contacts', junkShare, asOf, owners), [id]));
    const nDeals = Math.floor(rng() * 5);
    for (let k = 0; k < nDeals; k++) deal(propertiesFor(rng, 'deals', junkShare, asOf, owners), id);
    for (const type of ['calls', 'emails', 'meetings'] as const) {
      const n = Math.floor(rng() * 5);
      for (let k = 0; k < n; k++) {
        const props = { ...propertiesFor(rng, type, junkShare, asOf, owners), hs_timestamp: touchTimestamp(rng, asOf) };
        touch(type, props, id, people.length > 0 && rng() < 0.7 ? pick(rng, people) : undefined);
      }
    }
    if (rng() < 0.15) dangling(id, pick(rng, ['contacts', 'deals', 'emails'] as const), String(2_999_990_000 + i));
  }

  return {
    counts,
    companyIds,
    cases: { allNull, allEmpty, allHuge, manyAssociations, danglingAssociations, sharedContactCompanies, sharedContact },
    manyAssociationsShape: shape,
  };
}

/** New junk on existing corpus records (for the incremental run): fields re-drawn, a touch added. */
export function stirBadData(store: SandboxStore, corpus: BadDataCorpus, opts: { seed: number; asOf: Date }): number {
  const rng = mulberry32(opts.seed);
  const owners = store.owners().map((o) => o.id);
  let changed = 0;
  for (const id of corpus.companyIds) {
    if (rng() < 0.5) continue;
    store.update('companies', id, propertiesFor(rng, 'companies', 0.8, opts.asOf.getTime(), owners));
    store.create('calls', { hs_timestamp: touchTimestamp(rng, opts.asOf.getTime()), hs_call_status: pick(rng, ['COMPLETED', '', 'junk']) }, [{ toType: 'companies', toId: id }]);
    changed += 2;
  }
  return changed;
}
