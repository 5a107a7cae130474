/**
 * Stakeholder mapping and coverage (SPEC §2.3–2.4): who holds which buying role at which level, who the team has
 * engaged lately, the coverage score against a tier's required roles, and the coverage flags.
 */
import type { CompiledModel, RoleSplit, TitleReading } from './compile-model';
import { roundToTenth } from './format-values';
import { ROLE_BIT } from './role-mask';
import { pastMs } from './read-touches';
import {
  BUYING_ROLES,
  COVERAGE_FLAGS,
  LEVELS,
  type BuyingRole,
  type Contact,
  type CoverageFlag,
  type CoverageResult,
  type Level,
  type Stakeholder,
  type StakeholderRole,
  type Tier,
} from './types';

const KNOWN_ROLES: ReadonlySet<string> = new Set(BUYING_ROLES);
const labelRoleCache = new Map<string, BuyingRole | null>();

/** "Decision maker" / "decision-maker" / "DECISION_MAKER" → DECISION_MAKER; anything else → null. */
export function roleFromLabel(label: string): BuyingRole | null {
  const cached = labelRoleCache.get(label);
  if (cached !== undefined) return cached;
  const normalised = label.trim().toUpperCase().replace(/&/g, 'AND').replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');
  const role = KNOWN_ROLES.has(normalised) ? (normalised as BuyingRole) : null;
  if (labelRoleCache.size < 10_000) labelRoleCache.set(label, role);
  return role;
}

function displayName(contact: Contact): string {
  const first = typeof contact.firstName === 'string' ? contact.firstName.trim() : '';
  const last = typeof contact.lastName === 'string' ? contact.lastName.trim() : '';
  const name = first === '' ? last : last === '' ? first : `${first} ${last}`;
  return name === '' ? `Contact ${contact.id}` : name;
}

function cleanTitle(title: string | null | undefined): string | null {
  if (typeof title !== 'string') return null;
  const trimmed = title.trim();
  return trimmed === '' ? null : trimmed;
}

/** Shared, frozen role entries (stakeholders are immutable values, so they can share them). */
const ROLE_ENTRIES = Object.fromEntries(
  BUYING_ROLES.map((role) => [role, [Object.freeze({ role, inferred: false }), Object.freeze({ role, inferred: true })]]),
) as unknown as Readonly<Record<BuyingRole, readonly [StakeholderRole, StakeholderRole]>>;

/** A read role held alone (shared, frozen). */
const ROLE_ALONE = Object.fromEntries(BUYING_ROLES.map((role) => [role, Object.freeze([ROLE_ENTRIES[role][0]])])) as unknown as Readonly<
  Record<BuyingRole, StakeholderRole[]>
>;

/** No role (shared, frozen). */
const NO_ROLES: StakeholderRole[] = Object.freeze([]) as unknown as StakeholderRole[];

/**
 * `roles` with the read (non-inferred) role added. The one-role lists are shared and frozen (most contacts hold at
 * most one role); a second role makes a new list, later roles are added to that list.
 */
function addRole(roles: StakeholderRole[], role: BuyingRole): StakeholderRole[] {
  const entry = ROLE_ENTRIES[role][0];
  if (roles.length === 0) return ROLE_ALONE[role];
  if (roles.includes(entry)) return roles;
  if (roles.length === 1) return [roles[0] as StakeholderRole, entry];
  roles.push(entry);
  return roles;
}

/** Roles read from HubSpot (buying roles, then role labels), as shared non-inferred entries. */
function explicitRoles(contact: Contact): StakeholderRole[] {
  let roles = NO_ROLES;
  const buyingRoles = contact.buyingRoles;
  if (Array.isArray(buyingRoles)) {
    for (let i = 0; i < buyingRoles.length; i += 1) {
      const role = buyingRoles[i] as BuyingRole;
      if (KNOWN_ROLES.has(role)) roles = addRole(roles, role);
    }
  }
  const labels = contact.associationLabels;
  if (Array.isArray(labels) && labels.length > 0) {
    for (let i = 0; i < labels.length; i += 1) {
      const label: unknown = labels[i];
      if (typeof label !== 'string' || label === '') continue;
      const role = roleFromLabel(label);
      if (role !== null) roles = addRole(roles, role);
    }
  }
  return roles;
}

const TITLE_CACHE_LIMIT = 50_000;

/** What the title rules say about a job title; memoised per model. */
function readTitle(title: string, compiled: CompiledModel): TitleReading {
  const cached = compiled.titleCache.get(title);
  if (cached !== undefined) return cached;
  let roles: readonly BuyingRole[] = [];
  for (const rule of compiled.roleRules) {
    if (rule.pattern.test(title)) {
      roles = rule.roles;
      break;
    }
  }
  let level: Level | null = null;
  for (const rule of compiled.levelRules) {
    if (rule.pattern.test(title)) {
      level = rule.level;
      break;
    }
  }
  const reading: TitleReading = { roles, inferredRoles: Object.freeze(roles.map((role) => ROLE_ENTRIES[role][1])) as StakeholderRole[], level };
  if (compiled.titleCache.size < TITLE_CACHE_LIMIT) compiled.titleCache.set(title, reading);
  return reading;
}

interface LevelReading {
  readonly level: Level;
  readonly inferred: boolean;
}
const LEVEL_READINGS: Readonly<Record<Level, readonly [LevelReading, LevelReading]>> = {
  executive: [{ level: 'executive', inferred: false }, { level: 'executive', inferred: true }],
  management: [{ level: 'management', inferred: false }, { level: 'management', inferred: true }],
  operational: [{ level: 'operational', inferred: false }, { level: 'operational', inferred: true }],
};

function inferLevel(reading: TitleReading | null, roles: readonly StakeholderRole[]): LevelReading {
  if (reading !== null && reading.level !== null) return LEVEL_READINGS[reading.level][0];
  // No keyword decided it: an executive sponsor sits at the executive level; everyone else is operational.
  for (let i = 0; i < roles.length; i += 1) if ((roles[i] as StakeholderRole).role === 'EXECUTIVE_SPONSOR') return LEVEL_READINGS.executive[1];
  return LEVEL_READINGS.operational[reading === null ? 1 : 0];
}


function mergeRoles(a: readonly StakeholderRole[], b: readonly StakeholderRole[]): StakeholderRole[] {
  const merged = [...a];
  for (const role of b) if (!merged.some((r) => r.role === role.role)) merged.push(role);
  return merged;
}

/**
 * One stakeholder per contact id (a contact listed twice is one stakeholder with the union of its roles). A contact
 * with no buying role and no role label gets roles inferred from its job title (marked inferred). `levelInferred` is
 * true when no title keyword set the level (the level is a default).
 */
function indexOfContact(stakeholders: readonly Stakeholder[], contactId: string): number {
  for (let i = 0; i < stakeholders.length; i += 1) if ((stakeholders[i] as Stakeholder).contactId === contactId) return i;
  return -1;
}

export function mapStakeholders(
  contacts: readonly Contact[],
  /** Latest touch by an activity of the contact at a position of `contacts` (see `TouchFacts`). */
  contactLastTouchAt: (position: number) => Date | null,
  compiled: CompiledModel,
  nowMs: number,
  /** A contact's last-contacted date at or after this moment is left to its engagements (see `RollupCutoffs`). */
  contactRollupBeforeMs: number = Number.POSITIVE_INFINITY,
): Stakeholder[] {
  const engagedFrom = nowMs - compiled.engagementWindowMs;
  const stakeholders: Stakeholder[] = [];
  // Duplicates are rare: find them by scanning while the list is short, by a map when it is long.
  let byId: Map<string, number> | null = contacts.length > 16 ? new Map() : null;
  for (let i = 0; i < contacts.length; i += 1) {
    const contact = contacts[i] as Contact;
    if (contact === null || typeof contact !== 'object' || typeof contact.id !== 'string') continue;
    const jobTitle = cleanTitle(contact.jobTitle);
    const reading = jobTitle === null ? null : readTitle(jobTitle, compiled);
    const explicit = explicitRoles(contact);
    const roles: StakeholderRole[] =
      explicit.length > 0 || reading === null ? explicit : reading.inferredRoles;
    const at = byId === null ? indexOfContact(stakeholders, contact.id) : (byId.get(contact.id) ?? -1);
    const existing = at < 0 ? undefined : stakeholders[at];
    if (existing !== undefined) {
      stakeholders[at] = { ...existing, roles: mergeRoles(existing.roles, roles) };
      continue;
    }
    // The later of the contact's latest touch by an activity and HubSpot's last-contacted date (the input's Date
    // objects: dates in results are never mutated).
    const touchedAt = contactLastTouchAt(i); // the contact's first position: a repeat was merged above
    const touched = touchedAt === null ? null : touchedAt.getTime();
    const rolledUp = pastMs(contact.lastContactedAt, nowMs);
    const contacted = rolledUp !== null && rolledUp < contactRollupBeforeMs ? rolledUp : null;
    const fromActivity = touched !== null && (contacted === null || touched > contacted);
    const lastMs = fromActivity ? touched : contacted;
    const lastAt = fromActivity ? touchedAt : contacted === null ? null : (contact.lastContactedAt as Date);
    const { level, inferred } = inferLevel(reading, roles);
    byId?.set(contact.id, stakeholders.length);
    stakeholders.push({
      contactId: contact.id,
      name: displayName(contact),
      jobTitle,
      roles,
      level,
      levelInferred: inferred,
      engaged: lastMs !== null && lastMs >= engagedFrom,
      lastTouchAt: lastAt,
    });
  }
  byId = null;
  return stakeholders;
}

/** The numbers the coverage score is made of. */
export interface CoverageCounts {
  readonly requiredRoles: number;
  readonly coveredRoles: number;
  readonly engagedLevels: number;
  readonly engagedStakeholders: number;
}

/** 60 × roles covered share + 25 × engaged levels ÷ 3 + 15 × min(engaged, 5) ÷ 5, rounded to one decimal. */
export function coverageScore(counts: CoverageCounts): number {
  const roleShare = counts.requiredRoles === 0 ? 1 : counts.coveredRoles / counts.requiredRoles;
  return roundToTenth(
    60 * roleShare + (25 * counts.engagedLevels) / LEVELS.length + (15 * Math.min(counts.engagedStakeholders, 5)) / 5,
  );
}

const LEVEL_BIT: Readonly<Record<Level, number>> = { executive: 1, management: 2, operational: 4 };

/** What one pass over the stakeholders finds; coverage for any tier's required roles is derived from it. */
export interface StakeholderSummary {
  readonly stakeholders: readonly Stakeholder[];
  /** Bit per role held by an engaged stakeholder. */
  readonly engagedRoles: number;
  /** Bit per level with an engaged stakeholder. */
  readonly engagedLevels: number;
  readonly engagedCount: number;
  readonly blocker: boolean;
  /** Shared by every coverage derived from this summary (results are immutable values). */
  readonly darkChampionIds: string[];
}

/** No dark champion (shared, frozen). */
const NO_IDS: string[] = Object.freeze([]) as unknown as string[];

export function summarizeStakeholders(stakeholders: readonly Stakeholder[], compiled: CompiledModel, nowMs: number): StakeholderSummary {
  const darkFrom = nowMs - compiled.championDarkMs;
  let engagedRoles = 0;
  let engagedLevels = 0;
  let engagedCount = 0;
  let blocker = false;
  let darkChampionIds = NO_IDS;
  for (let i = 0; i < stakeholders.length; i += 1) {
    const s = stakeholders[i] as Stakeholder;
    const roles = s.roles;
    let champion = false;
    for (let k = 0; k < roles.length; k += 1) {
      const role = (roles[k] as StakeholderRole).role;
      if (role === 'CHAMPION') champion = true;
      else if (role === 'BLOCKER') blocker = true;
      if (s.engaged) engagedRoles |= ROLE_BIT[role];
    }
    if (s.engaged) {
      engagedCount += 1;
      engagedLevels |= LEVEL_BIT[s.level];
    }
    if (champion && (s.lastTouchAt === null || s.lastTouchAt.getTime() < darkFrom)) {
      if (darkChampionIds === NO_IDS) darkChampionIds = [];
      darkChampionIds.push(s.contactId);
    }
  }
  return { stakeholders, engagedRoles, engagedLevels, engagedCount, blocker, darkChampionIds };
}

function countBits(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count += 1;
  return count;
}

/** The coverage score against `tier`'s required roles, without building the whole result. */
export function coverageScoreFor(summary: StakeholderSummary, tier: Tier, compiled: CompiledModel): number {
  return coverageScore({
    requiredRoles: compiled.requiredRoles[tier].length,
    coveredRoles: countBits(summary.engagedRoles & compiled.requiredRoleMask[tier]),
    engagedLevels: countBits(summary.engagedLevels),
    engagedStakeholders: summary.engagedCount,
  });
}

/** Engaged levels by their bits (shared, frozen lists in LEVELS order). */
const LEVELS_BY_MASK: readonly Level[][] = Array.from(
  { length: 8 },
  (_, mask) => Object.freeze(LEVELS.filter((level) => (mask & LEVEL_BIT[level]) !== 0)) as Level[],
);

const FLAG_BIT: Readonly<Record<CoverageFlag, number>> = Object.fromEntries(COVERAGE_FLAGS.map((flag, i) => [flag, 1 << i])) as Record<
  CoverageFlag,
  number
>;
/** Coverage flags by their bits (shared, frozen lists in COVERAGE_FLAGS order). */
const FLAGS_BY_MASK: readonly CoverageFlag[][] = Array.from(
  { length: 1 << COVERAGE_FLAGS.length },
  (_, mask) => Object.freeze(COVERAGE_FLAGS.filter((flag) => (mask & FLAG_BIT[flag]) !== 0)) as CoverageFlag[],
);

/** Coverage against `tier`'s required roles. */
export function coverageFor(summary: StakeholderSummary, tier: Tier, compiled: CompiledModel): CoverageResult {
  const requiredRoles = compiled.requiredRoles[tier];
  const split = splitRequiredRoles(compiled, tier, summary.engagedRoles);
  const engagedLevels = LEVELS_BY_MASK[summary.engagedLevels & 7] as Level[];

  let flags = 0;
  if (summary.engagedCount <= 1) flags |= FLAG_BIT.single_threaded;
  if (split.missing.length > 0) flags |= FLAG_BIT.missing_roles;
  if (summary.darkChampionIds.length > 0) flags |= FLAG_BIT.champion_dark;
  if (summary.blocker) flags |= FLAG_BIT.blocker_present;
  if ((summary.engagedLevels & LEVEL_BIT.executive) === 0) flags |= FLAG_BIT.no_executive_access;

  return {
    score: coverageScore({
      requiredRoles: requiredRoles.length,
      coveredRoles: split.covered.length,
      engagedLevels: engagedLevels.length,
      engagedStakeholders: summary.engagedCount,
    }),
    requiredRoles: requiredRoles as BuyingRole[],
    coveredRoles: split.covered,
    missingRoles: split.missing,
    engagedStakeholders: summary.engagedCount,
    engagedLevels,
    stakeholders: summary.stakeholders as Stakeholder[],
    flags: FLAGS_BY_MASK[flags] as CoverageFlag[],
    darkChampionIds: summary.darkChampionIds,
  };
}

/**
 * `tier`'s required roles split into those an engaged stakeholder holds and those missing, in BUYING_ROLES order.
 * Memoised per model, tier and combination of engaged required roles (at most 2⁹ per tier); the lists are shared and
 * frozen.
 */
function splitRequiredRoles(compiled: CompiledModel, tier: Tier, engagedRoles: number): RoleSplit {
  const key = engagedRoles & compiled.requiredRoleMask[tier];
  const splits = compiled.roleSplits[tier];
  const known = splits[key];
  if (known !== undefined) return known;
  const covered: BuyingRole[] = [];
  const missing: BuyingRole[] = [];
  for (const role of compiled.requiredRoles[tier]) ((key & ROLE_BIT[role]) !== 0 ? covered : missing).push(role);
  const split: RoleSplit = { covered: Object.freeze(covered) as BuyingRole[], missing: Object.freeze(missing) as BuyingRole[] };
  splits[key] = split;
  return split;
}

/** Coverage of the stakeholders against the required roles of `tier`. */
export function assessCoverage(stakeholders: readonly Stakeholder[], tier: Tier, compiled: CompiledModel, nowMs: number): CoverageResult {
  return coverageFor(summarizeStakeholders(stakeholders, compiled, nowMs), tier, compiled);
}
