/**
 * Small factories of account views for the card tests: a healthy Tier 2 account by default, changed per test.
 * Every view is parsed with the shared schema, so a fixture can never drift from the contract.
 */
import { accountViewSchema, type AccountView } from '@keyline/contract/account-view';

type TierView = AccountView['tier'];
type CoverageView = AccountView['coverage'];
type CadenceView = AccountView['cadence'];
type Stakeholder = CoverageView['stakeholders'][number];

export interface AccountViewOverrides extends Partial<Omit<AccountView, 'tier' | 'coverage' | 'cadence'>> {
  tier?: Partial<TierView>;
  coverage?: Partial<CoverageView>;
  cadence?: Partial<CadenceView>;
}

export function aStakeholder(overrides: Partial<Stakeholder> = {}): Stakeholder {
  return {
    contactId: '501',
    name: 'Dana Decider',
    jobTitle: 'VP Operations',
    roles: [{ role: 'DECISION_MAKER', inferred: false }],
    level: 'executive',
    levelInferred: false,
    engaged: true,
    lastTouchAt: '2026-11-10T09:00:00.000Z',
    ...overrides,
  };
}

const criteria: TierView['criteria'] = [
  { criterion: 'recurring_revenue', label: 'Recurring revenue', value: 48000, display: '$48k', points: 49, weight: 35, contribution: 17.2, hasData: true },
  { criterion: 'growth_pipeline', label: 'Growth pipeline', value: 30000, display: '$30k', points: 45, weight: 15, contribution: 6.75, hasData: true },
  { criterion: 'revenue_growth', label: 'Revenue growth', value: null, display: 'no data', points: 50, weight: 5, contribution: 2.5, hasData: false },
  { criterion: 'product_fit', label: 'Product fit', value: 'tier_2', display: 'ICP tier 2', points: 66, weight: 10, contribution: 6.6, hasData: true },
  { criterion: 'geo_focus', label: 'Geographic focus', value: null, display: 'no data', points: 50, weight: 0, contribution: 0, hasData: false },
  { criterion: 'financial_size', label: 'Financial size', value: 20000000, display: '$20M', points: 60, weight: 5, contribution: 3, hasData: true },
  { criterion: 'relationship', label: 'Relationship', value: 55, display: '55 / 100', points: 55, weight: 20, contribution: 11, hasData: true },
  { criterion: 'engagement_recency', label: 'Engagement recency', value: 12, display: '12 days', points: 100, weight: 10, contribution: 10, hasData: true },
];

export function anAccountView(overrides: AccountViewOverrides = {}): AccountView {
  const { tier, coverage, cadence, ...rest } = overrides;
  return accountViewSchema.parse({
    companyId: '123',
    companyName: 'Acme Corp',
    ownerId: '77',
    ownerName: 'Dana Whitfield',
    tier: {
      tier: 'tier_2',
      tierLabel: 'Tier 2 · Growth',
      computedTier: 'tier_2',
      override: null,
      previousTier: 'tier_2',
      score: 57,
      nearMiss: false,
      nextTier: 'tier_1',
      nextTierGap: 13,
      closeTheGap: [],
      confidence: 'high',
      reasons: 'Recurring revenue $48k (+17.2), relationship 55 (+11)',
      criteria,
      ownerOverCapacity: false,
      demotedByCapacity: false,
      ...tier,
    },
    coverage: {
      score: 55,
      requiredRoles: ['DECISION_MAKER', 'CHAMPION'],
      coveredRoles: ['DECISION_MAKER', 'CHAMPION'],
      missingRoles: [],
      engagedStakeholders: 2,
      engagedLevels: ['executive', 'management'],
      flags: [],
      darkChampionIds: [],
      stakeholders: [
        aStakeholder(),
        aStakeholder({
          contactId: '502',
          name: 'Chris Champion',
          jobTitle: 'Head of Logistics',
          roles: [{ role: 'CHAMPION', inferred: false }],
          level: 'management',
          lastTouchAt: '2026-11-01T09:00:00.000Z',
        }),
      ],
      ...coverage,
    },
    cadence: {
      status: 'on_track',
      lastTouchAt: '2026-11-10T09:00:00.000Z',
      lastQbrAt: null,
      nextTouchDue: '2026-12-10T09:00:00.000Z',
      rules: [
        { rule: 'touch', intervalDays: 30, last: '2026-11-10T09:00:00.000Z', due: '2026-12-10T09:00:00.000Z', status: 'on_track' },
        { rule: 'meeting', intervalDays: 90, last: '2026-10-01T09:00:00.000Z', due: '2026-12-30T09:00:00.000Z', status: 'on_track' },
        { rule: 'channels', intervalDays: 90, last: null, due: null, status: 'on_track', channelsUsed: 2, channelsRequired: 1 },
      ],
      channelMix: { call: 3, email: 7, meeting: 1 },
      ...cadence,
    },
    openTasks: [],
    tierHistory: [
      { at: '2026-09-01T02:00:00.000Z', tier: 'tier_3', score: 41 },
      { at: '2026-10-01T02:00:00.000Z', tier: 'tier_2', score: 52 },
      { at: '2026-11-01T02:00:00.000Z', tier: 'tier_2', score: 57 },
    ],
    modelVersion: 'm-0123456789ab',
    computedAt: '2026-11-22T02:00:00.000Z',
    ...rest,
  });
}

/** A tier-1 plan saved from the card, current until its review (issue #16). */
export function aPlanView(overrides: Partial<NonNullable<AccountView['plan']>> = {}): NonNullable<AccountView['plan']> {
  return {
    objectives: 'Roll out to the EMEA sites',
    currentIssues: 'Slow support answers',
    upsellPlan: 'Analytics add-on in Q2',
    nextReviewDate: '2027-02-15',
    needed: true,
    status: 'current',
    reviewDueAt: '2027-02-15T00:00:00.000Z',
    reason: 'Next review on 2027-02-15 (next review date).',
    lastSavedAt: '2026-11-15T10:00:00.000Z',
    ...overrides,
  };
}

/** The account's share of its owner's time: 65% of Dana's time for 100% of her book's value, Ben helping (issue #16). */
export function anAttentionView(overrides: Partial<NonNullable<AccountView['attention']>> = {}): NonNullable<AccountView['attention']> {
  return {
    measuredAt: '2026-11-22T02:00:00.000Z',
    windowDays: 90,
    ownerId: '77',
    ownerName: 'Dana Whitfield',
    attentionShare: 0.65,
    valueShare: 1,
    ownerMinutes: 65,
    ownerTouches: 2,
    ownerTotalMinutes: 100,
    ownerHoursPerWeek: 0.13,
    capacityHoursPerWeek: 20,
    ownerTier1Count: 1,
    ownerTier1Max: 25,
    ownerOverCapacity: false,
    ownerDeparted: false,
    accountMinutes: 95,
    accountHoursPerWeek: 0.12,
    others: [{ personId: '102', name: 'Ben Ode', minutes: 30, touches: 1 }],
    service: 'balanced',
    reason: null,
    confidence: 'high',
    ...overrides,
  };
}
