/**
 * The deterministic portfolio generator. A portfolio is stored compactly: the structure (who belongs to which company,
 * activity roll-ups) lives in typed arrays; each record's properties are derived on demand from its own seeded stream,
 * so 100,000 companies with ~4 million engagements fit in a few hundred MB. The same (size, seed, asOf) always gives
 * the same records, byte for byte.
 */
import { ENGAGEMENT_TYPES, ID_BASE, type EngagementType, type ObjectType } from '../object-types';
import { COMPANY_TYPES, INDUSTRIES } from '../property-catalog';
import { intBetween, logNormal, pick, rngFor, weighted, type Rng } from '../random';
import { DEAL_PIPELINES, type StageDef } from './deal-pipelines';
import { kickoffOf, newCustomerDeal } from './generate-onboarding';
import { companyPlanProperties } from './generate-plans';
import { engagementOwnerId } from './generate-relationships';
import {
  PRODUCT_LIBRARY,
  companyOutcomeProperties,
  dealOutcomeProperties,
  feedbackRecord,
  generateOutcomes,
  lineItemRecord,
  productRecord,
  type OutcomeBase,
  type OutcomeStats,
  type Outcomes,
} from './generate-outcomes';
import * as words from './word-lists';

export type PortfolioSize = 'XS' | 'S' | 'M' | 'L';

export const COMPANY_COUNTS: Readonly<Record<PortfolioSize, number>> = { XS: 20, S: 200, M: 5_000, L: 100_000 };
const OWNER_COUNTS: Readonly<Record<PortfolioSize, number>> = { XS: 4, S: 8, M: 40, L: 400 };

export type Properties = Record<string, string>;

export interface GeneratedRecord {
  properties: Properties;
  createdAt: number;
  updatedAt: number;
}

export interface GeneratedOwner {
  id: string;
  userId: number;
  firstName: string;
  lastName: string;
  email: string;
  createdAt: number;
}

export interface PortfolioStats {
  companies: number;
  contacts: number;
  deals: number;
  engagements: number;
  byType: Record<ObjectType, number>;
  owners: number;
  /** Companies generated as strategic accounts (most, not all, score Tier 1: bad data still hits some). */
  strategicAccounts: number;
  archivedDeals: number;
  orphanAssociations: number;
  /** Products, line items, deal types, survey answers and wallet values (./generate-outcomes.ts), bad data counted. */
  outcomes: OutcomeStats;
}

export interface Portfolio {
  size: PortfolioSize;
  seed: number;
  asOf: number;
  owners: GeneratedOwner[];
  counts: Record<ObjectType, number>;
  /** owner index per company, -1 = no owner, -2 = an owner id that no longer exists (bad data). */
  companyOwner: Int16Array;
  /** 1 = a strategic account (the archetype that scores Tier 1: big won deals, ICP tier 1, engaged executives). */
  companyStrategic: Uint8Array;
  companyCreatedAt: Float64Array;
  /** Days between the company's latest activity and asOf (its "recency"). */
  companyRecencyDays: Float32Array;
  contactStart: Int32Array;
  dealStart: Int32Array;
  engagementStart: Record<EngagementType, Int32Array>;
  contactCompany: Int32Array;
  dealCompany: Int32Array;
  engagementCompany: Record<EngagementType, Int32Array>;
  /** contact index the engagement is also associated with, -1 for none. */
  engagementContact: Record<EngagementType, Int32Array>;
  /** Company activity roll-ups (ms; NaN = none), consistent with the generated engagements. */
  rollups: { lastContacted: Float64Array; lastCall: Float64Array; lastMeeting: Float64Array; lastSalesActivity: Float64Array };
  contactLastContacted: Float64Array;
  /** Generated deals that were deleted but are still referenced by their company (orphan associations). */
  archivedDeals: Set<number>;
  /** Extra company associations to ids that do not exist (orphans): company index → ids. */
  orphanContacts: Map<number, number[]>;
  orphanDeals: Map<number, number[]>;
  /** Line items of won deals and survey answers of contacts (./generate-outcomes.ts). */
  outcomes: Outcomes;
  stats: PortfolioStats;
  materialize(type: ObjectType, index: number): GeneratedRecord;
  /** Association label (USER_DEFINED) on a contact↔company association, if any. */
  contactLabel(contactIndex: number): string | undefined;
}

const DAY = 86_400_000;
const YEAR_DAYS = 365;
const TYPE_CODE: Record<ObjectType, number> = {
  companies: 1,
  contacts: 2,
  deals: 3,
  calls: 4,
  emails: 5,
  meetings: 6,
  notes: 7,
  tasks: 8,
  products: 9,
  line_items: 10,
  feedback_submissions: 11,
};
/** Second, independent streams for the properties of a record (so structure and looks never shift each other). */
const LOOK = 100;
/** The stream that decides whether a company is a strategic account, and that account's structure. */
const ARCHETYPE = 3 * LOOK;

const iso = (ms: number): string => new Date(ms).toISOString();

const CONTACTS_PER_COMPANY: readonly (readonly [number, number])[] = [
  [2, 22], [3, 25], [4, 18], [5, 12], [6, 8], [7, 5], [8, 3], [9, 2], [10, 2], [11, 1.5], [12, 1.5],
];
const DEALS_PER_COMPANY: readonly (readonly [number, number])[] = [
  [0, 20], [1, 22], [2, 20], [3, 13], [4, 10], [5, 7], [6, 5], [7, 3], [8, 2], [9, 1.5], [10, 1.5],
];
const ENGAGEMENT_MIX: readonly (readonly [EngagementType, number])[] = [
  ['emails', 35], ['calls', 22], ['meetings', 15], ['notes', 16], ['tasks', 12],
];
const RECENCY: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 20], 55], [[20, 90], 25], [[90, 365], 12], [[365, 900], 8],
];

/**
 * Strategic accounts: the few large customers a key-account team exists for. About 6% of companies, each a customer of
 * 2–7 years with 3–10 large deals (median $100k; closed ones within the last 18 months, a third still open), annual
 * revenue around $400M, mostly ICP tier 1, 5–12 contacts (more executives and managers, half with a buying role), 20–200
 * engagements with a touch in the last 10 days and more QBRs. Under the default scoring model most of them score Tier 1;
 * bad data (junk amounts, missing revenue) and thin relationships keep some below. They always have a current owner.
 *
 * They are not spread evenly: 30% of them sit with the senior owners (the first 5% of owners, at least one — the same
 * owners who hold the largest books), the rest are spread evenly over all owners. In M (40 owners) the 2 senior owners
 * each end up above the default capacity of 25 Tier-1 accounts while every other owner stays well under it.
 */
const STRATEGIC_SHARE = 0.06;
const SENIOR_OWNER_SHARE = 0.05;
const SENIOR_BOOK_SHARE = 0.3;
const STRATEGIC_CONTACTS: readonly (readonly [number, number])[] = [
  [5, 15], [6, 20], [7, 20], [8, 15], [9, 10], [10, 8], [11, 6], [12, 6],
];
const STRATEGIC_DEALS: readonly (readonly [number, number])[] = [
  [3, 15], [4, 20], [5, 20], [6, 15], [7, 10], [8, 8], [9, 6], [10, 6],
];

interface CompanyCore {
  strategic: boolean;
  createdAt: number;
  owner: number;
  contacts: number;
  deals: number;
  engagements: number;
  recencyDays: number;
}

export function generatePortfolio(opts: { size: PortfolioSize; seed?: number; asOf?: Date | number }): Portfolio {
  const size = opts.size;
  const seed = opts.seed ?? 42;
  const asOf = opts.asOf === undefined ? Date.now() : typeof opts.asOf === 'number' ? opts.asOf : opts.asOf.getTime();
  const n = COMPANY_COUNTS[size];
  const ownerCount = OWNER_COUNTS[size];

  const owners = makeOwners(seed, ownerCount, asOf);
  // Unequal portfolios: Zipf-like weights, so a few owners hold many accounts.
  const ownerWeights: [number, number][] = owners.map((_, k) => [k, 1 / Math.pow(k + 1, 0.6)]);
  const seniorOwners = Math.max(1, Math.round(ownerCount * SENIOR_OWNER_SHARE));

  /** A strategic account's structure comes from its own stream; other companies keep their draws (owner, counts, recency). */
  const strategicCore = (rng: Rng): CompanyCore => {
    const createdAt = asOf - intBetween(rng, 2 * YEAR_DAYS, 7 * YEAR_DAYS) * DAY - Math.floor(rng() * DAY);
    const owner = rng() < SENIOR_BOOK_SHARE ? intBetween(rng, 0, seniorOwners - 1) : intBetween(rng, 0, ownerCount - 1);
    const contacts = weighted(rng, STRATEGIC_CONTACTS);
    const deals = weighted(rng, STRATEGIC_DEALS);
    const engagements = Math.min(200, Math.max(20, Math.round(logNormal(rng, 70, 0.45))));
    const recencyDays = rng() * 10;
    return { strategic: true, createdAt, owner, contacts, deals, engagements, recencyDays };
  };

  const companyCore = (i: number): CompanyCore => {
    const archetype = rngFor(seed, TYPE_CODE.companies + ARCHETYPE, i);
    if (archetype() < STRATEGIC_SHARE) return strategicCore(archetype);
    const rng = rngFor(seed, TYPE_CODE.companies, i);
    const createdAt = asOf - intBetween(rng, 30, 3 * YEAR_DAYS + 400) * DAY - Math.floor(rng() * DAY);
    const ownerRoll = rng();
    const owner = ownerRoll < 0.05 ? -1 : ownerRoll < 0.055 ? -2 : weighted(rng, ownerWeights);
    const contacts = weighted(rng, CONTACTS_PER_COMPANY);
    const deals = weighted(rng, DEALS_PER_COMPANY);
    const engagements = rng() < 0.06 ? 0 : Math.min(200, Math.max(1, Math.round(logNormal(rng, 31, 0.8))));
    const [lo, hi] = weighted(rng, RECENCY);
    const ageDays = (asOf - createdAt) / DAY;
    const recencyDays = Math.min(lo + rng() * (hi - lo), Math.max(0, ageDays - 1));
    return { strategic: false, createdAt, owner, contacts, deals, engagements, recencyDays };
  };

  // Pass 1: structure.
  const cores: CompanyCore[] = new Array<CompanyCore>(n);
  const contactStart = new Int32Array(n + 1);
  const dealStart = new Int32Array(n + 1);
  const engagementStart = Object.fromEntries(ENGAGEMENT_TYPES.map((t) => [t, new Int32Array(n + 1)])) as Record<EngagementType, Int32Array>;
  const perTypeCounts: Record<EngagementType, number> = { calls: 0, emails: 0, meetings: 0, notes: 0, tasks: 0 };
  const engagementKinds: Uint8Array[] = new Array<Uint8Array>(n);
  let contactTotal = 0;
  let dealTotal = 0;
  for (let i = 0; i < n; i++) {
    const core = companyCore(i);
    cores[i] = core;
    contactStart[i] = contactTotal;
    dealStart[i] = dealTotal;
    contactTotal += core.contacts;
    dealTotal += core.deals;
    const kindRng = rngFor(seed, 50, i);
    const kinds = new Uint8Array(5);
    for (let k = 0; k < core.engagements; k++) {
      const k = ENGAGEMENT_TYPES.indexOf(weighted(kindRng, ENGAGEMENT_MIX));
      kinds[k] = (kinds[k] ?? 0) + 1;
    }
    engagementKinds[i] = kinds;
    ENGAGEMENT_TYPES.forEach((t, k) => {
      engagementStart[t][i] = perTypeCounts[t];
      perTypeCounts[t] += kinds[k] ?? 0;
    });
  }
  contactStart[n] = contactTotal;
  dealStart[n] = dealTotal;
  for (const t of ENGAGEMENT_TYPES) engagementStart[t][n] = perTypeCounts[t];

  const companyOwner = new Int16Array(n);
  const companyStrategic = new Uint8Array(n);
  let strategicAccounts = 0;
  const companyCreatedAt = new Float64Array(n);
  const companyRecencyDays = new Float32Array(n);
  const contactCompany = new Int32Array(contactTotal);
  const dealCompany = new Int32Array(dealTotal);
  for (let i = 0; i < n; i++) {
    const core = cores[i] as CompanyCore;
    companyOwner[i] = core.owner;
    if (core.strategic) {
      companyStrategic[i] = 1;
      strategicAccounts += 1;
    }
    companyCreatedAt[i] = core.createdAt;
    companyRecencyDays[i] = core.recencyDays;
    contactCompany.fill(i, contactStart[i], contactStart[i + 1]);
    dealCompany.fill(i, dealStart[i], dealStart[i + 1]);
  }
  cores.length = 0;

  const engagementCompany = {} as Record<EngagementType, Int32Array>;
  const engagementContact = {} as Record<EngagementType, Int32Array>;
  for (const t of ENGAGEMENT_TYPES) {
    const start = engagementStart[t];
    const company = new Int32Array(perTypeCounts[t]);
    const contact = new Int32Array(perTypeCounts[t]);
    for (let i = 0; i < n; i++) {
      const from = start[i] as number;
      const to = start[i + 1] as number;
      company.fill(i, from, to);
      const cFrom = contactStart[i] as number;
      const cCount = (contactStart[i + 1] as number) - cFrom;
      for (let j = from; j < to; j++) {
        const r = rngFor(seed, TYPE_CODE[t] + 20, j);
        // Notes and tasks are less often tied to a person; contacts are touched unevenly (the first ones most).
        const linked = r() < (t === 'notes' || t === 'tasks' ? 0.4 : 0.8);
        contact[j] = linked && cCount > 0 ? cFrom + Math.min(cCount - 1, Math.floor(Math.pow(r(), 1.7) * cCount)) : -1;
      }
    }
    engagementCompany[t] = company;
    engagementContact[t] = contact;
  }

  const archivedDeals = new Set<number>();
  const orphanContacts = new Map<number, number[]>();
  const orphanDeals = new Map<number, number[]>();
  const badRng = rngFor(seed, 77);
  let orphanCount = 0;
  for (let i = 0; i < n; i++) {
    const roll = badRng();
    if (roll < 0.01) {
      orphanContacts.set(i, [ID_BASE.contacts + contactTotal + 50_000_000 + i]);
      orphanCount += 1;
    } else if (roll < 0.02) {
      orphanDeals.set(i, [ID_BASE.deals + dealTotal + 50_000_000 + i]);
      orphanCount += 1;
    } else if (roll < 0.03 && (dealStart[i + 1] as number) > (dealStart[i] as number)) {
      archivedDeals.add(dealStart[i] as number);
      orphanCount += 1;
    }
  }

  const counts: Record<ObjectType, number> = {
    companies: n,
    contacts: contactTotal,
    deals: dealTotal,
    ...perTypeCounts,
    products: 0,
    line_items: 0,
    feedback_submissions: 0,
  };

  const portfolio: Portfolio = {
    size,
    seed,
    asOf,
    owners,
    counts,
    companyOwner,
    companyStrategic,
    companyCreatedAt,
    companyRecencyDays,
    contactStart,
    dealStart,
    engagementStart,
    contactCompany,
    dealCompany,
    engagementCompany,
    engagementContact,
    rollups: {
      lastContacted: new Float64Array(n).fill(NaN),
      lastCall: new Float64Array(n).fill(NaN),
      lastMeeting: new Float64Array(n).fill(NaN),
      lastSalesActivity: new Float64Array(n).fill(NaN),
    },
    contactLastContacted: new Float64Array(contactTotal).fill(NaN),
    archivedDeals,
    orphanContacts,
    orphanDeals,
    stats: {
      companies: n,
      contacts: contactTotal,
      deals: dealTotal,
      engagements: ENGAGEMENT_TYPES.reduce((s, t) => s + perTypeCounts[t], 0),
      byType: counts,
      owners: owners.length,
      strategicAccounts,
      archivedDeals: archivedDeals.size,
      orphanAssociations: orphanCount,
      outcomes: undefined as unknown as OutcomeStats, // set below, once the deals can be materialized
    },
    outcomes: undefined as unknown as Outcomes,
    materialize: (type, index) => materialize(portfolio, type, index),
    contactLabel: (index) => contactLooks(portfolio, index).label,
  };

  // Outcomes: from their own streams, after the structure (they read the deals as generated).
  portfolio.outcomes = generateOutcomes(outcomeBase(portfolio));
  portfolio.stats.outcomes = portfolio.outcomes.stats;
  counts.products = PRODUCT_LIBRARY.length;
  counts.line_items = portfolio.outcomes.lineItemDeal.length;
  counts.feedback_submissions = portfolio.outcomes.feedbackCompany.length;

  // Pass 2: roll-ups from the engagements themselves, so they always agree.
  for (const t of ENGAGEMENT_TYPES) {
    const count = perTypeCounts[t];
    for (let j = 0; j < count; j++) {
      const facts = engagementFacts(portfolio, t, j);
      const ci = engagementCompany[t][j] as number;
      const ts = facts.timestamp;
      if (ts > asOf) {
        if (t === 'meetings') maxInto(portfolio.rollups.lastMeeting, ci, ts);
        continue;
      }
      if (t === 'calls') maxInto(portfolio.rollups.lastCall, ci, ts);
      if (t === 'meetings') maxInto(portfolio.rollups.lastMeeting, ci, ts);
      if (t !== 'tasks') maxInto(portfolio.rollups.lastSalesActivity, ci, ts);
      if (facts.touch) {
        maxInto(portfolio.rollups.lastContacted, ci, ts);
        const contact = engagementContact[t][j] as number;
        if (contact >= 0) maxInto(portfolio.contactLastContacted, contact, ts);
      }
    }
  }
  return portfolio;
}

function maxInto(arr: Float64Array, i: number, v: number): void {
  const cur = arr[i] as number;
  if (Number.isNaN(cur) || v > cur) arr[i] = v;
}

function makeOwners(seed: number, count: number, asOf: number): GeneratedOwner[] {
  const rng = rngFor(seed, 9);
  return Array.from({ length: count }, (_, k) => {
    const firstName = pick(rng, words.FIRST_NAMES);
    const lastName = pick(rng, words.LAST_NAMES);
    return {
      id: String(80_000_001 + k),
      userId: 9_100_001 + k,
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${k + 1}@keyline-demo.example`.toLowerCase(),
      createdAt: asOf - intBetween(rng, 400, 2000) * DAY,
    };
  });
}

export function ownerIdOf(p: Portfolio, companyIndex: number): string | undefined {
  const o = p.companyOwner[companyIndex] as number;
  if (o === -1) return undefined;
  if (o === -2) return '79999999'; // an owner who left: the id no longer resolves
  return p.owners[o]?.id;
}

function companyName(p: Portfolio, i: number): string {
  const rng = rngFor(p.seed, TYPE_CODE.companies + LOOK, i);
  const roll = rng();
  const base = `${pick(rng, words.COMPANY_PREFIXES)} ${pick(rng, words.COMPANY_SUFFIXES)}`;
  if (roll < 0.005) return '';
  if (roll < 0.025) return `${base} ${pick(rng, words.EMOJI)}`;
  if (roll < 0.035) return `${base} (duplicate)`;
  return base;
}

function domainOf(name: string, i: number): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '') || `company${i}`;
  return `${slug}${i}.example.com`;
}

function set(props: Properties, name: string, value: string | number | undefined): void {
  if (value !== undefined) props[name] = String(value);
}

function materialize(p: Portfolio, type: ObjectType, index: number): GeneratedRecord {
  const id = ID_BASE[type] + index + 1;
  switch (type) {
    case 'companies':
      return withProperties(companyRecord(p, index, id), { ...companyOutcomeProperties(outcomeBase(p), p.outcomes, index), ...companyPlanProperties(outcomeBase(p), index) });
    case 'contacts':
      return contactRecord(p, index, id);
    case 'deals':
      return withProperties(dealRecord(p, index, id), dealOutcomeProperties(outcomeBase(p), p.outcomes, index));
    case 'products':
      return productRecord(outcomeBase(p), index, id);
    case 'line_items':
      return lineItemRecord(outcomeBase(p), p.outcomes, index, id);
    case 'feedback_submissions':
      return feedbackRecord(outcomeBase(p), p.outcomes, index, id);
    default:
      return engagementRecord(p, type, index, id);
  }
}

/** The portfolio as the outcome generator sees it (its deals without their outcome properties). */
const outcomeBases = new WeakMap<Portfolio, OutcomeBase>();
function outcomeBase(p: Portfolio): OutcomeBase {
  let base = outcomeBases.get(p);
  if (!base) outcomeBases.set(p, (base = { ...p, baseDeal: (d: number) => dealRecord(p, d, ID_BASE.deals + d + 1) }));
  return base;
}

/** A generated record with outcome properties added after its own (which keep their values and order). */
function withProperties(rec: GeneratedRecord, extra: Properties): GeneratedRecord {
  return Object.keys(extra).length === 0 ? rec : { ...rec, properties: { ...rec.properties, ...extra } };
}

function companyRecord(p: Portfolio, i: number, id: number): GeneratedRecord {
  const rng = rngFor(p.seed, TYPE_CODE.companies + 2 * LOOK, i);
  const props: Properties = {};
  const name = companyName(p, i);
  const createdAt = p.companyCreatedAt[i] as number;
  set(props, 'name', name);
  set(props, 'domain', domainOf(name, i));
  set(props, 'hubspot_owner_id', ownerIdOf(p, i));
  const strategic = p.companyStrategic[i] === 1;
  const revRoll = rng();
  const revenue = Math.round((strategic ? logNormal(rng, 400_000_000, 0.7) : logNormal(rng, 20_000_000, 1.6)) / 1000) * 1000;
  if (revRoll < 0.03) set(props, 'annualrevenue', 'n/a');
  else if (revRoll < 0.05) set(props, 'annualrevenue', pick(rng, ['12k', 'unknown', '~5M', '-']));
  else if (revRoll < 0.13) set(props, 'annualrevenue', undefined);
  else set(props, 'annualrevenue', revenue);
  const empRoll = rng();
  const employees = Math.max(1, Math.round(strategic ? logNormal(rng, 2_500, 0.8) : logNormal(rng, 150, 1.4)));
  if (empRoll < 0.02) set(props, 'numberofemployees', '');
  else if (empRoll > 0.95) set(props, 'numberofemployees', undefined);
  else set(props, 'numberofemployees', employees);
  set(props, 'industry', rng() < 0.05 ? undefined : pick(rng, INDUSTRIES));
  set(props, 'country', rng() < 0.04 ? undefined : weighted(rng, words.COUNTRIES));
  set(props, 'type', rng() < 0.5 ? undefined : weighted(rng, COMPANY_TYPE_WEIGHTS));
  set(props, 'hs_ideal_customer_profile', weighted(rng, strategic ? STRATEGIC_ICP_WEIGHTS : ICP_WEIGHTS));
  set(props, 'createdate', iso(createdAt));
  const r = p.rollups;
  const dateOf = (arr: Float64Array): string | undefined => {
    const v = arr[i] as number;
    return Number.isNaN(v) ? undefined : iso(v);
  };
  set(props, 'notes_last_contacted', dateOf(r.lastContacted));
  set(props, 'hs_last_logged_call_date', dateOf(r.lastCall));
  set(props, 'hs_last_booked_meeting_date', dateOf(r.lastMeeting));
  set(props, 'hs_last_sales_activity_timestamp', dateOf(r.lastSalesActivity));
  const lastActivity = r.lastSalesActivity[i] as number;
  const updatedAt = Math.min(p.asOf, Math.max(createdAt, Number.isNaN(lastActivity) ? createdAt : lastActivity) + Math.floor(rng() * 2 * DAY));
  set(props, 'hs_lastmodifieddate', iso(updatedAt));
  set(props, 'hs_object_id', id);
  return { properties: props, createdAt, updatedAt };
}

const COMPANY_TYPE_WEIGHTS: readonly (readonly [string, number])[] = [
  [COMPANY_TYPES[0], 20], [COMPANY_TYPES[1], 8], [COMPANY_TYPES[2], 5], [COMPANY_TYPES[3], 3], [COMPANY_TYPES[4], 4],
];
const ICP_WEIGHTS: readonly (readonly [string | undefined, number])[] = [
  ['tier_1', 15], ['tier_2', 25], ['tier_3', 25], [undefined, 35],
];
const STRATEGIC_ICP_WEIGHTS: readonly (readonly [string | undefined, number])[] = [
  ['tier_1', 80], ['tier_2', 15], [undefined, 5],
];

type Level = 'executive' | 'management' | 'operational' | 'none';
const ROLES_BY_LEVEL: Record<Level, readonly (readonly [string, number])[]> = {
  executive: [['DECISION_MAKER', 35], ['EXECUTIVE_SPONSOR', 30], ['BUDGET_HOLDER', 25], ['BLOCKER', 5], ['OTHER', 5]],
  management: [['CHAMPION', 35], ['INFLUENCER', 25], ['DECISION_MAKER', 20], ['BUDGET_HOLDER', 10], ['BLOCKER', 5], ['LEGAL_AND_COMPLIANCE', 5]],
  operational: [['END_USER', 45], ['INFLUENCER', 25], ['CHAMPION', 20], ['OTHER', 10]],
  none: [['OTHER', 50], ['INFLUENCER', 50]],
};
const LABEL_OF_ROLE: Partial<Record<string, string>> = {
  DECISION_MAKER: 'Decision maker',
  CHAMPION: 'Champion',
  EXECUTIVE_SPONSOR: 'Executive sponsor',
  BUDGET_HOLDER: 'Budget holder',
};

interface ContactLooks {
  firstname: string;
  lastname: string;
  jobtitle: string | undefined;
  roles: string[];
  label: string | undefined;
  rng: Rng;
}

const CONTACT_LEVELS: readonly (readonly [Level, number])[] = [['executive', 20], ['management', 40], ['operational', 33], ['none', 7]];
/** A strategic account's contacts: more senior people, more of them with a buying role recorded. */
const STRATEGIC_CONTACT_LEVELS: readonly (readonly [Level, number])[] = [['executive', 35], ['management', 45], ['operational', 17], ['none', 3]];

function contactLooks(p: Portfolio, i: number): ContactLooks {
  const rng = rngFor(p.seed, TYPE_CODE.contacts + LOOK, i);
  const strategic = p.companyStrategic[p.contactCompany[i] as number] === 1;
  const level = weighted<Level>(rng, strategic ? STRATEGIC_CONTACT_LEVELS : CONTACT_LEVELS);
  const jobtitle =
    level === 'none' ? (rng() < 0.6 ? undefined : '') : pick(rng, words.TITLES[level]);
  const roles: string[] = [];
  if (rng() < (strategic ? 0.5 : 0.3)) {
    roles.push(weighted(rng, ROLES_BY_LEVEL[level]));
    if (rng() < 0.15) {
      const second = weighted(rng, ROLES_BY_LEVEL[level]);
      if (!roles.includes(second)) roles.push(second);
    }
  }
  const firstRole = roles[0];
  const label = rng() < 0.35 && firstRole ? LABEL_OF_ROLE[firstRole] : rng() < 0.05 ? 'Champion' : undefined;
  const nameRoll = rng();
  const firstname = nameRoll < 0.01 ? `${pick(rng, words.FIRST_NAMES)} ${pick(rng, words.EMOJI)}` : pick(rng, words.FIRST_NAMES);
  const lastname = nameRoll > 0.985 ? '' : pick(rng, words.LAST_NAMES);
  return { firstname, lastname, jobtitle, roles, label, rng };
}

function contactRecord(p: Portfolio, i: number, id: number): GeneratedRecord {
  const ci = p.contactCompany[i] as number;
  const looks = contactLooks(p, i);
  const rng = looks.rng;
  const props: Properties = {};
  const companyCreated = p.companyCreatedAt[ci] as number;
  const createdAt = companyCreated + Math.floor(rng() * Math.max(DAY, (p.asOf - companyCreated) * 0.6));
  set(props, 'firstname', looks.firstname);
  set(props, 'lastname', looks.lastname);
  if (rng() > 0.05) set(props, 'email', `${looks.firstname}.${looks.lastname || 'x'}.${i}@${domainOf(companyName(p, ci), ci)}`.toLowerCase().replace(/[^a-z0-9.@]/g, ''));
  set(props, 'jobtitle', looks.jobtitle);
  if (looks.roles.length > 0) set(props, 'hs_buying_role', looks.roles.join(';'));
  const last = p.contactLastContacted[i] as number;
  if (!Number.isNaN(last)) set(props, 'notes_last_contacted', iso(last));
  set(props, 'hubspot_owner_id', ownerIdOf(p, ci));
  set(props, 'createdate', iso(createdAt));
  const updatedAt = Math.min(p.asOf, Math.max(createdAt, Number.isNaN(last) ? createdAt : last) + Math.floor(rng() * DAY));
  set(props, 'lastmodifieddate', iso(updatedAt));
  set(props, 'hs_object_id', id);
  return { properties: props, createdAt, updatedAt };
}

const DEAL_STATUS = [['won', 45], ['lost', 20], ['open', 35]] as const;
const STRATEGIC_DEAL_STATUS = [['won', 58], ['lost', 8], ['open', 34]] as const;

const PRODUCTS = ['Platform licence', 'Expansion seats', 'Professional services', 'Renewal', 'Add-on: Analytics', 'Support upgrade'];

function dealRecord(p: Portfolio, i: number, id: number): GeneratedRecord {
  const ci = p.dealCompany[i] as number;
  const rng = rngFor(p.seed, TYPE_CODE.deals + LOOK, i);
  const props: Properties = {};
  const strategic = p.companyStrategic[ci] === 1;
  const status = weighted(rng, strategic ? STRATEGIC_DEAL_STATUS : DEAL_STATUS);
  const pipeline = rng() < 0.7 ? DEAL_PIPELINES[0] : DEAL_PIPELINES[1];
  if (!pipeline) throw new Error('pipelines missing');
  const stages = pipeline.stages;
  let stage: StageDef;
  if (status === 'won') stage = stages.find((s) => s.won) as StageDef;
  else if (status === 'lost') stage = stages.find((s) => s.isClosed && !s.won) as StageDef;
  else stage = pick(rng, stages.filter((s) => !s.isClosed));
  const companyCreated = p.companyCreatedAt[ci] as number;
  // A strategic account's deals closed within the last 18 months (so about two thirds count as trailing revenue).
  const closedWithin = (strategic ? 540 : 3 * YEAR_DAYS) * DAY;
  const closeDate =
    status === 'open'
      ? p.asOf + intBetween(rng, -30, 180) * DAY
      : p.asOf - Math.floor(rng() * Math.min(closedWithin, p.asOf - companyCreated));
  const createdAt = Math.min(p.asOf, Math.max(companyCreated, closeDate - intBetween(rng, 10, 120) * DAY));
  const amount = Math.round((strategic ? logNormal(rng, 100_000, 0.6) : logNormal(rng, 18_000, 1.1)) / 100) * 100;
  const amountRoll = rng();
  const name = companyName(p, ci);
  set(props, 'dealname', rng() < 0.02 ? '' : `${name || 'Unnamed'} — ${pick(rng, PRODUCTS)}`);
  if (amountRoll < 0.04) set(props, 'amount', undefined);
  else if (amountRoll < 0.06) set(props, 'amount', '');
  else if (amountRoll < 0.07) set(props, 'amount', pick(rng, ['TBD', 'n/a', '10k']));
  else set(props, 'amount', amount);
  if (status === 'won' && (pipeline.id !== 'default' || rng() < 0.3)) set(props, 'hs_arr', Math.round(amount * (0.8 + rng() * 0.4)));
  set(props, 'dealstage', stage.id);
  set(props, 'pipeline', pipeline.id);
  set(props, 'closedate', iso(closeDate));
  set(props, 'hs_deal_stage_probability', String(stage.probability));
  set(props, 'hubspot_owner_id', ownerIdOf(p, ci));
  set(props, 'createdate', iso(createdAt));
  const updatedAt = Math.min(p.asOf, Math.max(createdAt, status === 'open' ? p.asOf - intBetween(rng, 0, 60) * DAY : closeDate));
  set(props, 'hs_lastmodifieddate', iso(updatedAt));
  set(props, 'hs_object_id', id);
  return newCustomerDeal(p, ci, i, { properties: props, createdAt, updatedAt });
}

interface EngagementFacts {
  timestamp: number;
  touch: boolean;
  rng: Rng;
  status: string | undefined;
  direction: string | undefined;
}

/** The part of an engagement the roll-ups depend on; the generator and the materializer share it. */
function engagementFacts(p: Portfolio, type: EngagementType, j: number): EngagementFacts {
  const ci = p.engagementCompany[type][j] as number;
  const rng = rngFor(p.seed, TYPE_CODE[type] + LOOK, j);
  const recency = p.companyRecencyDays[ci] as number;
  const ageDays = (p.asOf - (p.companyCreatedAt[ci] as number)) / DAY;
  const span = Math.max(recency + 1, Math.min(3 * YEAR_DAYS, ageDays));
  const daysAgo = recency + (span - recency) * Math.pow(rng(), 1.6);
  let timestamp = p.asOf - Math.floor(daysAgo * DAY);
  let status: string | undefined;
  let direction: string | undefined;
  let touch = false;
  switch (type) {
    case 'calls':
      status = weighted(rng, [['COMPLETED', 75], ['NO_ANSWER', 12], ['BUSY', 5], ['FAILED', 3], ['CANCELED', 3], ['CONNECTING', 2]] as const);
      direction = rng() < 0.8 ? 'OUTBOUND' : 'INBOUND';
      touch = status === 'COMPLETED';
      break;
    case 'emails':
      direction = weighted(rng, [['EMAIL', 60], ['INCOMING_EMAIL', 35], ['FORWARDED_EMAIL', 5]] as const);
      status = direction === 'INCOMING_EMAIL' ? undefined : weighted(rng, [['SENT', 90], ['BOUNCED', 5], ['FAILED', 3], ['SCHEDULED', 2]] as const);
      touch = direction === 'INCOMING_EMAIL' || status === 'SENT';
      break;
    case 'meetings':
      if (rng() < 0.04) timestamp = p.asOf + intBetween(rng, 1, 45) * DAY;
      status = timestamp > p.asOf ? 'SCHEDULED' : weighted(rng, [['COMPLETED', 70], ['SCHEDULED', 8], ['NO_SHOW', 6], ['CANCELED', 8], ['RESCHEDULED', 8]] as const);
      touch = status === 'COMPLETED';
      if (kickoffOf(p, ci, j) !== null) [timestamp, status, touch] = [kickoffOf(p, ci, j) as number, 'COMPLETED', true];
      break;
    case 'tasks':
      status = weighted(rng, [['COMPLETED', 60], ['NOT_STARTED', 25], ['IN_PROGRESS', 8], ['WAITING', 4], ['DEFERRED', 3]] as const);
      if (status !== 'COMPLETED' && rng() < 0.3) timestamp = p.asOf + intBetween(rng, 1, 30) * DAY;
      break;
    case 'notes':
      break;
  }
  return { timestamp, touch, rng, status, direction };
}

function engagementRecord(p: Portfolio, type: EngagementType, j: number, id: number): GeneratedRecord {
  const facts = engagementFacts(p, type, j);
  const { rng, timestamp } = facts;
  const ci = p.engagementCompany[type][j] as number;
  const props: Properties = {};
  const createdAt = Math.min(p.asOf, timestamp > p.asOf ? p.asOf - intBetween(rng, 0, 20) * DAY : timestamp);
  set(props, 'hs_timestamp', iso(timestamp));
  set(props, 'hubspot_owner_id', engagementOwnerId(p, type, j, ownerIdOf(p, ci)));
  const company = companyName(p, ci) || 'the account';
  let updatedAt = createdAt;
  switch (type) {
    case 'calls':
      set(props, 'hs_call_status', facts.status);
      set(props, 'hs_call_direction', facts.direction);
      set(props, 'hs_call_title', pick(rng, ['Check-in call', 'Follow-up', 'Pricing call', 'Support escalation', '']));
      if (facts.status === 'COMPLETED') set(props, 'hs_call_duration', intBetween(rng, 60, 3600) * 1000);
      break;
    case 'emails':
      set(props, 'hs_email_direction', facts.direction);
      set(props, 'hs_email_status', facts.status);
      set(props, 'hs_email_subject', rng() < 0.03 ? '' : `${pick(rng, ['Re: ', 'Fwd: ', '', ''])}${pick(rng, words.EMAIL_SUBJECTS)}`);
      break;
    case 'meetings': {
      // Strategic accounts hold their quarterly business reviews; others now and then.
      const qbr = rng() < (p.companyStrategic[ci] === 1 ? 0.2 : 0.08);
      const title = qbr
        ? pick(rng, [`QBR — ${company}`, 'Quarterly business review', `Q${intBetween(rng, 1, 4)} Business Review`, 'qbr prep + review'])
        : rng() < 0.03
          ? ''
          : pick(rng, words.MEETING_TITLES);
      set(props, 'hs_meeting_title', kickoffOf(p, ci, j) !== null ? `Kickoff call — ${company}` : title);
      set(props, 'hs_meeting_outcome', facts.status);
      set(props, 'hs_meeting_start_time', iso(timestamp));
      set(props, 'hs_meeting_end_time', iso(timestamp + pick(rng, [30, 45, 60]) * 60_000));
      set(props, 'hs_activity_type', qbr ? (rng() < 0.6 ? 'Quarterly Business Review' : undefined) : rng() < 0.5 ? pick(rng, ['Check-in', 'Discovery', 'Demo', 'Renewal']) : undefined);
      break;
    }
    case 'notes':
      set(props, 'hs_note_body', pick(rng, words.NOTE_BODIES));
      break;
    case 'tasks': {
      set(props, 'hs_task_subject', rng() < 0.02 ? '' : pick(rng, words.TASK_SUBJECTS));
      set(props, 'hs_task_body', pick(rng, ['', 'See notes from last call.', 'Customer asked for an update.']));
      set(props, 'hs_task_status', facts.status);
      set(props, 'hs_task_priority', pick(rng, ['NONE', 'LOW', 'MEDIUM', 'HIGH']));
      set(props, 'hs_task_type', pick(rng, ['TODO', 'CALL', 'EMAIL']));
      if (facts.status === 'COMPLETED') {
        const done = Math.min(p.asOf, timestamp + intBetween(rng, 0, 3) * DAY);
        set(props, 'hs_task_completion_date', iso(done));
        updatedAt = Math.max(updatedAt, done);
      }
      break;
    }
  }
  set(props, 'hs_createdate', iso(createdAt));
  set(props, 'hs_lastmodifieddate', iso(updatedAt));
  set(props, 'hs_object_id', id);
  return { properties: props, createdAt, updatedAt };
}
