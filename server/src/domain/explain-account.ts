/**
 * `keyline explain <companyId>`: everything behind an account's verdict, as text a person reads top to bottom.
 */
import { CRITERION_LABELS } from './criterion-labels';
import { formatDay, formatPoints, roleWords, shortTier } from './format-values';
import { TIER_LABELS, type AccountResult, type CadenceRuleResult, type Gap } from './types';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

const day = (date: Date | null): string => (date === null ? '—' : formatDay(date.getTime()));

function ruleLine(rule: CadenceRuleResult): string {
  if (rule.rule === 'channels') {
    return `  ${pad('channels', 9)} ${rule.channelsUsed ?? 0} of ${rule.channelsRequired ?? 0} required in ${rule.intervalDays} days   ${rule.status}`;
  }
  const name = rule.rule === 'qbr' ? 'QBR' : rule.rule;
  return `  ${pad(name, 9)} every ${rule.intervalDays} days   last ${day(rule.last)}   due ${day(rule.due)}   ${rule.status}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** "task open" / "queued, 3rd in line" / "" (no task allocation ran yet). */
export function gapTaskWords(gap: Gap): string {
  if (gap.task === undefined) return '';
  return gap.task.state === 'open' ? 'task open' : `queued, ${ordinal(gap.task.rank)} in line`;
}

/** `ownerName`: how the owner is named (see name-owner.ts); without it, "Owner <id>". */
export function explainAccount(result: AccountResult, opts: { ownerName?: string | null } = {}): string {
  const t = result.tier;
  const lines: string[] = [];
  const named = opts.ownerName !== undefined && opts.ownerName !== null && opts.ownerName !== `Owner ${result.ownerId}`;
  const owner = result.ownerId === null ? ', no owner' : named ? `, owner ${opts.ownerName} (${result.ownerId})` : `, owner ${result.ownerId}`;
  lines.push(`${result.companyName} (${result.companyId})${owner}`);
  lines.push(
    `Tier: ${TIER_LABELS[t.tier]}${t.override !== null ? ` — set by override; the score makes it ${shortTier(t.computedTier)}` : ''}${t.demotedByCapacity ? ' — demoted from Tier 1 by the capacity cap' : ''}`,
  );
  lines.push(`Score: ${formatPoints(t.score)} / 100, ${t.confidence} confidence${t.previousTier !== null ? `, previous tier ${shortTier(t.previousTier)}` : ''}`);
  if (t.ownerOverCapacity) lines.push(`Owner over capacity: ${opts.ownerName ?? 'the owner'} holds more tier-1 accounts than the cap.`);
  lines.push(`Reasons: ${t.reasons}`);
  lines.push('');
  lines.push(`${pad('Criterion', 20)} ${pad('Value', 44)} ${padStart('Points', 6)} ${padStart('Weight', 6)} ${padStart('Contrib', 7)}`);
  for (const c of t.criteria) {
    const value = c.weight === 0 ? `${c.display} (off)` : c.hasData || /no data|unknown/.test(c.display) ? c.display : `${c.display} (no data)`;
    lines.push(
      `${pad(CRITERION_LABELS[c.criterion], 20)} ${pad(value, 44)} ${padStart(formatPoints(c.points), 6)} ${padStart(formatPoints(c.weight), 6)} ${padStart(formatPoints(c.contribution), 7)}`,
    );
  }
  lines.push(`${pad('Total', 20)} ${pad('', 44)} ${padStart('', 6)} ${padStart('100', 6)} ${padStart(formatPoints(t.score), 7)}`);
  if (t.criteria.some((c) => c.weight > 0 && !c.hasData)) {
    lines.push('Criteria without data (no data, unknown) lower the confidence; (off): weight 0, not counted.');
  }
  const band = t.band;
  if (t.override === null && band !== undefined && band.threshold !== null && band.fallsBelow !== null) {
    lines.push('');
    lines.push(
      `Holds ${shortTier(t.computedTier)} down to ${formatPoints(band.fallsBelow)}${
        band.size > 0 ? ` (the threshold ${formatPoints(band.threshold)} minus the ${formatPoints(band.size)}-point hysteresis band)` : ''
      }.`,
    );
  }
  if (t.nextTier !== null && t.nextTierGap !== null) {
    if (band === undefined || band.threshold === null || t.override !== null) lines.push('');
    const rises =
      band !== undefined && band.risesAt !== null && band.nextThreshold !== null && band.size > 0
        ? ` It rises at ${formatPoints(band.risesAt)}: the threshold ${formatPoints(band.nextThreshold)} plus the ${formatPoints(band.size)}-point hysteresis band.`
        : '';
    lines.push(`${t.nearMiss ? 'Near-miss: ' : ''}${formatPoints(t.nextTierGap)} points to ${shortTier(t.nextTier)}.${rises}`);
    if (t.closeTheGap.length > 0) {
      lines.push('What would close the gap (any one of these, or together):');
      for (const s of t.closeTheGap) lines.push(`  - ${s.text} (+${formatPoints(s.scoreGain)} points)`);
    }
  }
  const cov = result.coverage;
  lines.push('');
  lines.push(
    `Coverage (${shortTier(result.tier.tier)} roles): ${formatPoints(cov.score)} / 100, ${cov.engagedStakeholders} engaged stakeholder${cov.engagedStakeholders === 1 ? '' : 's'}, levels: ${cov.engagedLevels.join(', ') || 'none'}`,
  );
  const relationship = t.criteria.find((c) => c.criterion === 'relationship');
  if (result.tier.tier !== 'tier_1' && relationship !== undefined && typeof relationship.value === 'number' && relationship.value !== cov.score) {
    lines.push(`  (the Relationship criterion above measures the same stakeholders against the Tier 1 roles: ${formatPoints(relationship.value)} / 100)`);
  }
  lines.push(`  required roles: ${cov.requiredRoles.map(roleWords).join(', ') || 'none'}; missing: ${cov.missingRoles.map(roleWords).join(', ') || 'none'}`);
  if (cov.flags.length > 0) lines.push(`  flags: ${cov.flags.join(', ')}`);
  if (result.relationships !== undefined && result.relationships.flags.length > 0) lines.push(`  relationship flags: ${result.relationships.flags.map((f) => f.flag).join(', ')} (reasons under Relationships)`);
  for (const s of cov.stakeholders) {
    const roles = s.roles.map((r) => `${roleWords(r.role)}${r.inferred ? '*' : ''}`).join(', ') || 'no role';
    lines.push(`  ${s.engaged ? '●' : '○'} ${s.name}${s.jobTitle !== null ? `, ${s.jobTitle}` : ''} — ${roles}; ${s.level}${s.levelInferred ? '*' : ''}; last touch ${day(s.lastTouchAt)}`);
  }
  if (cov.stakeholders.some((s) => s.levelInferred || s.roles.some((r) => r.inferred))) lines.push('  (* inferred from the job title or a default)');
  const cad = result.cadence;
  lines.push('');
  lines.push(`Cadence: ${cad.status}; last touch ${day(cad.lastTouchAt)}, last QBR ${day(cad.lastQbrAt)}, next due ${day(cad.nextTouchDue)}`);
  for (const rule of cad.rules) lines.push(ruleLine(rule));
  lines.push(`  channel mix (${cad.rules.find((r) => r.rule === 'channels')?.intervalDays ?? 90} days): ${cad.channelMix.call} calls, ${cad.channelMix.email} emails, ${cad.channelMix.meeting} meetings`);
  if (result.gaps.length > 0) {
    lines.push('');
    lines.push('Gaps (follow-up tasks):');
    for (const gap of result.gaps) {
      const state = gapTaskWords(gap);
      lines.push(`  - ${state === '' ? '' : `[${state}] `}${gap.title}: ${gap.detail}`);
    }
    if (result.gaps.some((g) => g.task?.state === 'queued')) {
      lines.push('  (queued: over the daily budget of new Keyline tasks per owner; it becomes a task as earlier ones close)');
    }
  }
  lines.push('');
  lines.push(`Model ${result.modelVersion}, computed ${result.computedAt.toISOString()}`);
  return lines.join('\n');
}
