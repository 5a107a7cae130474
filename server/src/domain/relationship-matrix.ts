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
  /** The portal's owner ids; null when unknown (then `departedOwnerIds`, when given, says who left). */
  knownOwnerIds: ReadonlySet<string> | null;
  /** The engagement owners who left, as the scoring input stores them (cheaper than listing everyone else). */
  departedOwnerIds?: ReadonlySet<string> | null;
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
  const stakeholders = input.stakeholders;
  const isStakeholder = stakeholderLookup(stakeholders);

  // Flat arrays and linear scans: an account has a handful of our people and stakeholders, and this runs for every
  // account of every sync (Maps and Sets per account doubled the scoring time). Ids are compared only when the
  // timestamps match, as readTouches does, to count an activity listed twice once.
  const pairList: RelationshipPair[] = [];
  const seenIds: string[] = [];
  const seenMs: number[] = [];
  for (const a of input.activities) {
    // No owner or no contact: no pair (checked first, before the duplicate check: the cheap common case).
    const ownerId = a.ownerId;
    if (typeof ownerId !== 'string' || a.contactIds.length === 0) continue;
    const ms = pastMs(a.occurredAt, nowMs);
    if (ms === null || a.occurredAt === null || touchChannel(a, compiled) === null) continue;
    let duplicate = false;
    for (let k = 0; k < seenMs.length; k += 1) {
      if (seenMs[k] === ms && seenIds[k] === a.id) {
        duplicate = true;
        break;
      }
    }
    if (duplicate) continue;
    seenIds.push(a.id);
    seenMs.push(ms);
    const contactIds = a.contactIds;
    for (let c = 0; c < contactIds.length; c += 1) {
      const contactId = contactIds[c] as string;
      if (!isStakeholder(contactId) || contactIds.indexOf(contactId) !== c) continue;
      let pair: RelationshipPair | undefined;
      for (const p of pairList) {
        if (p.contactId === contactId && p.ownerId === ownerId) {
          pair = p;
          break;
        }
      }
      if (pair === undefined) pairList.push((pair = { ownerId, contactId, lastTouchAt: a.occurredAt, touches: 0 }));
      else if (ms > pair.lastTouchAt.getTime()) pair.lastTouchAt = a.occurredAt;
      if (ms >= windowStart) pair.touches += 1;
    }
  }

  const departedIds = input.departedOwnerIds ?? null;
  const ownersKnown = input.knownOwnerIds !== null || departedIds !== null;
  const ours: OurPerson[] = [];
  for (const p of pairList) {
    let person: OurPerson | undefined;
    for (const o of ours) {
      if (o.ownerId === p.ownerId) {
        person = o;
        break;
      }
    }
    if (person === undefined) {
      const ownerId = p.ownerId;
      ours.push((person = { ownerId, name: input.nameOf(ownerId), level: ourLevels[ownerId] ?? null, departed: isDeparted(ownerId, input.knownOwnerIds, departedIds), lastTouchAt: null, touches: 0 }));
    }
    if (person.lastTouchAt === null || p.lastTouchAt.getTime() > person.lastTouchAt.getTime()) person.lastTouchAt = p.lastTouchAt;
    person.touches += p.touches;
  }
  if (ours.length > 1) ours.sort(byOurRank);
  if (pairList.length > 1) pairList.sort(byPair);
  // The stakeholders in the matrix (those one of ours touched), as plain { contactId, name, level }, each once.
  const theirList: TheirPerson[] = [];
  if (pairList.length > 0) {
    for (const t of stakeholders) {
      if (theirList.some((x) => x.contactId === t.contactId)) continue;
      if (pairList.some((p) => p.contactId === t.contactId)) theirList.push({ contactId: t.contactId, name: t.name, level: t.level });
    }
  }

  return {
    windowDays,
    ours,
    theirs: theirList,
    pairs: pairList,
    flags: relationshipFlags(ours, uniqueStakeholders(stakeholders), pairList, { ourLevels, ownersKnown, windowStart }),
    ourLevelsKnown: Object.keys(ourLevels).length > 0,
    ownersKnown,
  };
}

/** Membership in the account's stakeholders: a scan for the usual handful, a set beyond. */
function stakeholderLookup(stakeholders: readonly TheirPerson[]): (contactId: string) => boolean {
  if (stakeholders.length > 16) {
    const ids = new Set(stakeholders.map((s) => s.contactId));
    return (id) => ids.has(id);
  }
  return (id) => stakeholders.some((s) => s.contactId === id);
}

/** The stakeholders, each contact once (the first entry wins), as the flags expect. */
function uniqueStakeholders(stakeholders: readonly TheirPerson[]): readonly TheirPerson[] {
  for (let i = 1; i < stakeholders.length; i += 1) {
    const id = (stakeholders[i] as TheirPerson).contactId;
    for (let j = 0; j < i; j += 1) {
      if ((stakeholders[j] as TheirPerson).contactId === id) {
        const seen = new Set<string>();
        return stakeholders.filter((s) => !seen.has(s.contactId) && seen.add(s.contactId) !== undefined);
      }
    }
  }
  return stakeholders;
}

/** Left when the portal's owners are known and do not list them, else when the stored departures name them. */
function isDeparted(ownerId: string, knownOwnerIds: ReadonlySet<string> | null, departedIds: ReadonlySet<string> | null): boolean {
  if (knownOwnerIds !== null) return !knownOwnerIds.has(ownerId);
  return departedIds !== null && departedIds.has(ownerId);
}

/** Current colleagues first, most touches first, then by id (module-level: this runs for every account). */
function byOurRank(a: OurPerson, b: OurPerson): number {
  return Number(a.departed) - Number(b.departed) || b.touches - a.touches || byId(a.ownerId, b.ownerId);
}

function byPair(a: RelationshipPair, b: RelationshipPair): number {
  return byId(a.ownerId, b.ownerId) || byId(a.contactId, b.contactId);
}

const nameOrId = (p: OurPerson) => p.name ?? `owner ${p.ownerId}`;

function relationshipFlags(
  ours: readonly OurPerson[],
  theirs: readonly TheirPerson[],
  pairs: readonly RelationshipPair[],
  ctx: { ourLevels: Readonly<Record<string, Level>>; ownersKnown: boolean; windowStart: number },
): RelationshipFlag[] {
  const flags: RelationshipFlag[] = [];
  let anyDeparted = false;
  for (const p of ours) if (p.departed) anyDeparted = true;

  // 1. A stakeholder only a departed colleague knew: the relationship leaves with them unless someone steps in.
  if (ctx.ownersKnown && anyDeparted) {
    const person = new Map(ours.map((p) => [p.ownerId, p]));
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

  // Our current colleagues' pairs touched in the window (`ours` is ranked: current colleagues first).
  const current = new Set<string>();
  for (const p of ours) if (!p.departed) current.add(p.ownerId);
  const recent: RelationshipPair[] = [];
  for (const p of pairs) if (p.lastTouchAt.getTime() >= ctx.windowStart && current.has(p.ownerId)) recent.push(p);

  // 2. No executive-level contact: only when we know one of ours is an executive and they have an executive.
  if (Object.values(ctx.ourLevels).includes('executive')) {
    const theirExecutives = theirs.filter((t) => t.level === 'executive');
    const execPair = recent.some((p) => ctx.ourLevels[p.ownerId] === 'executive' && theirExecutives.some((t) => t.contactId === p.contactId));
    if (theirExecutives.length > 0 && !execPair) {
      flags.push({
        flag: 'no_executive_contact',
        reason: `None of our executives has met ${theirExecutives.map((t) => t.name).join(', ')} (their executive level) in the window`,
        ownerIds: [],
        contactIds: theirExecutives.map((t) => t.contactId),
      });
    }
  }

  // 3. Single-threaded on our side: only one of ours engaged in the window, while they have several stakeholders.
  const only = recent[0];
  if (only !== undefined && theirs.length >= 2 && recent.every((p) => p.ownerId === only.ownerId)) {
    const one = ours.find((p) => p.ownerId === only.ownerId) as OurPerson;
    flags.push({
      flag: 'single_threaded_ours',
      reason: `Only ${nameOrId(one)} of ours has been in touch with them in the window: the relationship rests on one person`,
      ownerIds: [one.ownerId],
      contactIds: [],
    });
  }
  return flags;
}
