/**
 * The portfolio's attention section (issue #16): per owner, time against capacity, attention share vs value share by
 * tier, the over- and under-served accounts (at most 10 each, with their full counts) and rebalancing suggestions.
 */
import { z } from 'zod';
import { tierSchema } from './account-view';

const share = z.number().min(0).max(1);
const flagSchema = z.object({
  companyId: z.string(),
  companyName: z.string(),
  tier: tierSchema,
  attentionShare: share,
  valueShare: share.nullable(),
  reason: z.string(),
});
const suggestionSchema = z.object({
  companyId: z.string(),
  companyName: z.string(),
  tier: tierSchema,
  toOwnerId: z.string(),
  toOwnerName: z.string(),
  minutes: z.number().min(0),
  reason: z.string(),
});
const tierShareSchema = z.object({ attentionShare: share, valueShare: share.nullable() });

export const ownerAttentionViewSchema = z.object({
  ownerId: z.string(),
  ownerName: z.string(),
  /** The portal no longer lists this owner: their accounts need a new owner. */
  departed: z.boolean(),
  accountsOwned: z.number().int().min(0),
  /** Tier-1 accounts of theirs nobody touched in the window. */
  untouchedTier1: z.number().int().min(0),
  totalMinutes: z.number().min(0),
  hoursPerWeek: z.number().min(0),
  capacityHoursPerWeek: z.number(),
  tier1Count: z.number().int().min(0),
  tier1Max: z.number().int(),
  overCapacity: z.boolean(),
  byTier: z.object({ tier_1: tierShareSchema, tier_2: tierShareSchema, tier_3: tierShareSchema }),
  otherAccountsShare: share,
  overServed: z.array(flagSchema),
  underServed: z.array(flagSchema),
  counts: z.object({ overServed: z.number().int(), underServed: z.number().int() }),
  suggestions: z.array(suggestionSchema),
});

export const attentionViewSchema = z.object({
  windowDays: z.number().int(),
  owners: z.array(ownerAttentionViewSchema),
});
export type AttentionView = z.infer<typeof attentionViewSchema>;
