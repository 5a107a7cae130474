/**
 * Words and colours the cards show for Keyline's vocabulary. The tier names equal the domain's TIER_LABELS (a test
 * holds them together); they are repeated here because HubSpot bundles only app/ and extensions/, not the server.
 */
import type { z } from 'zod';
import type {
  buyingRoleSchema,
  cadenceRuleViewSchema,
  cadenceStatusSchema,
  confidenceSchema,
  levelSchema,
  TierValue,
} from '@keyline/contract/account-view';

type BuyingRole = z.infer<typeof buyingRoleSchema>;
type Level = z.infer<typeof levelSchema>;
type CadenceStatus = z.infer<typeof cadenceStatusSchema>;
type CadenceRule = z.infer<typeof cadenceRuleViewSchema>['rule'];
type Confidence = z.infer<typeof confidenceSchema>;

export const TIER_NAMES: Readonly<Record<TierValue, string>> = {
  tier_1: 'Tier 1 · Strategic',
  tier_2: 'Tier 2 · Growth',
  tier_3: 'Tier 3 · Maintain',
};
export const TIER_ORDER: readonly TierValue[] = ['tier_1', 'tier_2', 'tier_3'];

export function tierLabel(tier: TierValue): string {
  return TIER_NAMES[tier];
}

/** Tag colour per tier. */
export function tierVariant(tier: TierValue): 'success' | 'info' | 'default' {
  return tier === 'tier_1' ? 'success' : tier === 'tier_2' ? 'info' : 'default';
}

const ROLE_NAMES: Readonly<Record<BuyingRole, string>> = {
  DECISION_MAKER: 'Decision maker',
  BUDGET_HOLDER: 'Budget holder',
  CHAMPION: 'Champion',
  EXECUTIVE_SPONSOR: 'Executive sponsor',
  INFLUENCER: 'Influencer',
  END_USER: 'End user',
  BLOCKER: 'Blocker',
  LEGAL_AND_COMPLIANCE: 'Legal and compliance',
  OTHER: 'Other',
};
export const BUYING_ROLE_VALUES = Object.keys(ROLE_NAMES) as BuyingRole[];

export function roleLabel(role: BuyingRole): string {
  return ROLE_NAMES[role];
}

export function isBuyingRole(value: unknown): value is BuyingRole {
  return typeof value === 'string' && value in ROLE_NAMES;
}

/** The gap kinds of the task policy (the model's `tasks.gap_kinds`), as people name them. */
const GAP_KIND_NAMES: Readonly<Record<string, string>> = {
  touch_overdue: 'Touch overdue',
  meeting_overdue: 'Meeting overdue',
  qbr_overdue: 'QBR overdue',
  missing_role: 'Missing required role',
  champion_dark: 'Champion gone dark',
  plan_review_overdue: 'Account plan review overdue',
  departed_contact: 'Key contact known only by a colleague who left',
};
export const GAP_KIND_VALUES = Object.keys(GAP_KIND_NAMES);

export function gapKindLabel(kind: string): string {
  return GAP_KIND_NAMES[kind] ?? kind;
}

export function levelLabel(level: Level): string {
  return level === 'executive' ? 'Executive' : level === 'management' ? 'Management' : 'Operational';
}

export function confidenceLabel(confidence: Confidence): string {
  return confidence === 'high' ? 'High confidence' : confidence === 'medium' ? 'Medium confidence' : 'Low confidence';
}

const RULE_NAMES: Readonly<Record<CadenceRule, string>> = {
  touch: 'Any touch',
  meeting: 'Meeting',
  qbr: 'Quarterly business review',
  channels: 'Channels in 90 days',
};

export function cadenceRuleLabel(rule: CadenceRule): string {
  return RULE_NAMES[rule];
}

export function cadenceStatusLabel(status: CadenceStatus): string {
  return status === 'on_track' ? 'On track' : status === 'due_soon' ? 'Due soon' : 'Overdue';
}

/** StatusTag colour per cadence status. */
export function cadenceStatusVariant(status: CadenceStatus): 'success' | 'warning' | 'danger' {
  return status === 'on_track' ? 'success' : status === 'due_soon' ? 'warning' : 'danger';
}

/** `2026-11-22T10:00:00Z` → `2026-11-22`; null → `never`. Dates travel as ISO strings. */
export function formatDay(iso: string | null): string {
  return iso === null ? 'never' : iso.slice(0, 10);
}

/** Scores and points with at most one decimal. */
export function formatPoints(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
