/**
 * The gaps that deserve a follow-up task (SPEC §3.2), one per kind and account — `touch_overdue`, `meeting_overdue`,
 * `qbr_overdue`, `missing_role:<ROLE>` (one per missing role) and `champion_dark` — each with the words for the task.
 * The fixed parts of those words are built once per role, tier and interval; an account only adds its own names,
 * dates and counts.
 */
import { DAY_MS, formatDay, formatDaysAgo, roleWords, shortTier, withArticle } from './format-values';
import { BUYING_ROLES, TIERS, type BuyingRole, type CadenceResult, type CadenceRuleResult, type CoverageResult, type Gap, type GapKindBase, type Stakeholder, type Tier } from './types';

type IntervalRule = Exclude<CadenceRuleResult['rule'], 'channels'>;

const RULE_GAPS = {
  touch: { kind: 'touch_overdue', title: 'Touch overdue', what: 'call, email or held meeting' },
  meeting: { kind: 'meeting_overdue', title: 'Meeting overdue', what: 'held meeting' },
  qbr: { kind: 'qbr_overdue', title: 'QBR overdue', what: 'quarterly business review' },
} as const;

const RULE_WORDS = Object.fromEntries(
  (Object.keys(RULE_GAPS) as IntervalRule[]).map((rule) => {
    const { what } = RULE_GAPS[rule];
    return [rule, { never: `No ${what} on record.`, lastPrefix: `Last ${what}: ` }];
  }),
) as unknown as Readonly<Record<IntervalRule, { readonly never: string; readonly lastPrefix: string }>>;

/** " Tier 1 accounts expect one every 30 days; it was due on " by tier and interval (intervals come from the model). */
const EXPECT_WORDS: Readonly<Record<Tier, Map<number, string>>> = { tier_1: new Map(), tier_2: new Map(), tier_3: new Map() };

function expectWords(tier: Tier, intervalDays: number): string {
  const known = EXPECT_WORDS[tier].get(intervalDays);
  if (known !== undefined) return known;
  const words = ` ${shortTier(tier)} accounts expect one every ${intervalDays} days; it was due on `;
  if (EXPECT_WORDS[tier].size < 1_000) EXPECT_WORDS[tier].set(intervalDays, words);
  return words;
}

function ruleGap(rule: CadenceRuleResult, tier: Tier, nowMs: number): Gap | null {
  if (rule.status !== 'overdue' || rule.rule === 'channels' || rule.due === null) return null;
  const spec = RULE_GAPS[rule.rule];
  const words = RULE_WORDS[rule.rule];
  const last = rule.last;
  const since =
    last === null
      ? words.never
      : `${words.lastPrefix}${formatDay(last.getTime())} (${formatDaysAgo(Math.floor((nowMs - last.getTime()) / DAY_MS))}).`;
  return {
    key: spec.kind,
    kind: spec.kind,
    title: spec.title,
    detail: `${since}${expectWords(tier, rule.intervalDays)}${formatDay(rule.due.getTime())}.`,
  };
}

interface RoleGapWords {
  readonly key: string;
  readonly title: string;
  /** "No engaged stakeholder holds the … role, which Tier 1 accounts need." by tier. */
  readonly lead: Readonly<Record<Tier, string>>;
  readonly identify: string;
}

const ROLE_GAP_WORDS = Object.fromEntries(
  BUYING_ROLES.map((role) => {
    const words = roleWords(role);
    const lead = Object.fromEntries(TIERS.map((tier) => [tier, `No engaged stakeholder holds the ${words} role, which ${shortTier(tier)} accounts need.`]));
    return [role, { key: `missing_role:${role}`, title: `Missing ${words}`, lead, identify: ` Identify ${withArticle(words)} and engage them.` }];
  }),
) as unknown as Readonly<Record<BuyingRole, RoleGapWords>>;

function holdsRole(s: Stakeholder, role: BuyingRole): boolean {
  for (let i = 0; i < s.roles.length; i += 1) if ((s.roles[i] as Stakeholder['roles'][number]).role === role) return true;
  return false;
}

function roleGap(coverage: CoverageResult, role: BuyingRole, tier: Tier): Gap {
  const words = ROLE_GAP_WORDS[role];
  // Stakeholders who hold the role but were not engaged: named in the task, the first one is its contact.
  let first: Stakeholder | null = null;
  let names = '';
  let holders = 0;
  for (let i = 0; i < coverage.stakeholders.length; i += 1) {
    const s = coverage.stakeholders[i] as Stakeholder;
    if (s.engaged || !holdsRole(s, role)) continue;
    first ??= s;
    names = holders === 0 ? s.name : `${names}, ${s.name}`;
    holders += 1;
  }
  const next =
    first === null
      ? words.identify
      : ` ${names} ${holders === 1 ? 'holds it but was' : 'hold it but were'} not touched recently: reach out.`;
  const detail = words.lead[tier] + next;
  return first === null
    ? { key: words.key, kind: 'missing_role', role, title: words.title, detail }
    : { key: words.key, kind: 'missing_role', role, title: words.title, detail, contactId: first.contactId };
}

function describeChampion(s: Stakeholder): string {
  return s.lastTouchAt === null ? `${s.name} (never touched)` : `${s.name} (last touched ${formatDay(s.lastTouchAt.getTime())})`;
}

function stakeholderById(stakeholders: readonly Stakeholder[], contactId: string): Stakeholder | null {
  for (let i = 0; i < stakeholders.length; i += 1) if ((stakeholders[i] as Stakeholder).contactId === contactId) return stakeholders[i] as Stakeholder;
  return null;
}

/**
 * A champion who was touched once and not since the dark window: the relationship cooled. A champion nobody ever
 * touched has not "gone dark"; where the tier needs a champion that is the missing-role gap, which names them.
 */
function championGap(coverage: CoverageResult, darkDays: number): Gap | null {
  let first: Stakeholder | null = null;
  let champions = '';
  for (let i = 0; i < coverage.darkChampionIds.length; i += 1) {
    const s = stakeholderById(coverage.stakeholders, coverage.darkChampionIds[i] as string);
    if (s === null || s.lastTouchAt === null) continue;
    champions = first === null ? describeChampion(s) : `${champions}, ${describeChampion(s)}`;
    first ??= s;
  }
  if (first === null) return null;
  return {
    key: 'champion_dark',
    kind: 'champion_dark',
    contactId: first.contactId,
    title: 'Champion gone dark',
    detail: `Champion ${champions} not touched in ${darkDays} days: check in before the relationship cools.`,
  };
}

/**
 * The gaps of an account that become tasks: those of the kinds the model's task policy names for the tier
 * (`tasks.gap_kinds`). What the policy leaves out still shows in the coverage and cadence of the result.
 */
export function findGaps(
  coverage: CoverageResult,
  cadence: CadenceResult,
  tier: Tier,
  championDarkDays: number,
  nowMs: number,
  kinds: ReadonlySet<GapKindBase>,
): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 0; i < cadence.rules.length; i += 1) {
    const gap = ruleGap(cadence.rules[i] as CadenceRuleResult, tier, nowMs);
    if (gap !== null && kinds.has(gap.kind)) gaps.push(gap);
  }
  if (kinds.has('missing_role')) {
    for (let i = 0; i < coverage.missingRoles.length; i += 1) gaps.push(roleGap(coverage, coverage.missingRoles[i] as BuyingRole, tier));
  }
  const champion = kinds.has('champion_dark') ? championGap(coverage, championDarkDays) : null;
  if (champion !== null) gaps.push(champion);
  return gaps;
}
