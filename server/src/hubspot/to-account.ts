/**
 * HubSpot company → domain Company. Also reads Keyline's own property values back (for the write plan).
 */
import { TIERS, type Company, type PropertyValues } from '../domain/types';
import type { HubSpotCompany } from './hubspot-records';
import { ALL_PROPERTY_NAMES } from './keyline-properties';
import { parseDate, parseEnum, parseNonNegative, parseNumber, parseText } from './parse-values';

const positiveOrNull = (n: number | null): number | null => (n !== null && n > 0 ? n : null);

/** Company properties Keyline reads: the inputs of §2.1 and its own properties. */
export const COMPANY_PROPERTIES = [
  'name',
  'hubspot_owner_id',
  'annualrevenue',
  'numberofemployees',
  'industry',
  'country',
  'type',
  'hs_ideal_customer_profile',
  'createdate',
  'notes_last_contacted',
  'hs_last_sales_activity_timestamp',
  'hs_last_logged_call_date',
  'hs_last_booked_meeting_date',
  'hs_lastmodifieddate',
  ...ALL_PROPERTY_NAMES,
] as const;

/** The company properties read: Keyline's list, plus the portal's contract-end property when the model names another. */
export function companyPropertiesFor(contractEndProperty: string = DEFAULT_CONTRACT_END_PROPERTY): string[] {
  return [...new Set<string>([...COMPANY_PROPERTIES, contractEndProperty])];
}

const DEFAULT_CONTRACT_END_PROPERTY = 'keyline_contract_end_date';

export function toAccount(raw: HubSpotCompany, contractEndProperty: string = DEFAULT_CONTRACT_END_PROPERTY): Company {
  const p = raw.properties;
  const owner = parseText(p['hubspot_owner_id']);
  return {
    id: raw.id,
    name: parseText(p['name']),
    ownerId: owner !== null && /^\d+$/.test(owner) ? owner : null,
    annualRevenue: parseNonNegative(p['annualrevenue']),
    employees: parseNonNegative(p['numberofemployees']),
    industry: parseText(p['industry']),
    country: parseText(p['country']),
    type: parseText(p['type'])?.toUpperCase() ?? null,
    icpTier: parseEnum(p['hs_ideal_customer_profile']?.trim().toLowerCase(), TIERS),
    createdAt: parseDate(p['createdate']),
    lastContactedAt: parseDate(p['notes_last_contacted']),
    lastSalesActivityAt: parseDate(p['hs_last_sales_activity_timestamp']),
    lastLoggedCallAt: parseDate(p['hs_last_logged_call_date']),
    lastBookedMeetingAt: parseDate(p['hs_last_booked_meeting_date']),
    stored: {
      tier: parseEnum(p['keyline_tier'], TIERS),
      override: parseEnum(p['keyline_tier_override'], TIERS),
    },
    // A wallet of 0 says nothing about what the customer could spend: unknown, like junk.
    walletSize: positiveOrNull(parseNumber(p['keyline_wallet_size'])),
    contractEndDate: parseDate(p[contractEndProperty]),
    plan: {
      objectives: parseText(p['keyline_plan_objectives']),
      currentIssues: parseText(p['keyline_plan_current_issues']),
      upsellPlan: parseText(p['keyline_plan_upsell']),
      nextReviewAt: parseDate(p['keyline_plan_next_review']),
      updatedAt: parseDate(p['keyline_plan_updated_at']),
    },
  };
}

/** The current values of Keyline's properties on the company ('' and missing → null). */
export function toKeylineValues(raw: HubSpotCompany): PropertyValues {
  return Object.fromEntries(ALL_PROPERTY_NAMES.map((n) => [n, parseText(raw.properties[n]) === null ? null : (raw.properties[n] as string)]));
}
