/**
 * The words of Keyline's tasks, for the people who read them in HubSpot (SPEC §3.2): the subject, the body (simple
 * HTML, which HubSpot's task notes render as rich text), the note that says truthfully why Keyline closed a task, and
 * the task's identity, which Keyline keeps in a task property of its own (`keyline_task_key`), never in the text.
 *
 * The subject names the gap and the company, not the tier: a task outlives tier changes, and a subject that said
 * "(Tier 2)" after a promotion would be wrong. The body says what Keyline found and when, and the tier the account had
 * then; the card always shows the current picture.
 */
import { onboardingClosedWhy } from './onboarding-gaps';
import { formatDay, formatPoints, roleWords, shortTier } from './format-values';
import { TIER_LABELS, type AccountResult, type BuyingRole, type CadenceRule, type CadenceRuleResult, type Gap, type GapKindBase, type Stakeholder, type Tier } from './types';

/** HubSpot refuses text values over 65,536 characters; names and details can be anything (100 kB). */
const MAX_NAME = 200;
const MAX_PART = 20_000;

/** The text cut to `max` characters (on a code point boundary), with an ellipsis when cut. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = [...text.slice(0, max)];
  const last = cut[cut.length - 1] ?? '';
  if (last.length === 1 && /[\ud800-\udbff]/.test(last)) cut.pop(); // half a surrogate pair
  return `${cut.join('')}…`;
}

/**
 * A Keyline task's identity: the company and the gap (one open task per company and gap). It is written into the
 * task property `keyline_task_key`, where Keyline finds its tasks again (after a crash, or when the store was lost);
 * the same text sat in the body of tasks made before that property existed, where Keyline still recognises it.
 */
export function taskIdentity(companyId: string, gapKey: string): string {
  return `keyline:gap=${companyId}/${gapKey}`;
}

function nameOf(companyName: string): string {
  return clipText(companyName.trim(), MAX_NAME) || 'Unnamed company';
}

/** "Keyline · QBR overdue — Acme Corp": the gap and the company, true for as long as the task is open. */
export function taskSubject(title: string, companyName: string): string {
  return `Keyline · ${title} — ${nameOf(companyName)}`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to put inside HTML (company names and titles come from HubSpot and can hold anything). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const html = (text: string, max = MAX_PART) => escapeHtml(clipText(text, max));
const day = (date: Date | null) => (date === null ? '—' : formatDay(date.getTime()));

/**
 * The task body: what to do and why, as simple HTML (paragraphs and a list) that HubSpot renders. Every figure is the
 * one `explain` and the card show, with what it is: the coverage names its role set, the dates are days.
 */
export function taskBody(result: AccountResult, gap: Gap, now: Date): string {
  const t = result.tier;
  const cov = result.coverage;
  const cad = result.cadence;
  const missing = cov.missingRoles.map(roleWords).join(', ') || 'none';
  const lines = [
    `<p><strong>${html(gap.title)}</strong>: ${html(gap.detail)}</p>`,
    `<p>Keyline found this on ${formatDay(now.getTime())}, when ${html(result.companyName, MAX_NAME)} was ${TIER_LABELS[t.tier]}${
      t.override !== null ? ' (set by override)' : ''
    }, score ${formatPoints(t.score)} of 100, ${t.confidence} confidence.</p>`,
    '<ul>',
    `<li>Why this tier: ${html(t.reasons)}</li>`,
    `<li>Stakeholder coverage (${shortTier(t.tier)} roles): ${formatPoints(cov.score)} of 100, ${cov.engagedStakeholders} engaged stakeholder${
      cov.engagedStakeholders === 1 ? '' : 's'
    }; missing roles: ${missing}</li>`,
    `<li>Cadence: ${cad.status.replace('_', ' ')}; last touch ${day(cad.lastTouchAt)}; next touch due ${day(cad.nextTouchDue)}</li>`,
    '</ul>',
    '<p>Keyline completes this task itself when the gap is closed. The Keyline tab on the company record shows the full, current explanation.</p>',
  ];
  return lines.join('');
}

// ---------------------------------------------------------------------------------------------------------------
// Why a task was closed
// ---------------------------------------------------------------------------------------------------------------

const RULE_OF: Readonly<Partial<Record<GapKindBase, CadenceRule>>> = { touch_overdue: 'touch', meeting_overdue: 'meeting', qbr_overdue: 'qbr' };
const RULE_WORDS: Readonly<Record<'touch' | 'meeting' | 'qbr', { rule: string; last: string }>> = {
  touch: { rule: 'touch rule', last: 'call, email or held meeting' },
  meeting: { rule: 'meeting rule', last: 'held meeting' },
  qbr: { rule: 'QBR rule', last: 'quarterly business review' },
};
const KIND_WORDS: Readonly<Record<GapKindBase, string>> = {
  touch_overdue: '"touch overdue"',
  meeting_overdue: '"meeting overdue"',
  qbr_overdue: '"QBR overdue"',
  missing_role: 'missing-role',
  champion_dark: '"champion gone dark"',
  plan_review_overdue: '"account plan review overdue"',
  departed_contact: '"key contact known only by a colleague who left"',
  onboarding: 'onboarding',
};

/** "The account moved from Tier 1 to Tier 2 (demoted by the capacity cap). " or "" when the tier did not change. */
function tierMove(result: AccountResult): string {
  const t = result.tier;
  if (t.previousTier === null || t.previousTier === t.tier) return '';
  const why = t.demotedByCapacity
    ? 'demoted by the capacity cap'
    : t.override !== null
      ? 'set by override'
      : `score ${formatPoints(t.score)}`;
  return `The account moved from ${shortTier(t.previousTier)} to ${shortTier(t.tier)} (${why}). `;
}

function holdersOf(result: AccountResult, role: BuyingRole): Stakeholder[] {
  return result.coverage.stakeholders.filter((s) => s.engaged && s.roles.some((r) => r.role === role));
}

function why(result: AccountResult, gapKey: string): string {
  const tier: Tier = result.tier.tier;
  const tierWords = shortTier(tier);
  const moved = tierMove(result);
  const [kindText, roleText] = gapKey.split(':');
  const kind = kindText as GapKindBase;
  if (kind === 'onboarding') return onboardingClosedWhy(result, roleText ?? '');
  const known = kind === 'missing_role' ? roleText !== undefined && roleText !== '' : gapKey === kind && kind in KIND_WORDS;
  if (!known) return 'the gap is no longer open.';
  const ruleName = RULE_OF[kind];
  if (ruleName !== undefined) {
    const rule = result.cadence.rules.find((r): r is CadenceRuleResult => r.rule === ruleName);
    const words = RULE_WORDS[ruleName as 'touch' | 'meeting' | 'qbr'];
    if (rule === undefined) return `${moved}${tierWords} accounts have no ${words.rule}.`;
    if (rule.status === 'overdue') return `${moved}Keyline's task policy makes no ${KIND_WORDS[kind]} tasks for ${tierWords} accounts.`;
    if (moved !== '') return `${moved}${tierWords} accounts expect one every ${rule.intervalDays} days; it is due on ${day(rule.due)}.`;
    return `the gap is closed: last ${words.last} on ${day(rule.last)}.`;
  }
  if (kind === 'missing_role') {
    const role = roleText as BuyingRole;
    const words = roleWords(role);
    if (!result.coverage.requiredRoles.includes(role)) return `${moved}${tierWords} accounts do not need ${/^[aeiou]/.test(words) ? 'an' : 'a'} ${words}.`;
    if (result.coverage.missingRoles.includes(role)) return `${moved}Keyline's task policy makes no missing-role tasks for ${tierWords} accounts.`;
    const holders = holdersOf(result, role);
    const first = holders[0];
    return first === undefined
      ? `the gap is closed: the ${words} role is held by an engaged stakeholder.`
      : `the gap is closed: ${first.name} holds the ${words} role and was touched on ${day(first.lastTouchAt)}.`;
  }
  if (kind === 'champion_dark') {
    const dark = result.coverage.stakeholders.filter((s) => result.coverage.darkChampionIds.includes(s.contactId));
    if (dark.some((s) => s.lastTouchAt !== null)) return `${moved}Keyline's task policy makes no ${KIND_WORDS.champion_dark} tasks for ${tierWords} accounts.`;
    if (dark.length > 0) return `${moved}no champion went dark: the champions on record were never touched (where the tier needs a champion, the missing-role task asks for one).`;
    const champion = result.coverage.stakeholders.find((s) => s.roles.some((r) => r.role === 'CHAMPION'));
    return champion === undefined
      ? 'the gap is closed: no stakeholder holds the champion role any more.'
      : `the gap is closed: champion ${champion.name} was touched on ${day(champion.lastTouchAt)}.`;
  }
  if (kind === 'departed_contact') return 'the gap is closed: no key stakeholder recently in touch is known only by a colleague who left.';
  return 'the gap is closed.';
}

/** The note Keyline appends when it completes its own task: the day and the true reason. */
export function closingNote(result: AccountResult, gapKey: string, now: Date): string {
  return `Closed by Keyline on ${formatDay(now.getTime())}: ${lowerFirst(why(result, gapKey))}`;
}

/** "The account moved…" reads on after the colon as "the account moved…"; "Keyline's", "Tier 2" keep their capitals. */
function lowerFirst(text: string): string {
  return text.startsWith('The ') ? `t${text.slice(1)}` : text;
}
