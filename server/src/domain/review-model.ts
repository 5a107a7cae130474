/**
 * The model review (issue #15): does the segmentation work? Pure: from every scored account's tier, criteria points
 * and outcomes, it compares each tier with the rest of the portfolio, measures how well each criterion's points
 * separate the accounts that grew from those that shrank, names the accounts whose tier and outcome disagree most, and
 * suggests weight changes, each with its reason and a model patch the settings preview can run. It never changes the
 * model itself.
 *
 * Grown: recurring revenue expanded (trailing 12 months above the prior 12). Shrunk: contracted or churned. Flat, new
 * and no-revenue accounts are in neither group.
 *
 * Separation of a criterion: the AUC (Mann-Whitney U ÷ n_grown·n_shrunk) of its points, over the accounts with data for
 * it — the probability that a grown account has more points than a shrunk one (ties count half). 0.5 = no signal;
 * above, the criterion points the right way; below, the wrong way. With fewer than 30 accounts in either group it
 * carries a warning and never a suggestion.
 */
import { CRITERIA, type Criterion } from '@keyline/contract/vocabulary';
import type { AccountOutcomes } from './outcome-types';
import { kpisOf, sumKpis, type KpiGroup } from './portfolio-kpis';
import type { ScoringModel } from './scoring-model';
import { TIERS, type Tier } from './types';

/** Under this many accounts in either group, a separation is shown with a warning and never suggested from. */
export const MIN_GROUP = 30;
/** AUC from which a criterion clearly separates grown from shrunk accounts (raise its weight). */
export const STRONG_AUC = 0.65;
/** AUC under which a weighted criterion carries no useful signal (lower its weight). */
export const WEAK_AUC = 0.55;
/**
 * Criteria measured on the same won revenue as the outcome (trailing 12 months, and its change against the prior 12):
 * an account that grew scores high on them by construction, so their separation is shown but is not evidence, and no
 * weight change is ever suggested from it (on the M demo portfolio both "separated" at AUC 0.88 and 0.90).
 */
export const OUTCOME_CRITERIA: readonly Criterion[] = ['recurring_revenue', 'revenue_growth'];
/** At most this many suggestions, strongest evidence first. */
export const MAX_SUGGESTIONS = 3;
/** At most this many disagreeing accounts per list. */
export const MAX_DISAGREEMENTS = 5;

export interface ReviewAccount {
  companyId: string;
  companyName: string;
  ownerId: string | null;
  tier: Tier;
  criteria: readonly { criterion: Criterion; points: number; hasData: boolean }[];
  outcomes?: AccountOutcomes | undefined;
}

export interface TierComparison {
  tier: Tier;
  /** This tier's KPIs and those of every other account. */
  kpis: KpiGroup;
  rest: KpiGroup;
  /** Share of the accounts with prior recurring revenue that expanded, this tier and the rest (null: no sample). */
  expandedShare: { tier: number | null; rest: number | null };
}

export type SeparationVerdict = 'separates' | 'weak' | 'reversed' | 'too_few' | 'circular';

export interface CriterionSeparation {
  criterion: Criterion;
  /** The model's raw weight and its share of all weights (0–100). */
  weight: number;
  weightShare: number;
  /** Accounts with data for the criterion in each group. */
  grown: number;
  shrunk: number;
  /** P(points of a grown account > points of a shrunk one), ties half; null when either group is empty. */
  auc: number | null;
  meanPointsGrown: number | null;
  meanPointsShrunk: number | null;
  verdict: SeparationVerdict;
  /** Set when either group is under MIN_GROUP: the figure may be chance. */
  warning: string | null;
}

export interface Disagreement {
  companyId: string;
  companyName: string;
  ownerId: string | null;
  tier: Tier;
  movement: 'expanded' | 'churned' | 'contracted';
  /** Recurring revenue gained (expanded) or lost (churned, contracted). */
  amount: number;
  reason: string;
}

export interface ModelPatch {
  weights: Partial<Record<Criterion, number>>;
}

export interface ReviewSuggestion {
  criterion: Criterion;
  change: 'raise' | 'lower';
  from: number;
  to: number;
  reason: string;
  /** Merge into the model in force (`applyModelPatch`) and preview it with the settings preview. */
  patch: ModelPatch;
}

export interface ModelReview {
  accounts: number;
  withOutcomes: number;
  grown: number;
  shrunk: number;
  tiers: TierComparison[];
  criteria: CriterionSeparation[];
  /** Tier-3 accounts that expanded most; tier-1 accounts that churned or contracted most. */
  disagreements: { lowTierGrew: Disagreement[]; topTierShrank: Disagreement[] };
  /** Findings about the tiers themselves (e.g. tier 1 retains worse than the rest), each a sentence. */
  findings: string[];
  suggestions: ReviewSuggestion[];
}

/** The Mann-Whitney AUC of `a` over `b` (ties half); null when either is empty. */
export function separationAuc(a: readonly number[], b: readonly number[]): number | null {
  if (a.length === 0 || b.length === 0) return null;
  const all = [...a.map((v) => ({ v, a: true })), ...b.map((v) => ({ v, a: false }))].sort((x, y) => x.v - y.v);
  let rankSumA = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]?.v === all[i]?.v) j += 1;
    const rank = (i + 1 + j) / 2; // average of ranks i+1 … j
    for (let k = i; k < j; k += 1) if (all[k]?.a) rankSumA += rank;
    i = j;
  }
  const u = rankSumA - (a.length * (a.length + 1)) / 2;
  return u / (a.length * b.length);
}

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);
const round = (n: number | null, digits = 3): number | null => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const isGrown = (o: AccountOutcomes | undefined) => o?.retention.movement === 'expanded';
const isShrunk = (o: AccountOutcomes | undefined) => o?.retention.movement === 'contracted' || o?.retention.movement === 'churned';
const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`);
const dollars = (v: number) => `$${Math.round(v).toLocaleString('en-US')}`;

function expandedShare(accounts: readonly ReviewAccount[]): number | null {
  const base = accounts.filter((a) => (a.outcomes?.retention.prior.recurring ?? 0) > 0);
  return base.length === 0 ? null : round(base.filter((a) => isGrown(a.outcomes)).length / base.length, 4);
}

function compareTiers(accounts: readonly ReviewAccount[]): TierComparison[] {
  return TIERS.map((tier) => {
    const inTier = accounts.filter((a) => a.tier === tier);
    const rest = accounts.filter((a) => a.tier !== tier);
    return { tier, kpis: kpisOf(sumKpis(inTier)), rest: kpisOf(sumKpis(rest)), expandedShare: { tier: expandedShare(inTier), rest: expandedShare(rest) } };
  });
}

function separate(accounts: readonly ReviewAccount[], model: ScoringModel): CriterionSeparation[] {
  const totalWeight = CRITERIA.reduce((s, c) => s + model.weights[c], 0);
  return CRITERIA.map((criterion) => {
    const grown: number[] = [];
    const shrunk: number[] = [];
    for (const a of accounts) {
      const c = a.criteria.find((x) => x.criterion === criterion);
      if (!c?.hasData) continue;
      if (isGrown(a.outcomes)) grown.push(c.points);
      else if (isShrunk(a.outcomes)) shrunk.push(c.points);
    }
    const auc = round(separationAuc(grown, shrunk));
    const small = grown.length < MIN_GROUP || shrunk.length < MIN_GROUP;
    const circular = OUTCOME_CRITERIA.includes(criterion);
    const verdict: SeparationVerdict = small || auc === null ? 'too_few' : circular ? 'circular' : auc >= STRONG_AUC ? 'separates' : auc < 0.45 ? 'reversed' : 'weak';
    return {
      criterion,
      weight: model.weights[criterion],
      weightShare: totalWeight === 0 ? 0 : Math.round((model.weights[criterion] / totalWeight) * 1000) / 10,
      grown: grown.length,
      shrunk: shrunk.length,
      auc,
      meanPointsGrown: round(mean(grown), 1),
      meanPointsShrunk: round(mean(shrunk), 1),
      verdict,
      warning: small
        ? `only ${grown.length} grown and ${shrunk.length} shrunk accounts with data (under ${MIN_GROUP} in a group): may be chance`
        : circular
          ? 'measured on the same won revenue as the outcome, so it separates by construction: not evidence, no suggestion'
          : null,
    };
  });
}

function disagreements(accounts: readonly ReviewAccount[]): ModelReview['disagreements'] {
  const line = (a: ReviewAccount, movement: Disagreement['movement'], amount: number, reason: string): Disagreement => ({
    companyId: a.companyId,
    companyName: a.companyName,
    ownerId: a.ownerId,
    tier: a.tier,
    movement,
    amount,
    reason,
  });
  const lowTierGrew = accounts
    .flatMap((a) => (a.tier === 'tier_3' && a.outcomes && isGrown(a.outcomes) ? [line(a, 'expanded', a.outcomes.retention.expanded, `tier 3 but recurring revenue grew by ${dollars(a.outcomes.retention.expanded)} (NRR ${pct(a.outcomes.retention.nrr)})`)] : []))
    .sort((x, y) => y.amount - x.amount || x.companyId.localeCompare(y.companyId))
    .slice(0, MAX_DISAGREEMENTS);
  const topTierShrank = accounts
    .flatMap((a) => {
      const r = a.outcomes?.retention;
      if (a.tier !== 'tier_1' || r === undefined || !isShrunk(a.outcomes)) return [];
      const churned = r.movement === 'churned';
      const lost = churned ? r.churned : r.contracted;
      return [line(a, churned ? 'churned' : 'contracted', lost, churned ? `tier 1 but churned: ${dollars(lost)} of recurring revenue lost` : `tier 1 but contracted by ${dollars(lost)} (GRR ${pct(r.grr)})`)];
    })
    // Churned before contracted, then the largest loss first.
    .sort((x, y) => Number(y.movement === 'churned') - Number(x.movement === 'churned') || y.amount - x.amount || x.companyId.localeCompare(y.companyId))
    .slice(0, MAX_DISAGREEMENTS);
  return { lowTierGrew, topTierShrank };
}

function findingsOf(tiers: readonly TierComparison[]): string[] {
  const out: string[] = [];
  const t1 = tiers.find((t) => t.tier === 'tier_1');
  const t3 = tiers.find((t) => t.tier === 'tier_3');
  if (t1 && t1.kpis.samples.retention >= MIN_GROUP && t1.rest.samples.retention >= MIN_GROUP) {
    const a = t1.kpis.kpis.nrr;
    const b = t1.rest.kpis.nrr;
    if (a !== null && b !== null && a < b) out.push(`Tier 1 retains less than the rest (NRR ${pct(a)} against ${pct(b)}): the tiers do not pick the accounts that grow.`);
  }
  if (t1 && t3 && t1.kpis.samples.npsResponses >= MIN_GROUP && t3.kpis.samples.npsResponses >= MIN_GROUP) {
    const a = t1.kpis.kpis.nps;
    const b = t3.kpis.kpis.nps;
    if (a !== null && b !== null && a < b) out.push(`Tier 1's NPS (${a.toFixed(1)}) is below tier 3's (${b.toFixed(1)}): the strategic accounts are the less satisfied.`);
  }
  return out;
}

/** The raised or lowered weight: ×1.5 (at least +5) to raise, ÷2 to lower; whole numbers, within the schema's 0–1000. */
function changedWeight(from: number, change: 'raise' | 'lower'): number {
  if (change === 'raise') return Math.min(1000, Math.max(from + 5, Math.round(from * 1.5)));
  return Math.max(0, Math.floor(from / 2));
}

function suggest(criteria: readonly CriterionSeparation[]): ReviewSuggestion[] {
  // Ranked: criteria that point the wrong way first, then those that separate well (raise), then weighted criteria with
  // no signal, the largest share of the weight first.
  const out: (ReviewSuggestion & { rank: number; strength: number })[] = [];
  for (const c of criteria) {
    if (c.verdict === 'too_few' || c.verdict === 'circular' || c.auc === null) continue;
    const evidence = `AUC ${c.auc.toFixed(2)} over ${c.grown} grown and ${c.shrunk} shrunk accounts (mean points ${c.meanPointsGrown} against ${c.meanPointsShrunk})`;
    let change: 'raise' | 'lower' | null = null;
    let reason = '';
    if (c.verdict === 'separates') {
      change = 'raise';
      reason = `${c.criterion} separates accounts that grew from accounts that shrank: ${evidence}; it holds ${c.weightShare}% of the weight`;
    } else if (c.weight > 0 && c.auc < WEAK_AUC) {
      change = 'lower';
      reason =
        c.verdict === 'reversed'
          ? `${c.criterion} points the wrong way: accounts that shrank score higher on it (${evidence}) while it holds ${c.weightShare}% of the weight`
          : `${c.criterion} hardly separates accounts that grew from accounts that shrank (${evidence}) while it holds ${c.weightShare}% of the weight`;
    }
    if (change === null) continue;
    const to = changedWeight(c.weight, change);
    if (to === c.weight) continue;
    out.push({ criterion: c.criterion, change, from: c.weight, to, reason, patch: { weights: { [c.criterion]: to } }, rank: c.verdict === 'reversed' ? 0 : change === 'raise' ? 1 : 2, strength: change === 'raise' ? c.auc - 0.5 : c.verdict === 'reversed' ? 0.5 - c.auc : c.weightShare });
  }
  return out
    .sort((a, b) => a.rank - b.rank || b.strength - a.strength || a.criterion.localeCompare(b.criterion))
    .slice(0, MAX_SUGGESTIONS)
    .map(({ rank: _rank, strength: _strength, ...s }) => s);
}

export function reviewModel(accounts: readonly ReviewAccount[], model: ScoringModel): ModelReview {
  const tiers = compareTiers(accounts);
  const criteria = separate(accounts, model);
  return {
    accounts: accounts.length,
    withOutcomes: accounts.filter((a) => a.outcomes !== undefined).length,
    grown: accounts.filter((a) => isGrown(a.outcomes)).length,
    shrunk: accounts.filter((a) => isShrunk(a.outcomes)).length,
    tiers,
    criteria,
    disagreements: disagreements(accounts),
    findings: findingsOf(tiers),
    suggestions: suggest(criteria),
  };
}

/** The model with a suggestion's patch merged in (what the settings preview is given). */
export function applyModelPatch(model: ScoringModel, patch: ModelPatch): ScoringModel {
  return { ...model, weights: { ...model.weights, ...patch.weights } };
}
