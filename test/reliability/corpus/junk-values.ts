/**
 * The hand-made part of the bad-data corpus: values HubSpot really sends (or a careless import leaves behind), by the
 * kind of field they land in. `WRONG_TYPES` are not strings at all: HubSpot's schema says strings, but a consumer
 * that trusts the schema crashes on the first `null`, number or object.
 */

export const HUGE_TEXT = 'x'.repeat(100 * 1024);
export const HUGE_UNICODE = '🏢'.repeat(25 * 1024); // 100 kB of UTF-16 surrogate pairs

/** Anything that is not a string. The sandbox sends them as they are (JSON null, number, boolean, object, array). */
export const WRONG_TYPES: readonly unknown[] = [null, 42, -1, 0, true, false, {}, { value: '12' }, [], ['a', 'b'], 1.5e308];

export const EMPTY_TEXT = ['', ' ', '\t', '\n', '\u200b', '\u00a0'] as const;

export const ODD_TEXT = [
  '🚀🔥 Acme 株式会社',
  'Ünïcödé GmbH & Co. KG',
  'مؤسسة عربية',
  '\u202eevil.exe',
  'a\u0000b',
  "Robert'); DROP TABLE companies;--",
  '<script>alert(1)</script>',
  '${process.env.HUBSPOT_ACCESS_TOKEN}',
  '__proto__',
  'constructor',
  '%s%s%s%n',
  '\ud800',
  '👨‍👩‍👧‍👦'.repeat(50),
  HUGE_TEXT,
  HUGE_UNICODE,
] as const;

export const ODD_NUMBERS = [
  '-5000',
  '-0',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1e309',
  '1e-400',
  '12k',
  '~5M',
  '1,000,000',
  '0x10',
  '  42  ',
  '4.2.1',
  'n/a',
  '-',
  '9'.repeat(400),
  '1e21',
  '$10,000',
  '100%',
] as const;

export const ODD_DATES = [
  '9999-12-31',
  '9999-12-31T23:59:59.999Z',
  '1900-01-01',
  '1900-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '2024-13-45',
  '2024-02-30',
  '2024-00-00T00:00:00Z',
  '2024-01-01T25:61:61Z',
  '1700000000', // epoch seconds (2023 as ms would be 1970-01-20)
  '1700000000000', // epoch ms
  '17000000000000000',
  '-86400000',
  '0',
  'yesterday',
  'Mon, 01 Jan 2024 00:00:00 GMT',
  '01/02/2024',
  '2024-06-01T12:00:00+25:00',
  '+275760-09-13T00:00:00.000Z',
  '2024-06-01 12:00:00',
] as const;

/** hs_buying_role and other enumerations: unknown options, empty parts, wrong case, duplicates. */
export const ODD_ROLES = [
  'FOO;;CHAMPION;',
  ';;;',
  'champion',
  'CHAMPION;CHAMPION;champion',
  'DECISION_MAKER;BLOCKER;EXECUTIVE_SPONSOR;BUDGET_HOLDER;INFLUENCER;END_USER;LEGAL_AND_COMPLIANCE;OTHER;CHAMPION',
  ' EXECUTIVE_SPONSOR ',
  'EXECUTIVE SPONSOR',
  '🦄',
  'DECISION_MAKER;'.repeat(2000),
] as const;

export const ODD_ENUMS = ['tier_0', 'TIER_1', ' tier_2 ', 'tier_1;tier_2', 'PARTNER;RESELLER', 'unknown', '🏷️', 'null', 'undefined'] as const;

export const ODD_OWNER_IDS = ['79999999', 'abc', '-1', '1e3', '0', '99999999999999999999999', ' 12 '] as const;

/** Engagement status/direction/outcome fields: unknown values, lower case, empty. */
export const ODD_STATUSES = ['COMPLETED ', 'completed', 'DONE', 'SENT;BOUNCED', 'INBOUND', 'OUTBOUND', 'NO_SHOW', '', '???'] as const;

export type JunkKind = 'text' | 'number' | 'date' | 'roles' | 'enum' | 'owner' | 'status';

export const JUNK_BY_KIND: Readonly<Record<JunkKind, readonly unknown[]>> = {
  text: [...EMPTY_TEXT, ...ODD_TEXT, ...WRONG_TYPES],
  number: [...EMPTY_TEXT, ...ODD_NUMBERS, ...WRONG_TYPES, HUGE_TEXT],
  date: [...EMPTY_TEXT, ...ODD_DATES, ...WRONG_TYPES, HUGE_TEXT],
  roles: [...EMPTY_TEXT, ...ODD_ROLES, ...WRONG_TYPES],
  enum: [...EMPTY_TEXT, ...ODD_ENUMS, ...WRONG_TYPES, HUGE_TEXT],
  owner: [...EMPTY_TEXT, ...ODD_OWNER_IDS, ...WRONG_TYPES],
  status: [...EMPTY_TEXT, ...ODD_STATUSES, ...WRONG_TYPES],
};

/** The fields Keyline reads, per object type, and the kind of junk each may get. */
export const FIELDS: Readonly<Record<'companies' | 'contacts' | 'deals' | 'calls' | 'emails' | 'meetings', Readonly<Record<string, JunkKind>>>> = {
  companies: {
    name: 'text',
    hubspot_owner_id: 'owner',
    annualrevenue: 'number',
    numberofemployees: 'number',
    industry: 'enum',
    country: 'text',
    type: 'enum',
    hs_ideal_customer_profile: 'enum',
    createdate: 'date',
    notes_last_contacted: 'date',
    hs_last_sales_activity_timestamp: 'date',
    hs_last_logged_call_date: 'date',
    hs_last_booked_meeting_date: 'date',
    keyline_tier: 'enum',
    keyline_tier_override: 'enum',
    keyline_score: 'number',
    keyline_last_touch: 'date',
    keyline_missing_roles: 'roles',
    keyline_near_miss: 'enum',
    keyline_model_version: 'text',
  },
  contacts: {
    firstname: 'text',
    lastname: 'text',
    jobtitle: 'text',
    hs_buying_role: 'roles',
    notes_last_contacted: 'date',
  },
  deals: {
    amount: 'number',
    hs_arr: 'number',
    dealstage: 'enum',
    pipeline: 'enum',
    closedate: 'date',
    hs_deal_stage_probability: 'number',
    hs_is_closed_won: 'enum',
    hs_is_closed: 'enum',
  },
  calls: { hs_call_status: 'status', hs_call_direction: 'status', hs_call_title: 'text' },
  emails: { hs_email_status: 'status', hs_email_direction: 'status', hs_email_subject: 'text' },
  meetings: { hs_meeting_start_time: 'date', hs_meeting_outcome: 'status', hs_meeting_title: 'text', hs_activity_type: 'text' },
};

/**
 * Properties the sandbox searches on (incremental selection, touch windows). Only string junk goes there: the
 * sandbox's search, like HubSpot's index, holds strings, so a JSON object in them would break the emulation rather
 * than test Keyline.
 */
export const SEARCHED_PROPERTIES = new Set(['hs_timestamp', 'hs_lastmodifieddate', 'lastmodifieddate', 'createdate', 'hs_createdate']);

export const STRING_DATES: readonly string[] = [...ODD_DATES, ''];
