/**
 * The outcomes part of `keyline explain` (issue #15): retention, expansion, renewal and its risk, surveys, share of
 * wallet and whitespace, as lines a person reads top to bottom. Unknown figures say so (and what would make them
 * known); they are never shown as zero.
 */
import { formatDay, formatMoney } from './format-values';
import type { AccountOutcomes, SurveyOutcome } from './outcome-types';

/** 0.8571 → "85.7%". */
function rate(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

const MOVEMENT_WORDS: Readonly<Record<AccountOutcomes['retention']['movement'], string>> = {
  churned: 'churned',
  contracted: 'contracted',
  flat: 'flat',
  expanded: 'expanded',
  new: 'new recurring revenue',
  none: 'no recurring revenue',
};

function surveyLine(name: 'NPS' | 'CSAT', s: SurveyOutcome): string {
  if (s.score === null) return `  ${name}: no answers in the window${s.latest !== null ? `; latest ${s.latest.score} on ${formatDay(s.latest.at.getTime())}` : ''}`;
  const score = name === 'NPS' ? signed(s.score) : `${s.score}%`;
  const trend = s.trend === null ? '' : ` (trend ${signed(s.trend)})`;
  const latest = s.latest === null ? '' : `; latest ${s.latest.score}${name === 'CSAT' ? '/5' : ''} on ${formatDay(s.latest.at.getTime())}`;
  const invalid = s.invalid > 0 ? `; ${s.invalid} invalid answer${s.invalid === 1 ? '' : 's'} left out` : '';
  return `  ${name}: ${score} from ${s.responses} answer${s.responses === 1 ? '' : 's'}${trend}${latest}${invalid}`;
}

export function explainOutcomes(o: AccountOutcomes, renewalWindowDays?: number): string {
  const lines = [`Outcomes (${o.confidence} confidence; missing inputs lower it, they are not bad news):`];
  const r = o.retention;
  const retention =
    r.grr === null || r.nrr === null
      ? `${MOVEMENT_WORDS[r.movement]}; GRR/NRR not applicable (no recurring revenue the year before)`
      : `${MOVEMENT_WORDS[r.movement]}; GRR ${rate(r.grr)}, NRR ${rate(r.nrr)}`;
  lines.push(
    `  Retention: recurring ${formatMoney(r.trailing.recurring)} in the last 12 months, ${formatMoney(r.prior.recurring)} the 12 before: ${retention}. One-off ${formatMoney(r.trailing.oneOff)} (not in GRR/NRR).`,
  );
  const e = o.expansion;
  lines.push(
    `  Expansion: ${formatMoney(e.revenue)} won in 12 months; ${e.won} won, ${e.lost} lost${e.winRate === null ? '' : ` (${rate(e.winRate)} win rate)`}.`,
  );
  const n = o.renewal;
  if (n.date === null) lines.push('  Renewal: none known (no open renewal deal, no contract end date).');
  else {
    const when = `${formatDay(n.date.getTime())} (${n.source === 'renewal_deal' ? 'renewal deal' : 'contract end'})`;
    const window = renewalWindowDays === undefined ? 'the renewal window' : `the ${renewalWindowDays}-day renewal window`;
    if (n.risk === null) lines.push(`  Renewal: ${when}, beyond ${window}: risk not assessed yet.`);
    else lines.push(`  Renewal: ${when}, risk ${n.risk}${n.reasons.length > 0 ? `: ${n.reasons.join('; ')}` : ' (no warning signs)'}.`);
  }
  lines.push(surveyLine('NPS', o.nps));
  lines.push(surveyLine('CSAT', o.csat));
  const w = o.wallet;
  if (w.wallet === null) {
    lines.push(`  Share of wallet: unknown (spend ${formatMoney(w.spend)}; set keyline_wallet_size, or annual revenue for an estimate).`);
  } else {
    const source = w.source === 'property' ? 'set on the company' : 'estimated from annual revenue';
    lines.push(
      `  Share of wallet: ${w.share === null ? 'n/a' : rate(w.share)} — spend ${formatMoney(w.spend)} of ${formatMoney(w.wallet)} (${source}); headroom ${formatMoney(w.headroom ?? 0)}.`,
    );
  }
  if (w.whitespace.length > 0) {
    const items = w.whitespace.map((p) => (p.listValue === null ? p.name : `${p.name} (${formatMoney(p.listValue)} a year)`));
    lines.push(`  Not bought yet: ${items.join(', ')}.`);
  }
  return lines.join('\n');
}
