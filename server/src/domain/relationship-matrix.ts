/**
 * The relationship (communication) matrix of one account (issue #16): our people (the owners of the account's
 * engagements) × the customer's stakeholders, with levels on both sides, the last touch and the touches per pair, and
 * the few flags a key-account lead acts on, ranked, each with its reason. Pure: no I/O, no clock.
 *
 * A pair exists when an engagement that is a touch (SPEC §2.5) has one of ours as its owner and the stakeholder among
 * its contacts. Our people's levels come from the model's `relationships.our_levels`; a departed colleague is an owner
 * id the portal no longer lists (only known when the portal's owners are known).
 */
import { RELATIONSHIP_FLAGS } from '@keyline/contract/relationships-view';
import { compileModel } from './compile-model';
import { pastMs, touchChannel } from './read-touches';
import type { OurPerson, RelationshipFlag, RelationshipMatrix, RelationshipPair, TheirPerson } from './relationship-types';
import type { ScoringModel } from './scoring-model';
import type { Activity, Level } from './types';

const DAY_MS = 86_400_000;

export { RELATIONSHIP_FLAGS };
export type { OurPerson, RelationshipFlag, RelationshipFlagKind, RelationshipMatrix, RelationshipPair, TheirPerson } from './relationship-types';

export interface RelationshipInput {
  activities: readonly Activity[];
  stakeholders: readonly TheirPerson[];
  /** The portal's owner ids; null when unknown. */
  knownOwnerIds: ReadonlySet<string> | null;
  nameOf: (ownerId: string) => string | null;
  model: ScoringModel;
  nowMs: number;
}

const LEVEL_RANK: Readonly<Record<Level, number>> = { executive: 0, management: 1, operational: 2 };

const byId = (a: string, b: string) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0);

export function buildRelationshipMatrix(input: RelationshipInput): RelationshipMatrix {
  const { model, nowMs } = input;
  const compiled = compileModel(model);
  const windowDays = model.relationships.window_days;
  const windowStart = nowMs - windowDays * DAY_MS;
  const ourLevels = model.relationships.our_levels;
  const theirs = new Map<string, TheirPerson>();
  for (const s of input.stakeholders) theirs.set(s.contactId, s);

  const pairs = new Map<string, RelationshipPair>();
  const seen = new Set<string>();
  for (const a of input.activities) {
    // No owner or no contact: no pair (checked first, before the duplicate check: the cheap common case).
    const ownerId = a.ownerId;
    if (typeof ownerId !== 'string' || a.contactIds.length === 0) continue;
    if (seen.has(a.id)) continue;
    seen.add(a.id);
    const ms = pastMs(a.occurredAt, nowMs);
    if (ms === null || a.occurredAt === null || touchChannel(a, compiled) === null) continue;
    for (const contactId of a.contactIds.length === 1 ? a.contactIds : new Set(a.contactIds)) {
      if (!theirs.has(contactId)) continue;
      const key = `${ownerId}|${contactId}`;
      const pair = pairs.get(key) ?? { ownerId, contactId, lastTouchAt: a.occurredAt, touches: 0 };
      if (ms > pair.lastTouchAt.getTime()) pair.lastTouchAt = a.occurredAt;
      if (ms >= windowStart) pair.touches += 1;
      pairs.set(key, pair);
    }
  }

  const ownersKnown = input.knownOwnerIds !== null;
  const oursById = new Map<string, OurPerson>();
  for (const p of pairs.values()) {
    const person = oursById.get(p.ownerId) ?? {
      ownerId: p.ownerId,
      name: input.nameOf(p.ownerId),
      level: ourLevels[p.ownerId] ?? null,
      departed: input.knownOwnerIds !== null && !input.knownOwnerIds.has(p.ownerId),
      lastTouchAt: null,
      touches: 0,
    };
    if (person.lastTouchAt === null || p.lastTouchAt.getTime() > person.lastTouchAt.getTime()) person.lastTouchAt = p.lastTouchAt;
    person.touches += p.touches;
    oursById.set(p.ownerId, person);
  }
  const ours = [...oursById.values()].sort((a, b) => Number(a.departed) - Number(b.departed) || b.touches - a.touches || byId(a.ownerId, b.ownerId));
  const pairList = [...pairs.values()].sort((a, b) => byId(a.ownerId, b.ownerId) || byId(a.contactId, b.contactId));
  const ourLevelsKnown = Object.keys(ourLevels).length > 0;
  const oursByContact = new Set(pairList.map((p) => p.contactId));

  return {
    windowDays,
    ours,
    // The stakeholders in the matrix (those one of ours touched), as plain { contactId, name, level }.
    theirs: pairList.length === 0 ? [] : [...theirs.values()].filter((t) => oursByContact.has(t.contactId)).map((t) => ({ contactId: t.contactId, name: t.name, level: t.level })),
    pairs: pairList,
    flags: relationshipFlags(ours, theirs.size === input.stakeholders.length ? input.stakeholders : [...theirs.values()], pairList, { ourLevels, ownersKnown, windowStart }),
    ourLevelsKnown,
    ownersKnown,
  };
}

const nameOrId = (p: OurPerson) => p.name ?? `owner ${p.ownerId}`;

function relationshipFlags(
  ours: readonly OurPerson[],
  theirs: readonly TheirPerson[],
  pairs: readonly RelationshipPair[],
  ctx: { ourLevels: Readonly<Record<string, Level>>; ownersKnown: boolean; windowStart: number },
): RelationshipFlag[] {
  const flags: RelationshipFlag[] = [];
  const person = new Map(ours.map((p) => [p.ownerId, p]));

  // 1. A stakeholder only a departed colleague knew: the relationship leaves with them unless someone steps in.
  if (ctx.ownersKnown && ours.some((p) => p.departed)) {
    const orphaned = theirs
      .filter((t) => {
        const knownBy = pairs.filter((p) => p.contactId === t.contactId).map((p) => person.get(p.ownerId));
        return knownBy.length > 0 && knownBy.every((p) => p?.departed === true);
      })
      .sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || byId(a.contactId, b.contactId));
    for (const t of orphaned) {
      const departed = pairs.filter((p) => p.contactId === t.contactId).map((p) => person.get(p.ownerId)).filter((p): p is OurPerson => p !== undefined);
      flags.push({
        flag: 'departed_only',
        reason: `${t.name} (${t.level}) was known only by ${departed.map(nameOrId).join(', ')}, who has left: no one of ours knows them now`,
        ownerIds: departed.map((p) => p.ownerId),
        contactIds: [t.contactId],
      });
    }
  }

  const recent = pairs.filter((p) => p.lastTouchAt.getTime() >= ctx.windowStart && person.get(p.ownerId)?.departed !== true);

  // 2. No executive-level contact: only when we know one of ours is an executive and they have an executive.
  const ourExecutives = Object.values(ctx.ourLevels).includes('executive');
  const theirExecutives = theirs.filter((t) => t.level === 'executive');
  if (ourExecutives && theirExecutives.length > 0) {
    const execPair = recent.some((p) => ctx.ourLevels[p.ownerId] === 'executive' && theirExecutives.some((t) => t.contactId === p.contactId));
    if (!execPair) {
      flags.push({
        flag: 'no_executive_contact',
        reason: `None of our executives has met ${theirExecutives.map((t) => t.name).join(', ')} (their executive level) in the window`,
        ownerIds: [],
        contactIds: theirExecutives.map((t) => t.contactId),
      });
    }
  }

  // 3. Single-threaded on our side: only one of ours engaged in the window, while they have several stakeholders.
  const engagedOurs = [...new Set(recent.map((p) => p.ownerId))];
  if (engagedOurs.length === 1 && theirs.length >= 2) {
    const only = person.get(engagedOurs[0] as string) as OurPerson;
    flags.push({
      flag: 'single_threaded_ours',
      reason: `Only ${nameOrId(only)} of ours has been in touch with them in the window: the relationship rests on one person`,
      ownerIds: [only.ownerId],
      contactIds: [],
    });
  }
  return flags;
}
