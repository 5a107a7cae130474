import fc from 'fast-check';
import { TEST_NOW } from '../../../test/factories/accounts';
import { applyCapacityPolicy } from './apply-capacity';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL, parseScoringModel, type ScoringModel } from './scoring-model';
import { BUYING_ROLES, TIERS, type AccountInput, type Activity, type Contact, type Deal, type Tier } from './types';

const DAY_MS = 86_400_000;
const RUNS = { numRuns: 300 };

const date = (days: number) => new Date(TEST_NOW.getTime() - days * DAY_MS);
const arbDate = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -30, max: 800 }).map(date) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constant(new Date(Number.NaN)) },
);
const arbAmount = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 500_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, -1, Number.NaN) },
);
const arbTier = fc.constantFrom<Tier | null>(...TIERS, null);

const arbDeal: fc.Arbitrary<Deal> = fc.record({
  id: fc.string({ maxLength: 4 }),
  amount: arbAmount,
  status: fc.constantFrom('won', 'lost', 'open'),
  closeDate: arbDate,
  probability: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(null, 2, Number.NaN)),
});

const arbContact: fc.Arbitrary<Contact> = fc.record({
  id: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'),
  firstName: fc.option(fc.string({ maxLength: 6 })),
  lastName: fc.option(fc.string({ maxLength: 6 })),
  jobTitle: fc.option(fc.constantFrom('CEO', 'VP Sales', 'Head of IT', 'Engineer', '', 'CFO', 'Team Lead')),
  buyingRoles: fc.subarray([...BUYING_ROLES], { maxLength: 3 }),
  associationLabels: fc.subarray(['Decision maker', 'Champion', 'Friend', ''], { maxLength: 2 }),
  lastContactedAt: arbDate,
});

const arbActivity: fc.Arbitrary<Activity> = fc.record({
  id: fc.string({ maxLength: 3 }),
  kind: fc.constantFrom('call', 'email', 'meeting', 'note', 'task'),
  occurredAt: arbDate,
  status: fc.constantFrom(null, 'COMPLETED', 'SENT', 'CANCELED', 'NO_SHOW', 'BOUNCED', 'NO_ANSWER', 'SCHEDULED'),
  direction: fc.constantFrom(null, 'EMAIL', 'INCOMING_EMAIL', 'DRAFT_EMAIL', 'OUTBOUND'),
  title: fc.constantFrom(null, 'QBR', 'Weekly sync', 'Quarterly Business Review', ''),
  activityType: fc.constantFrom(null, 'QBR', 'Demo'),
  contactIds: fc.subarray(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']),
});

const arbAccount: fc.Arbitrary<AccountInput> = fc.record({
  company: fc.record({
    id: fc.constant('1001'),
    name: fc.option(fc.string({ maxLength: 8 })),
    ownerId: fc.option(fc.constantFrom('o1', 'o2', '')),
    annualRevenue: fc.oneof(fc.integer({ min: 1, max: 3_000_000_000 }), fc.constantFrom(null, 0, -1, Number.NaN)),
    employees: fc.constant(null),
    industry: fc.option(fc.constantFrom('Software', 'Retail', '', 'n/a')),
    country: fc.option(fc.constantFrom('US', 'France', '')),
    type: fc.option(fc.constantFrom('PARTNER', 'CUSTOMER', '')),
    icpTier: arbTier,
    createdAt: arbDate,
    lastContactedAt: arbDate,
    lastSalesActivityAt: arbDate,
    lastLoggedCallAt: arbDate,
    lastBookedMeetingAt: arbDate,
    stored: fc.record({ tier: arbTier, override: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arbTier }) }),
  }),
  deals: fc.array(arbDeal, { maxLength: 6 }),
  contacts: fc.array(arbContact, { maxLength: 6 }),
  activities: fc.array(arbActivity, { maxLength: 12 }),
});

const arbModel: fc.Arbitrary<ScoringModel> = fc
  .record({
    weights: fc.record({
      recurring_revenue: fc.integer({ min: 0, max: 50 }),
      growth_pipeline: fc.integer({ min: 0, max: 50 }),
      revenue_growth: fc.integer({ min: 0, max: 50 }),
      product_fit: fc.integer({ min: 0, max: 50 }),
      geo_focus: fc.integer({ min: 0, max: 50 }),
      partner_potential: fc.integer({ min: 0, max: 50 }),
      financial_size: fc.integer({ min: 0, max: 50 }),
      relationship: fc.integer({ min: 1, max: 50 }),
      engagement_recency: fc.integer({ min: 0, max: 50 }),
    }),
    focus_countries: fc.constantFrom([], ['US']),
    target_industries: fc.constantFrom([], ['Software']),
  })
  .map((input) => {
    const parsed = parseScoringModel(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.model;
  });

const TIER_RANK: Record<Tier, number> = { tier_3: 0, tier_2: 1, tier_1: 2 };

describe('scoring invariants (property-based)', () => {
  it('when any account is scored under any model, then the score is within 0–100 and contributions add up to it exactly', () => {
    fc.assert(
      fc.property(arbAccount, arbModel, (account, model) => {
        const { score, criteria } = scoreAccount(account, model, TEST_NOW).tier;
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        const tenths = criteria.map((c) => Math.round(c.contribution * 10));
        criteria.forEach((c, i) => expect(Math.abs(c.contribution * 10 - (tenths[i] ?? 0))).toBeLessThan(1e-9));
        expect(tenths.reduce((a, b) => a + b, 0)).toBe(Math.round(score * 10));
        expect(Math.abs(criteria.reduce((s, c) => s + c.contribution, 0) - score)).toBeLessThan(1e-9);
        expect(Math.abs(criteria.reduce((s, c) => s + c.weight, 0) - 100)).toBeLessThanOrEqual(0.5);
      }),
      RUNS,
    );
  });

  it('when an account is re-scored with its own tier as the previous tier, then the tier does not change', () => {
    fc.assert(
      fc.property(arbAccount, arbModel, (account, model) => {
        const first = scoreAccount(account, model, TEST_NOW);
        const again = scoreAccount({ ...account, company: { ...account.company, stored: { tier: first.tier.computedTier, override: account.company.stored.override } } }, model, TEST_NOW);
        expect(again.tier.computedTier).toBe(first.tier.computedTier);
        expect(again.tier.score).toBe(first.tier.score);
      }),
      RUNS,
    );
  });

  it('when two accounts share a previous tier, then the higher score never gets the lower tier', () => {
    const m = parseScoringModel({
      weights: { recurring_revenue: 0, growth_pipeline: 0, revenue_growth: 0, product_fit: 0, financial_size: 1, relationship: 0, engagement_recency: 0 },
      anchors: { financial_size: [{ value: 0, points: 0 }, { value: 100, points: 100 }] },
    });
    if (!m.ok) throw new Error('invalid');
    const at = (score: number, tier: Tier | null) =>
      scoreAccount({ company: { ...arbitraryCompany(), annualRevenue: score, stored: { tier, override: null } }, deals: [], contacts: [], activities: [] }, m.model, TEST_NOW).tier.computedTier;
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), arbTier, (a, b, previous) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(TIER_RANK[at(low, previous)]).toBeLessThanOrEqual(TIER_RANK[at(high, previous)]);
      }),
      RUNS,
    );
  });

  describe('raising one criterion never lowers the score', () => {
    const scoreOf = (account: AccountInput, model: ScoringModel) => scoreAccount(account, model, TEST_NOW).tier.score;
    const arbRaise = fc.integer({ min: 1, max: 300_000 });

    it('when a trailing won deal grows, then the score does not fall', () => {
      fc.assert(
        fc.property(arbAccount, arbModel, arbRaise, fc.integer({ min: 0, max: 360 }), (account, model, raise, age) => {
          const deal: Deal = { id: 'raise', amount: 1_000, status: 'won', closeDate: date(age), probability: 1 };
          const before = { ...account, deals: [...account.deals, deal] };
          const after = { ...account, deals: [...account.deals, { ...deal, amount: 1_000 + raise }] };
          expect(scoreOf(after, model)).toBeGreaterThanOrEqual(scoreOf(before, model));
        }),
        RUNS,
      );
    });

    it('when an open deal grows or becomes likelier, then the score does not fall', () => {
      fc.assert(
        fc.property(arbAccount, arbModel, arbRaise, fc.double({ min: 0, max: 0.5, noNaN: true }), (account, model, raise, p) => {
          const deal: Deal = { id: 'raise', amount: 5_000, status: 'open', closeDate: date(-30), probability: p };
          const before = { ...account, deals: [...account.deals, deal] };
          const bigger = { ...account, deals: [...account.deals, { ...deal, amount: 5_000 + raise }] };
          const likelier = { ...account, deals: [...account.deals, { ...deal, probability: p + 0.5 }] };
          expect(scoreOf(bigger, model)).toBeGreaterThanOrEqual(scoreOf(before, model));
          expect(scoreOf(likelier, model)).toBeGreaterThanOrEqual(scoreOf(before, model));
        }),
        RUNS,
      );
    });

    it('when the customer is bigger, then the score does not fall', () => {
      fc.assert(
        fc.property(arbAccount, arbModel, fc.integer({ min: 1, max: 2_000_000_000 }), arbRaise, (account, model, size, raise) => {
          const at = (annualRevenue: number) => ({ ...account, company: { ...account.company, annualRevenue } });
          expect(scoreOf(at(size + raise), model)).toBeGreaterThanOrEqual(scoreOf(at(size), model));
        }),
        RUNS,
      );
    });

    it('when the ICP tier is better, then the score does not fall', () => {
      fc.assert(
        fc.property(arbAccount, arbModel, (account, model) => {
          const at = (icpTier: Tier) => ({ ...account, company: { ...account.company, icpTier } });
          expect(scoreOf(at('tier_2'), model)).toBeGreaterThanOrEqual(scoreOf(at('tier_3'), model));
          expect(scoreOf(at('tier_1'), model)).toBeGreaterThanOrEqual(scoreOf(at('tier_2'), model));
        }),
        RUNS,
      );
    });

    it('when the account was touched more recently, then the score does not fall', () => {
      fc.assert(
        fc.property(arbAccount, arbModel, fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 364 }), (account, model, a, b) => {
          const touch = (days: number): Activity => ({ id: 'recent', kind: 'call', occurredAt: date(days), status: 'COMPLETED', direction: null, title: null, activityType: null, contactIds: [] });
          const [recent, older] = a <= b ? [a, b] : [b, a];
          const withTouch = (days: number) => ({ ...account, activities: [...account.activities, touch(days)] });
          expect(scoreOf(withTouch(recent), model)).toBeGreaterThanOrEqual(scoreOf(withTouch(older), model));
        }),
        RUNS,
      );
    });

    it('when one more stakeholder is engaged, then the score does not fall', () => {
      fc.assert(
        fc.property(arbAccount, arbModel, fc.subarray([...BUYING_ROLES], { maxLength: 2 }), fc.constantFrom('CEO', 'Director', 'Analyst'), (account, model, roles, jobTitle) => {
          const contact: Contact = { id: 'new-1', firstName: 'N', lastName: 'W', jobTitle, buyingRoles: roles, associationLabels: [], lastContactedAt: null };
          const touch: Activity = { id: 'new-touch', kind: 'email', occurredAt: date(1), status: 'SENT', direction: 'EMAIL', title: null, activityType: null, contactIds: ['new-1'] };
          const known = { ...account, contacts: [...account.contacts, contact], activities: [...account.activities, { ...touch, contactIds: [] }] };
          const engaged = { ...account, contacts: [...account.contacts, contact], activities: [...account.activities, touch] };
          expect(scoreOf(engaged, model)).toBeGreaterThanOrEqual(scoreOf(known, model));
        }),
        RUNS,
      );
    });
  });

  it('when the capacity policy runs over any portfolio, then no owner keeps more non-override tier-1 accounts than the cap', () => {
    const cap = parseScoringModel({ capacity: { policy: 'cap', max: 2, min: 0 } });
    if (!cap.ok) throw new Error('invalid');
    fc.assert(
      fc.property(fc.array(arbAccount, { maxLength: 8 }), (accounts) => {
        const results = applyCapacityPolicy(
          accounts.map((a, i) => scoreAccount({ ...a, company: { ...a.company, id: String(i) } }, cap.model, TEST_NOW)),
          cap.model,
        );
        const perOwner = new Map<string, number>();
        for (const r of results) {
          if (r.ownerId !== null && r.tier.tier === 'tier_1' && r.tier.override === null) perOwner.set(r.ownerId, (perOwner.get(r.ownerId) ?? 0) + 1);
        }
        for (const count of perOwner.values()) expect(count).toBeLessThanOrEqual(2);
      }),
      { numRuns: 100 },
    );
  });
});

function arbitraryCompany(): AccountInput['company'] {
  return {
    id: 'x', name: 'X', ownerId: null, annualRevenue: null, employees: null, industry: null, country: null, type: null, icpTier: null,
    createdAt: null, lastContactedAt: null, lastSalesActivityAt: null, lastLoggedCallAt: null, lastBookedMeetingAt: null,
    stored: { tier: null, override: null },
  };
}

describe('the default model', () => {
  it('when used as is, then it is the model the properties hold for too', () => {
    fc.assert(
      fc.property(arbAccount, (account) => {
        const { score } = scoreAccount(account, DEFAULT_SCORING_MODEL, TEST_NOW).tier;
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
      }),
      RUNS,
    );
  });
});
