/**
 * The scoring model: Keyline's whole configuration of tiering, coverage and cadence as data.
 *
 * One zod schema is the single source of the model's shape, its defaults (SPEC §2) and its validation; the settings
 * page, the API and the CLI all go through `parseScoringModel`. The version is a hash of the canonical JSON, recorded
 * with every result so a stored value can always be traced to the configuration that produced it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { outcomesModelSchema } from './outcomes-model';
import { onboardingSchema, plansSchema } from './onboarding-model';
import { attentionSchema } from './attention-model';
import { BUYING_ROLES, CRITERIA, GAP_KINDS, LEVELS, type Criterion, type GapKindBase } from './types';
import { reviewSettingsSchema } from './review-settings';
import { relationshipsModelSchema } from './relationships-model';

const DAY_LIMIT = 3650;

const points = z
  .number({ error: 'must be a number of points' })
  .min(0, 'must be between 0 and 100 points')
  .max(100, 'must be between 0 and 100 points');

const days = z
  .number({ error: 'must be a number of days' })
  .int('must be a whole number of days')
  .min(1, 'must be at least 1 day')
  .max(DAY_LIMIT, `must be at most ${DAY_LIMIT} days`);

const weight = z
  .number({ error: 'must be a number' })
  .min(0, 'must be 0 or more (0 turns the criterion off)')
  .max(1000, 'must be at most 1000');

const anchorSchema = z.strictObject({
  value: z.number({ error: 'must be a number' }).refine(Number.isFinite, 'must be a finite number'),
  points,
});
export type Anchor = z.output<typeof anchorSchema>;

/** Anchor points (value → points), strictly increasing in value; interpolated linearly, clamped outside. */
function anchors(defaults: Anchor[]) {
  return z
    .array(anchorSchema, { error: 'must be a list of {value, points} anchors' })
    .min(2, 'needs at least 2 anchors')
    .max(20, 'allows at most 20 anchors')
    .superRefine((list, ctx) => {
      for (let i = 1; i < list.length; i += 1) {
        const prev = list[i - 1];
        const cur = list[i];
        if (prev !== undefined && cur !== undefined && !(cur.value > prev.value)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'value'],
            message: `must be greater than the previous anchor's value (${prev.value}); anchors are sorted by value`,
          });
        }
      }
    })
    .default(defaults);
}

const keyword = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(100, 'is too long');
const keywords = (defaults: string[]) =>
  z.array(keyword, { error: 'must be a list of words' }).max(100, 'allows at most 100 entries').default(defaults);

const roleSchema = z.enum(BUYING_ROLES, { error: `must be one of ${BUYING_ROLES.join(', ')}` });
const levelSchema = z.enum(LEVELS, { error: `must be one of ${LEVELS.join(', ')}` });
const roles = (defaults: (typeof BUYING_ROLES)[number][]) =>
  z
    .array(roleSchema, { error: 'must be a list of buying roles' })
    .refine((list) => new Set(list).size === list.length, 'must not list a role twice')
    .default(defaults);

const POLICY_GAP_KINDS = GAP_KINDS.filter((k) => k !== 'onboarding'); // onboarding tasks follow `onboarding` (onboarding-model.ts)
const gapKindSchema = z.enum(GAP_KINDS).exclude(['onboarding'], { error: `must be one of ${POLICY_GAP_KINDS.join(', ')}` });
const gapKinds = (defaults: Exclude<GapKindBase, 'onboarding'>[]) =>
  z
    .array(gapKindSchema, { error: 'must be a list of gap kinds' })
    .refine((list) => new Set(list).size === list.length, 'must not list a gap kind twice')
    .default(defaults);

const wholeNumber = (min: number, max: number, what: string) =>
  z
    .number({ error: `must be a number of ${what}` })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

/**
 * Which gaps become Keyline tasks, and how many at once (SPEC §3.2 "Few and ranked"). The defaults are what an
 * account-management lead would ask of a team that has just installed Keyline: every gap of a strategic account; on a
 * growth account the cadence and the two roles it needs; on a maintain account only the one rule that matters there
 * (somebody should talk to the customer every quarter). No task for a role a tier does not need, none for a champion
 * who was never touched (that is the missing-role task), and at most ten new tasks a day per person.
 */
const tasksSchema = z
  .strictObject({
    /** Gap kinds that become tasks, by the account's effective tier (`missing_role` stands for every required role). */
    gap_kinds: z
      .strictObject({
        tier_1: gapKinds(['touch_overdue', 'meeting_overdue', 'qbr_overdue', 'missing_role', 'champion_dark', 'plan_review_overdue', 'departed_contact']),
        tier_2: gapKinds(['touch_overdue', 'meeting_overdue', 'qbr_overdue', 'missing_role', 'champion_dark', 'plan_review_overdue', 'departed_contact']),
        tier_3: gapKinds(['touch_overdue']),
      })
      .prefault({}),
    /** New Keyline tasks per owner and day, at most (0: Keyline creates no tasks). */
    daily_budget: wholeNumber(0, 100, 'tasks').default(10),
    /** Open Keyline tasks per owner, at most: further gaps wait in the queue until earlier tasks are closed. */
    max_open_per_owner: wholeNumber(1, 1000, 'tasks').default(20),
  })
  .prefault({});

const cadenceTierSchema = (d: { touch: number; meeting: number | null; qbr: number | null; channels: number }) =>
  z
    .strictObject({
      touch_every_days: days.default(d.touch),
      meeting_every_days: days.nullable().default(d.meeting),
      qbr_every_days: days.nullable().default(d.qbr),
      min_channels: z
        .number({ error: 'must be a number of channels' })
        .int('must be a whole number')
        .min(0, 'must be between 0 and 3')
        .max(3, 'must be between 0 and 3 (call, email, meeting)')
        .default(d.channels),
    })
    .prefault({});

const weightsSchema = z
  .strictObject({
    recurring_revenue: weight.default(35),
    growth_pipeline: weight.default(15),
    revenue_growth: weight.default(5),
    product_fit: weight.default(10),
    geo_focus: weight.default(0),
    partner_potential: weight.default(0),
    financial_size: weight.default(5),
    relationship: weight.default(20),
    engagement_recency: weight.default(10),
  })
  .refine((w) => Object.values(w).some((v) => v > 0), 'at least one weight must be above 0')
  .prefault({});

const neutralPointsSchema = z
  .strictObject(Object.fromEntries(CRITERIA.map((c) => [c, points.default(50)])) as Record<Criterion, z.ZodDefault<typeof points>>)
  .prefault({});

export const scoringModelSchema = z
  .strictObject({
    /** Relative weights; normalised to 100 when scoring. 0 turns a criterion off. */
    weights: weightsSchema,
    /** Anchors of the numeric criteria. */
    anchors: z
      .strictObject({
        /** Closed-won revenue, trailing 12 months, in dollars. */
        recurring_revenue: anchors([
          { value: 0, points: 0 },
          { value: 10_000, points: 25 },
          { value: 50_000, points: 50 },
          { value: 100_000, points: 75 },
          { value: 250_000, points: 100 },
        ]),
        /** Σ open deal amount × probability, in dollars. */
        growth_pipeline: anchors([
          { value: 0, points: 0 },
          { value: 25_000, points: 40 },
          { value: 100_000, points: 75 },
          { value: 200_000, points: 100 },
        ]),
        /** Trailing-12-month won revenue ÷ prior 12 months − 1, as a fraction (0.5 = +50%). */
        revenue_growth: anchors([
          { value: -0.5, points: 0 },
          { value: 0, points: 50 },
          { value: 0.5, points: 100 },
        ]),
        /** The customer's annual revenue, in dollars. */
        financial_size: anchors([
          { value: 1_000_000, points: 20 },
          { value: 10_000_000, points: 50 },
          { value: 100_000_000, points: 80 },
          { value: 1_000_000_000, points: 100 },
        ]),
        /** Days since the last touch. */
        engagement_recency: anchors([
          { value: 0, points: 100 },
          { value: 14, points: 100 },
          { value: 30, points: 75 },
          { value: 90, points: 40 },
          { value: 180, points: 0 },
        ]),
      })
      .prefault({}),
    /** Points of the categorical criteria. */
    categories: z
      .strictObject({
        product_fit: z
          .strictObject({
            icp_tier_1: points.default(100),
            icp_tier_2: points.default(66),
            icp_tier_3: points.default(33),
            /** No ICP tier, but the industry is in `target_industries`. */
            target_industry: points.default(100),
            /** No ICP tier, target industries are configured and the industry is not one of them. */
            other_industry: points.default(33),
          })
          .prefault({}),
        geo_focus: z.strictObject({ in_focus: points.default(100), out_of_focus: points.default(0) }).prefault({}),
        partner_potential: z
          .strictObject({ partner: points.default(100), not_partner: points.default(0) })
          .prefault({}),
      })
      .prefault({}),
    /** Points a criterion gets when there is no data behind it (it then lowers confidence instead). */
    neutral_points: neutralPointsSchema,
    thresholds: z
      .strictObject({
        tier_1: points.default(70),
        tier_2: points.default(45),
      })
      .refine((t) => t.tier_1 > t.tier_2, { message: 'tier_1 must be above tier_2', path: ['tier_1'] })
      .prefault({}),
    /** Points a score must cross a boundary by before an account changes tier. */
    hysteresis: z
      .number({ error: 'must be a number of points' })
      .min(0, 'must be 0 or more')
      .max(20, 'must be at most 20 points')
      .default(3),
    /** An account this many points (or fewer) below the next tier is a near-miss. */
    near_miss_margin: z
      .number({ error: 'must be a number of points' })
      .min(0, 'must be 0 or more')
      .max(50, 'must be at most 50 points')
      .default(5),
    capacity: z
      .strictObject({
        min: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').default(5),
        max: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').default(25),
        policy: z.enum(['flag', 'cap'], { error: "must be 'flag' or 'cap'" }).default('flag'),
      })
      .refine((c) => c.min <= c.max, { message: 'min must not be above max', path: ['min'] })
      .prefault({}),
    /** Share of the weight (0–1) backed by real data needed for each confidence level. */
    confidence: z
      .strictObject({
        high: z.number({ error: 'must be a share between 0 and 1' }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(0.8),
        medium: z.number({ error: 'must be a share between 0 and 1' }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(0.5),
      })
      .refine((c) => c.high >= c.medium, { message: 'high must not be below medium', path: ['high'] })
      .prefault({}),
    /** Industries that count as a product fit when the company has no ICP tier (case-insensitive). */
    target_industries: keywords([]),
    /** Countries in focus for `geo_focus` (case-insensitive). Empty: geography is unknown for every account. */
    focus_countries: keywords([]),
    /** Company types that count as partner potential (case-insensitive). */
    partner_types: keywords(['PARTNER', 'RESELLER', 'VENDOR']),
    /** How many days of engagements are read and considered. */
    look_back_days: days.default(365),
    stakeholders: z
      .strictObject({
        required_roles: z
          .strictObject({
            tier_1: roles(['DECISION_MAKER', 'CHAMPION', 'EXECUTIVE_SPONSOR']),
            tier_2: roles(['DECISION_MAKER', 'CHAMPION']),
            tier_3: roles(['DECISION_MAKER']),
          })
          .prefault({}),
        /** Title keywords (whole words, case-insensitive) → level; first matching rule wins, else `operational`. */
        level_rules: z
          .array(z.strictObject({ level: levelSchema, keywords: z.array(keyword).min(1, 'needs at least one keyword') }))
          .max(20, 'allows at most 20 rules')
          .default([
            {
              level: 'executive',
              keywords: [
                'chief', 'ceo', 'cfo', 'cto', 'coo', 'cio', 'cmo', 'cro', 'cso', 'cpo', 'president', 'vice president',
                'vp', 'svp', 'evp', 'founder', 'managing director', 'general manager',
              ],
            },
            { level: 'management', keywords: ['director', 'head', 'manager', 'lead', 'supervisor'] },
          ]),
        /**
         * Title keywords → roles, used only for contacts with no buying role and no role label; first matching rule
         * wins. Roles found this way are marked inferred.
         */
        role_rules: z
          .array(z.strictObject({ keywords: z.array(keyword).min(1, 'needs at least one keyword'), roles: z.array(roleSchema).min(1, 'needs at least one role') }))
          .max(40, 'allows at most 40 rules')
          .default([
            { keywords: ['cfo', 'chief financial officer'], roles: ['BUDGET_HOLDER', 'EXECUTIVE_SPONSOR'] },
            { keywords: ['vice president', 'vp', 'svp', 'evp'], roles: ['EXECUTIVE_SPONSOR'] },
            {
              keywords: ['ceo', 'chief executive', 'president', 'founder', 'managing director', 'general manager'],
              roles: ['DECISION_MAKER', 'EXECUTIVE_SPONSOR'],
            },
            { keywords: ['chief', 'cto', 'cio', 'coo', 'cmo', 'cro', 'cso', 'cpo'], roles: ['EXECUTIVE_SPONSOR'] },
            {
              keywords: ['finance', 'financial', 'procurement', 'purchasing', 'controller', 'treasurer', 'buyer'],
              roles: ['BUDGET_HOLDER'],
            },
            { keywords: ['legal', 'counsel', 'compliance', 'attorney'], roles: ['LEGAL_AND_COMPLIANCE'] },
            { keywords: ['director', 'head'], roles: ['INFLUENCER'] },
            {
              keywords: ['engineer', 'analyst', 'specialist', 'associate', 'coordinator', 'administrator', 'developer', 'assistant'],
              roles: ['END_USER'],
            },
          ]),
        /** A stakeholder is engaged when touched within this many days. */
        engagement_window_days: days.default(90),
        /** A champion not touched within this many days has gone dark. */
        champion_dark_days: days.default(60),
      })
      .prefault({}),
    cadence: z
      .strictObject({
        tier_1: cadenceTierSchema({ touch: 14, meeting: 30, qbr: 92, channels: 2 }),
        tier_2: cadenceTierSchema({ touch: 30, meeting: 90, qbr: null, channels: 1 }),
        tier_3: cadenceTierSchema({ touch: 90, meeting: null, qbr: null, channels: 1 }),
        /** The window in which channels are counted (and the channel mix is reported). */
        channel_window_days: days.default(90),
        /** A rule due within this many days is `due_soon`. */
        due_soon_days: z
          .number({ error: 'must be a number of days' })
          .int('must be a whole number of days')
          .min(0, 'must be 0 or more')
          .max(365, 'must be at most 365 days')
          .default(7),
        /** Phrases (whole words, case-insensitive, not regular expressions) that make a meeting title a QBR. */
        qbr_title_patterns: keywords(['QBR', 'quarterly business review', 'business review', 'EBR']),
        /** Meeting `hs_activity_type` values that make a meeting a QBR (case-insensitive). */
        qbr_activity_types: keywords(['QBR', 'Quarterly Business Review', 'Executive Business Review']),
        /** Call statuses that make a call a touch. A call with no status counts (HubSpot logs calls as completed). */
        call_touch_statuses: keywords(['COMPLETED']),
        /** Email statuses that do not make an email a touch (an email with no status counts). */
        email_excluded_statuses: keywords(['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING']),
        /** Email directions that make an email a touch (sent or received; drafts are not). */
        email_touch_directions: keywords(['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']),
        /** Meeting outcomes that mean the meeting was not held. */
        meeting_excluded_outcomes: keywords(['CANCELED', 'CANCELLED', 'NO_SHOW', 'RESCHEDULED']),
      })
      .prefault({}),
    tasks: tasksSchema,
    /** Outcomes (issue #15): expansion and renewal deal types, renewal window, wallet estimate, survey window. */
    outcomes: outcomesModelSchema,
    review: reviewSettingsSchema,
    onboarding: onboardingSchema,
    plans: plansSchema,
    relationships: relationshipsModelSchema,
    attention: attentionSchema,
  })
  .superRefine((m, ctx) => {
    if (m.hysteresis * 2 >= m.thresholds.tier_1 - m.thresholds.tier_2) {
      ctx.addIssue({
        code: 'custom',
        path: ['hysteresis'],
        message: `must be less than half the gap between the tier thresholds (${m.thresholds.tier_1} − ${m.thresholds.tier_2})`,
      });
    }
  });

export type ScoringModel = z.output<typeof scoringModelSchema>;
export type CapacityPolicy = ScoringModel['capacity']['policy'];

export interface ModelIssue {
  path: string;
  message: string;
}
export type ParseModelResult = { ok: true; model: ScoringModel } | { ok: false; issues: ModelIssue[] };

function describeType(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function toIssues(input: unknown, issues: readonly z.core.$ZodIssue[]): ModelIssue[] {
  return issues.flatMap((issue): ModelIssue[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: path === '' ? key : `${path}.${key}`,
        message: 'is not a setting Keyline knows (check the spelling)',
      }));
    }
    if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')) {
      return [{ path, message: `must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}, got ${describeType(valueAt(input, issue.path))}` }];
    }
    return [{ path, message: issue.message }];
  });
}

/** Validates a scoring model (a partial model is completed with the defaults). Never throws. */
export function parseScoringModel(input: unknown): ParseModelResult {
  const parsed = scoringModelSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, model: deepFreeze(parsed.data) };
  return { ok: false, issues: toIssues(input, parsed.error.issues) };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The spec's defaults (SPEC §2), frozen. */
export const DEFAULT_SCORING_MODEL: ScoringModel = deepFreeze(scoringModelSchema.parse({}));

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

const versionCache = new WeakMap<object, string>();

/** A short, stable hash of the model's canonical JSON (key order does not matter): "m-" + 12 hex characters. */
export function scoringModelVersion(model: ScoringModel): string {
  const cached = versionCache.get(model);
  if (cached !== undefined) return cached;
  const version = `m-${createHash('sha256').update(canonicalJson(model)).digest('hex').slice(0, 12)}`;
  if (Object.isFrozen(model)) versionCache.set(model, version);
  return version;
}
