/** Human names for the keys of the scoring model, so the generic form reads like a form and not like JSON. */
import { tierSchema } from '@keyline/contract/account-view';
import { isBuyingRole, roleLabel, tierLabel } from '../ui/labels';

const KNOWN: Readonly<Record<string, string>> = {
  weights: 'Criteria weights',
  thresholds: 'Tier thresholds (minimum score)',
  anchors: 'Anchors (value → points)',
  categories: 'Points of categorical criteria',
  neutral_points: 'Points when there is no data',
  cadence: 'Cadence',
  required_roles: 'Required roles',
  stakeholders: 'Stakeholders',
  capacity: 'Capacity (Tier 1 accounts per owner)',
  hysteresis: 'Hysteresis (points)',
  near_miss_margin: 'Near-miss margin (points)',
  qbr_title_patterns: 'QBR title patterns',
  qbr_activity_types: 'QBR activity types',
  icp_tier_1: 'ICP tier 1',
  icp_tier_2: 'ICP tier 2',
  icp_tier_3: 'ICP tier 3',
  min: 'Minimum',
  max: 'Maximum',
  tasks: 'Tasks (few and ranked)',
  gap_kinds: 'Gaps that become tasks, by tier',
  daily_budget: 'New Keyline tasks per owner per day',
  max_open_per_owner: 'Open Keyline tasks per owner (at most)',
  outcomes: 'Outcomes (retention, renewal, share of wallet)',
  expansion_deal_types: 'Expansion deal types (HubSpot deal type, one per line)',
  renewal_deal_types: 'Renewal deal types (one per line)',
  renewal_window_days: 'Renewal window (days before the renewal its risk is assessed)',
  contract_end_property: 'Contract end date property',
  wallet: 'Wallet estimate (share of annual revenue, when Keyline wallet size is empty)',
  industry_shares: 'Share by industry (0–1)',
  default_share: 'Share for other industries (0–1)',
  survey_window_days: 'Survey window for NPS and CSAT (days)',
  review: 'Model review (is the segmentation still right?)',
  cadence_months: 'Review every (months)',
  owner_id: 'Model owner (HubSpot owner id; gets the review reminder)',
  onboarding: 'Onboarding after the handoff (new customers)',
  daily_allowance: 'Onboarding tasks per owner per day (first, out of the daily budget)',
  items: 'Checklist items',
  due_days: 'Due (days after the win)',
  evidence: 'Done by (evidence seen in HubSpot, or none: the person)',
  title_words: 'Meeting title words (for a titled meeting)',
  window_days: 'Window (days)',
  relationships: 'Relationships (our people × their stakeholders)',
  our_levels: "Our people's levels (HubSpot owner id → level)",
  plans: 'Account plans',
};

/** `recurring_revenue` → "Recurring revenue", `touchEveryDays` → "Touch every days", `tier_1` → "Tier 1 · Strategic". */
export function modelKeyLabel(key: string): string {
  const known = KNOWN[key];
  if (known !== undefined) return known;
  const tier = tierSchema.safeParse(key);
  if (tier.success) return tierLabel(tier.data);
  if (isBuyingRole(key)) return roleLabel(key);
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Lists of gap kinds (the task policy) are edited with a multi-select of the kinds. */
export function isGapKindListPath(path: readonly (string | number)[]): boolean {
  return path.includes('gap_kinds');
}

/** Lists of buying roles are edited with a multi-select of the roles. */
export function isRoleListKey(key: string): boolean {
  return /roles?$/i.test(key);
}
