/**
 * The nine criteria of the decision matrix (SPEC §2.2): each one's raw value, how it reads, its points from the
 * anchors and whether real data stands behind it. Missing or junk data never counts as a bad signal: the criterion
 * gets the model's neutral points and `hasData: false`, which lowers confidence instead.
 *
 * Absence of records is data: an account with no won deals has $0 trailing revenue, one with no touches was not
 * touched. Junk fields are not: a won deal with no amount or no close date makes revenue unknown, not zero.
 */
import type { CompiledModel, TextReading } from './compile-model';
import { DAY_MS, formatMoney, formatPercent, formatPoints, formatDaysAgo } from './format-values';
import { interpolateAnchors } from './interpolate-anchors';
import { TIERS, type AccountInput, type Criterion, type CriterionResult, type Deal } from './types';

/**
 * A criterion as measured, before weighing: `points` are raw, `weight` and `contribution` are 0 until
 * `weighCriteria` fills them in (the same objects become the result's criteria, so nothing is allocated twice).
 */
export type CriterionMeasure = CriterionResult;

function measured(
  criterion: Criterion,
  value: CriterionResult['value'],
  display: string,
  points: number,
  hasData: boolean,
): CriterionMeasure {
  return { criterion, value, display, points, weight: 0, contribution: 0, hasData };
}

const YEAR_MS = 365 * DAY_MS;
const KNOWN_TIERS: ReadonlySet<string> = new Set(TIERS);

function usableAmount(amount: number | null | undefined): number | null {
  return typeof amount === 'number' && Number.isFinite(amount) && amount >= 0 ? amount : null;
}

function usableProbability(probability: number | null | undefined): number | null {
  return typeof probability === 'number' && Number.isFinite(probability) && probability >= 0 && probability <= 1
    ? probability
    : null;
}

export interface DealFacts {
  /** Closed-won revenue, trailing 12 months (usable deals only). */
  readonly trailing: number;
  /** Closed-won revenue, the 12 months before that. */
  readonly prior: number;
  /** Won deals whose amount or close date is unusable. */
  readonly unknownWon: number;
  /** Won deals counted in the trailing window. */
  readonly knownWonTrailing: number;
  readonly pipeline: number;
  readonly knownOpen: number;
  readonly unknownOpen: number;
}

export function readDeals(deals: readonly Deal[], nowMs: number): DealFacts {
  const trailingFrom = nowMs - YEAR_MS;
  const priorFrom = trailingFrom - YEAR_MS;
  let trailing = 0;
  let prior = 0;
  let unknownWon = 0;
  let knownWonTrailing = 0;
  let pipeline = 0;
  let knownOpen = 0;
  let unknownOpen = 0;
  for (const deal of deals) {
    if (deal === null || typeof deal !== 'object') continue;
    const amount = usableAmount(deal.amount);
    if (deal.status === 'won') {
      const close = deal.closeDate instanceof Date ? deal.closeDate.getTime() : Number.NaN;
      if (amount === null || !Number.isFinite(close)) {
        unknownWon += 1;
      } else if (close > trailingFrom && close <= nowMs) {
        trailing += amount;
        knownWonTrailing += 1;
      } else if (close > priorFrom && close <= trailingFrom) {
        prior += amount;
      }
    } else if (deal.status === 'open') {
      const probability = usableProbability(deal.probability);
      if (amount === null || probability === null) {
        unknownOpen += 1;
      } else {
        pipeline += amount * probability;
        knownOpen += 1;
      }
    }
  }
  return { trailing, prior, unknownWon, knownWonTrailing, pipeline, knownOpen, unknownOpen };
}

const PLACEHOLDER = /^(n\/?a|none|null|unknown|-+)$/i;

/** Trimmed text, or null for empty text and placeholders such as "n/a", "none", "unknown" or "-". */
function clean(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return trimmed.length <= 7 && PLACEHOLDER.test(trimmed) ? null : trimmed;
}

const TEXT_CACHE_LIMIT = 10_000;

/**
 * The reading of `raw`, or null when it is empty or a placeholder. Industries, countries and types repeat across a
 * portfolio, so each distinct text is cleaned, matched and worded once per model (bounded).
 */
function readText(
  cache: Map<string, TextReading | null>,
  raw: string | null | undefined,
  read: (text: string, compiled: CompiledModel) => TextReading,
  compiled: CompiledModel,
): TextReading | null {
  if (typeof raw !== 'string') return null;
  const known = cache.get(raw);
  if (known !== undefined) return known;
  const text = clean(raw);
  const reading = text === null ? null : read(text, compiled);
  if (cache.size < TEXT_CACHE_LIMIT) cache.set(raw, reading);
  return reading;
}

function readIndustry(industry: string, compiled: CompiledModel): TextReading {
  const match = compiled.targetIndustries.has(industry.toLowerCase());
  return { value: industry, match, display: match ? `${industry} (target industry)` : `${industry} (not a target industry)` };
}

function readCountry(country: string, compiled: CompiledModel): TextReading {
  const match = compiled.focusCountries.has(country.toLowerCase());
  return { value: country, match, display: match ? `${country} (in focus)` : `${country} (not in focus)` };
}

function readType(type: string, compiled: CompiledModel): TextReading {
  const upper = type.toUpperCase();
  const match = compiled.partnerTypes.has(upper);
  return { value: upper, match, display: match ? `${upper} (partner type)` : `${upper} (not a partner type)` };
}

const ICP_DISPLAY: Readonly<Record<string, string>> = Object.fromEntries(TIERS.map((tier) => [tier, `ICP ${tier.replace('_', ' ')}`]));

/** "coverage 85/100 (Tier 1 roles)" by tenths of a point (filled as they occur): always against the tier-1 roles. */
const COVERAGE_DISPLAY: (string | undefined)[] = Array.from({ length: 1001 }, () => undefined);

function coverageDisplay(score: number): string {
  const tenths = Math.round(score * 10);
  const inTable = tenths >= 0 && tenths <= 1000;
  const known = inTable ? COVERAGE_DISPLAY[tenths] : undefined;
  if (known !== undefined) return known;
  const display = `coverage ${formatPoints(score)}/100 (Tier 1 roles)`;
  if (inTable) COVERAGE_DISPLAY[tenths] = display;
  return display;
}

/** "last touch 12 days ago" by whole days (filled as they occur). */
const LAST_TOUCH_DISPLAY: (string | undefined)[] = Array.from({ length: 4000 }, () => undefined);

function lastTouchDisplay(days: number): string {
  const inTable = days >= 0 && days < 4000;
  const known = inTable ? LAST_TOUCH_DISPLAY[days] : undefined;
  if (known !== undefined) return known;
  const display = `last touch ${formatDaysAgo(days)}`;
  if (inTable) LAST_TOUCH_DISPLAY[days] = display;
  return display;
}

function noData(criterion: Criterion, compiled: CompiledModel, display: string): CriterionMeasure {
  return measured(criterion, null, display, compiled.model.neutral_points[criterion], false);
}

export interface CriteriaContext {
  readonly deals: DealFacts;
  /** Coverage score against the tier-1 role set. */
  readonly relationshipScore: number;
  readonly lastTouchMs: number | null;
}

/** Measures every criterion, in CRITERIA order. */
export function measureCriteria(input: AccountInput, context: CriteriaContext, compiled: CompiledModel, nowMs: number): CriterionMeasure[] {
  const { model, anchors } = compiled;
  const company = input.company;
  const { deals } = context;
  // An account HubSpot holds nothing about (no deal, no contact, no touch, no last-contacted date): its $0 revenue,
  // empty coverage and "no touch" are not facts about a relationship but the absence of one in the CRM. The points
  // stay as measured; the criteria count as without data, so confidence says how little the score rests on.
  const recorded = (input.deals?.length ?? 0) > 0 || (input.contacts?.length ?? 0) > 0 || (input.activities?.length ?? 0) > 0 || context.lastTouchMs !== null;

  const revenueKnown = !(deals.unknownWon > 0 && deals.knownWonTrailing === 0);
  const recurringRevenue: CriterionMeasure = revenueKnown
    ? measured('recurring_revenue', deals.trailing, `${formatMoney(deals.trailing)} won in 12 months`, interpolateAnchors(anchors.recurring_revenue, deals.trailing), recorded)
    : noData('recurring_revenue', compiled, 'no data (won deals without amount or close date)');

  const pipelineKnown = !(deals.unknownOpen > 0 && deals.knownOpen === 0);
  const growthPipeline: CriterionMeasure = pipelineKnown
    ? measured('growth_pipeline', deals.pipeline, `${formatMoney(deals.pipeline)} weighted pipeline`, interpolateAnchors(anchors.growth_pipeline, deals.pipeline), recorded)
    : noData('growth_pipeline', compiled, 'no data (open deals without amount or probability)');

  let revenueGrowth: CriterionMeasure;
  if (!revenueKnown || (deals.prior === 0 && deals.trailing === 0)) {
    revenueGrowth = noData('revenue_growth', compiled, 'no data (no won revenue in 24 months)');
  } else if (deals.prior === 0) {
    const top = anchors.revenue_growth.ys[anchors.revenue_growth.ys.length - 1] ?? 0;
    revenueGrowth = measured('revenue_growth', null, 'new revenue (none the year before)', top, true);
  } else {
    const growth = deals.trailing / deals.prior - 1;
    revenueGrowth = measured('revenue_growth', Math.round(growth * 1000) / 1000, `${formatPercent(growth)} year on year`, interpolateAnchors(anchors.revenue_growth, growth), true);
  }

  let productFit: CriterionMeasure;
  const icp = company.icpTier;
  const industry = typeof icp === 'string' && KNOWN_TIERS.has(icp) ? null : readText(compiled.industryReadings, company.industry, readIndustry, compiled);
  if (typeof icp === 'string' && KNOWN_TIERS.has(icp)) {
    productFit = measured('product_fit', icp, ICP_DISPLAY[icp] as string, model.categories.product_fit[`icp_${icp}`], true);
  } else if (industry !== null && compiled.targetIndustries.size > 0) {
    productFit = measured('product_fit', industry.value, industry.display, industry.match ? model.categories.product_fit.target_industry : model.categories.product_fit.other_industry, true);
  } else {
    productFit = noData('product_fit', compiled, 'unknown (no ICP tier or target industry)');
  }

  let geoFocus: CriterionMeasure;
  if (compiled.focusCountries.size === 0) geoFocus = noData('geo_focus', compiled, 'no focus countries configured');
  else {
    const country = readText(compiled.countryReadings, company.country, readCountry, compiled);
    if (country === null) geoFocus = noData('geo_focus', compiled, 'unknown country');
    else geoFocus = measured('geo_focus', country.value, country.display, country.match ? model.categories.geo_focus.in_focus : model.categories.geo_focus.out_of_focus, true);
  }

  const type = readText(compiled.typeReadings, company.type, readType, compiled);
  let partnerPotential: CriterionMeasure;
  if (type === null) partnerPotential = noData('partner_potential', compiled, 'unknown company type');
  else {
    partnerPotential = measured('partner_potential', type.match, type.display, type.match ? model.categories.partner_potential.partner : model.categories.partner_potential.not_partner, true);
  }

  const annualRevenue = company.annualRevenue;
  const financialSize: CriterionMeasure =
    typeof annualRevenue === 'number' && Number.isFinite(annualRevenue) && annualRevenue > 0
      ? measured('financial_size', annualRevenue, `${formatMoney(annualRevenue)} annual revenue`, interpolateAnchors(anchors.financial_size, annualRevenue), true)
      : noData('financial_size', compiled, 'unknown annual revenue');

  const relationship: CriterionMeasure = measured('relationship', context.relationshipScore, coverageDisplay(context.relationshipScore), context.relationshipScore, recorded);

  let engagementRecency: CriterionMeasure;
  if (context.lastTouchMs === null) {
    engagementRecency = measured('engagement_recency', null, `no touch in ${model.look_back_days} days`, interpolateAnchors(anchors.engagement_recency, model.look_back_days), recorded);
  } else {
    const days = Math.max(0, Math.floor((nowMs - context.lastTouchMs) / DAY_MS));
    engagementRecency = measured('engagement_recency', days, lastTouchDisplay(days), interpolateAnchors(anchors.engagement_recency, days), true);
  }

  // In CRITERIA order.
  return [
    recurringRevenue,
    growthPipeline,
    revenueGrowth,
    productFit,
    geoFocus,
    partnerPotential,
    financialSize,
    relationship,
    engagementRecency,
  ];
}
