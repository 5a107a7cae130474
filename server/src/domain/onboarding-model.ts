/**
 * The model's `onboarding` and `plans` sections (issue #16, parts 3 and 4), kept out of scoring-model.ts so that
 * file only gains one line per section. Every setting has a default, so stored models without them still parse.
 */
import { z } from 'zod';
import { TIERS } from './types';

const days = z
  .number({ error: 'must be a number of days' })
  .int('must be a whole number of days')
  .min(0, 'must be 0 or more')
  .max(3650, 'must be at most 3650 days');

const word = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(100, 'is too long');

/** What closes an onboarding item when it can be seen in HubSpot; `none`: the person closes it. */
export const ONBOARDING_EVIDENCE = ['held_meeting', 'titled_meeting', 'review_meeting', 'none'] as const;
export type OnboardingEvidence = (typeof ONBOARDING_EVIDENCE)[number];

const itemSchema = z.strictObject({
  /** Stable key: the task key is `onboarding:<key>`. */
  key: z
    .string({ error: 'must be text' })
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _ (at most 40)'),
  label: z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(120, 'is too long'),
  /** Days after the win by which the item is due. */
  due_days: days,
  evidence: z.enum(ONBOARDING_EVIDENCE, { error: `must be one of ${ONBOARDING_EVIDENCE.join(', ')}` }),
  /** For `titled_meeting`: whole words (case-insensitive) of which one must appear in a held meeting's title. */
  title_words: z.array(word).max(50, 'allows at most 50 words').default([]),
});
export type OnboardingItem = z.output<typeof itemSchema>;

export const DEFAULT_ONBOARDING_ITEMS: z.input<typeof itemSchema>[] = [
  { key: 'kickoff', label: 'Kickoff call', due_days: 7, evidence: 'held_meeting' },
  { key: 'scope_review', label: 'Scope review', due_days: 14, evidence: 'titled_meeting', title_words: ['scope', 'scoping', 'requirements'] },
  { key: 'channels', label: 'Preferred channels captured', due_days: 14, evidence: 'none' },
  { key: 'success_criteria', label: 'Success criteria agreed', due_days: 21, evidence: 'none' },
  { key: 'first_review', label: 'First review date set', due_days: 30, evidence: 'review_meeting' },
];

export const onboardingSchema = z
  .strictObject({
    enabled: z.boolean({ error: 'must be true or false' }).default(true),
    /** An account is a new customer while its first won deal closed within this many days. */
    window_days: days.min(1, 'must be at least 1 day').default(30),
    /**
     * New onboarding tasks per owner and day, at most: they come first, out of the same `tasks.daily_budget` (never above
     * it), and the gap tasks take the rest; the items left wait for later nights.
     */
    daily_allowance: z
      .number({ error: 'must be a number of tasks' })
      .int('must be a whole number of tasks')
      .min(0, 'must be 0 or more')
      .max(100, 'must be at most 100 tasks')
      .default(5),
    items: z
      .array(itemSchema, { error: 'must be a list of onboarding items' })
      .max(20, 'allows at most 20 items')
      .superRefine((items, ctx) => {
        const seen = new Set<string>();
        items.forEach((item, i) => {
          if (seen.has(item.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `repeats the key '${item.key}'` });
          seen.add(item.key);
        });
      })
      .default(DEFAULT_ONBOARDING_ITEMS as OnboardingItem[]),
  })
  .prefault({});
export type OnboardingModel = z.output<typeof onboardingSchema>;

export const plansSchema = z
  .strictObject({
    /** Tiers whose accounts need an account plan. */
    tiers: z
      .array(z.enum(TIERS, { error: `must be one of ${TIERS.join(', ')}` }), { error: 'must be a list of tiers' })
      .default(['tier_1']),
    /** A plan with no next-review date is due for review this many days after it was last saved. */
    review_interval_days: days.min(1, 'must be at least 1 day').default(90),
  })
  .prefault({});
export type PlansModel = z.output<typeof plansSchema>;
