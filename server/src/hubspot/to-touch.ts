/**
 * HubSpot call / email / meeting → domain Activity (whether it is a touch is the domain's decision).
 */
import type { Activity } from '../domain/types';
import type { HubSpotEngagement } from './hubspot-records';
import { parseDate, parseText } from './parse-values';

export const TOUCH_TYPES = ['calls', 'emails', 'meetings'] as const;
export type TouchType = (typeof TOUCH_TYPES)[number];

export const ENGAGEMENT_PROPERTIES: Readonly<Record<TouchType, readonly string[]>> = {
  calls: ['hs_timestamp', 'hs_call_status', 'hs_call_direction', 'hs_call_title'],
  emails: ['hs_timestamp', 'hs_email_status', 'hs_email_direction', 'hs_email_subject'],
  meetings: ['hs_timestamp', 'hs_meeting_start_time', 'hs_meeting_outcome', 'hs_meeting_title', 'hs_activity_type'],
};

const upper = (s: string | null | undefined) => parseText(s)?.toUpperCase() ?? null;

export function toTouch(raw: HubSpotEngagement, type: TouchType, contactIds: readonly string[] = []): Activity {
  const p = raw.properties;
  const base = { id: raw.id, contactIds: [...contactIds] };
  switch (type) {
    case 'calls':
      return {
        ...base,
        kind: 'call',
        occurredAt: parseDate(p['hs_timestamp']),
        status: upper(p['hs_call_status']),
        direction: upper(p['hs_call_direction']),
        title: parseText(p['hs_call_title']),
        activityType: null,
      };
    case 'emails':
      return {
        ...base,
        kind: 'email',
        occurredAt: parseDate(p['hs_timestamp']),
        status: upper(p['hs_email_status']),
        direction: upper(p['hs_email_direction']),
        title: parseText(p['hs_email_subject']),
        activityType: null,
      };
    case 'meetings':
      return {
        ...base,
        kind: 'meeting',
        occurredAt: parseDate(p['hs_meeting_start_time']) ?? parseDate(p['hs_timestamp']),
        status: upper(p['hs_meeting_outcome']),
        direction: null,
        title: parseText(p['hs_meeting_title']),
        activityType: parseText(p['hs_activity_type']),
      };
  }
}
