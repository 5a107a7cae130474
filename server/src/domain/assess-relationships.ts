/**
 * The relationship matrix in the scoring (issue #16): the account's matrix (relationship-matrix.ts) built from the
 * scored stakeholders and the departed colleagues the scoring input names, and the one relationship flag that becomes
 * a gap, `departed_contact`. Pure: no I/O, no clock.
 *
 * The input carries `departedOwnerIds` (the account's engagement owners the portal no longer lists, decided by the
 * sync from the owners it reads anyway), so a recompute or `explain` from the stored snapshot gives the same matrix.
 * Absent (older snapshots, a portal whose owners were not read): departures are unknown, never flagged.
 *
 * Only `departed_contact` may become a task. `single_threaded_ours` fires on about 2,000 of 5,000 accounts of the M
 * sandbox: as tasks it would bury the gaps that matter, so it is shown (card, explain) and never a gap.
 */
import { formatDay } from './format-values';
import { buildRelationshipMatrix, type RelationshipMatrix } from './relationship-matrix';
import type { ScoringModel } from './scoring-model';
import type { AccountInput, Activity, BuyingRole, Gap, Stakeholder } from './types';

const DAY_MS = 86_400_000;
const noName = (): null => null;

const readable = (a: Activity | null): a is Activity => a !== null && typeof a === 'object' && typeof a.id === 'string' && Array.isArray(a.contactIds);

/** The activities that can be read (junk input: null entries, contacts that are not a list, are skipped). */
function readableActivities(activities: AccountInput['activities']): readonly Activity[] {
  if (!Array.isArray(activities)) return [];
  // The common case, every entry readable, allocates nothing.
  return activities.every((a) => readable(a)) ? activities : activities.filter(readable);
}
/** The roles that make a stakeholder key: losing the only relationship with one of them is worth a task. */
const KEY_ROLES: ReadonlySet<BuyingRole> = new Set(['DECISION_MAKER', 'CHAMPION', 'EXECUTIVE_SPONSOR']);

/**
 * The account's engagement owners the portal does not list (sorted, each once), or undefined when the portal's owners
 * are unknown (none listed: a portal always has at least one owner, so an empty list is a failed read, not a fact).
 */
export function departedOwnersOf(activities: AccountInput['activities'], portalOwnerIds: ReadonlySet<string> | null): string[] | undefined {
  if (portalOwnerIds === null || portalOwnerIds.size === 0) return undefined;
  const departed = new Set<string>();
  for (const a of readableActivities(activities)) {
    if (typeof a.ownerId === 'string' && !portalOwnerIds.has(a.ownerId)) departed.add(a.ownerId);
  }
  return [...departed].sort();
}

/** The scoring input with the departed colleagues it needs (what the sync stores and scores). */
export function withDepartedOwners(input: AccountInput, portalOwnerIds: ReadonlySet<string> | null): AccountInput {
  const departedOwnerIds = departedOwnersOf(input.activities, portalOwnerIds);
  return departedOwnerIds === undefined ? input : { ...input, departedOwnerIds };
}

/** The account's matrix, from the stakeholders as coverage scored them (names and levels) and the stored departures. */
export function assessRelationships(input: AccountInput, stakeholders: readonly Stakeholder[], model: ScoringModel, nowMs: number): RelationshipMatrix {
  const activities = readableActivities(input.activities);
  const departed = Array.isArray(input.departedOwnerIds) ? new Set(input.departedOwnerIds) : null;
  return buildRelationshipMatrix({ activities, stakeholders, knownOwnerIds: null, departedOwnerIds: departed, nameOf: noName, model, nowMs });
}

/** A stakeholder whose loss matters: a decision maker, champion or executive sponsor, or anyone at executive level. */
export function isKeyStakeholder(s: Pick<Stakeholder, 'roles' | 'level'>): boolean {
  return s.level === 'executive' || s.roles.some((r) => KEY_ROLES.has(r.role));
}

const describeStakeholder = (s: Stakeholder): string => {
  const roles = s.roles.filter((r) => KEY_ROLES.has(r.role)).map((r) => r.role.toLowerCase().replace(/_/g, ' '));
  return `${s.name} (${[...roles, `${s.level} level`].join(', ')})`;
};

/**
 * The `departed_contact` gap: a key stakeholder whose only relationship with us was a colleague who has left, touched
 * within `relationships.window_days` (older: the relationship had gone cold before they left, and the coverage
 * already shows it). One per account: the most senior such stakeholder (the matrix ranks them), the others named.
 */
export function departedContactGap(matrix: RelationshipMatrix, stakeholders: readonly Stakeholder[], nowMs: number): Gap | null {
  if (!matrix.flags.some((f) => f.flag === 'departed_only')) return null;
  const byId = new Map(stakeholders.map((s) => [s.contactId, s]));
  const windowStart = nowMs - matrix.windowDays * DAY_MS;
  const found = matrix.flags.flatMap((f) => {
    if (f.flag !== 'departed_only') return [];
    const contactId = f.contactIds[0];
    const s = contactId === undefined ? undefined : byId.get(contactId);
    if (s === undefined || !isKeyStakeholder(s)) return [];
    const pairs = matrix.pairs.filter((p) => p.contactId === contactId);
    const last = Math.max(...pairs.map((p) => p.lastTouchAt.getTime()));
    if (!(last >= windowStart)) return [];
    return [{ s, ownerIds: f.ownerIds, last }];
  });
  const first = found[0];
  if (first === undefined) return null;
  // Scoring knows no names (the card and explain name them from the store): the owner id lets a person look them up.
  const knewThem = `${first.ownerIds.length > 1 ? 'colleagues' : 'a colleague'} (HubSpot owner ${first.ownerIds.join(', ')})`;
  const days = Math.max(0, Math.floor((nowMs - first.last) / DAY_MS));
  const others = found.slice(1).map((f) => describeStakeholder(f.s));
  return {
    key: 'departed_contact',
    kind: 'departed_contact',
    contactId: first.s.contactId,
    title: 'Key contact known only by a colleague who left',
    detail:
      `${describeStakeholder(first.s)} was known only by ${knewThem} who ${first.ownerIds.length > 1 ? 'have' : 'has'} left; last touched ${formatDay(first.last)} (${days} days ago). ` +
      `Introduce yourself or a colleague before the relationship is lost.` +
      (others.length > 0 ? ` Also known only by colleagues who left: ${others.join('; ')}.` : ''),
  };
}
