import { BUYING_ROLES } from '../../server/src/domain/types';
import { ENGAGEMENT_TYPES, ID_BASE } from '../object-types';
import { SandboxStore } from '../sandbox-store';
import { DEAL_PIPELINES, findStage } from './deal-pipelines';
import { generatePortfolio, type Portfolio, type PortfolioSize } from './generate-portfolio';

const asOf = new Date('2026-11-01T00:00:00Z');

function perCompany(start: Int32Array): number[] {
  return Array.from({ length: start.length - 1 }, (_, i) => (start[i + 1] as number) - (start[i] as number));
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function engagementsPerCompany(p: Portfolio): number[] {
  const n = p.counts.companies;
  return Array.from({ length: n }, (_, i) => ENGAGEMENT_TYPES.reduce((s, t) => s + (p.engagementStart[t][i + 1] as number) - (p.engagementStart[t][i] as number), 0));
}

let m: Portfolio | undefined;
/** M is generated once for the whole file (it is the size the composition is documented for). */
const portfolioM = (): Portfolio => (m ??= generatePortfolio({ size: 'M', seed: 42, asOf }));

describe('the portfolio generator', () => {
  it('when run twice with the same seed and date, then every record is identical; with another seed, they differ', () => {
    const a = generatePortfolio({ size: 'S', seed: 42, asOf });
    const b = generatePortfolio({ size: 'S', seed: 42, asOf });
    const c = generatePortfolio({ size: 'S', seed: 43, asOf });
    expect(b.stats).toEqual(a.stats);
    for (const type of ['companies', 'contacts', 'deals', ...ENGAGEMENT_TYPES] as const) {
      for (const i of [0, 1, 17, a.counts[type] - 1]) expect(b.materialize(type, i)).toEqual(a.materialize(type, i));
    }
    expect(c.materialize('companies', 0)).not.toEqual(a.materialize('companies', 0));
    expect(c.stats).not.toEqual(a.stats);
  });

  it.each<[PortfolioSize, number]>([
    ['XS', 20],
    ['S', 200],
    ['M', 5_000],
  ])('when generating %s, then it has %i companies and the documented shape', (size, companies) => {
    const p = size === 'M' ? portfolioM() : generatePortfolio({ size, seed: 42, asOf });
    expect(p.counts.companies).toBe(companies);
    const contacts = perCompany(p.contactStart);
    const deals = perCompany(p.dealStart);
    const engagements = engagementsPerCompany(p);
    expect(Math.min(...contacts)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...contacts)).toBeLessThanOrEqual(12);
    expect(Math.min(...deals)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...deals)).toBeLessThanOrEqual(10);
    expect(Math.max(...engagements)).toBeLessThanOrEqual(200);
    if (size !== 'XS') {
      expect(mean(contacts)).toBeGreaterThan(3.8);
      expect(mean(contacts)).toBeLessThan(4.8);
      expect(mean(deals)).toBeGreaterThan(2.2);
      expect(mean(deals)).toBeLessThan(2.9);
      expect(mean(engagements)).toBeGreaterThan(34);
      expect(mean(engagements)).toBeLessThan(46);
      expect(engagements.filter((e) => e === 0).length).toBeGreaterThan(0);
    }
  });

  it('when generating M, then about 30% of contacts hold buying roles, titles span levels, deals span statuses and pipelines, and QBRs exist', () => {
    const p = portfolioM();
    const contacts = Array.from({ length: p.counts.contacts }, (_, i) => p.materialize('contacts', i).properties);
    const withRole = contacts.filter((c) => c['hs_buying_role']);
    expect(withRole.length / contacts.length).toBeGreaterThan(0.25);
    expect(withRole.length / contacts.length).toBeLessThan(0.35);
    const roles = new Set(withRole.flatMap((c) => (c['hs_buying_role'] as string).split(';')));
    for (const r of roles) expect(BUYING_ROLES).toContain(r);
    expect(withRole.some((c) => (c['hs_buying_role'] as string).includes(';'))).toBe(true);
    const titles = contacts.map((c) => c['jobtitle'] ?? '');
    expect(titles.some((t) => /^(CEO|CFO|CTO|COO|President|Co-Founder)/.test(t))).toBe(true);
    expect(titles.some((t) => /Director|Head|Manager|Lead/.test(t))).toBe(true);
    expect(titles.some((t) => /Analyst|Engineer|Coordinator|Specialist/.test(t))).toBe(true);
    expect(titles.filter((t) => t === '').length).toBeGreaterThan(0);

    const deals = Array.from({ length: p.counts.deals }, (_, i) => p.materialize('deals', i).properties);
    const outcome = (d: Record<string, string>) => {
      const s = findStage(d['dealstage'] ?? '')?.stage;
      return s?.won ? 'won' : s?.isClosed ? 'lost' : 'open';
    };
    for (const pipeline of DEAL_PIPELINES) {
      const inPipeline = deals.filter((d) => d['pipeline'] === pipeline.id);
      expect(new Set(inPipeline.map(outcome))).toEqual(new Set(['won', 'lost', 'open']));
    }
    const amounts = deals.map((d) => Number(d['amount'])).filter((a) => Number.isFinite(a) && a > 0).sort((a, b) => a - b);
    const median = amounts[Math.floor(amounts.length / 2)] as number;
    expect((amounts[amounts.length - 1] as number) / median).toBeGreaterThan(20); // long tail
    expect(deals.some((d) => d['hs_arr'])).toBe(true);

    const meetings = Array.from({ length: p.counts.meetings }, (_, i) => p.materialize('meetings', i).properties);
    const qbrs = meetings.filter((m) => /qbr|quarterly business review|business review/i.test(m['hs_meeting_title'] ?? ''));
    expect(qbrs.length / meetings.length).toBeGreaterThan(0.04);
    expect(qbrs.length / meetings.length).toBeLessThan(0.12);
    const calls = Array.from({ length: 2000 }, (_, i) => p.materialize('calls', i).properties['hs_call_status']);
    expect(new Set(calls)).toEqual(new Set(['COMPLETED', 'NO_ANSWER', 'BUSY', 'FAILED', 'CANCELED', 'CONNECTING']));
  });

  it('when generating M, then owners hold unequal portfolios and some hold more than 25 strategic (ICP tier 1) accounts', () => {
    const p = portfolioM();
    const total = new Map<number, number>();
    const strategic = new Map<number, number>();
    for (let i = 0; i < p.counts.companies; i++) {
      const o = p.companyOwner[i] as number;
      total.set(o, (total.get(o) ?? 0) + 1);
      if (p.materialize('companies', i).properties['hs_ideal_customer_profile'] === 'tier_1') strategic.set(o, (strategic.get(o) ?? 0) + 1);
    }
    const owned = [...total.entries()].filter(([o]) => o >= 0).map(([, n]) => n);
    expect(Math.max(...owned)).toBeGreaterThan(3 * Math.min(...owned));
    expect([...strategic.entries()].filter(([o, n]) => o >= 0 && n > 25).length).toBeGreaterThan(0);
    expect(total.get(-1)).toBeGreaterThan(0); // unowned companies
  });

  it('when generating M, then bad data is sprinkled in: null and junk amounts, junk revenue, emoji and empty names, orphan associations', () => {
    const p = portfolioM();
    const companies = Array.from({ length: p.counts.companies }, (_, i) => p.materialize('companies', i).properties);
    expect(companies.some((c) => c['annualrevenue'] === 'n/a')).toBe(true);
    expect(companies.some((c) => c['annualrevenue'] === undefined)).toBe(true);
    expect(companies.some((c) => /\p{Extended_Pictographic}/u.test(c['name'] ?? ''))).toBe(true);
    expect(companies.some((c) => c['name'] === '')).toBe(true);
    const deals = Array.from({ length: p.counts.deals }, (_, i) => p.materialize('deals', i).properties);
    expect(deals.some((d) => d['amount'] === undefined)).toBe(true);
    expect(deals.some((d) => d['amount'] !== undefined && d['amount'] !== '' && Number.isNaN(Number(d['amount'])))).toBe(true);
    expect(deals.some((d) => d['dealname'] === '')).toBe(true);
    const store = new SandboxStore(p);
    const [orphanCompany, orphanIds] = [...p.orphanContacts.entries()][0] as [number, number[]];
    const listed = store.associations('companies', String(ID_BASE.companies + orphanCompany + 1), 'contacts').map((a) => a.toObjectId);
    expect(listed).toContain(String(orphanIds[0]));
    expect(store.get('contacts', String(orphanIds[0]))).toBeUndefined();
    expect(p.archivedDeals.size).toBeGreaterThan(0);
  });

  it('when reading a company’s activity roll-ups, then they agree with its engagements', () => {
    const p = generatePortfolio({ size: 'S', seed: 42, asOf });
    const store = new SandboxStore(p);
    for (const company of store.list('companies')) {
      const latest = (types: readonly string[], pred: (props: Record<string, string>) => boolean) => {
        let best: number | undefined;
        for (const t of types as readonly ('calls' | 'emails' | 'meetings' | 'notes')[]) {
          for (const a of store.associations('companies', company.id, t)) {
            const props = store.get(t, a.toObjectId)?.properties ?? {};
            const ts = Date.parse(props['hs_timestamp'] ?? '');
            if (ts <= asOf.getTime() && pred(props) && (best === undefined || ts > best)) best = ts;
          }
        }
        return best === undefined ? undefined : new Date(best).toISOString();
      };
      const touch = (pp: Record<string, string>) =>
        pp['hs_call_status'] === 'COMPLETED' || pp['hs_meeting_outcome'] === 'COMPLETED' || pp['hs_email_status'] === 'SENT' || pp['hs_email_direction'] === 'INCOMING_EMAIL';
      expect(company.properties['notes_last_contacted']).toBe(latest(['calls', 'emails', 'meetings'], touch));
      expect(company.properties['hs_last_logged_call_date']).toBe(latest(['calls'], () => true));
      expect(company.properties['hs_last_sales_activity_timestamp']).toBe(latest(['calls', 'emails', 'meetings', 'notes'], () => true));
    }
  });
});
