/**
 * The newly won customers of the generated portfolio (issue #16, part 3): a first won deal in the last four weeks, no
 * earlier win, some kickoffs held after the win, a few junk close dates — and every other company as it was.
 */
import { DEAL_PIPELINES } from './deal-pipelines';
import { newCustomerOf, onboardingStats } from './generate-onboarding';
import { generatePortfolio, type Portfolio } from './generate-portfolio';

const asOf = new Date('2026-12-05T00:00:00Z');
const DAY = 86_400_000;
const WON = new Set(DEAL_PIPELINES.flatMap((pl) => pl.stages.filter((st) => st.won).map((st) => st.id)));
let m: Portfolio | undefined;
const portfolioM = (): Portfolio => (m ??= generatePortfolio({ size: 'M', seed: 42, asOf }));

function dealsOf(p: Portfolio, ci: number) {
  const out = [];
  for (let d = p.dealStart[ci] as number; d < (p.dealStart[ci + 1] as number); d++) out.push(p.materialize('deals', d).properties);
  return out;
}

describe('newly won customers (M)', () => {
  it('when M is generated, then about 3% of the other companies are new customers, a third with their kickoff held, a few with a junk close date', () => {
    expect(onboardingStats(portfolioM(), portfolioM().counts.companies)).toEqual({ newCustomers: 112, kickoffHeld: 34, junkCloseDate: 11 });
  });

  it('when a company is a new customer, then its only won deal closed in the last 28 days (or carries junk), and its kickoff meeting was held after the win', () => {
    const p = portfolioM();
    let kickoffs = 0;
    for (let ci = 0; ci < p.counts.companies; ci++) {
      const nc = newCustomerOf(p, ci);
      if (nc === null) continue;
      expect(p.companyStrategic[ci]).toBe(0);
      const won = dealsOf(p, ci).filter((d) => WON.has(d['dealstage'] ?? ''));
      expect(won).toHaveLength(1);
      const close = won[0]?.['closedate'] ?? '';
      if (nc.junkCloseDate) expect(close).toBe('ASAP');
      else expect(asOf.getTime() - Date.parse(close)).toBeLessThanOrEqual(29 * DAY);
      if (nc.kickoffAt === null) continue;
      const meeting = p.materialize('meetings', p.engagementStart.meetings[ci] as number).properties;
      expect(meeting['hs_meeting_title']).toMatch(/^Kickoff call — /);
      expect(meeting['hs_meeting_outcome']).toBe('COMPLETED');
      expect(Date.parse(meeting['hs_timestamp'] ?? '')).toBeGreaterThan(Date.parse(close));
      expect(Date.parse(meeting['hs_timestamp'] ?? '')).toBeLessThan(asOf.getTime());
      kickoffs += 1;
    }
    expect(kickoffs).toBe(34);
  });

  // That every other company keeps its records is checked against the records captured before (generate-outcomes.test.ts).
  it('when the portfolio is generated twice, then the same companies are new customers, with the same deals', () => {
    const again = generatePortfolio({ size: 'S', seed: 42, asOf });
    const first = generatePortfolio({ size: 'S', seed: 42, asOf });
    for (let ci = 0; ci < first.counts.companies; ci++) {
      expect(newCustomerOf(again, ci) === null).toBe(newCustomerOf(first, ci) === null);
      expect(dealsOf(again, ci)).toEqual(dealsOf(first, ci));
    }
  });
});
