/**
 * Small factories for Keyline's domain inputs. Each returns a plain, valid value; pass overrides for what the test is
 * about. Dates are relative to TEST_NOW so tests read as "3 days ago".
 *
 *   const account = anAccount({ deals: [aDeal({ amount: 120_000 })], contacts: [aContact({ buyingRoles: ['CHAMPION'] })] });
 *   scoreAccount(account, DEFAULT_SCORING_MODEL, TEST_NOW);
 */
import type { AccountInput, Activity, Company, Contact, Deal } from '../../server/src/domain/types';

export const TEST_NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY_MS = 86_400_000;

export function daysAgo(days: number, now: Date = TEST_NOW): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

export function daysFromNow(days: number, now: Date = TEST_NOW): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

let sequence = 0;
function nextId(prefix: string): string {
  sequence += 1;
  return `${prefix}-${sequence}`;
}

export function aCompany(overrides: Partial<Company> = {}): Company {
  return {
    id: '1001',
    name: 'Acme Corp',
    ownerId: 'owner-1',
    annualRevenue: null,
    employees: null,
    industry: null,
    country: null,
    type: null,
    icpTier: null,
    createdAt: daysAgo(730),
    lastContactedAt: null,
    lastSalesActivityAt: null,
    lastLoggedCallAt: null,
    lastBookedMeetingAt: null,
    stored: { tier: null, override: null },
    ...overrides,
  };
}

/** A won deal of $10k closed 30 days ago. */
export function aDeal(overrides: Partial<Deal> = {}): Deal {
  return {
    id: nextId('deal'),
    amount: 10_000,
    status: 'won',
    closeDate: daysAgo(30),
    probability: 1,
    ...overrides,
  };
}

/** An open deal: `amount` × `probability` is its weighted pipeline. */
export function anOpenDeal(overrides: Partial<Deal> = {}): Deal {
  return aDeal({ status: 'open', closeDate: daysFromNow(60), probability: 0.5, ...overrides });
}

export function aContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: nextId('contact'),
    firstName: 'Dana',
    lastName: 'Scully',
    jobTitle: null,
    buyingRoles: [],
    associationLabels: [],
    lastContactedAt: null,
    ...overrides,
  };
}

/** A completed call 3 days ago with no contact. */
export function anActivity(overrides: Partial<Activity> = {}): Activity {
  return {
    id: nextId('activity'),
    kind: 'call',
    occurredAt: daysAgo(3),
    status: 'COMPLETED',
    direction: 'OUTBOUND',
    title: null,
    activityType: null,
    contactIds: [],
    ...overrides,
  };
}

/** A held meeting (default 5 days ago). */
export function aMeeting(overrides: Partial<Activity> = {}): Activity {
  return anActivity({ kind: 'meeting', status: 'COMPLETED', direction: null, title: 'Weekly sync', occurredAt: daysAgo(5), ...overrides });
}

/** A sent email (default 2 days ago). */
export function anEmail(overrides: Partial<Activity> = {}): Activity {
  return anActivity({ kind: 'email', status: 'SENT', direction: 'EMAIL', title: 'Follow-up', occurredAt: daysAgo(2), ...overrides });
}

export interface AccountOverrides {
  company?: Partial<Company>;
  deals?: Deal[];
  contacts?: Contact[];
  activities?: Activity[];
}

/** An account with no deals, contacts or activities unless given. `company` overrides merge into aCompany(). */
export function anAccount(overrides: AccountOverrides = {}): AccountInput {
  return {
    company: aCompany(overrides.company),
    deals: overrides.deals ?? [],
    contacts: overrides.contacts ?? [],
    activities: overrides.activities ?? [],
  };
}

/**
 * A well-run strategic account: $300k trailing revenue, $200k weighted pipeline, ICP tier 1, three engaged
 * stakeholders covering decision maker, champion and executive sponsor at three levels, touched on three channels,
 * with a QBR last month. Scores well above the tier-1 threshold.
 */
export function aStrategicAccount(overrides: AccountOverrides = {}): AccountInput {
  const ceo = aContact({ id: 'c-ceo', firstName: 'Ada', lastName: 'Lovelace', jobTitle: 'CEO', buyingRoles: ['DECISION_MAKER', 'EXECUTIVE_SPONSOR'] });
  const champion = aContact({ id: 'c-champ', firstName: 'Grace', lastName: 'Hopper', jobTitle: 'Director of Operations', buyingRoles: ['CHAMPION'] });
  const user = aContact({ id: 'c-user', firstName: 'Alan', lastName: 'Turing', jobTitle: 'Analyst', buyingRoles: ['END_USER'] });
  return anAccount({
    deals: [aDeal({ amount: 300_000, closeDate: daysAgo(100) }), aDeal({ amount: 200_000, closeDate: daysAgo(400) }), anOpenDeal({ amount: 400_000, probability: 0.5 })],
    contacts: [ceo, champion, user],
    activities: [
      aMeeting({ title: 'Q2 QBR', occurredAt: daysAgo(20), contactIds: ['c-ceo', 'c-champ'] }),
      anActivity({ occurredAt: daysAgo(3), contactIds: ['c-champ'] }),
      anEmail({ occurredAt: daysAgo(2), contactIds: ['c-user', 'c-ceo'] }),
    ],
    ...overrides,
    company: { icpTier: 'tier_1', annualRevenue: 50_000_000, industry: 'Software', country: 'US', type: 'CUSTOMER', ...overrides.company },
  });
}
