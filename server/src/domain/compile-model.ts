/**
 * Turns a validated scoring model into the lookup structures scoring needs (normalised weights, anchor arrays,
 * precompiled keyword patterns, sets, windows in milliseconds). Compiled once per model object and cached, so scoring
 * an account never compiles a regular expression or re-normalises weights.
 */
import { scoringModelVersion, type Anchor, type ScoringModel } from './scoring-model';
import { roleMask } from './role-mask';
import { DAY_MS } from './format-values';
import { BUYING_ROLES, CRITERIA, TIERS, type BuyingRole, type Criterion, type GapKindBase, type Level, type StakeholderRole, type Tier } from './types';

export interface CompiledAnchors {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

export interface CompiledCadenceTier {
  readonly touchMs: number;
  readonly touchDays: number;
  readonly meetingDays: number | null;
  readonly qbrDays: number | null;
  readonly minChannels: number;
}

/** How a company's free-text field (industry, country, type) reads under a model; memoised per model and text. */
export interface TextReading {
  /** The text as measured (trimmed; the type upper-cased). */
  readonly value: string;
  /** In the model's list (target industries, focus countries, partner types). */
  readonly match: boolean;
  readonly display: string;
}

export interface CompiledModel {
  readonly model: ScoringModel;
  readonly version: string;
  /** Normalised weights in CRITERIA order (sum 100). */
  readonly weights: readonly number[];
  readonly anchors: Readonly<Record<'recurring_revenue' | 'growth_pipeline' | 'revenue_growth' | 'financial_size' | 'engagement_recency', CompiledAnchors>>;
  readonly targetIndustries: ReadonlySet<string>;
  readonly focusCountries: ReadonlySet<string>;
  readonly partnerTypes: ReadonlySet<string>;
  readonly levelRules: readonly { readonly level: Level; readonly pattern: RegExp }[];
  readonly roleRules: readonly { readonly roles: readonly BuyingRole[]; readonly pattern: RegExp }[];
  readonly requiredRoles: Readonly<Record<Tier, readonly BuyingRole[]>>;
  /** The same roles as bits (see `roleMask`). */
  readonly requiredRoleMask: Readonly<Record<Tier, number>>;
  /** Required roles split into covered and missing, by the engaged required roles' bits (filled as they occur). */
  readonly roleSplits: Readonly<Record<Tier, (RoleSplit | undefined)[]>>;
  readonly qbrTitle: RegExp | null;
  readonly qbrActivityTypes: ReadonlySet<string>;
  readonly callTouchStatuses: ReadonlySet<string>;
  readonly emailExcludedStatuses: ReadonlySet<string>;
  readonly emailTouchDirections: ReadonlySet<string>;
  readonly meetingExcludedOutcomes: ReadonlySet<string>;
  readonly cadence: Readonly<Record<Tier, CompiledCadenceTier>>;
  /** The gap kinds that become tasks, by effective tier (the model's `tasks.gap_kinds`). */
  readonly taskGapKinds: Readonly<Record<Tier, ReadonlySet<GapKindBase>>>;
  readonly lookBackMs: number;
  readonly engagementWindowMs: number;
  readonly championDarkMs: number;
  readonly channelWindowMs: number;
  readonly dueSoonMs: number;
  /** Job title → what the title rules say about it (memoised; titles repeat across a portfolio). */
  readonly titleCache: Map<string, TitleReading>;
  /** Meeting title → is it a QBR (memoised; recurring meetings repeat their titles). */
  readonly qbrTitleCache: Map<string, boolean>;
  /** Industry, country and company-type text → how it reads under this model (memoised, bounded; null: no data). */
  readonly industryReadings: Map<string, TextReading | null>;
  readonly countryReadings: Map<string, TextReading | null>;
  readonly typeReadings: Map<string, TextReading | null>;
}

/** A tier's required roles split by engagement (shared, frozen lists in BUYING_ROLES order). */
export interface RoleSplit {
  readonly covered: BuyingRole[];
  readonly missing: BuyingRole[];
}

export interface TitleReading {
  /** Roles inferred from the title by the first matching role rule (empty when none matches). */
  readonly roles: readonly BuyingRole[];
  /** The same roles as stakeholder entries marked inferred (shared, frozen). */
  readonly inferredRoles: StakeholderRole[];
  /** Level set by the first matching level rule, or null when none matches. */
  readonly level: Level | null;
}

function escapeForPattern(phrase: string): string {
  return phrase
    .trim()
    .toLowerCase()
    .replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
    .replace(/\s+/g, '\\s+');
}

/** Whole-word, case-insensitive match of any of the phrases (optionally a plural "s"). */
export function compilePhrases(phrases: readonly string[], allowPlural = false): RegExp | null {
  const alternatives = phrases.map(escapeForPattern).filter((p) => p.length > 0);
  if (alternatives.length === 0) return null;
  return new RegExp(`(?<![a-z0-9])(?:${alternatives.join('|')})${allowPlural ? 's?' : ''}(?![a-z0-9])`, 'i');
}

const lower = (list: readonly string[]): ReadonlySet<string> => new Set(list.map((s) => s.trim().toLowerCase()));
const upper = (list: readonly string[]): ReadonlySet<string> => new Set(list.map((s) => s.trim().toUpperCase()));

function compileAnchors(list: readonly Anchor[]): CompiledAnchors {
  return { xs: list.map((a) => a.value), ys: list.map((a) => a.points) };
}

function normaliseWeights(model: ScoringModel): number[] {
  const raw = CRITERIA.map((c) => model.weights[c]);
  const total = raw.reduce((sum, w) => sum + w, 0);
  return raw.map((w) => (total > 0 ? (w * 100) / total : 0));
}

function compileCadenceTier(rule: ScoringModel['cadence']['tier_1']): CompiledCadenceTier {
  return {
    touchMs: rule.touch_every_days * DAY_MS,
    touchDays: rule.touch_every_days,
    meetingDays: rule.meeting_every_days,
    qbrDays: rule.qbr_every_days,
    minChannels: rule.min_channels,
  };
}

/** One slot per combination of roles (filled as they occur; packed, so lookups stay fast). */
const noSplitsYet = (): (RoleSplit | undefined)[] => Array.from({ length: 1 << BUYING_ROLES.length }, () => undefined);

function compile(model: ScoringModel): CompiledModel {
  const { stakeholders, cadence } = model;
  // Frozen: every coverage result of this model shares its tier's list.
  const requiredRoles = Object.fromEntries(
    TIERS.map((t) => [t, Object.freeze(BUYING_ROLES.filter((r) => stakeholders.required_roles[t].includes(r)))]),
  ) as Record<Tier, readonly BuyingRole[]>;
  return {
    model,
    version: scoringModelVersion(model),
    weights: normaliseWeights(model),
    anchors: {
      recurring_revenue: compileAnchors(model.anchors.recurring_revenue),
      growth_pipeline: compileAnchors(model.anchors.growth_pipeline),
      revenue_growth: compileAnchors(model.anchors.revenue_growth),
      financial_size: compileAnchors(model.anchors.financial_size),
      engagement_recency: compileAnchors(model.anchors.engagement_recency),
    },
    targetIndustries: lower(model.target_industries),
    focusCountries: lower(model.focus_countries),
    partnerTypes: upper(model.partner_types),
    levelRules: stakeholders.level_rules.flatMap((rule) => {
      const pattern = compilePhrases(rule.keywords);
      return pattern === null ? [] : [{ level: rule.level, pattern }];
    }),
    roleRules: stakeholders.role_rules.flatMap((rule) => {
      const pattern = compilePhrases(rule.keywords);
      return pattern === null ? [] : [{ roles: [...new Set(rule.roles)], pattern }];
    }),
    requiredRoles,
    requiredRoleMask: { tier_1: roleMask(requiredRoles.tier_1), tier_2: roleMask(requiredRoles.tier_2), tier_3: roleMask(requiredRoles.tier_3) },
    roleSplits: { tier_1: noSplitsYet(), tier_2: noSplitsYet(), tier_3: noSplitsYet() },
    qbrTitle: compilePhrases(cadence.qbr_title_patterns, true),
    qbrActivityTypes: lower(cadence.qbr_activity_types),
    callTouchStatuses: upper(cadence.call_touch_statuses),
    emailExcludedStatuses: upper(cadence.email_excluded_statuses),
    emailTouchDirections: upper(cadence.email_touch_directions),
    meetingExcludedOutcomes: upper(cadence.meeting_excluded_outcomes),
    cadence: {
      tier_1: compileCadenceTier(cadence.tier_1),
      tier_2: compileCadenceTier(cadence.tier_2),
      tier_3: compileCadenceTier(cadence.tier_3),
    },
    taskGapKinds: {
      tier_1: new Set(model.tasks.gap_kinds.tier_1),
      tier_2: new Set(model.tasks.gap_kinds.tier_2),
      tier_3: new Set(model.tasks.gap_kinds.tier_3),
    },
    lookBackMs: model.look_back_days * DAY_MS,
    engagementWindowMs: stakeholders.engagement_window_days * DAY_MS,
    championDarkMs: stakeholders.champion_dark_days * DAY_MS,
    channelWindowMs: cadence.channel_window_days * DAY_MS,
    dueSoonMs: cadence.due_soon_days * DAY_MS,
    titleCache: new Map(),
    qbrTitleCache: new Map(),
    industryReadings: new Map(),
    countryReadings: new Map(),
    typeReadings: new Map(),
  };
}

const cache = new WeakMap<ScoringModel, CompiledModel>();

/** The compiled form of a model; cached per model object (models are immutable values). */
export function compileModel(model: ScoringModel): CompiledModel {
  const cached = cache.get(model);
  if (cached !== undefined) return cached;
  const compiled = compile(model);
  cache.set(model, compiled);
  return compiled;
}

/** Index of each criterion in CRITERIA (and in `CompiledModel.weights`). */
export const CRITERION_INDEX: Readonly<Record<Criterion, number>> = Object.fromEntries(
  CRITERIA.map((c, i) => [c, i]),
) as Record<Criterion, number>;
