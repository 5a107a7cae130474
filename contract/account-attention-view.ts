/**
 * The account view's `attention` block (issue #16, part 1): this account's share of its owner's time over the
 * attention window against its share of the owner's book value, the hours and touches behind it, who else of ours
 * spends time on it, and whether the owner is over capacity. Measured over every stored account at the end of the
 * last completed sync (`measuredAt`); absent before one has run. Unknown figures are null and lower `confidence`,
 * never read as bad news.
 */
import { z } from 'zod';
import { CONFIDENCES } from './vocabulary';

const share = z.number().min(0).max(1);

export const ATTENTION_SERVICES = ['over_served', 'under_served', 'balanced', 'unknown'] as const;

export const accountAttentionViewSchema = z.object({
  measuredAt: z.string().datetime({ offset: true }),
  windowDays: z.number().int().min(1),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  /** Share of the owner's minutes in the window spent on this account; null when the owner logged no time at all. */
  attentionShare: share.nullable(),
  /** This account's share of the value of the owner's book; null when the book's value is unknown (0). */
  valueShare: share.nullable(),
  /** The owner's own minutes and touches on this account in the window. */
  ownerMinutes: z.number().min(0),
  ownerTouches: z.number().int().min(0),
  /** The owner's minutes on every account, and as hours a week against the capacity. */
  ownerTotalMinutes: z.number().min(0),
  ownerHoursPerWeek: z.number().min(0),
  capacityHoursPerWeek: z.number(),
  ownerTier1Count: z.number().int().min(0),
  ownerTier1Max: z.number().int(),
  ownerOverCapacity: z.boolean(),
  /** The portal no longer lists the owner: the account needs a new owner. */
  ownerDeparted: z.boolean(),
  /** Everybody's minutes on this account (ours, attributed) and as hours a week. */
  accountMinutes: z.number().min(0),
  accountHoursPerWeek: z.number().min(0),
  /** Our other people who spent time on it, most minutes first. */
  others: z.array(z.object({ personId: z.string(), name: z.string(), minutes: z.number().min(0), touches: z.number().int().min(0) })),
  /** The report's verdict for this account (over- or under-served against its value), else balanced or unknown. */
  service: z.enum(ATTENTION_SERVICES),
  /** Why, when it matters (a flag, an owner over capacity or departed, missing data); null when all is ordinary. */
  reason: z.string().nullable(),
  confidence: z.enum(CONFIDENCES),
});
export type AccountAttentionView = z.infer<typeof accountAttentionViewSchema>;
