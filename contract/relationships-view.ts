/**
 * The relationship (communication) matrix of an account (issue #16) as the account view carries it: our people (the
 * owners of the account's engagements, named, with their level and whether they left) × their stakeholders (with
 * their level), the last touch and the touches per pair within the window, and the flags with their reasons, most
 * important first. Dates travel as ISO-8601 strings. Only `departed_only` can lead to a task (the gap
 * `departed_contact`, for a key stakeholder); the other flags are shown, never tasks.
 */
import { z } from 'zod';
import { LEVELS } from './vocabulary';

export const RELATIONSHIP_FLAGS = ['departed_only', 'no_executive_contact', 'single_threaded_ours'] as const;

const isoDate = z.string().datetime({ offset: true });
const count = z.number().int().min(0);

export const relationshipFlagViewSchema = z.object({
  flag: z.enum(RELATIONSHIP_FLAGS),
  reason: z.string(),
  ownerIds: z.array(z.string()),
  contactIds: z.array(z.string()),
});
export type RelationshipFlagView = z.infer<typeof relationshipFlagViewSchema>;

export const relationshipsViewSchema = z.object({
  /** Touches per pair are counted over this many days. */
  windowDays: count,
  /** False when the portal's owners were not known at scoring: a colleague who left cannot be told. */
  ownersKnown: z.boolean(),
  /** False when no one of ours has a level (settings): executive-level contact is unknown, not missing. */
  ourLevelsKnown: z.boolean(),
  ours: z.array(
    z.object({
      ownerId: z.string(),
      /** As a person reads it: HubSpot's name, else the email, else "Owner <id>". */
      name: z.string(),
      level: z.enum(LEVELS).nullable(),
      departed: z.boolean(),
      lastTouchAt: isoDate.nullable(),
      touches: count,
    }),
  ),
  theirs: z.array(z.object({ contactId: z.string(), name: z.string(), level: z.enum(LEVELS) })),
  pairs: z.array(z.object({ ownerId: z.string(), contactId: z.string(), lastTouchAt: isoDate, touches: count })),
  flags: z.array(relationshipFlagViewSchema),
});
export type RelationshipsView = z.infer<typeof relationshipsViewSchema>;
