import { aCompany, aContact, aDeal, anAccount, anActivity, anOpenDeal, aMeeting, daysAgo, daysFromNow, TEST_NOW } from '../../../test/factories/accounts';
import { explainAccount } from './explain-account';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL } from './scoring-model';
import type { AccountInput, Activity, BuyingRole, Company, Contact, Deal, DealStatus } from './types';

const score = (input: AccountInput) => scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW);
const criterion = (input: AccountInput, name: string) => score(input).tier.criteria.find((c) => c.criterion === name);

describe('junk input is handled deliberately', () => {
  it('when every company field is null or empty, then the account is scored, named by its id, with low confidence', () => {
    const company: Company = {
      ...aCompany(),
      id: '42',
      name: '  ',
      ownerId: '',
      industry: '',
      country: 'n/a',
      type: '',
      createdAt: null,
      stored: { tier: null, override: null },
    };
    const result = score({ company, deals: [aDeal({ amount: null })], contacts: [], activities: [] });
    expect(result).toMatchObject({ companyId: '42', companyName: 'Company 42', ownerId: null });
    expect(result.tier.confidence).toBe('low');
    expect(result.tier.score).toBeGreaterThanOrEqual(0);
    expect(() => explainAccount(result)).not.toThrow();
  });

  it('when the lists themselves are missing, then they count as empty', () => {
    const input = { company: aCompany(), deals: null, contacts: undefined, activities: null } as unknown as AccountInput;
    expect(score(input).tier.tier).toBe('tier_3');
  });

  it('when a deal amount is negative, NaN or infinite, then it is no data rather than a loss', () => {
    for (const amount of [-5_000, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(criterion(anAccount({ deals: [aDeal({ amount })] }), 'recurring_revenue')).toMatchObject({ hasData: false, points: 50 });
    }
  });

  it('when one won deal is junk and another is fine, then the good one counts', () => {
    expect(criterion(anAccount({ deals: [aDeal({ amount: -1 }), aDeal({ amount: 10_000 })] }), 'recurring_revenue')).toMatchObject({ value: 10_000, hasData: true });
  });

  it('when a won deal has no close date, then it cannot be placed in time and revenue is unknown', () => {
    expect(criterion(anAccount({ deals: [aDeal({ closeDate: null })] }), 'recurring_revenue')).toMatchObject({ hasData: false });
  });

  it('when a deal probability is null, above 1 or negative, then the deal is left out of the pipeline', () => {
    for (const probability of [null, 1.5, -0.2, Number.NaN]) {
      expect(criterion(anAccount({ deals: [anOpenDeal({ probability })] }), 'growth_pipeline')).toMatchObject({ hasData: false, value: null });
    }
  });

  it('when a deal status is unknown, then the deal is ignored', () => {
    const deal = aDeal({ status: 'pending' as DealStatus, amount: 99_000 });
    expect(criterion(anAccount({ deals: [deal] }), 'recurring_revenue')).toMatchObject({ value: 0, hasData: true });
  });

  it('when buying roles or labels contain unknown values, then those are dropped', () => {
    const contact = aContact({ id: 'a', buyingRoles: ['CHAMPION', 'WIZARD' as BuyingRole], associationLabels: ['', 'Best friend', 'champion'] });
    expect(score(anAccount({ contacts: [contact] })).coverage.stakeholders[0]?.roles).toEqual([{ role: 'CHAMPION', inferred: false }]);
  });

  it('when an ICP tier or stored tier is an unknown string, then it is treated as unknown', () => {
    const result = score(anAccount({ company: { icpTier: 'gold' as Company['icpTier'], stored: { tier: 'tier_9' as Company['stored']['tier'], override: null } } }));
    expect(result.tier.criteria.find((c) => c.criterion === 'product_fit')).toMatchObject({ hasData: false, points: 50 });
    expect(result.tier.previousTier).toBeNull();
  });

  it('when activities are in the future or have no date, then they are not touches', () => {
    const result = score(anAccount({ activities: [anActivity({ occurredAt: daysFromNow(1) }), anActivity({ occurredAt: null }), aMeeting({ occurredAt: new Date('garbage') })] }));
    expect(result.cadence.lastTouchAt).toBeNull();
    expect(result.cadence.channelMix).toEqual({ call: 0, email: 0, meeting: 0 });
  });

  it('when roll-up dates are in the future, then they are ignored', () => {
    const result = score({ ...anAccount(), company: aCompany({ lastContactedAt: daysFromNow(10), lastLoggedCallAt: daysFromNow(1) }) });
    expect(result.cadence.lastTouchAt).toBeNull();
  });

  it('when an activity kind is unknown or its contact list is missing, then it is handled', () => {
    const odd = { ...anActivity(), kind: 'sms' } as unknown as Activity;
    const noContacts = { ...anActivity({ occurredAt: daysAgo(4) }), contactIds: null } as unknown as Activity;
    const result = score(anAccount({ activities: [odd, noContacts] }));
    expect(result.cadence.channelMix).toEqual({ call: 1, email: 0, meeting: 0 });
  });

  it('when the same activity is listed twice, then it counts once', () => {
    const call = anActivity({ id: 'same' });
    expect(score(anAccount({ activities: [call, { ...call }] })).cadence.channelMix.call).toBe(1);
  });

  it('when a long activity list repeats activities, then each still counts once', () => {
    const calls = Array.from({ length: 60 }, (_, i) => anActivity({ id: `call-${i}`, occurredAt: daysAgo(1 + (i % 80)) }));
    const result = score(anAccount({ activities: [...calls, ...calls.slice(0, 5).map((c) => ({ ...c })), { ...calls[59]! }] }));
    expect(result.cadence.channelMix.call).toBe(60);
  });

  it('when two different activities share a timestamp, then both count', () => {
    const at = daysAgo(2);
    expect(score(anAccount({ activities: [anActivity({ id: 'x', occurredAt: at }), anActivity({ id: 'y', occurredAt: at })] })).cadence.channelMix.call).toBe(2);
  });

  it('when the same contact is listed twice, then it is one stakeholder', () => {
    const contact = aContact({ id: 'dup' });
    const result = score(anAccount({ contacts: [contact, { ...contact }], activities: [anActivity({ contactIds: ['dup'] })] }));
    expect(result.coverage.stakeholders).toHaveLength(1);
    expect(result.coverage.flags).toContain('single_threaded');
  });

  it('when a contact has no name, then it is called by its id', () => {
    expect(score(anAccount({ contacts: [aContact({ id: '77', firstName: null, lastName: '' })] })).coverage.stakeholders[0]?.name).toBe('Contact 77');
  });

  it('when lists contain null entries, then they are skipped', () => {
    const input = anAccount({
      deals: [null as unknown as Deal, aDeal({ amount: 10_000 })],
      contacts: [null as unknown as Contact],
      activities: [null as unknown as Activity, anActivity()],
    });
    const result = score(input);
    expect(result.tier.criteria[0]?.value).toBe(10_000);
    expect(result.cadence.channelMix.call).toBe(1);
  });
});
