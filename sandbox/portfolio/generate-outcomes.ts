/**
 * What came of the account work (issue #15), generated beside the portfolio without moving any of it: a product
 * library, the line items of won deals, the deal type of every deal, NPS/CSAT/CES survey answers from the companies'
 * contacts, and the human-owned wallet size and contract end on some companies.
 *
 * Every draw here comes from its own seeded streams (OUTCOME + …), so each record the portfolio generated before
 * keeps its properties byte for byte: deals gain `dealtype`, some companies gain `keyline_wallet_size` and
 * `keyline_contract_end_date`, nothing else changes. Like the rest of the generator the structure lives in typed
 * arrays and every record is derived on demand (L: ~0.6 M line items and ~0.25 M survey answers in a few MB).
 *
 * Survey answers correlate with the hidden strategic flag and with the company's revenue trajectory (won revenue of
 * the last 12 months against the 12 before), each imperfectly, with noise on top — so a model review finds signal and
 * noise. Bad data, counted in `OutcomeStats`: scores out of range, scores that are not numbers, answers with no
 * contact, line items with no product, line items whose product was deleted, junk wallet sizes.
 */
import { ID_BASE } from '../object-types';
import { intBetween, normal, rngFor, weighted, type Rng } from '../random';
import { DEAL_PIPELINES } from './deal-pipelines';

/** The portfolio's record shapes (./generate-portfolio.ts), restated so that this file does not import it back. */
type Properties = Record<string, string>;
interface GeneratedRecord {
  properties: Properties;
  createdAt: number;
  updatedAt: number;
}

const DAY = 86_400_000;
/** Stream codes of this file (the portfolio's use 1–8, +20, +100, +200, +300, 9, 50, 77). */
const OUTCOME = 1_000;
const S_LINE_COUNT = OUTCOME + 1;
const S_LINE_LOOK = OUTCOME + 2;
const S_DEAL_TYPE = OUTCOME + 3;
const S_FEEDBACK_COUNT = OUTCOME + 4;
const S_FEEDBACK_LOOK = OUTCOME + 5;
const S_COMPANY = OUTCOME + 6;

export interface ProductDef {
  name: string;
  sku: string;
  price: number;
  /** HubSpot's `recurringbillingfrequency`, or undefined for a one-off product or service. */
  billing: 'monthly' | 'annually' | undefined;
  /** A product deleted from the library (its record is archived); old line items still point at it. */
  deleted: boolean;
}

/** The portal's product library: recurring subscriptions, add-ons and one-off services, plus one deleted product. */
export const PRODUCT_LIBRARY: readonly ProductDef[] = [
  { name: 'Platform licence', sku: 'KL-PLAT', price: 24_000, billing: 'annually', deleted: false },
  { name: 'Additional seats', sku: 'KL-SEAT', price: 90, billing: 'monthly', deleted: false },
  { name: 'Analytics add-on', sku: 'KL-ANLT', price: 650, billing: 'monthly', deleted: false },
  { name: 'Premium support', sku: 'KL-SUPP', price: 6_000, billing: 'annually', deleted: false },
  { name: 'Integrations pack', sku: 'KL-INTG', price: 9_000, billing: 'annually', deleted: false },
  { name: 'Implementation services', sku: 'KL-IMPL', price: 15_000, billing: undefined, deleted: false },
  { name: 'Training workshop', sku: 'KL-TRNG', price: 3_500, billing: undefined, deleted: false },
  { name: 'Data migration', sku: 'KL-MIGR', price: 7_500, billing: undefined, deleted: false },
  { name: 'Legacy connector', sku: 'KL-LGCY', price: 2_000, billing: 'annually', deleted: true },
];
const DELETED_PRODUCT = PRODUCT_LIBRARY.findIndex((p) => p.deleted);
/** Products a deal line is drawn from (by weight); the first won deal is mostly the platform. */
const LINE_PRODUCTS: readonly (readonly [number, number])[] = [[1, 24], [2, 16], [3, 14], [4, 10], [5, 14], [6, 12], [7, 10]];

export interface OutcomeStats {
  products: number;
  deletedProducts: number;
  wonDeals: number;
  lineItems: number;
  lineItemsWithoutProduct: number;
  lineItemsOfDeletedProduct: number;
  feedbackSubmissions: number;
  feedbackWithoutContact: number;
  scoresOutOfRange: number;
  scoresNotNumeric: number;
  companiesWithWalletSize: number;
  junkWalletSizes: number;
  companiesWithContractEnd: number;
  /** Open deals typed `renewal`. */
  renewalDeals: number;
}

export interface Outcomes {
  /** Per deal: 1 won, 2 open, 0 lost; its close date (ms, NaN if none) and amount (NaN if junk). */
  dealState: Uint8Array;
  dealCloseAt: Float64Array;
  dealAmount: Float64Array;
  /** Per company: its first won deal (index, -1 for none) and revenue trajectory (see trajectoryOf). */
  companyFirstWon: Int32Array;
  companyTrajectory: Float32Array;
  /** Line items of deal d: lineItemStart[d] … lineItemStart[d+1]-1 (only won deals have any). */
  lineItemStart: Int32Array;
  lineItemDeal: Int32Array;
  /** Survey answers of company i: feedbackStart[i] … feedbackStart[i+1]-1, ordered by contact. */
  feedbackStart: Int32Array;
  feedbackCompany: Int32Array;
  /** The contact who answered, -1 for none (an anonymous answer: bad data, no association). */
  feedbackContact: Int32Array;
  deletedProducts: ReadonlySet<number>;
  stats: OutcomeStats;
}

/** What the outcomes need of the portfolio (the portfolio itself, without a cycle of types). */
export interface OutcomeBase {
  seed: number;
  asOf: number;
  counts: { companies: number; contacts: number; deals: number };
  companyStrategic: Uint8Array;
  contactStart: Int32Array;
  dealStart: Int32Array;
  dealCompany: Int32Array;
  /** A deal's record as the portfolio generates it (without the outcome properties). */
  baseDeal(index: number): GeneratedRecord;
}

const WON_STAGES = new Set(DEAL_PIPELINES.flatMap((p) => p.stages.filter((s) => s.won).map((s) => s.id)));
const OPEN_STAGES = new Set(DEAL_PIPELINES.flatMap((p) => p.stages.filter((s) => !s.isClosed).map((s) => s.id)));
const iso = (ms: number): string => new Date(ms).toISOString();
const amountOf = (props: Properties): number | null => {
  const v = props['amount'];
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
};
const timeOf = (props: Properties, name: string): number => Date.parse(props[name] ?? '');

/** The structure pass: which deals are won and how many lines each has; how many answers each company got. */
export function generateOutcomes(base: OutcomeBase): Outcomes {
  const { seed, counts } = base;
  const lineItemStart = new Int32Array(counts.deals + 1);
  const lineDeals: number[] = [];
  const dealState = new Uint8Array(counts.deals);
  const dealCloseAt = new Float64Array(counts.deals);
  const dealAmount = new Float64Array(counts.deals);
  let wonDeals = 0;
  let renewalDeals = 0;
  for (let d = 0; d < counts.deals; d++) {
    lineItemStart[d] = lineDeals.length;
    const deal = base.baseDeal(d).properties;
    const stage = deal['dealstage'] ?? '';
    dealState[d] = WON_STAGES.has(stage) ? 1 : OPEN_STAGES.has(stage) ? 2 : 0;
    dealCloseAt[d] = timeOf(deal, 'closedate');
    dealAmount[d] = amountOf(deal) ?? NaN;
    if (dealState[d] === 1) {
      wonDeals += 1;
      const strategic = base.companyStrategic[base.dealCompany[d] as number] === 1;
      const lines = weighted(rngFor(seed, S_LINE_COUNT, d), strategic ? [[1, 35], [2, 40], [3, 25]] : [[1, 55], [2, 33], [3, 12]]);
      for (let k = 0; k < lines; k++) lineDeals.push(d);
    }
  }
  lineItemStart[counts.deals] = lineDeals.length;
  const lineItemDeal = Int32Array.from(lineDeals);

  const feedbackStart = new Int32Array(counts.companies + 1);
  const company: number[] = [];
  const contact: number[] = [];
  let withoutContact = 0;
  for (let i = 0; i < counts.companies; i++) {
    feedbackStart[i] = company.length;
    const rng = rngFor(seed, S_FEEDBACK_COUNT, i);
    const strategic = base.companyStrategic[i] === 1;
    const answers = weighted(rng, strategic ? [[0, 10], [1, 15], [2, 20], [3, 20], [4, 15], [5, 10], [6, 10]] : [[0, 45], [1, 20], [2, 15], [3, 9], [4, 6], [5, 3], [6, 2]]);
    const from = base.contactStart[i] as number;
    const people = (base.contactStart[i + 1] as number) - from;
    const who: number[] = [];
    for (let k = 0; k < answers; k++) {
      // A few answers arrive with no contact (an anonymous web survey): HubSpot holds them, no account can claim them.
      if (people === 0 || rng() < 0.03) who.push(-1);
      else who.push(from + Math.min(people - 1, Math.floor(Math.pow(rng(), 1.5) * people)));
    }
    who.sort((a, b) => a - b);
    for (const c of who) {
      company.push(i);
      contact.push(c);
      if (c < 0) withoutContact += 1;
    }
  }
  feedbackStart[counts.companies] = company.length;

  const companyFirstWon = new Int32Array(counts.companies).fill(-1);
  const companyTrajectory = new Float32Array(counts.companies);
  const facts = { dealState, dealCloseAt, dealAmount };
  for (let i = 0; i < counts.companies; i++) {
    const deals = companyDeals(base, facts, i);
    companyFirstWon[i] = deals.filter((x) => x.won).sort((a, b) => a.closeAt - b.closeAt || a.index - b.index)[0]?.index ?? -1;
    companyTrajectory[i] = trajectoryOf(base, deals);
  }

  const outcomes: Outcomes = {
    dealState,
    dealCloseAt,
    dealAmount,
    companyFirstWon,
    companyTrajectory,
    lineItemStart,
    lineItemDeal,
    feedbackStart,
    feedbackCompany: Int32Array.from(company),
    feedbackContact: Int32Array.from(contact),
    deletedProducts: new Set([DELETED_PRODUCT]),
    stats: {
      products: PRODUCT_LIBRARY.length,
      deletedProducts: 1,
      wonDeals,
      lineItems: lineDeals.length,
      lineItemsWithoutProduct: 0,
      lineItemsOfDeletedProduct: 0,
      feedbackSubmissions: company.length,
      feedbackWithoutContact: withoutContact,
      scoresOutOfRange: 0,
      scoresNotNumeric: 0,
      companiesWithWalletSize: 0,
      junkWalletSizes: 0,
      companiesWithContractEnd: 0,
      renewalDeals,
    },
  };
  // The counts of bad values come from the records themselves, so the stats always agree with what is served.
  for (let j = 0; j < lineDeals.length; j++) {
    const look = lineItemLook(base, outcomes, j);
    if (look.product === null) outcomes.stats.lineItemsWithoutProduct += 1;
    else if (look.product === DELETED_PRODUCT) outcomes.stats.lineItemsOfDeletedProduct += 1;
  }
  for (let j = 0; j < company.length; j++) {
    const v = feedbackLook(base, outcomes, j).value;
    const n = Number(v);
    if (v === undefined || v === '' || !Number.isFinite(n)) outcomes.stats.scoresNotNumeric += 1;
    else if (n < 0 || n > 10) outcomes.stats.scoresOutOfRange += 1;
    else if (feedbackLook(base, outcomes, j).type === 'CSAT' && (n < 1 || n > 5)) outcomes.stats.scoresOutOfRange += 1;
  }
  for (let i = 0; i < counts.companies; i++) {
    const c = companyOutcomeProperties(base, outcomes, i);
    if (c['keyline_wallet_size'] !== undefined) {
      outcomes.stats.companiesWithWalletSize += 1;
      if (!(Number(c['keyline_wallet_size']) > 0)) outcomes.stats.junkWalletSizes += 1;
    }
    if (c['keyline_contract_end_date'] !== undefined) outcomes.stats.companiesWithContractEnd += 1;
  }
  for (let d = 0; d < counts.deals; d++) if (dealTypeOf(base, outcomes, d) === 'renewal') renewalDeals += 1;
  outcomes.stats.renewalDeals = renewalDeals;
  return outcomes;
}

// ---- deals -------------------------------------------------------------------------------------------------------

interface DealFacts {
  index: number;
  won: boolean;
  open: boolean;
  closeAt: number;
  amount: number | null;
}

type DealColumns = Pick<Outcomes, 'dealState' | 'dealCloseAt' | 'dealAmount'>;

function companyDeals(base: OutcomeBase, o: DealColumns, companyIndex: number): DealFacts[] {
  const out: DealFacts[] = [];
  for (let d = base.dealStart[companyIndex] as number; d < (base.dealStart[companyIndex + 1] as number); d++) {
    const amount = o.dealAmount[d] as number;
    out.push({ index: d, won: o.dealState[d] === 1, open: o.dealState[d] === 2, closeAt: o.dealCloseAt[d] as number, amount: Number.isNaN(amount) ? null : amount });
  }
  return out;
}

/**
 * A deal's `dealtype`: the company's first won deal is new business, later won deals mostly existing business
 * (upsell, cross-sell); an open deal of a customer closing in the next 180 days is often a renewal; a few deals have
 * none, and a few carry a value typed by hand in another case (the reader lower-cases it).
 */
export function dealTypeOf(base: OutcomeBase, o: Outcomes, d: number): string | undefined {
  const ci = base.dealCompany[d] as number;
  const rng = rngFor(base.seed, S_DEAL_TYPE, d);
  const roll = rng();
  if (roll < 0.04) return undefined;
  const me = { won: o.dealState[d] === 1, open: o.dealState[d] === 2, closeAt: o.dealCloseAt[d] as number };
  const firstWon = o.companyFirstWon[ci] as number;
  const customerBefore = firstWon >= 0 && (me.won ? firstWon !== d : (o.dealCloseAt[firstWon] as number) <= base.asOf);
  let type: string;
  if (!customerBefore) type = 'newbusiness';
  else if (me.open && me.closeAt > base.asOf && me.closeAt <= base.asOf + 180 * DAY && rng() < 0.45) type = 'renewal';
  else type = rng() < 0.88 ? 'existingbusiness' : 'newbusiness';
  if (roll > 0.99) return type === 'newbusiness' ? 'NewBusiness' : 'ExistingBusiness';
  return type;
}

/** The properties a deal gains (only `dealtype`). */
export function dealOutcomeProperties(base: OutcomeBase, o: Outcomes, d: number): Properties {
  const t = dealTypeOf(base, o, d);
  return t === undefined ? {} : { dealtype: t };
}

// ---- companies ---------------------------------------------------------------------------------------------------

/** A company's won revenue in the last 12 months against the 12 before, in [-1, 1] (0 when it won nothing). */
function trajectoryOf(base: OutcomeBase, deals: readonly DealFacts[]): number {
  let last = 0;
  let prior = 0;
  for (const d of deals) {
    if (!d.won || d.amount === null || Number.isNaN(d.closeAt)) continue;
    const ago = base.asOf - d.closeAt;
    if (ago >= 0 && ago < 365 * DAY) last += d.amount;
    else if (ago >= 365 * DAY && ago < 730 * DAY) prior += d.amount;
  }
  const top = Math.max(last, prior);
  return top === 0 ? 0 : (last - prior) / top;
}

/**
 * The human-owned values some companies carry: `keyline_wallet_size` (what the customer could spend with us a year;
 * a few junk ones) and `keyline_contract_end_date` (a date, mostly in the coming year).
 */
export function companyOutcomeProperties(base: OutcomeBase, o: Outcomes, i: number): Properties {
  const rng = rngFor(base.seed, S_COMPANY, i);
  const strategic = base.companyStrategic[i] === 1;
  const props: Properties = {};
  if (rng() < (strategic ? 0.55 : 0.18)) {
    const roll = rng();
    const wallet = Math.round((strategic ? 900_000 : 60_000) * Math.exp(0.7 * normal(rng)) / 1000) * 1000;
    props['keyline_wallet_size'] = roll < 0.04 ? (roll < 0.02 ? 'tbd' : '-5000') : String(wallet);
  }
  const customer = (o.companyFirstWon[i] as number) >= 0;
  if (customer && rng() < (strategic ? 0.6 : 0.25)) {
    const end = base.asOf + intBetween(rng, -45, 420) * DAY;
    props['keyline_contract_end_date'] = iso(end).slice(0, 10);
  }
  return props;
}

// ---- line items --------------------------------------------------------------------------------------------------

interface LineItemLook {
  deal: number;
  /** Index in PRODUCT_LIBRARY, or null for a custom line with no product. */
  product: number | null;
  amount: number;
  quantity: number;
  rng: Rng;
}

/** The split of a won deal into its lines: distinct products whose amounts sum to the deal's amount. */
function lineItemLook(base: OutcomeBase, o: Outcomes, j: number): LineItemLook {
  const d = o.lineItemDeal[j] as number;
  const first = o.lineItemStart[d] as number;
  const count = (o.lineItemStart[d + 1] as number) - first;
  const k = j - first;
  const rng = rngFor(base.seed, S_LINE_LOOK, d);
  const firstWon = o.companyFirstWon[base.dealCompany[d] as number] as number;
  const products: (number | null)[] = [];
  for (let n = 0; n < count; n++) {
    const roll = rng();
    let pick: number | null;
    if (n === 0 && firstWon === d) pick = 0; // the first purchase is the platform
    else if (roll < 0.03) pick = null; // a custom line, no product
    else if (roll < 0.05) pick = DELETED_PRODUCT;
    else pick = weighted(rng, LINE_PRODUCTS);
    // Distinct products per deal: a repeat becomes the next product of the library.
    while (pick !== null && products.includes(pick)) pick = (pick + 1) % DELETED_PRODUCT;
    products.push(pick);
  }
  const weights = products.map(() => 0.3 + rng());
  const sum = weights.reduce((s, w) => s + w, 0);
  const dealAmount = o.dealAmount[d] as number;
  const total = !Number.isNaN(dealAmount) ? dealAmount : Math.round(18_000 * Math.exp(normal(rng)) / 100) * 100;
  const amounts = weights.map((w) => Math.round((total * w) / sum));
  amounts[count - 1] = total - amounts.slice(0, count - 1).reduce((s, a) => s + a, 0);
  const product = products[k] ?? null;
  const def = product === null ? undefined : PRODUCT_LIBRARY[product];
  const quantity = def?.billing === 'monthly' ? Math.max(1, Math.round((amounts[k] ?? 0) / (def.price * 12))) : 1;
  return { deal: d, product, amount: amounts[k] ?? 0, quantity, rng };
}

export function lineItemRecord(base: OutcomeBase, o: Outcomes, j: number, id: number): GeneratedRecord {
  const look = lineItemLook(base, o, j);
  const deal = base.baseDeal(look.deal);
  const def = look.product === null ? undefined : PRODUCT_LIBRARY[look.product];
  const createdAt = deal.createdAt;
  const props: Properties = {
    name: def?.name ?? 'Custom work',
    quantity: String(look.quantity),
    price: String(look.quantity > 0 ? Math.round((look.amount / look.quantity) * 100) / 100 : look.amount),
    amount: String(look.amount),
  };
  if (look.product !== null) props['hs_product_id'] = String(ID_BASE.products + look.product + 1);
  if (def?.billing) props['recurringbillingfrequency'] = def.billing;
  props['createdate'] = iso(createdAt);
  props['hs_lastmodifieddate'] = iso(createdAt);
  props['hs_object_id'] = String(id);
  return { properties: props, createdAt, updatedAt: createdAt };
}

export function productRecord(base: OutcomeBase, index: number, id: number): GeneratedRecord {
  const def = PRODUCT_LIBRARY[index];
  if (!def) throw new Error(`no product ${index}`);
  const createdAt = base.asOf - (5 * 365 - index * 30) * DAY;
  const updatedAt = def.deleted ? base.asOf - 200 * DAY : createdAt;
  const props: Properties = { name: def.name, description: `${def.name} (${def.billing ?? 'one-off'})`, price: String(def.price), hs_sku: def.sku };
  if (def.billing) {
    props['recurringbillingfrequency'] = def.billing;
    props['hs_recurring_billing_period'] = 'P12M';
  }
  props['createdate'] = iso(createdAt);
  props['hs_lastmodifieddate'] = iso(updatedAt);
  props['hs_object_id'] = String(id);
  return { properties: props, createdAt, updatedAt };
}

// ---- feedback submissions ----------------------------------------------------------------------------------------

interface FeedbackLook {
  type: 'NPS' | 'CSAT' | 'CES';
  value: string | undefined;
  submittedAt: number;
  rng: Rng;
}

/**
 * One survey answer. A latent satisfaction in [0, 1] moves with the strategic flag (+0.15) and the revenue trajectory
 * (+0.12 × trajectory), with the answer's own noise on top; NPS is 0–10, CSAT 1–5, CES 1–7. About 2% are out of range
 * and 2% are not numbers.
 */
function feedbackLook(base: OutcomeBase, o: Outcomes, j: number): FeedbackLook {
  const ci = o.feedbackCompany[j] as number;
  const rng = rngFor(base.seed, S_FEEDBACK_LOOK, j);
  const type = weighted(rng, [['NPS', 60], ['CSAT', 35], ['CES', 5]] as const);
  const submittedAt = base.asOf - Math.floor(rng() * 730 * DAY);
  const strategic = base.companyStrategic[ci] === 1 ? 1 : 0;
  const mood = Math.min(1, Math.max(0, 0.58 + 0.15 * strategic + 0.12 * (o.companyTrajectory[ci] as number) + 0.17 * normal(rng)));
  let score: number;
  if (type === 'NPS') score = Math.min(10, Math.max(0, Math.round(mood * 10 + 1.1 * normal(rng))));
  else if (type === 'CSAT') score = Math.min(5, Math.max(1, Math.round(1 + mood * 4 + 0.5 * normal(rng))));
  else score = Math.min(7, Math.max(1, Math.round(1 + mood * 6 + 0.6 * normal(rng))));
  const bad = rng();
  let value: string | undefined = String(score);
  if (bad < 0.01) value = type === 'NPS' ? '11' : '6';
  else if (bad < 0.02) value = type === 'NPS' ? '-1' : '12';
  else if (bad < 0.03) value = 'N/A';
  else if (bad < 0.04) value = '';
  return { type, value, submittedAt, rng };
}

const RESPONSE_GROUP = (type: FeedbackLook['type'], n: number): string | undefined => {
  if (type === 'NPS') return n >= 9 ? 'PROMOTER' : n >= 7 ? 'PASSIVE' : 'DETRACTOR';
  if (type === 'CSAT') return n >= 4 ? 'SATISFIED' : n === 3 ? 'NEUTRAL' : 'DISSATISFIED';
  return undefined;
};

export function feedbackRecord(base: OutcomeBase, o: Outcomes, j: number, id: number): GeneratedRecord {
  const look = feedbackLook(base, o, j);
  const contact = o.feedbackContact[j] as number;
  const n = Number(look.value);
  const props: Properties = {
    hs_survey_type: look.type,
    hs_survey_name: look.type === 'NPS' ? 'Customer loyalty (NPS)' : look.type === 'CSAT' ? 'Support satisfaction' : 'Customer effort',
    hs_survey_id: look.type === 'NPS' ? '11' : look.type === 'CSAT' ? '12' : '13',
    hs_survey_channel: look.rng() < 0.8 ? 'EMAIL' : 'WEB',
  };
  if (look.value !== undefined) props['hs_value'] = look.value;
  const group = look.value !== '' && Number.isFinite(n) ? RESPONSE_GROUP(look.type, n) : undefined;
  if (group) props['hs_response_group'] = group;
  if (contact >= 0) props['hs_contact_id'] = String(ID_BASE.contacts + contact + 1);
  props['hs_submission_timestamp'] = iso(look.submittedAt);
  props['hs_createdate'] = iso(look.submittedAt);
  props['hs_lastmodifieddate'] = iso(look.submittedAt);
  props['hs_object_id'] = String(id);
  return { properties: props, createdAt: look.submittedAt, updatedAt: look.submittedAt };
}
