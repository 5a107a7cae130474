import { aKpiGroup, aPortfolioKpisView } from '../../../extensions/test-support/kpi-view-fixtures';
import { aPortfolioView } from '../../../extensions/test-support/portfolio-view-fixtures';
import { noKpisView } from '@keyline/contract/kpi-view';
import { formatReport } from './format-report';

describe('the report\'s Outcomes section', () => {
  it('when KPIs are recorded, then each tier, the total and each owner (by name) read as percentages, money and points', () => {
    const text = formatReport(aPortfolioView(), null);
    expect(text).toContain('Outcomes (2026-11, trailing 12 months against the 12 before)');
    expect(text).toMatch(/Tier 1 · Strategic\s+97\.0%\s+121\.0%/);
    expect(text).toMatch(/Tier 3 · Maintain\s+81\.0%\s+84\.0%\s+\$48k\s+—/); // no NPS answers: a dash, not 0
    expect(text).toMatch(/All accounts\s+92\.0%\s+108\.0%\s+\$48k\s+31\.5\s+82\.0\s+\$120k\s+40\.0%\s+2\s+27\.0%/);
    expect(text).toContain('Samples: 120 accounts: 35 with prior recurring revenue, 120 NPS and 60 CSAT answers, 10 upsell deals closed, 22 known wallets');
    expect(text).toMatch(/Priya Raman \(40\)\s+92\.0%/);
  });

  it('when more than 6 months are recorded, then the trend shows the last 6, oldest first', () => {
    const history = ['05', '06', '07', '08', '09', '10', '11'].map((m, i) => ({ month: `2026-${m}`, total: aKpiGroup({ nrr: 1 + i / 100 }), byTier: [] }));
    const text = formatReport(aPortfolioView({ kpis: aPortfolioKpisView({ history }) }), null);
    expect(text).toContain('Trend (last 6 months recorded)');
    expect(text).not.toMatch(/^ {2}2026-05/m);
    expect(text).toMatch(/^ {2}2026-06\s+92\.0%\s+101\.0%/m);
    expect(text).toMatch(/^ {2}2026-11\s+92\.0%\s+106\.0%/m);
  });

  it('when no sync has recorded KPIs yet, then the section says when they come instead of showing zeros', () => {
    const text = formatReport(aPortfolioView({ kpis: noKpisView() }), null);
    expect(text).toContain('Outcomes\n  none yet: the outcome KPIs are recorded at the end of each completed sync');
  });
});
