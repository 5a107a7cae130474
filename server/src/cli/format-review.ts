/**
 * `keyline review`'s text (issue #15): each tier against the rest, each criterion's separation of grown from shrunk
 * accounts with its sample sizes and warnings, the accounts whose tier and outcome disagree, the findings and the
 * suggestions with their patches. Formatted from the review use case's result (the JSON `GET /api/v1/review` answers).
 */
import type { ReviewView } from '../use-cases';
import { TIER_LABELS } from '../domain/types';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));
const VERDICT: Record<ReviewView['criteria'][number]['verdict'], string> = {
  separates: 'separates',
  weak: 'no clear signal',
  reversed: 'points the wrong way',
  too_few: 'too few accounts',
  circular: 'circular',
};

export function formatReview(r: ReviewView): string {
  const out: string[] = [];
  out.push(`Keyline model review (${r.reviewedAt.slice(0, 10)}, model ${r.modelVersion})`);
  out.push(`  ${r.accounts} accounts, ${r.withOutcomes} with outcomes: ${r.grown} grew (recurring revenue expanded), ${r.shrunk} shrank or churned`);
  out.push(`  previous review ${r.previousReview === null ? 'none' : r.previousReview.slice(0, 10)}; next due ${r.nextDue === null ? '—' : r.nextDue.slice(0, 10)}`);
  out.push('  The review changes nothing: preview a suggestion with the settings page (or POST /api/v1/settings/preview).');

  out.push('', 'Each tier against the rest of the portfolio');
  out.push(`  ${'Tier'.padEnd(22)} ${'GRR'.padStart(14)} ${'NRR'.padStart(16)} ${'expanded'.padStart(16)} ${'NPS'.padStart(14)} ${'upsell conv.'.padStart(16)}   samples (tier/rest)`);
  for (const t of r.tiers) {
    const pair = (a: string, b: string, w: number) => `${a} / ${b}`.padStart(w);
    out.push(
      `  ${TIER_LABELS[t.tier].padEnd(22)} ${pair(pct(t.kpis.kpis.grr), pct(t.rest.kpis.grr), 14)} ${pair(pct(t.kpis.kpis.nrr), pct(t.rest.kpis.nrr), 16)} ${pair(pct(t.expandedShare.tier), pct(t.expandedShare.rest), 16)} ${pair(num(t.kpis.kpis.nps), num(t.rest.kpis.nps), 14)} ${pair(pct(t.kpis.kpis.upsellConversion), pct(t.rest.kpis.upsellConversion), 16)}   ${t.kpis.samples.retention}/${t.rest.samples.retention} with prior revenue, ${t.kpis.samples.npsResponses}/${t.rest.samples.npsResponses} NPS answers`,
    );
  }

  out.push('', 'Each criterion: do its points separate accounts that grew from accounts that shrank? (AUC: 0.5 = no signal, 1 = perfect)');
  out.push(`  ${'Criterion'.padEnd(22)} ${'weight'.padStart(7)} ${'AUC'.padStart(5)} ${'grown'.padStart(6)} ${'shrunk'.padStart(6)} ${'mean points'.padStart(13)}  verdict`);
  for (const c of r.criteria) {
    out.push(
      `  ${c.label.padEnd(22)} ${`${c.weightShare.toFixed(1)}%`.padStart(7)} ${num(c.auc, 2).padStart(5)} ${String(c.grown).padStart(6)} ${String(c.shrunk).padStart(6)} ${`${num(c.meanPointsGrown, 0)} / ${num(c.meanPointsShrunk, 0)}`.padStart(13)}  ${VERDICT[c.verdict]}${c.warning ? ` — ${c.warning}` : ''}`,
    );
  }

  const who = (d: ReviewView['disagreements']['lowTierGrew'][number]) =>
    `    ${d.companyName || '(no name)'} (${d.companyId}), ${d.ownerId === null ? 'no owner' : `owner ${d.ownerName ?? `Owner ${d.ownerId}`}`}: ${d.reason}`;
  out.push('', `Tier 3 accounts that grew most: ${r.disagreements.lowTierGrew.length === 0 ? 'none' : ''}`.trimEnd());
  for (const d of r.disagreements.lowTierGrew) out.push(who(d));
  out.push('', `Tier 1 accounts that churned or shrank most: ${r.disagreements.topTierShrank.length === 0 ? 'none' : ''}`.trimEnd());
  for (const d of r.disagreements.topTierShrank) out.push(who(d));

  if (r.findings.length > 0) {
    out.push('', 'Findings');
    for (const f of r.findings) out.push(`  ${f}`);
  }
  out.push('', `Suggestions: ${r.suggestions.length === 0 ? 'none (no criterion has enough evidence either way)' : r.suggestions.length}`);
  for (const s of r.suggestions) {
    out.push(`  ${s.change === 'raise' ? 'Raise' : 'Lower'} the weight of ${s.criterion} from ${s.from} to ${s.to}: ${s.reason}.`);
    out.push(`    patch: ${JSON.stringify(s.patch)}`);
  }
  return out.join('\n');
}
