/**
 * Outcomes, the model review and attention on the M portfolio (`npm run bench -- outcomes`): what an executive and the
 * model's owner read after the first night. Setup and a full sync against the sandbox (time-scaled: the figures here
 * are counts, not timings), then the model review (`keyline review`) and the portfolio (`keyline report`) over the
 * stored snapshots, exactly as the commands compute them.
 *
 * Recorded: the portfolio KPIs with their sample sizes, per tier the review's samples (accounts with prior revenue,
 * NPS answers), per criterion its separation (AUC) with the grown/shrunk sample sizes and verdict, the suggestions;
 * and the attention section: owners, owners to act on (over capacity, left the portal), rebalancing suggestions.
 */
import { startSandbox } from '../sandbox';
import { loadConfig } from '../server/src/config';
import { createKeyline } from '../server/src/keyline';
import { silenceLogger } from '../server/src/logger';
import { runSync } from '../server/src/sync';
import { readCurrentPortfolio } from '../server/src/use-cases/read-portfolio';
import { runModelReview } from '../server/src/use-cases/review-model';
import { recordResults } from './record-results';

const TIME_SCALE = Number(process.env['BENCH_TIME_SCALE'] ?? 50);
const round = (n: number | null, digits = 3) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

async function main(): Promise<void> {
  silenceLogger(true);
  const sandbox = await startSandbox({ size: 'M', seed: 42, rateLimit: { timeScale: TIME_SCALE, daily: 100_000_000 } });
  const config = loadConfig({
    HUBSPOT_BASE_URL: sandbox.baseUrl,
    HUBSPOT_ACCESS_TOKEN: sandbox.token,
    HUBSPOT_PORTAL_ID: sandbox.portalId,
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'error',
  });
  const k = await createKeyline(config, { timeScale: TIME_SCALE });
  try {
    await k.gateway.setup({ lists: false });
    const run = await runSync(k, { mode: 'full' });
    if (run.status !== 'succeeded') throw new Error(`full sync ${run.status}: ${run.message ?? ''}`);
    const review = await runModelReview(k, { now: new Date(), by: 'bench' });
    const portfolio = await readCurrentPortfolio(k);
    const total = portfolio.kpis.total;
    const owners = portfolio.attention?.owners ?? [];
    const overCapacity = owners.filter((o) => o.overCapacity && !o.departed);
    const departed = owners.filter((o) => o.departed);
    recordResults('outcomes', {
      companies: portfolio.accounts,
      grr: round(total.kpis.grr),
      nrr: round(total.kpis.nrr),
      nps: round(total.kpis.nps, 1),
      shareOfWallet: round(total.kpis.shareOfWallet),
      churnedAccounts: total.kpis.churnedAccounts,
      samples: total.samples,
      reviewWithOutcomes: review.withOutcomes,
      reviewGrown: review.grown,
      reviewShrunk: review.shrunk,
      reviewCriteriaTooFew: review.criteria.filter((c) => c.verdict === 'too_few').length,
      reviewSuggestions: review.suggestions.length,
      reviewSuggestionList: review.suggestions.map((s) => `${s.change} ${s.criterion} ${s.from} → ${s.to}`),
      reviewTiers: review.tiers.map((t) => ({
        tier: t.tier,
        'accounts with prior revenue': `${t.kpis.samples.retention} (rest ${t.rest.samples.retention})`,
        'NPS answers': `${t.kpis.samples.npsResponses} (rest ${t.rest.samples.npsResponses})`,
        NRR: `${String(round(t.kpis.kpis.nrr))} (rest ${String(round(t.rest.kpis.nrr))})`,
        NPS: `${String(round(t.kpis.kpis.nps, 1))} (rest ${String(round(t.rest.kpis.nps, 1))})`,
      })),
      reviewCriteria: review.criteria.map((c) => ({ criterion: c.label, AUC: round(c.auc, 2), grown: c.grown, shrunk: c.shrunk, verdict: c.verdict })),
      attentionOwnersListed: owners.length,
      attentionOverCapacity: overCapacity.length,
      attentionDeparted: departed.length,
      attentionAccountsOfDeparted: departed.reduce((n, o) => n + o.accountsOwned, 0),
      attentionSuggestions: owners.reduce((n, o) => n + o.suggestions.length, 0),
      attentionOverCapacityWithoutSuggestion: overCapacity.filter((o) => o.suggestions.length === 0).length,
      capacityOwners: portfolio.owners.length,
    });
  } finally {
    await k.close();
    await sandbox.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
