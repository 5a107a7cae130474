/**
 * Keyline's custom company properties (spec §3.1): defined once, here.
 * `keyline setup`, the company mapper (reading them back), the write plan, the sandbox and docs/PROPERTIES.md all
 * derive from this list.
 */
import { RENEWAL_RISKS } from '../domain/outcome-types';
import { BUYING_ROLES, CADENCE_STATUSES, CONFIDENCES, TIERS, TIER_LABELS } from '../domain/types';

export const PROPERTY_GROUP = {
  name: 'keyline',
  label: 'Keyline account management',
  displayOrder: -1,
} as const;

export type PropertyType = 'enumeration' | 'number' | 'string' | 'bool' | 'date' | 'datetime';
export type FieldType = 'select' | 'checkbox' | 'booleancheckbox' | 'number' | 'text' | 'textarea' | 'date';

export interface PropertyOption {
  value: string;
  label: string;
}

export interface KeylinePropertyDefinition {
  name: string;
  label: string;
  description: string;
  type: PropertyType;
  fieldType: FieldType;
  options?: readonly PropertyOption[];
  /** True for properties people set and Keyline only reads (never written by the sync). */
  humanOwned?: boolean;
}

const tierOptions: PropertyOption[] = TIERS.map((t) => ({ value: t, label: TIER_LABELS[t] }));
const boolOptions: PropertyOption[] = [
  { value: 'true', label: 'Yes' },
  { value: 'false', label: 'No' },
];
const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace(/_/g, ' ');

export const KEYLINE_PROPERTIES = [
  {
    name: 'keyline_tier',
    label: 'Keyline tier',
    description: 'Effective account tier computed by Keyline (the override wins when set).',
    type: 'enumeration',
    fieldType: 'select',
    options: tierOptions,
  },
  {
    name: 'keyline_tier_override',
    label: 'Keyline tier override',
    description: 'Set by people to force a tier. Keyline reads it and never writes it.',
    type: 'enumeration',
    fieldType: 'select',
    options: tierOptions,
    humanOwned: true,
  },
  {
    name: 'keyline_score',
    label: 'Keyline score',
    description: 'Tier score 0–100 from the weighted decision matrix.',
    type: 'number',
    fieldType: 'number',
  },
  {
    name: 'keyline_score_reasons',
    label: 'Keyline score reasons',
    description: 'The top reasons behind the score, in one line.',
    type: 'string',
    fieldType: 'text',
  },
  {
    name: 'keyline_near_miss',
    label: 'Keyline near-miss',
    description: 'Within the near-miss margin below the next tier.',
    type: 'bool',
    fieldType: 'booleancheckbox',
    options: boolOptions,
  },
  {
    name: 'keyline_next_tier_gap',
    label: 'Keyline points to next tier',
    description: 'Score points missing to reach the next tier (empty for Tier 1).',
    type: 'number',
    fieldType: 'number',
  },
  {
    name: 'keyline_confidence',
    label: 'Keyline confidence',
    description: 'How much real data is behind the score.',
    type: 'enumeration',
    fieldType: 'select',
    options: CONFIDENCES.map((c) => ({ value: c, label: title(c) })),
  },
  {
    name: 'keyline_coverage_score',
    label: 'Keyline stakeholder coverage',
    description: 'Stakeholder coverage score 0–100 (roles, levels and breadth of engaged stakeholders).',
    type: 'number',
    fieldType: 'number',
  },
  {
    name: 'keyline_engaged_stakeholders',
    label: 'Keyline engaged stakeholders',
    description: 'Stakeholders the team touched within the engagement window.',
    type: 'number',
    fieldType: 'number',
  },
  {
    name: 'keyline_missing_roles',
    label: 'Keyline missing roles',
    description: 'Required buying roles not held by an engaged stakeholder.',
    type: 'enumeration',
    fieldType: 'checkbox',
    options: BUYING_ROLES.map((r) => ({ value: r, label: title(r.toLowerCase()) })),
  },
  {
    name: 'keyline_single_threaded',
    label: 'Keyline single-threaded',
    description: 'At most one engaged stakeholder.',
    type: 'bool',
    fieldType: 'booleancheckbox',
    options: boolOptions,
  },
  {
    name: 'keyline_last_touch',
    label: 'Keyline last touch',
    description: 'Last call, email or meeting on any channel.',
    type: 'date',
    fieldType: 'date',
  },
  {
    name: 'keyline_last_qbr',
    label: 'Keyline last QBR',
    description: 'Last quarterly business review held.',
    type: 'date',
    fieldType: 'date',
  },
  {
    name: 'keyline_next_touch_due',
    label: 'Keyline next touch due',
    description: 'Earliest due date over the cadence rules of the account’s tier.',
    type: 'date',
    fieldType: 'date',
  },
  {
    name: 'keyline_cadence_status',
    label: 'Keyline cadence status',
    description: 'Worst status over the cadence rules.',
    type: 'enumeration',
    fieldType: 'select',
    options: CADENCE_STATUSES.map((s) => ({ value: s, label: title(s) })),
  },
  {
    name: 'keyline_owner_over_capacity',
    label: 'Keyline owner over capacity',
    description: 'The owner holds more Tier 1 accounts than the configured cap.',
    type: 'bool',
    fieldType: 'booleancheckbox',
    options: boolOptions,
  },
  {
    name: 'keyline_model_version',
    label: 'Keyline model version',
    description: 'Version (hash) of the scoring model that produced these values.',
    type: 'string',
    fieldType: 'text',
  },
  // Outcome inputs people keep (issue #15): Keyline reads them for share of wallet and the next renewal.
  {
    name: 'keyline_wallet_size',
    label: 'Keyline wallet size',
    description: 'What the customer could spend with us a year, on what we sell. Set by people; Keyline reads it (share of wallet, headroom) and never writes it.',
    type: 'number',
    fieldType: 'number',
    humanOwned: true,
  },
  {
    name: 'keyline_contract_end_date',
    label: 'Keyline contract end date',
    description: 'When the customer’s current contract ends. Set by people; Keyline reads it (next renewal) and never writes it.',
    type: 'date',
    fieldType: 'date',
    humanOwned: true,
  },
  {
    name: 'keyline_trailing_revenue',
    label: 'Keyline trailing revenue',
    description: 'Closed-won revenue of the last 12 months, recurring (ARR) and one-off: what the customer spends with us.',
    type: 'number',
    fieldType: 'number',
  },
  {
    name: 'keyline_grr',
    label: 'Keyline gross revenue retention (%)',
    description: 'Recurring revenue kept over the last 12 months against the 12 before, without expansion; empty when there was none before.',
    type: 'number',
    fieldType: 'number',
  },
  {
    name: 'keyline_nrr',
    label: 'Keyline net revenue retention (%)',
    description: 'Recurring revenue of the last 12 months against the 12 before, expansion included; empty when there was none before.',
    type: 'number',
    fieldType: 'number',
  },
  {
    name: 'keyline_share_of_wallet',
    label: 'Keyline share of wallet (%)',
    description: 'Trailing revenue against the customer’s wallet (Keyline wallet size, else the model’s estimate); empty when unknown.',
    type: 'number',
    fieldType: 'number',
  },
  {
    name: 'keyline_wallet_headroom',
    label: 'Keyline wallet headroom',
    description: 'What the customer could still spend with us a year: wallet minus trailing revenue, at least 0; empty when unknown.',
    type: 'number',
    fieldType: 'number',
  },
  {
    name: 'keyline_last_nps',
    label: 'Keyline last NPS answer',
    description: 'The latest NPS answer (0–10) of the account’s contacts; empty when none.',
    type: 'number',
    fieldType: 'number',
  },
  {
    name: 'keyline_renewal_date',
    label: 'Keyline renewal date',
    description: 'The next renewal: the earliest open renewal deal, else the contract end date.',
    type: 'date',
    fieldType: 'date',
  },
  {
    name: 'keyline_renewal_risk',
    label: 'Keyline renewal risk',
    description: 'Risk of the renewal within the renewal window (tier, coverage, cadence and health together); empty outside it.',
    type: 'enumeration',
    fieldType: 'select',
    options: RENEWAL_RISKS.map((r) => ({ value: r, label: title(r) })),
  },
  // The light account plan (issue #16): edited from the card, read by the sync, never written by it.
  {
    name: 'keyline_plan_objectives',
    label: 'Account plan: objectives',
    description: "What we and the customer want to achieve this year. Edited from Keyline's card; the sync never writes it.",
    type: 'string',
    fieldType: 'textarea',
    humanOwned: true,
  },
  {
    name: 'keyline_plan_current_issues',
    label: 'Account plan: current issues',
    description: "Open problems on the account. Edited from Keyline's card; the sync never writes it.",
    type: 'string',
    fieldType: 'textarea',
    humanOwned: true,
  },
  {
    name: 'keyline_plan_upsell',
    label: 'Account plan: upsell plan',
    description: "What we plan to sell next, and how. Edited from Keyline's card; the sync never writes it.",
    type: 'string',
    fieldType: 'textarea',
    humanOwned: true,
  },
  {
    name: 'keyline_plan_next_review',
    label: 'Account plan: next review',
    description: 'When the account plan is next reviewed; once passed, Keyline raises the plan review.',
    type: 'date',
    fieldType: 'date',
    humanOwned: true,
  },
  {
    name: 'keyline_plan_updated_at',
    label: 'Account plan: updated at',
    description: "When the account plan was last saved from Keyline's card (set by the card's save, never by the sync).",
    type: 'datetime',
    fieldType: 'date',
    humanOwned: true,
  },
] as const satisfies readonly KeylinePropertyDefinition[];

export type KeylinePropertyName = (typeof KEYLINE_PROPERTIES)[number]['name'];
/** The properties people set and Keyline only reads (`humanOwned`). */
export type HumanOwnedPropertyName = Extract<(typeof KEYLINE_PROPERTIES)[number], { humanOwned: true }>['name'];

/** Properties the sync writes (everything but the human-owned ones: the override, the wallet size, the contract end). */
export const WRITTEN_PROPERTY_NAMES: readonly KeylinePropertyName[] = KEYLINE_PROPERTIES.filter(
  (p: KeylinePropertyDefinition) => !p.humanOwned,
).map((p) => p.name);

export const ALL_PROPERTY_NAMES: readonly KeylinePropertyName[] = KEYLINE_PROPERTIES.map((p) => p.name);

/**
 * Keyline's one property on tasks: the task's identity (`keyline:gap=<company>/<gap>`, the domain's `taskIdentity`),
 * by which Keyline finds its own tasks again (after a crash, or when its store was lost) and never duplicates one.
 * It keeps that identity out of the task's text; tasks made before it existed carry it in their body, where Keyline
 * still recognises it. HubSpot allows custom properties on tasks (properties API, object type `tasks`).
 */
export const TASK_PROPERTY_GROUP = { name: 'keyline', label: 'Keyline', displayOrder: -1 } as const;
export const KEYLINE_TASK_KEY: KeylinePropertyDefinition = {
  name: 'keyline_task_key',
  label: 'Keyline task key',
  description: 'Which company and gap this Keyline task is for. Keyline finds its own tasks by it; do not edit.',
  type: 'string',
  fieldType: 'text',
};
