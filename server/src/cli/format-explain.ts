/** `keyline explain`'s output: the domain's explanation and the last run's problems as text, or the facts as JSON. */
import { explainAccount, explainOutcomes } from '../domain';
import type { AccountExplanation, CompanyRunProblems } from '../use-cases';
import { formatRelationships } from './format-relationships';

export function formatExplanation(explained: AccountExplanation, opts: { json: boolean }): string {
  if (opts.json) return JSON.stringify(explained, null, 2);
  const account = explainAccount(explained.result, { ownerName: explained.ownerName });
  // Outcomes (issue #15) under the account's verdict; absent in results stored before them.
  const outcomes = explained.result.outcomes;
  const withOutcomes = outcomes === undefined ? account : `${account}\n\n${explainOutcomes(outcomes)}`;
  // The relationship matrix (issue #16), our people named; absent in results stored before it.
  const text = explained.relationships === undefined ? withOutcomes : `${withOutcomes}\n\n${formatRelationships(explained.relationships)}`;
  return explained.lastRunProblems ? `${text}\n\n${formatRunProblems(explained.lastRunProblems)}` : text;
}

/** The lines `keyline explain` prints under the explanation. */
export function formatRunProblems(problems: CompanyRunProblems): string {
  const lines = [`In the last run (${problems.runId}, ${problems.startedAt.toISOString()}) HubSpot did not take everything:`];
  for (const e of problems.errors) {
    if (e.refused && e.refused.length > 0) {
      lines.push('  values refused by the portal’s validation rules (HubSpot keeps the previous ones):');
      for (const r of e.refused) lines.push(`    ${r.property}: ${r.rule}${r.message ? ` — ${r.message}` : ''}`);
    } else lines.push(`  ${e.message}`);
  }
  return lines.join('\n');
}
