/**
 * The account view: what `GET /api/v1/accounts/:companyId` returns and what the Keyline cards render.
 * One schema, used by the backend (to type and test its responses) and by the cards (to validate what arrives).
 * Dates travel as ISO-8601 strings.
 */
import { z } from 'zod';
import { accountAttentionViewSchema } from './account-attention-view';
import { accountPlanViewSchema } from './account-plan-view';
import { ONBOARDING_GAP_KEY, onboardingViewSchema } from './onboarding-view';
import { outcomesViewSchema } from './outcomes-view';
import { relationshipsViewSchema } from './relationships-view';
import { BUYING_ROLES, CADENCE_RULES, CADENCE_STATUSES, CONFIDENCES, COVERAGE_FLAGS, CRITERIA, GAP_KINDS, LEVELS, TIERS } from './vocabulary';

export const tierSchema = z.enum(TIERS);
export type TierValue = z.infer<typeof tierSchema>;
export const buyingRoleSchema = z.enum(BUYING_ROLES);
export const levelSchema = z.enum(LEVELS);
export const confidenceSchema = z.enum(CONFIDENCES);
export const cadenceStatusSchema = z.enum(CADENCE_STATUSES);
export const criterionSchema = z.enum(CRITERIA);
export const coverageFlagSchema = z.enum(COVERAGE_FLAGS);

const isoDate = z.string().datetime({ offset: true });

export const criterionViewSchema = z.object({
  criterion: criterionSchema,
  label: z.string(),
  value: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  display: z.string(),
  points: z.number(),
  weight: z.number(),
  contribution: z.number(),
  hasData: z.boolean(),
});

export const tierViewSchema = z.object({
  tier: tierSchema,
  tierLabel: z.string(),
  computedTier: tierSchema,
  override: tierSchema.nullable(),
  previousTier: tierSchema.nullable(),
  score: z.number().min(0).max(100),
  nearMiss: z.boolean(),
  nextTier: tierSchema.nullable(),
  nextTierGap: z.number().nullable(),
  closeTheGap: z.array(z.object({ criterion: criterionSchema, scoreGain: z.number(), text: z.string() })),
  confidence: confidenceSchema,
  reasons: z.string(),
  criteria: z.array(criterionViewSchema),
  ownerOverCapacity: z.boolean(),
  demotedByCapacity: z.boolean(),
});

export const stakeholderViewSchema = z.object({
  contactId: z.string(),
  name: z.string(),
  jobTitle: z.string().nullable(),
  roles: z.array(z.object({ role: buyingRoleSchema, inferred: z.boolean() })),
  level: levelSchema,
  levelInferred: z.boolean(),
  engaged: z.boolean(),
  lastTouchAt: isoDate.nullable(),
});

export const coverageViewSchema = z.object({
  score: z.number().min(0).max(100),
  requiredRoles: z.array(buyingRoleSchema),
  coveredRoles: z.array(buyingRoleSchema),
  missingRoles: z.array(buyingRoleSchema),
  engagedStakeholders: z.number().int().min(0),
  engagedLevels: z.array(levelSchema),
  flags: z.array(coverageFlagSchema),
  darkChampionIds: z.array(z.string()),
  stakeholders: z.array(stakeholderViewSchema),
});

export const cadenceRuleViewSchema = z.object({
  rule: z.enum(CADENCE_RULES),
  intervalDays: z.number(),
  last: isoDate.nullable(),
  due: isoDate.nullable(),
  status: cadenceStatusSchema,
  channelsUsed: z.number().optional(),
  channelsRequired: z.number().optional(),
});

export const cadenceViewSchema = z.object({
  status: cadenceStatusSchema,
  lastTouchAt: isoDate.nullable(),
  lastQbrAt: isoDate.nullable(),
  nextTouchDue: isoDate.nullable(),
  rules: z.array(cadenceRuleViewSchema),
  channelMix: z.object({ call: z.number(), email: z.number(), meeting: z.number() }),
});

export const openTaskViewSchema = z.object({
  taskId: z.string(),
  gapKey: z.string(),
  title: z.string(),
  createdAt: isoDate,
});

/**
 * A gap that deserves a follow-up task (spec §3.2): `key` is `touch_overdue`, `missing_role:CHAMPION`, … and is what
 * `POST /api/v1/accounts/:companyId/tasks` takes as `gapKey`. Optional in the view (added after the first version);
 * when absent the card derives the gaps from the cadence rules and the coverage.
 */
export const gapViewSchema = z.object({
  key: z.string().min(1),
  kind: z.enum(GAP_KINDS),
  role: buyingRoleSchema.optional(),
  contactId: z.string().optional(),
  title: z.string(),
  detail: z.string(),
  /** What the last sync's task budget made of the gap: a Keyline task is open, or it waits with its rank in line. */
  task: z
    .discriminatedUnion('state', [z.object({ state: z.literal('open') }), z.object({ state: z.literal('queued'), rank: z.number().int().min(1) })])
    .optional(),
});
export type GapView = z.infer<typeof gapViewSchema>;

export const tierHistoryPointSchema = z.object({
  at: isoDate,
  tier: tierSchema,
  score: z.number(),
});

export const accountViewSchema = z.object({
  companyId: z.string(),
  companyName: z.string(),
  ownerId: z.string().nullable(),
  /** The owner as a person reads it: HubSpot's name, else the email, else "Owner <id>"; null when no owner. */
  ownerName: z.string().nullable(),
  tier: tierViewSchema,
  coverage: coverageViewSchema,
  cadence: cadenceViewSchema,
  openTasks: z.array(openTaskViewSchema),
  tierHistory: z.array(tierHistoryPointSchema),
  gaps: z.array(gapViewSchema).optional(),
  /** What came of the account (issue #15); absent in results stored before outcomes were computed. */
  outcomes: outcomesViewSchema.optional(),
  plan: accountPlanViewSchema.optional(),
  attention: accountAttentionViewSchema.optional(),
  /** Our people × their stakeholders with the relationship flags (issue #16); absent in results stored before. */
  relationships: relationshipsViewSchema.optional(),
  onboarding: onboardingViewSchema.optional(),
  modelVersion: z.string(),
  computedAt: isoDate,
});
export type AccountView = z.infer<typeof accountViewSchema>;

/** Error body of every failed API call: a stable machine code and a message a person can read. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

/** `PUT /api/v1/accounts/:companyId/override` body: a tier, or null to clear the override. */
export const overrideRequestSchema = z.object({ tier: tierSchema.nullable() }).strict();
export type OverrideRequest = z.infer<typeof overrideRequestSchema>;

/**
 * The gap key of a free-text follow-up: a task a person asks for in their own words (`title`), not tied to a gap.
 * Keyline never completes it (only the person does, in HubSpot) and it does not count against the daily budget of
 * Keyline's own tasks. Without a gap key the backend files the task under the account's most urgent gap instead.
 */
export const GENERAL_FOLLOW_UP_GAP_KEY = 'follow_up';

/** The gap kinds Keyline computes (spec §3.2); `missing_role` is keyed per role (`missing_role:CHAMPION`). */
export const GAP_KEY_KINDS = ['touch_overdue', 'meeting_overdue', 'qbr_overdue', 'champion_dark', 'plan_review_overdue', 'departed_contact'] as const;

const GAP_KEY_VOCABULARY = new Set<string>([
  ...GAP_KEY_KINDS,
  ...buyingRoleSchema.options.map((role) => `missing_role:${role}`),
  GENERAL_FOLLOW_UP_GAP_KEY,
]);

/**
 * A gap key a card may ask a task for, exactly: one of Keyline's gap keys (`touch_overdue`, `meeting_overdue`,
 * `qbr_overdue`, `champion_dark`, `missing_role:<ROLE>`) or `follow_up`. Anything else (a space, another shape, an
 * unknown role) is refused at the edge with this message, before anything is looked up or created.
 */
export const taskGapKeySchema = z.string().refine((key) => GAP_KEY_VOCABULARY.has(key) || ONBOARDING_GAP_KEY.test(key), {
  message: `must be one of ${GAP_KEY_KINDS.join(', ')}, missing_role:<ROLE> (ROLE one of ${buyingRoleSchema.options.join(', ')}), onboarding:<item> or ${GENERAL_FOLLOW_UP_GAP_KEY}`,
});

/**
 * `POST /api/v1/accounts/:companyId/tasks` body: a task for one of the account's current gaps (idempotent per gap), or
 * a free-text follow-up (`gapKey: 'follow_up'` with the person's `title`; idempotent per title).
 */
export const createTaskRequestSchema = z
  .object({
    gapKey: taskGapKeySchema.optional(),
    title: z.string().trim().min(1).max(200).optional(),
    note: z.string().max(5000).optional(),
  })
  .strict();
export type CreateTaskRequest = z.infer<typeof createTaskRequestSchema>;

/** `POST /api/v1/accounts/:companyId/tasks` (201): the task, and whether it was created now or already open. */
export const createTaskResponseSchema = z.object({
  taskId: z.string(),
  gapKey: z.string(),
  created: z.boolean(),
});
export type CreateTaskResponse = z.infer<typeof createTaskResponseSchema>;
