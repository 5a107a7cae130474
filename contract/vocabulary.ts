/**
 * Keyline's vocabulary, defined once for the backend and the UI: the tiers, buying roles, stakeholder levels,
 * confidences, cadence statuses and rules, scoring criteria, coverage flags and gap kinds. The domain
 * (server/src/domain/types.ts) derives its types from these lists and the API schemas (account-view.ts, …) its enums,
 * so a value added here reaches the scoring, the API and the cards together.
 */

export const TIERS = ['tier_1', 'tier_2', 'tier_3'] as const;
export type Tier = (typeof TIERS)[number];

export const BUYING_ROLES = [
  'DECISION_MAKER',
  'BUDGET_HOLDER',
  'CHAMPION',
  'EXECUTIVE_SPONSOR',
  'INFLUENCER',
  'END_USER',
  'BLOCKER',
  'LEGAL_AND_COMPLIANCE',
  'OTHER',
] as const;
export type BuyingRole = (typeof BUYING_ROLES)[number];

export const LEVELS = ['executive', 'management', 'operational'] as const;
export type Level = (typeof LEVELS)[number];

export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const CADENCE_STATUSES = ['on_track', 'due_soon', 'overdue'] as const;
export type CadenceStatus = (typeof CADENCE_STATUSES)[number];

export const CADENCE_RULES = ['touch', 'meeting', 'qbr', 'channels'] as const;
export type CadenceRule = (typeof CADENCE_RULES)[number];

export const CRITERIA = [
  'recurring_revenue',
  'growth_pipeline',
  'revenue_growth',
  'product_fit',
  'geo_focus',
  'partner_potential',
  'financial_size',
  'relationship',
  'engagement_recency',
] as const;
export type Criterion = (typeof CRITERIA)[number];

export const COVERAGE_FLAGS = [
  'single_threaded',
  'missing_roles',
  'champion_dark',
  'blocker_present',
  'no_executive_access',
] as const;
export type CoverageFlag = (typeof COVERAGE_FLAGS)[number];

export const GAP_KINDS = ['touch_overdue', 'meeting_overdue', 'qbr_overdue', 'missing_role', 'champion_dark', 'plan_review_overdue', 'departed_contact', 'onboarding'] as const;
export type GapKindBase = (typeof GAP_KINDS)[number];

/** How much a renewal within the renewal window is at risk (issue #15: outcomes). */
export const RENEWAL_RISKS = ['high', 'medium', 'low'] as const;
export type RenewalRisk = (typeof RENEWAL_RISKS)[number];
