/**
 * Keyline's domain vocabulary: plain data in, plain data out.
 *
 * These types are the contract between the HubSpot adapter (which maps raw HubSpot records to them), the pure
 * engine (which scores them) and everything that shows or writes the result (sync, HTTP API, cards).
 * Nothing here knows HubSpot's wire format: values are parsed (numbers are numbers or null, dates are Dates or null).
 */

// The vocabulary shared with the API and the cards is defined once, in the contract package.
import type { AccountOutcomes } from './outcome-types';
import type { RelationshipMatrix } from './relationship-types';
import type { BuyingRole, CadenceRule, CadenceStatus, Confidence, CoverageFlag, Criterion, GapKindBase, Level, Tier } from '@keyline/contract/vocabulary';
export {
  BUYING_ROLES,
  CADENCE_RULES,
  CADENCE_STATUSES,
  CONFIDENCES,
  COVERAGE_FLAGS,
  CRITERIA,
  GAP_KINDS,
  LEVELS,
  TIERS,
  type BuyingRole,
  type CadenceRule,
  type CadenceStatus,
  type Confidence,
  type CoverageFlag,
  type Criterion,
  type GapKindBase,
  type Level,
  type Tier,
} from '@keyline/contract/vocabulary';

export const TIER_LABELS: Readonly<Record<Tier, string>> = {
  tier_1: 'Tier 1 · Strategic',
  tier_2: 'Tier 2 · Growth',
  tier_3: 'Tier 3 · Maintain',
};

/** Channels that count as touches. Notes and tasks are read but are never touches. */
export const CHANNELS = ['call', 'email', 'meeting'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ACTIVITY_KINDS = ['call', 'email', 'meeting', 'note', 'task'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

// ---------------------------------------------------------------------------------------------------------------
// Inputs (one account = a company with its deals, contacts and activities)
// ---------------------------------------------------------------------------------------------------------------

/** Keyline's own values as currently stored on the company (read back so only changes are written). */
export interface StoredKeylineValues {
  tier: Tier | null;
  override: Tier | null;
}

export interface Company {
  id: string;
  name: string | null;
  ownerId: string | null;
  annualRevenue: number | null;
  employees: number | null;
  industry: string | null;
  /** Country as HubSpot stores it (free text); matching against the focus list is case-insensitive. */
  country: string | null;
  /** Company `type` (e.g. PARTNER, RESELLER, VENDOR, CUSTOMER, PROSPECT), upper-cased, or null. */
  type: string | null;
  /** `hs_ideal_customer_profile` when it is one of the three known tiers, else null. */
  icpTier: Tier | null;
  createdAt: Date | null;
  /** HubSpot's activity roll-ups on the company. */
  lastContactedAt: Date | null;
  lastSalesActivityAt: Date | null;
  lastLoggedCallAt: Date | null;
  lastBookedMeetingAt: Date | null;
  stored: StoredKeylineValues;
  /**
   * What the customer could spend with us per year on what we sell (the human-owned `keyline_wallet_size`), or null:
   * then the wallet is estimated from `annualRevenue` and the model's share per industry (issue #15).
   */
  walletSize?: number | null;
  /** The contract's end date (the model's contract-end property, `keyline_contract_end_date` by default), or null. */
  contractEndDate?: Date | null;
  /** The light account plan kept on the company (human-owned `keyline_plan_*` properties; issue #16). */
  plan?: AccountPlan;
}

/** The light account plan (issue #16): company properties people edit from the card. Every field may be empty. */
export interface AccountPlan {
  objectives: string | null;
  currentIssues: string | null;
  upsellPlan: string | null;
  nextReviewAt: Date | null;
  /** When the plan was last saved (set by Keyline when the card saves it). */
  updatedAt: Date | null;
}

export const DEAL_STATUSES = ['won', 'lost', 'open'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export interface Deal {
  id: string;
  /** `hs_arr` when set and valid, else `amount`; null when neither is a usable non-negative number. */
  amount: number | null;
  status: DealStatus;
  closeDate: Date | null;
  /** 0–1: from the stage's probability metadata or `hs_deal_stage_probability`; null when unknown. */
  probability: number | null;
  /** HubSpot `dealtype` lower-cased (`newbusiness`, `existingbusiness`, a portal's own e.g. `renewal`), or null. */
  dealType?: string | null;
  /** True when the revenue is recurring: `hs_arr` was set and valid (see docs/SCORING.md, outcomes). */
  recurring?: boolean;
  /** `dealname`, or null. */
  name?: string | null;
  /** The deal's owner (`hubspot_owner_id`), or null. */
  ownerId?: string | null;
  /** Line items, read for won deals only (absent: not read). */
  lineItems?: LineItem[];
}

/** A line item of a won deal (issue #15: whitespace). */
export interface LineItem {
  id: string;
  /** `hs_product_id`: the product in the library, or null (a custom line). */
  productId: string | null;
  name: string | null;
  /** `amount` (the line's total), or null when missing or invalid. */
  amount: number | null;
}

/** A product of the portal's product library (read once per run). */
export interface Product {
  id: string;
  name: string;
  /** `price`, or null. */
  price: number | null;
  /** `recurringbillingfrequency` lower-cased (`monthly`, `annually`, …), or null for a one-off product. */
  billingFrequency: string | null;
}

export const SURVEY_KINDS = ['NPS', 'CSAT', 'CES', 'OTHER'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

/** A feedback submission (HubSpot `feedback_submissions`, read-only), from a contact of the account. */
export interface FeedbackResponse {
  id: string;
  kind: SurveyKind;
  /** The answer's score as HubSpot holds it (NPS 0–10, CSAT 1–5); null when missing or not a number. */
  score: number | null;
  submittedAt: Date | null;
  contactId: string | null;
}

export interface Contact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  jobTitle: string | null;
  /** Roles from `hs_buying_role` (multi-select) — parsed, unknown values dropped. */
  buyingRoles: BuyingRole[];
  /** Labels on the contact↔company association (e.g. "Decision maker"), as HubSpot returns them. */
  associationLabels: string[];
  lastContactedAt: Date | null;
}

export interface Activity {
  id: string;
  kind: ActivityKind;
  /** `hs_timestamp` (for meetings the start time). Null when missing or unparseable. */
  occurredAt: Date | null;
  /**
   * The activity's outcome in HubSpot's vocabulary, upper-cased: call `hs_call_status`, email `hs_email_status`,
   * meeting `hs_meeting_outcome`, task `hs_task_status`. Null when missing.
   */
  status: string | null;
  /** Email `hs_email_direction` or call `hs_call_direction`, upper-cased, or null. */
  direction: string | null;
  /** Meeting title (`hs_meeting_title`) or email subject; null otherwise. */
  title: string | null;
  /** Meeting `hs_activity_type`, or null. */
  activityType: string | null;
  /** Contacts associated with this activity (used for stakeholder engagement). */
  contactIds: string[];
  /** Our person: the engagement's `hubspot_owner_id`, or null (issue #16: attention, relationship matrix). */
  ownerId?: string | null;
  /** Minutes spent: a call's `hs_call_duration`, a meeting's end − start; null when unknown (emails: null). */
  durationMinutes?: number | null;
}

export interface AccountInput {
  company: Company;
  deals: Deal[];
  contacts: Contact[];
  activities: Activity[];
  /** What the reader read of the account's engagements (absent: unknown, so every roll-up counts). */
  engagementsRead?: EngagementsRead;
  /** Feedback submissions of the account's contacts (absent: not read, so outcomes from surveys are unknown). */
  feedback?: FeedbackResponse[];
  /** Engagement owners the portal no longer lists (issue #16; absent: the portal's owners were not known). */
  departedOwnerIds?: string[];
}

/**
 * The windows in which the account's engagements were read. Within them the engagements themselves say what was a
 * touch (SPEC §2.5: a completed call, a sent or received email, a held meeting); HubSpot's roll-ups
 * (`notes_last_contacted`, `hs_last_logged_call_date`) move on an unanswered call too, so they count only where the
 * engagements were not read.
 */
export interface EngagementsRead {
  /** Per channel, the moment from which its engagements were read; null: not read at all. */
  from: Readonly<Record<Channel, Date | null>>;
  /** Whether each engagement's contacts were read (its `contactIds`); if not, a contact's roll-up is its only touch. */
  withContacts: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Results (every number behind the verdict travels with it)
// ---------------------------------------------------------------------------------------------------------------

export interface CriterionResult {
  criterion: Criterion;
  /** The measured value (e.g. 48000 dollars, 0.12 growth, "tier_2", "US"), null when there was no data. */
  value: number | string | boolean | null;
  /** Human-readable value, e.g. "$48k", "+12%", "ICP tier 2", "no data". */
  display: string;
  /** 0–100 from the anchors. When there is no data, the neutral/default points the model assigns. */
  points: number;
  /** Normalised weight, 0–100; all weights sum to 100. */
  weight: number;
  /** points × weight / 100; contributions sum to the score. */
  contribution: number;
  /** False when the value was missing and a neutral default was used (lowers confidence). */
  hasData: boolean;
}

export interface GapSuggestion {
  criterion: Criterion;
  /** Points the criterion would add to the score if achieved. */
  scoreGain: number;
  /** e.g. "+$38k trailing revenue" or "an engaged executive sponsor". */
  text: string;
}

export interface TierResult {
  score: number;
  /** Tier from the score alone (after hysteresis against the previous tier). */
  computedTier: Tier;
  /** Effective tier: override if set, else computed tier after the capacity policy. */
  tier: Tier;
  previousTier: Tier | null;
  override: Tier | null;
  nearMiss: boolean;
  /** The next tier up; null for tier_1 and for an override (a person's tier is final: nothing to reach). */
  nextTier: Tier | null;
  /**
   * Points from the score to the score that makes the account rise: the next tier's threshold plus the hysteresis
   * band. Null when `nextTier` is.
   */
  nextTierGap: number | null;
  /** What would close the gap, criterion by criterion (empty unless near-miss or asked). */
  closeTheGap: GapSuggestion[];
  confidence: Confidence;
  criteria: CriterionResult[];
  /** Top reasons in one human-readable line. */
  reasons: string;
  /** Set by the capacity step: the owner holds more tier-1 accounts than the cap. */
  ownerOverCapacity: boolean;
  /** Set by the capacity step under policy `cap`: demoted from tier_1 to tier_2. */
  demotedByCapacity: boolean;
  /** Where the account's tier changes, with the hysteresis band that decides it (absent in results stored before). */
  band?: TierBand;
}

/**
 * The scores at which the computed tier changes on the next scoring (the band applies against the tier the account has
 * now): it rises at the next tier's threshold plus the band and falls below its own tier's threshold minus the band.
 */
export interface TierBand {
  /** The hysteresis band, in points. */
  size: number;
  /** The next tier's threshold and the score at which the account rises to it; null at the top or under an override. */
  nextThreshold: number | null;
  risesAt: number | null;
  /** The computed tier's own threshold and the score below which it falls; null for tier 3. */
  threshold: number | null;
  fallsBelow: number | null;
}

export interface StakeholderRole {
  role: BuyingRole;
  /** True when inferred from the job title rather than read from HubSpot. */
  inferred: boolean;
}

export interface Stakeholder {
  contactId: string;
  name: string;
  jobTitle: string | null;
  roles: StakeholderRole[];
  level: Level;
  levelInferred: boolean;
  engaged: boolean;
  lastTouchAt: Date | null;
}

export interface CoverageResult {
  score: number;
  requiredRoles: BuyingRole[];
  coveredRoles: BuyingRole[];
  missingRoles: BuyingRole[];
  engagedStakeholders: number;
  engagedLevels: Level[];
  stakeholders: Stakeholder[];
  flags: CoverageFlag[];
  /** Champions not touched within the champion-dark window. */
  darkChampionIds: string[];
}

export interface CadenceRuleResult {
  rule: CadenceRule;
  /** Interval in days (for `channels`: the 90-day window). */
  intervalDays: number;
  last: Date | null;
  /** last + interval, or from the company's create date when there is no history. Null for `channels`. */
  due: Date | null;
  status: CadenceStatus;
  /** For `channels`: channels used in the window vs required. */
  channelsUsed?: number;
  channelsRequired?: number;
}

export interface CadenceResult {
  rules: CadenceRuleResult[];
  lastTouchAt: Date | null;
  lastQbrAt: Date | null;
  nextTouchDue: Date | null;
  status: CadenceStatus;
  /** Touches per channel in the last 90 days. */
  channelMix: Record<Channel, number>;
}

/** A gap that deserves a follow-up task. `key` is `touch_overdue`, `missing_role:CHAMPION`, … (unique per account). */
export interface Gap {
  key: string;
  kind: GapKindBase;
  role?: BuyingRole;
  /** The contact concerned (e.g. the dark champion), if any. */
  contactId?: string;
  /** Short title, e.g. "QBR overdue". */
  title: string;
  /** The explanation that goes into the task body. */
  detail: string;
  /** When its task is due (an onboarding item's due date); absent: the day the task is made. */
  dueAt?: Date;
  /**
   * What became of the gap in the last task allocation of a sync (absent until one ran): a Keyline task is open for
   * it, or it waits in its owner's queue (`rank` 1 = the next to become a task) because of the daily task budget.
   */
  task?: GapTaskState;
}

export type GapTaskState = { readonly state: 'open' } | { readonly state: 'queued'; readonly rank: number };

export interface AccountResult {
  companyId: string;
  companyName: string;
  ownerId: string | null;
  tier: TierResult;
  coverage: CoverageResult;
  cadence: CadenceResult;
  gaps: Gap[];
  modelVersion: string;
  computedAt: Date;
  /**
   * How the account's coverage, cadence and gaps read as a tier-2 account. Present only on a computed tier-1 account
   * (no override) scored under the capacity policy `cap`, until the capacity step has run; that step uses it when it
   * demotes the account and then drops it.
   */
  demotedView?: DemotedView;
  /** What came of the account: retention, expansion, renewal, surveys, share of wallet (issue #15; absent before). */
  outcomes?: AccountOutcomes;
  /** Our people × their stakeholders with the relationship flags (issue #16; absent in results stored before). */
  relationships?: RelationshipMatrix;
  /** A new customer's onboarding checklist (issue #16, part 3; absent when the account is not onboarding). */
  onboarding?: OnboardingState;
}

/** One item of a new customer's onboarding checklist (domain/assess-onboarding.ts). */
export interface OnboardingItemState {
  key: string;
  label: string;
  /** The task key that deduplicates this item's task: `onboarding:<key>`. */
  taskKey: string;
  dueAt: Date;
  /** Done by evidence (a matching held meeting on or after the win), with the meeting's date. */
  doneAt: Date | null;
  /** Who closed it: evidence seen in HubSpot, or the person (their task completed in HubSpot; the onboarding ledger). */
  doneBy?: 'evidence' | 'person';
  /** The item's task was deleted in HubSpot: it is not created again (the onboarding ledger). */
  taskDeleted?: boolean;
  /** True when the item can only be closed by the person. */
  manual: boolean;
  overdue: boolean;
}

/** A new customer's onboarding (domain/assess-onboarding.ts). */
export interface OnboardingState {
  wonAt: Date;
  items: OnboardingItemState[];
  done: number;
  total: number;
  /** The first open item by due date, or null when every item is done by evidence. */
  next: OnboardingItemState | null;
}

export interface DemotedView {
  coverage: CoverageResult;
  cadence: CadenceResult;
  gaps: Gap[];
}

// ---------------------------------------------------------------------------------------------------------------
// What a run writes and meets (shared by the HubSpot adapter, the sync and the store)
// ---------------------------------------------------------------------------------------------------------------

/** Keyline property values as last written to (or read from) HubSpot: name → string value or null (empty). */
export type PropertyValues = Record<string, string | null>;

/** A problem met during a run, with the company concerned (null when it concerns the run, not one company). */
export interface RunError {
  companyId: string | null;
  message: string;
  /** Property values HubSpot refused for this company because of the portal's validation rules (not retried). */
  refused?: { property: string; rule: string; message: string }[];
}
