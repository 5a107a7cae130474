/** Human names for the keys of the scoring model, so the generic form reads like a form and not like JSON. */
import { tierSchema } from '../api/account-view';
import { isBuyingRole, roleLabel, tierLabel } from '../ui/labels';

const KNOWN: Readonly<Record<string, string>> = {
  weights: 'Criteria weights',
  thresholds: 'Tier thresholds',
  anchors: 'Anchors (value → points)',
  cadence: 'Cadence',
  requiredRoles: 'Required roles',
  required_roles: 'Required roles',
  qbr: 'QBR detection',
  capacity: 'Capacity',
  hysteresis: 'Hysteresis (points)',
  nearMiss: 'Near-miss margin (points)',
  near_miss: 'Near-miss margin (points)',
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

/** Lists of buying roles are edited with a multi-select of the roles. */
export function isRoleListKey(key: string): boolean {
  return /roles?$/i.test(key);
}
