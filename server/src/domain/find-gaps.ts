/**
 * The gaps that deserve a follow-up task (SPEC §3.2), one per kind and account — `touch_overdue`, `meeting_overdue`,
 * `qbr_overdue`, `missing_role:<ROLE>` (one per missing role) and `champion_dark` — each with the words for the task.
 */
import { DAY_MS, formatDay, formatDaysAgo, roleWords, shortTier, withArticle } from './format-values';
import type { CadenceResult, CadenceRuleResult, CoverageResult, Gap, Stakeholder, Tier } from './types';

const RULE_GAPS = {
  touch: { kind: 'touch_overdue', title: 'Touch overdue', what: 'call, email or held meeting' },
  meeting: { kind: 'meeting_overdue', title: 'Meeting overdue', what: 'held meeting' },
  qbr: { kind: 'qbr_overdue', title: 'QBR overdue', what: 'quarterly business review' },
} as const;

function ruleGap(rule: CadenceRuleResult, tier: Tier, nowMs: number): Gap | null {
  if (rule.status !== 'overdue' || rule.rule === 'channels' || rule.due === null) return null;
  const spec = RULE_GAPS[rule.rule];
  const since =
    rule.last === null
      ? `No ${spec.what} on record.`
      : `Last ${spec.what}: ${formatDay(rule.last.getTime())} (${formatDaysAgo(Math.floor((nowMs - rule.last.getTime()) / DAY_MS))}).`;
  return {
    key: spec.kind,
    kind: spec.kind,
    title: spec.title,
    detail: `${since} ${shortTier(tier)} accounts expect one every ${rule.intervalDays} days; it was due on ${formatDay(rule.due.getTime())}.`,
  };
}

function roleGap(coverage: CoverageResult, role: CoverageResult['missingRoles'][number], tier: Tier): Gap {
  const words = roleWords(role);
  const holders = coverage.stakeholders.filter((s) => !s.engaged && s.roles.some((r) => r.role === role));
  const lead = `No engaged stakeholder holds the ${words} role, which ${shortTier(tier)} accounts need.`;
  const next =
    holders.length > 0
      ? ` ${holders.map((s) => s.name).join(', ')} ${holders.length === 1 ? 'holds' : 'hold'} it but ${holders.length === 1 ? 'was' : 'were'} not touched recently: reach out.`
      : ` Identify ${withArticle(words)} and engage them.`;
  const gap: Gap = { key: `missing_role:${role}`, kind: 'missing_role', role, title: `Missing ${words}`, detail: lead + next };
  const contact = holders[0];
  return contact === undefined ? gap : { ...gap, contactId: contact.contactId };
}

function describeChampion(s: Stakeholder): string {
  return s.lastTouchAt === null ? `${s.name} (never touched)` : `${s.name} (last touched ${formatDay(s.lastTouchAt.getTime())})`;
}

function championGap(coverage: CoverageResult, darkDays: number): Gap | null {
  const dark = coverage.darkChampionIds
    .map((id) => coverage.stakeholders.find((s) => s.contactId === id))
    .filter((s): s is Stakeholder => s !== undefined);
  const first = dark[0];
  if (first === undefined) return null;
  return {
    key: 'champion_dark',
    kind: 'champion_dark',
    contactId: first.contactId,
    title: 'Champion gone dark',
    detail: `Champion ${dark.map(describeChampion).join(', ')} not touched in ${darkDays} days: check in before the relationship cools.`,
  };
}

export function findGaps(coverage: CoverageResult, cadence: CadenceResult, tier: Tier, championDarkDays: number, nowMs: number): Gap[] {
  const gaps: Gap[] = [];
  for (const rule of cadence.rules) {
    const gap = ruleGap(rule, tier, nowMs);
    if (gap !== null) gaps.push(gap);
  }
  for (const role of coverage.missingRoles) gaps.push(roleGap(coverage, role, tier));
  const champion = championGap(coverage, championDarkDays);
  if (champion !== null) gaps.push(champion);
  return gaps;
}
