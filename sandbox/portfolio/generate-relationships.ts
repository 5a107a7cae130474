/**
 * Who of ours owns each engagement (issue #16: the relationship matrix). Until now every engagement belonged to the
 * company's owner; a key-account team is several people: colleagues (a solutions engineer, a manager) own some calls,
 * emails and meetings, and a few colleagues have left (owner ids 79999991–79999994, which the owners list does not
 * have). A company with a colleague who left has one contact whom only they talked to — the relationship Keyline
 * flags. Bad data: now and then an engagement owner id that is junk (not an id at all).
 *
 * Its own seeded stream (RELATION), so every other generated value stays byte for byte as it was; only the engagement
 * owner changes, and only for the engagements described here.
 */
import { intBetween, pick, rngFor } from '../random';
import type { EngagementType } from '../object-types';

/** Stream code of this file (the portfolio's use 1–8, +20, +100, +200, +300, 9, 50, 77; outcomes 1001–1006; plans 3000). */
const RELATION = 4_000;
/** Colleagues who have left: engagement owners the portal's owners list no longer has. */
export const DEPARTED_OWNER_IDS = ['79999991', '79999992', '79999993', '79999994'] as const;
/** Engagement owner ids that are no owner id at all (bad data). */
export const JUNK_OWNER_IDS = ['owner-7', '-1', '8000 0001', 'n/a'] as const;
const JUNK_SHARE = 0.003;
const TYPE_STREAM: Readonly<Record<EngagementType, number>> = { calls: 1, emails: 2, meetings: 3, notes: 4, tasks: 5 };

export interface RelationshipBase {
  seed: number;
  owners: readonly { id: string }[];
  /** owner index per company, -1 = no owner, -2 = an owner who left. */
  companyOwner: Int16Array;
  companyStrategic: Uint8Array;
  contactStart: Int32Array;
  engagementCompany: Record<EngagementType, Int32Array>;
  engagementContact: Record<EngagementType, Int32Array>;
}

export interface DepartedColleague {
  ownerId: string;
  /** The contact (index) whom only this colleague talked to. */
  contact: number;
}

/** The colleague who left a company (a quarter of the strategic accounts, 6% of the others), or null. */
export function departedColleagueOf(base: RelationshipBase, ci: number): DepartedColleague | null {
  const rng = rngFor(base.seed, RELATION, ci);
  const share = base.companyStrategic[ci] === 1 ? 0.25 : 0.06;
  if (rng() >= share || (base.companyOwner[ci] as number) < 0) return null;
  const from = base.contactStart[ci] as number;
  const count = (base.contactStart[ci + 1] as number) - from;
  if (count <= 0) return null;
  const ownerId = pick(rng, DEPARTED_OWNER_IDS);
  // One of the first three contacts: the ones engagements touch most.
  return { ownerId, contact: from + intBetween(rng, 0, Math.min(2, count - 1)) };
}

/**
 * The owner of engagement `j` of `type`: the company owner, a colleague still here (a third of the calls, emails and
 * meetings on strategic accounts, a fifth elsewhere), the colleague who left (every engagement with the contact only
 * they knew) or, rarely, junk. Notes and tasks stay the company owner's (they are nobody's relationship).
 */
export function engagementOwnerId(base: RelationshipBase, type: EngagementType, j: number, accountOwnerId: string | undefined): string | undefined {
  const rng = rngFor(base.seed, RELATION + TYPE_STREAM[type], j);
  if (rng() < JUNK_SHARE) return pick(rng, JUNK_OWNER_IDS);
  const ci = base.engagementCompany[type][j] as number;
  const o = base.companyOwner[ci] as number;
  if (accountOwnerId === undefined || o < 0 || type === 'notes' || type === 'tasks') return accountOwnerId;
  const departed = departedColleagueOf(base, ci);
  if (departed !== null && base.engagementContact[type][j] === departed.contact) return departed.ownerId;
  const colleagues = base.owners.length - 1;
  if (colleagues > 0 && rng() < (base.companyStrategic[ci] === 1 ? 0.33 : 0.2)) {
    return base.owners[(o + 1 + intBetween(rng, 0, colleagues - 1)) % base.owners.length]?.id ?? accountOwnerId;
  }
  return accountOwnerId;
}
