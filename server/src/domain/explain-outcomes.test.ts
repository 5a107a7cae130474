import { aDeal, anAccount, anOpenDeal, daysAgo, daysFromNow, TEST_NOW } from '../../../test/factories/accounts';
import { explainOutcomes } from './explain-outcomes';
import { scoreAccountWithOutcomes } from './score-with-outcomes';
import { DEFAULT_SCORING_MODEL } from './scoring-model';
import type { AccountInput, Product } from './types';

const products: Product[] = [{ id: 'p1', name: 'Analytics add-on', price: 1_500, billingFrequency: 'monthly' }];
const input: AccountInput = {
  ...anAccount({
    company: { industry: 'RETAIL', annualRevenue: 100_000_000 },
    deals: [
      aDeal({ amount: 50_000, closeDate: daysAgo(400), recurring: true, lineItems: [] }),
      aDeal({ amount: 60_000, closeDate: daysAgo(30), recurring: true, lineItems: [] }),
      anOpenDeal({ closeDate: daysFromNow(20), dealType: 'renewal' }),
    ],
  }),
  feedback: [{ id: 'f', kind: 'NPS', score: 4, submittedAt: daysAgo(10), contactId: 'c' }],
};

describe('keyline explain: outcomes', () => {
  it('when an account has outcomes, then explain states retention, renewal risk with its reasons, surveys and the wallet', () => {
    const text = explainOutcomes(scoreAccountWithOutcomes(input, DEFAULT_SCORING_MODEL, TEST_NOW, products).outcomes!);
    expect(text).toContain('Retention: recurring $60k in the last 12 months, $50k the 12 before: expanded; GRR 100%, NRR 120%.');
    expect(text).toMatch(/Renewal: \d{4}-\d\d-\d\d \(renewal deal\), risk high: NPS detractor \(4\); single-threaded/);
    expect(text).toContain('NPS: -100 from 1 answer; latest 4 on');
    expect(text).toContain('CSAT: no answers in the window');
    // Wallet: $100M × 0.001 (RETAIL) = $100k; spend $60k → 60%, headroom $40k.
    expect(text).toContain('Share of wallet: 60% — spend $60k of $100k (estimated from annual revenue); headroom $40k.');
    expect(text).toContain('Not bought yet: Analytics add-on ($18k a year).');
  });

  it('when the wallet is unknown, then explain says so and what would make it known, not 0%', () => {
    const text = explainOutcomes(scoreAccountWithOutcomes(anAccount(), DEFAULT_SCORING_MODEL, TEST_NOW).outcomes!);
    expect(text).toContain('Share of wallet: unknown (spend $0; set keyline_wallet_size, or annual revenue for an estimate).');
    expect(text).toContain('Renewal: none known');
    expect(text).toContain('GRR/NRR not applicable');
  });
});
