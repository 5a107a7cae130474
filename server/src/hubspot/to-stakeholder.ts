/**
 * HubSpot contact (+ the labels of its association with the company) → domain Contact.
 */
import { BUYING_ROLES, type Contact } from '../domain/types';
import type { HubSpotContact } from './hubspot-records';
import { parseDate, parseMultiEnum, parseText } from './parse-values';

export const CONTACT_PROPERTIES = ['firstname', 'lastname', 'jobtitle', 'hs_buying_role', 'notes_last_contacted'] as const;

export function toStakeholder(raw: HubSpotContact, associationLabels: readonly string[] = []): Contact {
  const p = raw.properties;
  return {
    id: raw.id,
    firstName: parseText(p['firstname']),
    lastName: parseText(p['lastname']),
    jobTitle: parseText(p['jobtitle']),
    buyingRoles: parseMultiEnum(p['hs_buying_role'], BUYING_ROLES),
    associationLabels: [...new Set(associationLabels.map((l) => l.trim()).filter((l) => l !== ''))],
    lastContactedAt: parseDate(p['notes_last_contacted']),
  };
}
