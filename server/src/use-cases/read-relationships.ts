/**
 * The account's relationship matrix as the account view and `explain` read it (issue #16): the stored matrix with our
 * people named as the store knows them (the store keeps every owner a sync ever saw, so a colleague who left while
 * Keyline was installed keeps their name; one who left before is "Owner <id>") and the flags' reasons naming them too.
 * Pure over the stored result.
 */
import type { RelationshipsView } from '@keyline/contract/relationships-view';
import type { RelationshipMatrix } from '../domain/relationship-matrix';

export type OwnerNamer = (ownerId: string | null) => string | null;

/** "owner 80000002" in a reason → the person's name (the domain scores without names). */
export function nameInReason(reason: string, nameOf: OwnerNamer): string {
  return reason.replace(/\bowner (\d{1,20})\b/g, (whole, id: string) => {
    const name = nameOf(id);
    return name === null || name === `Owner ${id}` ? whole : name;
  });
}

export function toRelationshipsView(matrix: RelationshipMatrix, nameOf: OwnerNamer): RelationshipsView {
  return {
    windowDays: matrix.windowDays,
    ownersKnown: matrix.ownersKnown,
    ourLevelsKnown: matrix.ourLevelsKnown,
    ours: matrix.ours.map((o) => ({
      ownerId: o.ownerId,
      name: nameOf(o.ownerId) ?? `Owner ${o.ownerId}`,
      level: o.level,
      departed: o.departed,
      lastTouchAt: o.lastTouchAt === null ? null : o.lastTouchAt.toISOString(),
      touches: o.touches,
    })),
    theirs: matrix.theirs.map((t) => ({ contactId: t.contactId, name: t.name, level: t.level })),
    pairs: matrix.pairs.map((p) => ({ ownerId: p.ownerId, contactId: p.contactId, lastTouchAt: p.lastTouchAt.toISOString(), touches: p.touches })),
    flags: matrix.flags.map((f) => ({ flag: f.flag, reason: nameInReason(f.reason, nameOf), ownerIds: [...f.ownerIds], contactIds: [...f.contactIds] })),
  };
}
