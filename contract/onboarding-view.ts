/**
 * A new customer's onboarding in the account view (issue #16, part 3): the checklist Keyline follows after the first
 * won deal — each item with its due date and whether it is done (by evidence seen in HubSpot, or by the person who
 * completed its task), open or overdue. Absent when the account is not onboarding.
 */
import { z } from 'zod';

const isoDate = z.string().datetime({ offset: true });

/** The gap key of an onboarding item, `onboarding:<item key>` (the model's item keys: lower-case, digits, _). */
export const ONBOARDING_GAP_KEY = /^onboarding:[a-z][a-z0-9_]{0,39}$/;

export const ONBOARDING_ITEM_STATES = ['done', 'open', 'overdue'] as const;

export const onboardingItemViewSchema = z.object({
  key: z.string(),
  label: z.string(),
  dueAt: isoDate,
  state: z.enum(ONBOARDING_ITEM_STATES),
  /** When it was done, and how: a held meeting seen in HubSpot (`evidence`) or the person's task completed. */
  doneAt: isoDate.nullable(),
  doneBy: z.enum(['evidence', 'person']).nullable(),
  /** Keyline cannot see it done in HubSpot: the person completes its task. */
  manual: z.boolean(),
  /** Its task was deleted in HubSpot: Keyline does not make it again. */
  taskDeleted: z.boolean(),
});
export type OnboardingItemView = z.infer<typeof onboardingItemViewSchema>;

export const onboardingViewSchema = z.object({
  /** The first won deal's close date: the customer is new since then. */
  wonAt: isoDate,
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  overdue: z.number().int().min(0),
  items: z.array(onboardingItemViewSchema),
});
export type OnboardingView = z.infer<typeof onboardingViewSchema>;

/** One owner's new customers in onboarding, in the portfolio view. */
export const onboardingOwnerViewSchema = z.object({
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  customers: z.number().int().min(0),
  done: z.number().int().min(0),
  open: z.number().int().min(0),
  overdue: z.number().int().min(0),
  /** Items whose task waits for the owner's daily onboarding allowance (created on a later night). */
  waiting: z.number().int().min(0),
});

/** A new customer in onboarding, in the portfolio view. */
export const onboardingCustomerViewSchema = z.object({
  companyId: z.string(),
  companyName: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  wonAt: isoDate,
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  overdue: z.number().int().min(0),
});

/**
 * The portfolio's onboarding (`GET /api/v1/portfolio`, `keyline report`): new customers in onboarding, their items
 * done, open (not yet due) and overdue, per owner, and the tasks waiting for the onboarding allowance.
 */
export const portfolioOnboardingViewSchema = z.object({
  customers: z.number().int().min(0),
  items: z.object({ done: z.number().int().min(0), open: z.number().int().min(0), overdue: z.number().int().min(0) }),
  waiting: z.number().int().min(0),
  owners: z.array(onboardingOwnerViewSchema),
  /** The customers with the most overdue items first (at most 100; `customers` is the full count). */
  accounts: z.array(onboardingCustomerViewSchema),
});
export type PortfolioOnboardingView = z.infer<typeof portfolioOnboardingViewSchema>;
