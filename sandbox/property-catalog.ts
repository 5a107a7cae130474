/**
 * The built-in (HubSpot-defined) property definitions the sandbox starts with: the ones Keyline reads, plus the
 * record bookkeeping properties. Keyline's own properties are NOT here: they arrive through the properties API
 * (`keyline setup`), as they would in a real portal.
 */
import { BUYING_ROLES } from '@keyline/contract/vocabulary';
import type { ObjectType } from './object-types';
import { OBJECT_TYPES } from './object-types';

export interface PropertyOptionDef {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

/** A property definition in HubSpot's `Property` shape (properties-v3.json). */
export interface PropertyDef {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOptionDef[];
  displayOrder: number;
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  hubspotDefined?: boolean;
  calculated?: boolean;
  externalOptions?: boolean;
  numberDisplayHint?: string;
  createdAt?: string;
  updatedAt?: string;
  archived: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean; readOnlyOptions?: boolean };
}

export interface PropertyGroupDef {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

type Short = [name: string, type: string, fieldType: string, options?: readonly string[] | readonly (readonly [string, string])[]];

const enumOptions = (values: readonly string[] | readonly (readonly [string, string])[]): PropertyOptionDef[] =>
  values.map((v, i) =>
    typeof v === 'string'
      ? { label: v.charAt(0) + v.slice(1).toLowerCase().replace(/_/g, ' '), value: v, displayOrder: i, hidden: false }
      : { label: v[1], value: v[0], displayOrder: i, hidden: false },
  );

export const INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'FINANCIAL_SERVICES',
  'HOSPITAL_HEALTH_CARE',
  'MANUFACTURING',
  'RETAIL',
  'LOGISTICS_AND_SUPPLY_CHAIN',
  'TELECOMMUNICATIONS',
  'MARKETING_AND_ADVERTISING',
  'CONSTRUCTION',
  'EDUCATION_MANAGEMENT',
  'AUTOMOTIVE',
] as const;

export const COMPANY_TYPES = ['PROSPECT', 'PARTNER', 'RESELLER', 'VENDOR', 'OTHER'] as const;
export const ICP_TIERS = [
  ['tier_1', 'Tier 1'],
  ['tier_2', 'Tier 2'],
  ['tier_3', 'Tier 3'],
] as const;

/** HubSpot's two deal types, and `renewal`, an option many portals add (issue #15: expansion and renewals). */
export const DEAL_TYPES = [
  ['newbusiness', 'New Business'],
  ['existingbusiness', 'Existing Business'],
  ['renewal', 'Renewal'],
] as const;

/** HubSpot's billing frequencies of a recurring product or line item (`recurringbillingfrequency`). */
export const BILLING_FREQUENCIES = [
  ['weekly', 'Weekly'],
  ['biweekly', 'Biweekly'],
  ['monthly', 'Monthly'],
  ['quarterly', 'Quarterly'],
  ['per_six_months', 'Every six months'],
  ['annually', 'Annually'],
  ['per_two_years', 'Every two years'],
  ['per_three_years', 'Every three years'],
] as const;

/** HubSpot's survey types of a feedback submission (`hs_survey_type`). */
export const SURVEY_TYPES = ['NPS', 'CSAT', 'CES', 'CUSTOM', 'KNOWLEDGE'] as const;

const OWNER: Short = ['hubspot_owner_id', 'enumeration', 'select'];

const ENGAGEMENT_COMMON: Short[] = [
  ['hs_timestamp', 'datetime', 'date'],
  OWNER,
  ['hs_createdate', 'datetime', 'date'],
  ['hs_lastmodifieddate', 'datetime', 'date'],
  ['hs_object_id', 'number', 'number'],
  ['hs_activity_type', 'enumeration', 'select', ['Check-in', 'Discovery', 'Demo', 'Quarterly Business Review', 'Renewal']],
];

const CATALOG: Record<ObjectType, Short[]> = {
  companies: [
    ['name', 'string', 'text'],
    ['domain', 'string', 'text'],
    OWNER,
    ['annualrevenue', 'number', 'number'],
    ['numberofemployees', 'number', 'number'],
    ['industry', 'enumeration', 'select', INDUSTRIES],
    ['country', 'string', 'text'],
    ['type', 'enumeration', 'select', COMPANY_TYPES],
    ['hs_ideal_customer_profile', 'enumeration', 'select', ICP_TIERS],
    ['createdate', 'datetime', 'date'],
    ['notes_last_contacted', 'datetime', 'date'],
    ['hs_last_sales_activity_timestamp', 'datetime', 'date'],
    ['hs_last_logged_call_date', 'datetime', 'date'],
    ['hs_last_booked_meeting_date', 'datetime', 'date'],
    ['hs_lastmodifieddate', 'datetime', 'date'],
    ['hs_object_id', 'number', 'number'],
  ],
  contacts: [
    ['firstname', 'string', 'text'],
    ['lastname', 'string', 'text'],
    ['email', 'string', 'text'],
    ['jobtitle', 'string', 'text'],
    ['hs_buying_role', 'enumeration', 'checkbox', BUYING_ROLES],
    ['notes_last_contacted', 'datetime', 'date'],
    OWNER,
    ['createdate', 'datetime', 'date'],
    ['lastmodifieddate', 'datetime', 'date'],
    ['hs_object_id', 'number', 'number'],
  ],
  deals: [
    ['dealname', 'string', 'text'],
    ['amount', 'number', 'number'],
    ['dealstage', 'enumeration', 'radio'],
    ['pipeline', 'enumeration', 'select'],
    ['closedate', 'datetime', 'date'],
    ['hs_deal_stage_probability', 'number', 'number'],
    ['hs_arr', 'number', 'number'],
    ['dealtype', 'enumeration', 'radio', DEAL_TYPES],
    OWNER,
    ['createdate', 'datetime', 'date'],
    ['hs_lastmodifieddate', 'datetime', 'date'],
    ['hs_object_id', 'number', 'number'],
  ],
  calls: [
    ...ENGAGEMENT_COMMON,
    ['hs_call_title', 'string', 'text'],
    ['hs_call_body', 'string', 'textarea'],
    ['hs_call_duration', 'number', 'number'],
    [
      'hs_call_status',
      'enumeration',
      'select',
      ['BUSY', 'CALLING_CRM_USER', 'CANCELED', 'COMPLETED', 'CONNECTING', 'FAILED', 'IN_PROGRESS', 'NO_ANSWER', 'QUEUED', 'RINGING'],
    ],
    ['hs_call_direction', 'enumeration', 'select', ['INBOUND', 'OUTBOUND']],
  ],
  emails: [
    ...ENGAGEMENT_COMMON,
    ['hs_email_subject', 'string', 'text'],
    ['hs_email_text', 'string', 'textarea'],
    ['hs_email_status', 'enumeration', 'select', ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT']],
    ['hs_email_direction', 'enumeration', 'select', ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']],
  ],
  meetings: [
    ...ENGAGEMENT_COMMON,
    ['hs_meeting_title', 'string', 'text'],
    ['hs_meeting_body', 'string', 'textarea'],
    ['hs_meeting_start_time', 'datetime', 'date'],
    ['hs_meeting_end_time', 'datetime', 'date'],
    ['hs_meeting_outcome', 'enumeration', 'select', ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']],
  ],
  notes: [...ENGAGEMENT_COMMON, ['hs_note_body', 'string', 'textarea']],
  tasks: [
    ...ENGAGEMENT_COMMON,
    ['hs_task_subject', 'string', 'text'],
    ['hs_task_body', 'string', 'textarea'],
    ['hs_task_status', 'enumeration', 'select', ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']],
    ['hs_task_priority', 'enumeration', 'select', ['NONE', 'LOW', 'MEDIUM', 'HIGH']],
    ['hs_task_type', 'enumeration', 'select', ['TODO', 'CALL', 'EMAIL', 'LINKED_IN', 'MEETING']],
    ['hs_task_completion_date', 'datetime', 'date'],
  ],
  products: [
    ['name', 'string', 'text'],
    ['description', 'string', 'textarea'],
    ['price', 'number', 'number'],
    ['hs_sku', 'string', 'text'],
    ['recurringbillingfrequency', 'enumeration', 'select', BILLING_FREQUENCIES],
    ['hs_recurring_billing_period', 'string', 'text'],
    ['createdate', 'datetime', 'date'],
    ['hs_lastmodifieddate', 'datetime', 'date'],
    ['hs_object_id', 'number', 'number'],
  ],
  line_items: [
    ['name', 'string', 'text'],
    ['hs_product_id', 'number', 'number'],
    ['quantity', 'number', 'number'],
    ['price', 'number', 'number'],
    ['amount', 'number', 'number'],
    ['recurringbillingfrequency', 'enumeration', 'select', BILLING_FREQUENCIES],
    ['createdate', 'datetime', 'date'],
    ['hs_lastmodifieddate', 'datetime', 'date'],
    ['hs_object_id', 'number', 'number'],
  ],
  feedback_submissions: [
    ['hs_survey_type', 'enumeration', 'select', SURVEY_TYPES],
    ['hs_survey_name', 'string', 'text'],
    ['hs_survey_id', 'string', 'text'],
    ['hs_survey_channel', 'enumeration', 'select', ['EMAIL', 'WEB', 'CHAT']],
    ['hs_value', 'number', 'number'],
    ['hs_response_group', 'enumeration', 'select', ['PROMOTER', 'PASSIVE', 'DETRACTOR', 'SATISFIED', 'NEUTRAL', 'DISSATISFIED']],
    ['hs_content', 'string', 'textarea'],
    ['hs_contact_id', 'number', 'number'],
    ['hs_submission_timestamp', 'datetime', 'date'],
    ['hs_createdate', 'datetime', 'date'],
    ['hs_lastmodifieddate', 'datetime', 'date'],
    ['hs_object_id', 'number', 'number'],
  ],
};

/** Values HubSpot computes itself: a write to them is rejected. */
export const READ_ONLY_PROPERTIES = new Set(['hs_object_id', 'hs_lastmodifieddate', 'lastmodifieddate', 'hs_createdate']);

const GROUP_OF: Record<ObjectType, string> = {
  companies: 'companyinformation',
  contacts: 'contactinformation',
  deals: 'dealinformation',
  calls: 'call',
  emails: 'email',
  meetings: 'meeting',
  notes: 'note',
  tasks: 'task',
  products: 'productinformation',
  line_items: 'lineiteminformation',
  feedback_submissions: 'feedback_submission_information',
};

const EPOCH = '1970-01-01T00:00:00.000Z';

export function builtInProperties(type: ObjectType, extraOptions: Partial<Record<string, PropertyOptionDef[]>> = {}): PropertyDef[] {
  return CATALOG[type].map(([name, t, fieldType, options], i) => ({
    name,
    label: name.replace(/^hs_/, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    type: t,
    fieldType,
    groupName: GROUP_OF[type],
    description: '',
    options: extraOptions[name] ?? (options ? enumOptions(options) : []),
    displayOrder: i,
    hasUniqueValue: false,
    hidden: false,
    formField: false,
    hubspotDefined: true,
    calculated: READ_ONLY_PROPERTIES.has(name),
    externalOptions: name === 'hubspot_owner_id' || name === 'dealstage' || name === 'pipeline',
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
    modificationMetadata: {
      archivable: false,
      readOnlyDefinition: true,
      readOnlyValue: READ_ONLY_PROPERTIES.has(name),
    },
  }));
}

export function builtInGroups(type: ObjectType): PropertyGroupDef[] {
  return [{ name: GROUP_OF[type], label: `${type.charAt(0).toUpperCase()}${type.slice(1)} information`, displayOrder: 0, archived: false }];
}

/** Properties returned when a read names none (what HubSpot returns by default). */
export const DEFAULT_READ_PROPERTIES: Readonly<Record<ObjectType, readonly string[]>> = {
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  calls: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  emails: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  meetings: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  products: ['createdate', 'description', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price'],
  line_items: ['amount', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'hs_product_id', 'name', 'price', 'quantity'],
  feedback_submissions: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** The property bumped on every change, and the one set on create. */
export const LAST_MODIFIED: Readonly<Record<ObjectType, string>> = Object.fromEntries(
  OBJECT_TYPES.map((t) => [t, t === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate']),
) as Record<ObjectType, string>;

export const CREATED: Readonly<Record<ObjectType, string>> = Object.fromEntries(
  OBJECT_TYPES.map((t) => [t, t === 'companies' || t === 'contacts' || t === 'deals' || t === 'products' || t === 'line_items' ? 'createdate' : 'hs_createdate']),
) as Record<ObjectType, string>;
