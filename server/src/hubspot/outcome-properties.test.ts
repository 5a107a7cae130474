/**
 * The outcome properties Keyline writes on companies (issue #15): their values, and that a HubSpot portal (the sandbox,
 * with the definitions `keyline setup` creates) takes them.
 */
import { call } from '../../../test/contract/sandbox-http';
import { aDeal, anAccount, anOpenDeal, daysAgo, TEST_NOW } from '../../../test/factories/accounts';
import { startSandbox, type Sandbox } from '../../../sandbox';
import { DEFAULT_SCORING_MODEL, scoreAccount, scoreAccountWithOutcomes } from '../domain';
import type { AccountInput } from '../domain/types';
import { KEYLINE_PROPERTIES, PROPERTY_GROUP } from './keyline-properties';
import { toCompanyProperties } from './to-company-properties';

// Prior recurring 80,000; trailing recurring 60,000 + one-off 12,345.67. Wallet 200,000 (set). Renewal deal in 60 days.
const input: AccountInput = {
  ...anAccount({
    company: { walletSize: 200_000 },
    deals: [
      aDeal({ amount: 80_000, closeDate: daysAgo(500), recurring: true }),
      aDeal({ amount: 60_000, closeDate: daysAgo(100), recurring: true }),
      aDeal({ amount: 12_345.67, closeDate: daysAgo(50), recurring: false }),
      anOpenDeal({ closeDate: new Date('2026-08-14T15:30:00Z'), dealType: 'renewal' }),
    ],
  }),
  feedback: [
    { id: 'f1', kind: 'NPS', score: 3, submittedAt: daysAgo(40), contactId: 'c1' },
    { id: 'f2', kind: 'NPS', score: 8, submittedAt: daysAgo(90), contactId: 'c2' },
  ],
};

describe('outcome properties', () => {
  it('when an account has outcomes, then the properties carry them: money to the cent, rates as percentages, the renewal as a day', () => {
    const values = toCompanyProperties(scoreAccountWithOutcomes(input, DEFAULT_SCORING_MODEL, TEST_NOW));
    expect(values).toMatchObject({
      keyline_trailing_revenue: '72345.67', // 60,000 + 12,345.67
      keyline_grr: '75', // 60,000 / 80,000
      keyline_nrr: '75',
      keyline_share_of_wallet: '36.2', // 72,345.67 / 200,000 = 0.3617 → 36.2 %
      keyline_wallet_headroom: '127654.33', // 200,000 − 72,345.67
      keyline_last_nps: '3',
      keyline_renewal_date: '2026-08-14',
    });
    // Within 120 days: NRR 75 % (2 points), an NPS detractor (2), nobody engaged (single-threaded, 2), never touched (2).
    expect(values.keyline_renewal_risk).toBe('high');
  });

  it('when a result was stored before outcomes existed, then the outcome properties are empty (nothing to write)', () => {
    const values = toCompanyProperties(scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW));
    for (const name of ['keyline_trailing_revenue', 'keyline_grr', 'keyline_nrr', 'keyline_share_of_wallet', 'keyline_wallet_headroom', 'keyline_last_nps', 'keyline_renewal_date', 'keyline_renewal_risk'] as const) {
      expect([name, values[name]]).toEqual([name, '']);
    }
  });

  it('when a junk deal amount makes a figure absurd, then the property is left empty rather than written as 1e+25', () => {
    const junk: AccountInput = { ...input, deals: [aDeal({ amount: 1e25, closeDate: daysAgo(10), recurring: true })] };
    const values = toCompanyProperties(scoreAccountWithOutcomes(junk, DEFAULT_SCORING_MODEL, TEST_NOW));
    expect(values.keyline_trailing_revenue).toBe('');
    expect(values.keyline_share_of_wallet).toBe('100'); // clamped to 1
    expect(values.keyline_wallet_headroom).toBe('0');
  });

  describe('in a portal', () => {
    let sb: Sandbox;
    beforeAll(async () => {
      sb = await startSandbox({ size: 'XS', asOf: TEST_NOW, rateLimit: { burstPer10s: 100_000 } });
      await call(sb, 'POST', '/crm/properties/2026-09/companies/groups', { ...PROPERTY_GROUP });
      for (const p of KEYLINE_PROPERTIES) {
        const options = 'options' in p ? { options: p.options.map((o, i) => ({ ...o, displayOrder: i, hidden: false })) } : {};
        const body = { name: p.name, label: p.label, description: p.description, type: p.type, fieldType: p.fieldType, groupName: PROPERTY_GROUP.name, ...options };
        expect((await call(sb, 'POST', '/crm/properties/2026-09/companies', body)).status).toBe(201);
      }
    });
    afterAll(async () => {
      await sb.close();
    });

    it('when Keyline writes an account with outcomes, then HubSpot takes every value', async () => {
      const company = sb.store.list('companies')[0]!.id;
      const properties = toCompanyProperties(scoreAccountWithOutcomes(input, DEFAULT_SCORING_MODEL, TEST_NOW));
      const res = await call(sb, 'PATCH', `/crm/objects/2026-09/companies/${company}`, { properties });
      expect(res.status).toBe(200);
      expect(sb.store.get('companies', company)?.properties['keyline_renewal_risk']).toBe('high');
    });
  });
});
