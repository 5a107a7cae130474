/**
 * The relationship matrix's shapes (issue #16), apart from the engine (relationship-matrix.ts) so that the result
 * types (types.ts) can carry a matrix without importing the engine.
 */
import type { Level } from '@keyline/contract/vocabulary';
import type { RELATIONSHIP_FLAGS } from '@keyline/contract/relationships-view';

export type RelationshipFlagKind = (typeof RELATIONSHIP_FLAGS)[number];

export interface OurPerson {
  ownerId: string;
  name: string | null;
  /** From the model's `relationships.our_levels`; null: not set. */
  level: Level | null;
  /** The portal no longer lists this owner. */
  departed: boolean;
  lastTouchAt: Date | null;
  /** Touches with the account's stakeholders within the window. */
  touches: number;
}

export interface TheirPerson {
  contactId: string;
  name: string;
  level: Level;
}

export interface RelationshipPair {
  ownerId: string;
  contactId: string;
  lastTouchAt: Date;
  /** Touches within the window (the last touch may be older). */
  touches: number;
}

export interface RelationshipFlag {
  flag: RelationshipFlagKind;
  reason: string;
  ownerIds: string[];
  contactIds: string[];
}

export interface RelationshipMatrix {
  windowDays: number;
  ours: OurPerson[];
  theirs: TheirPerson[];
  pairs: RelationshipPair[];
  /** Ranked, most important first. */
  flags: RelationshipFlag[];
  /** False when no one of ours has a level: executive-level contact is then unknown, not missing. */
  ourLevelsKnown: boolean;
  /** False when the portal's owners were not known: departed colleagues cannot be told. */
  ownersKnown: boolean;
}
