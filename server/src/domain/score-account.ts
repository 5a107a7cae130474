/**
 * Scores one account (SPEC §2): the tier with every number behind it, stakeholder coverage, cadence and the gaps
 * that deserve a task. Pure: plain data in, a new result out; `now` is passed in.
 */
import { assessCadence } from './assess-cadence';
import { assessRelationships, departedContactGap } from './assess-relationships';
import { coverageFor, coverageScoreFor, mapStakeholders, summarizeStakeholders } from './assess-coverage';
import { suggestCloseTheGap } from './close-the-gap';
import { compileModel } from './compile-model';
import { confidenceOf, nextTierOf, promotionScore, tierBand, tierForScore, weighCriteria } from './decide-tier';
import { findGaps } from './find-gaps';
import { onboardingGaps, onboardingOf } from './onboarding-gaps';
import { planReviewGap } from './plan-gap';
import { roundToTenth } from './format-values';
import { measureCriteria, readDeals } from './measure-criteria';
import { readTouches, rollupCutoffs } from './read-touches';
import type { ScoringModel } from './scoring-model';
import { TIERS, type AccountInput, type AccountResult, type GapSuggestion, type Tier } from './types';
import { writeReasons } from './write-reasons';

const KNOWN_TIERS: ReadonlySet<unknown> = new Set(TIERS);
const EMPTY: readonly never[] = [];
/** No suggestion (shared, frozen: results are immutable values). */
const NO_SUGGESTIONS: GapSuggestion[] = Object.freeze([]) as unknown as GapSuggestion[];

/** The time of scoring as a Date, shared by every result scored at that time (a sync scores all at one `now`). */
let computedAtDate = new Date(Number.NaN);

function computedAt(nowMs: number): Date {
  if (computedAtDate.getTime() !== nowMs) computedAtDate = new Date(nowMs);
  return computedAtDate;
}

function tierOrNull(value: unknown): Tier | null {
  return KNOWN_TIERS.has(value) ? (value as Tier) : null;
}

function companyName(name: string | null, id: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  return trimmed === '' ? `Company ${id}` : trimmed;
}

export function scoreAccount(input: AccountInput, model: ScoringModel, now: Date): AccountResult {
  const compiled = compileModel(model);
  const nowMs = now.getTime();
  const company = input.company;
  const previousTier = tierOrNull(company.stored?.tier);
  const override = tierOrNull(company.stored?.override);

  const contacts = Array.isArray(input.contacts) ? input.contacts : EMPTY;
  const cutoffs = rollupCutoffs(input.engagementsRead);
  const touches = readTouches(company, Array.isArray(input.activities) ? input.activities : EMPTY, contacts, compiled, nowMs, cutoffs);
  const stakeholders = mapStakeholders(contacts, touches.contactLastTouchAt, compiled, nowMs, cutoffs.contactMs);
  const summary = summarizeStakeholders(stakeholders, compiled, nowMs);
  const relationshipScore = coverageScoreFor(summary, 'tier_1', compiled);
  const deals = readDeals(Array.isArray(input.deals) ? input.deals : EMPTY, nowMs);
  const measures = measureCriteria(
    input,
    { deals, relationshipScore, lastTouchMs: touches.lastTouchMs },
    compiled,
    nowMs,
  );
  const { criteria, score } = weighCriteria(measures, compiled);

  const computedTier = tierForScore(score, previousTier, compiled);
  const tier = override ?? computedTier;
  // An override is final: no next tier to reach, so no gap and no near-miss (the computed tier and score stay beside it).
  const nextTier = override !== null ? null : nextTierOf(computedTier);
  const nextTierGap = nextTier === null ? null : roundToTenth(promotionScore(nextTier, compiled) - score);
  const nearMiss = nextTierGap !== null && nextTierGap <= model.near_miss_margin;
  const closeTheGap =
    nearMiss && nextTierGap !== null ? suggestCloseTheGap(measures, coverageFor(summary, 'tier_1', compiled), nextTierGap, compiled) : NO_SUGGESTIONS;
  const confidence = confidenceOf(criteria, compiled);
  const band = tierBand(computedTier, nextTier, compiled);

  const coverage = coverageFor(summary, tier, compiled);
  const cadence = assessCadence(company, touches, tier, compiled, nowMs);
  const championDarkDays = model.stakeholders.champion_dark_days;
  const gaps = findGaps(coverage, cadence, tier, championDarkDays, nowMs, compiled.taskGapKinds[tier]);
  const planGap = compiled.taskGapKinds[tier].has('plan_review_overdue') ? planReviewGap(company.plan, tier, model.plans, now) : null;
  if (planGap !== null) gaps.push(planGap);
  const relationships = assessRelationships(input, stakeholders, model, nowMs);
  const departedGap = departedContactGap(relationships, stakeholders, nowMs);
  if (departedGap !== null && compiled.taskGapKinds[tier].has('departed_contact')) gaps.push(departedGap);
  const onboarding = onboardingOf(input.deals, input.activities, model, now);
  gaps.push(...onboardingGaps(onboarding));

  const result: AccountResult = {
    companyId: company.id,
    companyName: companyName(company.name, company.id),
    ownerId: typeof company.ownerId === 'string' && company.ownerId.trim() !== '' ? company.ownerId : null,
    tier: {
      score,
      computedTier,
      tier,
      previousTier,
      override,
      nearMiss,
      nextTier,
      nextTierGap,
      closeTheGap,
      confidence,
      criteria,
      reasons: writeReasons({
        tier,
        computedTier,
        override,
        score,
        criteria,
        tierWithoutHysteresis: tierForScore(score, null, compiled),
        hysteresis: model.hysteresis,
        nearMiss,
        nextTier,
        nextTierGap,
        risesAt: band.risesAt,
        nextThreshold: band.nextThreshold,
        confidence,
      }),
      ownerOverCapacity: false,
      demotedByCapacity: false,
      band,
    },
    coverage,
    cadence,
    gaps,
    modelVersion: compiled.version,
    computedAt: computedAt(nowMs),
    relationships,
    ...(onboarding !== null ? { onboarding } : {}),
  };
  if (model.capacity.policy !== 'cap' || tier !== 'tier_1' || override !== null) return result;

  const demotedCoverage = coverageFor(summary, 'tier_2', compiled);
  const demotedCadence = assessCadence(company, touches, 'tier_2', compiled, nowMs);
  return {
    ...result,
    demotedView: {
      coverage: demotedCoverage,
      cadence: demotedCadence,
      gaps: [
        ...findGaps(demotedCoverage, demotedCadence, 'tier_2', championDarkDays, nowMs, compiled.taskGapKinds.tier_2),
        ...(departedGap !== null && compiled.taskGapKinds.tier_2.has('departed_contact') ? [departedGap] : []),
        ...onboardingGaps(onboarding),
      ],
    },
  };
}
