/**
 * The outcomes of the generated portfolio (issue #15): products, line items, deal types, survey answers and wallet
 * values look as intended, the bad data is there and counted, and every record generated before keeps its values.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ID_BASE, isEngagementType, type ObjectType } from '../object-types';
import { SandboxStore } from '../sandbox-store';
import { DEAL_PIPELINES } from './deal-pipelines';
import { PRODUCT_LIBRARY } from './generate-outcomes';
import { generatePortfolio, type GeneratedRecord, type Portfolio } from './generate-portfolio';
import { DEPARTED_OWNER_IDS, JUNK_OWNER_IDS } from './generate-relationships';

const asOf = new Date('2026-11-01T00:00:00Z');
const DAY = 86_400_000;
let m: Portfolio | undefined;
const portfolioM = (): Portfolio => (m ??= generatePortfolio({ size: 'M', seed: 42, asOf }));
const WON = new Set(DEAL_PIPELINES.flatMap((pl) => pl.stages.filter((st) => st.won).map((st) => st.id)));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

interface Fixture {
  stats: Record<string, unknown>;
  records: Record<string, { index: number; record: GeneratedRecord }[]>;
}

describe('the records generated before outcomes existed', () => {
  it('when the S portfolio is generated again, then every one of them keeps its values; deals only gain a type, companies only wallet and contract end', () => {
    // Captured from the generator before this change (same size, seed and date).
    const before = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'records-before-outcomes.json'), 'utf8')) as Fixture;
    const p = generatePortfolio({ size: 'S', seed: 42, asOf });
    const added = new Set<string>();
    const ENGAGEMENT_OWNERS_SINCE = [...p.owners.map((o) => o.id), ...DEPARTED_OWNER_IDS, ...JUNK_OWNER_IDS];
    let changedOwners = 0;
    for (const [type, records] of Object.entries(before.records)) {
      for (const { index, record } of records) {
        const now = p.materialize(type as ObjectType, index);
        expect({ type, index, createdAt: now.createdAt, updatedAt: now.updatedAt }).toEqual({ type, index, createdAt: record.createdAt, updatedAt: record.updatedAt });
        for (const [name, value] of Object.entries(record.properties)) {
          // Since then (./generate-relationships.ts): an engagement's owner may be a colleague, one who left, or junk.
          if (name === 'hubspot_owner_id' && isEngagementType(type as ObjectType) && now.properties[name] !== value) {
            expect(ENGAGEMENT_OWNERS_SINCE).toContain(now.properties[name]);
            changedOwners += 1;
            continue;
          }
          expect({ type, index, name, value: now.properties[name] }).toEqual({ type, index, name, value });
        }
        for (const name of Object.keys(now.properties)) if (!(name in record.properties)) added.add(`${type}.${name}`);
      }
    }
    // Since then: deal types, wallet sizes and (./generate-plans.ts) a few account plans.
    expect([...added].filter((n) => !n.startsWith('companies.keyline_plan_')).sort()).toEqual(['companies.keyline_wallet_size', 'deals.dealtype']);
    expect(changedOwners).toBeGreaterThan(0);
    const { byType, outcomes: _outcomes, ...counts } = p.stats;
    const { byType: byTypeBefore, ...countsBefore } = before.stats as { byType: Record<string, number> };
    expect(counts).toEqual(countsBefore);
    expect(byType).toEqual(expect.objectContaining(byTypeBefore));
  });
});

describe('the generated outcomes (M)', () => {
  it('when deals are typed, then a company’s first won deal is new business, later won deals mostly existing business, renewals are open and close within 180 days', () => {
    const p = portfolioM();
    let firstNew = 0;
    let firsts = 0;
    const later: (string | undefined)[] = [];
    let renewals = 0;
    for (let i = 0; i < p.counts.companies; i++) {
      const deals = [];
      for (let d = p.dealStart[i] as number; d < (p.dealStart[i + 1] as number); d++) deals.push(p.materialize('deals', d).properties);
      const won = deals.filter((d) => WON.has(d['dealstage'] ?? '')).sort((a, b) => Date.parse(a['closedate'] ?? '') - Date.parse(b['closedate'] ?? ''));
      if (won[0]) {
        firsts += 1;
        if (won[0]['dealtype']?.toLowerCase() === 'newbusiness') firstNew += 1;
      }
      for (const d of won.slice(1)) later.push(d['dealtype']?.toLowerCase());
      for (const d of deals.filter((x) => x['dealtype'] === 'renewal')) {
        renewals += 1;
        const close = Date.parse(d['closedate'] ?? '');
        expect(close).toBeGreaterThan(asOf.getTime());
        expect(close).toBeLessThanOrEqual(asOf.getTime() + 180 * DAY);
      }
    }
    expect(firstNew / firsts).toBeGreaterThan(0.9);
    expect(later.filter((t) => t === 'existingbusiness').length / later.length).toBeGreaterThan(0.75);
    expect(renewals).toBe(p.stats.outcomes.renewalDeals);
    expect(renewals).toBeGreaterThan(200);
  });

  it('when a won deal has a usable amount, then its 1–3 line items of distinct products sum to it; open and lost deals have none', () => {
    const p = portfolioM();
    const store = new SandboxStore(p, () => asOf.getTime());
    let checked = 0;
    for (let d = 0; d < 3_000; d++) {
      const deal = p.materialize('deals', d).properties;
      const lines = store.associations('deals', String(ID_BASE.deals + d + 1), 'line_items');
      const won = WON.has(deal['dealstage'] ?? '');
      if (!won) {
        expect(lines).toEqual([]);
        continue;
      }
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.length).toBeLessThanOrEqual(3);
      const items = lines.map((l) => store.get('line_items', l.toObjectId)?.properties ?? {});
      const products = items.map((i) => i['hs_product_id']).filter((x) => x !== undefined);
      expect(new Set(products).size).toBe(products.length);
      const amount = Number(deal['amount']);
      if (deal['amount'] && Number.isFinite(amount)) {
        expect(items.reduce((s, i) => s + Number(i['amount']), 0)).toBe(amount);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('when surveys are answered, then NPS and CSAT look realistic and strategic, growing accounts answer better — imperfectly', () => {
    const p = portfolioM();
    const byCompany = new Map<number, number[]>();
    const nps: { score: number; strategic: boolean }[] = [];
    const csat: number[] = [];
    for (let j = 0; j < p.counts.feedback_submissions; j++) {
      const f = p.materialize('feedback_submissions', j).properties;
      const at = Date.parse(f['hs_submission_timestamp'] ?? '');
      expect(at).toBeLessThanOrEqual(asOf.getTime());
      expect(at).toBeGreaterThan(asOf.getTime() - 731 * DAY);
      const v = Number(f['hs_value']);
      const ci = p.outcomes.feedbackCompany[j] as number;
      if (f['hs_survey_type'] === 'NPS' && f['hs_value'] !== '' && v >= 0 && v <= 10) {
        nps.push({ score: v, strategic: p.companyStrategic[ci] === 1 });
        byCompany.set(ci, [...(byCompany.get(ci) ?? []), v]);
      }
      if (f['hs_survey_type'] === 'CSAT' && v >= 1 && v <= 5) csat.push(v);
    }
    const perCompany = perCompanyCounts(p.outcomes.feedbackStart);
    expect(Math.max(...perCompany)).toBeLessThanOrEqual(6);
    expect(perCompany.filter((c) => c === 0).length / perCompany.length).toBeGreaterThan(0.3);
    const strategic = nps.filter((x) => x.strategic).map((x) => x.score);
    const others = nps.filter((x) => !x.strategic).map((x) => x.score);
    expect(mean(strategic)).toBeGreaterThan(mean(others) + 0.8);
    expect(strategic.some((s) => s <= 6)).toBe(true); // some strategic detractors: the flag is not the answer
    expect(mean(others)).toBeGreaterThan(4.5);
    expect(mean(others)).toBeLessThan(7.5);
    expect(mean(csat)).toBeGreaterThan(2.8);
    expect(mean(csat)).toBeLessThan(4.3);
    // The revenue trajectory moves answers too, but only partly (rank correlation clearly above 0, far from 1).
    const pairs = [...byCompany].map(([ci, scores]) => [p.outcomes.companyTrajectory[ci] as number, mean(scores)] as const);
    const rho = spearman(pairs.map((x) => x[0]), pairs.map((x) => x[1]));
    expect(rho).toBeGreaterThan(0.05);
    expect(rho).toBeLessThan(0.7);
  });

  it('when bad data is generated, then it is there, counted in the stats, and the counts agree with the records served', () => {
    const p = portfolioM();
    const s = p.stats.outcomes;
    const store = new SandboxStore(p, () => asOf.getTime());
    expect(s.products).toBe(PRODUCT_LIBRARY.length);
    expect(store.list('products').length).toBe(PRODUCT_LIBRARY.length - 1); // the deleted one is archived
    let noProduct = 0;
    let deletedProduct = 0;
    for (let j = 0; j < p.counts.line_items; j++) {
      const id = p.materialize('line_items', j).properties['hs_product_id'];
      if (id === undefined) noProduct += 1;
      else if (!store.exists('products', id)) deletedProduct += 1;
    }
    let noContact = 0;
    let outOfRange = 0;
    let notNumeric = 0;
    for (let j = 0; j < p.counts.feedback_submissions; j++) {
      const id = String(ID_BASE.feedback_submissions + j + 1);
      if (store.associations('feedback_submissions', id, 'contacts').length === 0) noContact += 1;
      const f = p.materialize('feedback_submissions', j).properties;
      const v = Number(f['hs_value']);
      const max = f['hs_survey_type'] === 'NPS' ? 10 : f['hs_survey_type'] === 'CSAT' ? 5 : 7;
      const min = f['hs_survey_type'] === 'NPS' ? 0 : 1;
      if (f['hs_value'] === undefined || f['hs_value'] === '' || !Number.isFinite(v)) notNumeric += 1;
      else if (v < min || v > max) outOfRange += 1;
    }
    expect({ noProduct, deletedProduct, noContact, notNumeric }).toEqual({
      noProduct: s.lineItemsWithoutProduct,
      deletedProduct: s.lineItemsOfDeletedProduct,
      noContact: s.feedbackWithoutContact,
      notNumeric: s.scoresNotNumeric,
    });
    expect(outOfRange).toBeGreaterThanOrEqual(s.scoresOutOfRange);
    for (const n of [noProduct, deletedProduct, noContact, notNumeric, outOfRange, s.junkWalletSizes]) expect(n).toBeGreaterThan(10);
    expect(s.companiesWithWalletSize).toBeGreaterThan(500);
    expect(s.companiesWithContractEnd).toBeGreaterThan(500);
  });
});

function perCompanyCounts(start: Int32Array): number[] {
  return Array.from({ length: start.length - 1 }, (_, i) => (start[i + 1] as number) - (start[i] as number));
}

function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let k = 0; k < order.length; ) {
    let e = k;
    while (e + 1 < order.length && order[e + 1]?.[0] === order[k]?.[0]) e++;
    for (let q = k; q <= e; q++) r[order[q]?.[1] as number] = (k + e) / 2;
    k = e + 1;
  }
  return r;
}

function spearman(a: number[], b: number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    const x = (ra[i] as number) - ma;
    const y = (rb[i] as number) - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return num / Math.sqrt(da * db);
}
