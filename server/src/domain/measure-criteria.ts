/**
 * The nine criteria of the decision matrix (SPEC §2.2): each one's raw value, how it reads, its points from the
 * anchors and whether real data stands behind it. Missing or junk data never counts as a bad signal: the criterion
 * gets the model's neutral points and `hasData: false`, which lowers confidence instead.
 *
 * Absence of records is data: an account with no won deals has $0 trailing revenue, one with no touches was not
 * touched. Junk fields are not: a won deal with no amount or no close date makes revenue unknown, not zero.
 */
import type { CompiledModel } from './compile-model';
import { DAY_MS, formatMoney, formatPercent, formatPoints, formatDaysAgo } from './format-values';
import { interpolateAnchors } from './interpolate-anchors';
import { CRITERIA, TIERS, type AccountInput, type Criterion, type Deal } from './types';

export interface CriterionMeasure {
  readonly criterion: Criterion;
  readonly value: number | string | boolean | null;
  readonly display: string;
  /** Points before rounding. */
  readonly points: number;
  readonly hasData: boolean;
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

function clean(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  return trimmed === '' || /^(n\/?a|none|null|unknown|-+)$/i.test(trimmed) ? null : trimmed;
}

function noData(criterion: Criterion, compiled: CompiledModel, display: string): CriterionMeasure {
  return { criterion, value: null, display, points: compiled.model.neutral_points[criterion], hasData: false };
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

  const revenueKnown = !(deals.unknownWon > 0 && deals.knownWonTrailing === 0);
  const recurringRevenue: CriterionMeasure = revenueKnown
    ? {
        criterion: 'recurring_revenue',
        value: deals.trailing,
        display: `${formatMoney(deals.trailing)} won in 12 months`,
        points: interpolateAnchors(anchors.recurring_revenue, deals.trailing),
        hasData: true,
      }
    : noData('recurring_revenue', compiled, 'no data (won deals without amount or close date)');

  const pipelineKnown = !(deals.unknownOpen > 0 && deals.knownOpen === 0);
  const growthPipeline: CriterionMeasure = pipelineKnown
    ? {
        criterion: 'growth_pipeline',
        value: deals.pipeline,
        display: `${formatMoney(deals.pipeline)} weighted pipeline`,
        points: interpolateAnchors(anchors.growth_pipeline, deals.pipeline),
        hasData: true,
      }
    : noData('growth_pipeline', compiled, 'no data (open deals without amount or probability)');

  let revenueGrowth: CriterionMeasure;
  if (!revenueKnown || (deals.prior === 0 && deals.trailing === 0)) {
    revenueGrowth = noData('revenue_growth', compiled, 'no data (no won revenue in 24 months)');
  } else if (deals.prior === 0) {
    const top = anchors.revenue_growth.ys[anchors.revenue_growth.ys.length - 1] ?? 0;
    revenueGrowth = { criterion: 'revenue_growth', value: null, display: 'new revenue (none the year before)', points: top, hasData: true };
  } else {
    const growth = deals.trailing / deals.prior - 1;
    revenueGrowth = {
      criterion: 'revenue_growth',
      value: Math.round(growth * 1000) / 1000,
      display: `${formatPercent(growth)} year on year`,
      points: interpolateAnchors(anchors.revenue_growth, growth),
      hasData: true,
    };
  }

  let productFit: CriterionMeasure;
  const icp = company.icpTier;
  const industry = clean(company.industry);
  if (typeof icp === 'string' && KNOWN_TIERS.has(icp)) {
    productFit = {
      criterion: 'product_fit',
      value: icp,
      display: `ICP ${icp.replace('_', ' ')}`,
      points: model.categories.product_fit[`icp_${icp}`],
      hasData: true,
    };
  } else if (industry !== null && compiled.targetIndustries.size > 0) {
    const match = compiled.targetIndustries.has(industry.toLowerCase());
    productFit = {
      criterion: 'product_fit',
      value: industry,
      display: match ? `${industry} (target industry)` : `${industry} (not a target industry)`,
      points: match ? model.categories.product_fit.target_industry : model.categories.product_fit.other_industry,
      hasData: true,
    };
  } else {
    productFit = noData('product_fit', compiled, 'unknown (no ICP tier or target industry)');
  }

  const country = clean(company.country);
  let geoFocus: CriterionMeasure;
  if (compiled.focusCountries.size === 0) geoFocus = noData('geo_focus', compiled, 'no focus countries configured');
  else if (country === null) geoFocus = noData('geo_focus', compiled, 'unknown country');
  else {
    const inFocus = compiled.focusCountries.has(country.toLowerCase());
    geoFocus = {
      criterion: 'geo_focus',
      value: country,
      display: inFocus ? `${country} (in focus)` : `${country} (not in focus)`,
      points: inFocus ? model.categories.geo_focus.in_focus : model.categories.geo_focus.out_of_focus,
      hasData: true,
    };
  }

  const type = clean(company.type);
  let partnerPotential: CriterionMeasure;
  if (type === null) partnerPotential = noData('partner_potential', compiled, 'unknown company type');
  else {
    const partner = compiled.partnerTypes.has(type.toUpperCase());
    partnerPotential = {
      criterion: 'partner_potential',
      value: partner,
      display: partner ? `${type.toUpperCase()} (partner type)` : `${type.toUpperCase()} (not a partner type)`,
      points: partner ? model.categories.partner_potential.partner : model.categories.partner_potential.not_partner,
      hasData: true,
    };
  }

  const annualRevenue = company.annualRevenue;
  const financialSize: CriterionMeasure =
    typeof annualRevenue === 'number' && Number.isFinite(annualRevenue) && annualRevenue > 0
      ? {
          criterion: 'financial_size',
          value: annualRevenue,
          display: `${formatMoney(annualRevenue)} annual revenue`,
          points: interpolateAnchors(anchors.financial_size, annualRevenue),
          hasData: true,
        }
      : noData('financial_size', compiled, 'unknown annual revenue');

  const relationship: CriterionMeasure = {
    criterion: 'relationship',
    value: context.relationshipScore,
    display: `coverage ${formatPoints(context.relationshipScore)}/100`,
    points: context.relationshipScore,
    hasData: true,
  };

  let engagementRecency: CriterionMeasure;
  if (context.lastTouchMs === null) {
    engagementRecency = {
      criterion: 'engagement_recency',
      value: null,
      display: `no touch in ${model.look_back_days} days`,
      points: interpolateAnchors(anchors.engagement_recency, model.look_back_days),
      hasData: true,
    };
  } else {
    const days = Math.max(0, Math.floor((nowMs - context.lastTouchMs) / DAY_MS));
    engagementRecency = {
      criterion: 'engagement_recency',
      value: days,
      display: `last touch ${formatDaysAgo(days)}`,
      points: interpolateAnchors(anchors.engagement_recency, days),
      hasData: true,
    };
  }

  const byCriterion: Record<Criterion, CriterionMeasure> = {
    recurring_revenue: recurringRevenue,
    growth_pipeline: growthPipeline,
    revenue_growth: revenueGrowth,
    product_fit: productFit,
    geo_focus: geoFocus,
    partner_potential: partnerPotential,
    financial_size: financialSize,
    relationship,
    engagement_recency: engagementRecency,
  };
  return CRITERIA.map((c) => byCriterion[c]);
}
