/**
 * HubSpot call / email / meeting → domain Activity (whether it is a touch is the domain's decision).
 */
import type { Activity } from '../domain/types';
import type { HubSpotEngagement } from './hubspot-records';
import { parseDate, parseNonNegative, parseText } from './parse-values';

export const TOUCH_TYPES = ['calls', 'emails', 'meetings'] as const;
export type TouchType = (typeof TOUCH_TYPES)[number];

export const ENGAGEMENT_PROPERTIES: Readonly<Record<TouchType, readonly string[]>> = {
  calls: ['hs_timestamp', 'hs_call_status', 'hs_call_direction', 'hs_call_title', 'hubspot_owner_id', 'hs_call_duration'],
  emails: ['hs_timestamp', 'hs_email_status', 'hs_email_direction', 'hs_email_subject', 'hubspot_owner_id'],
  meetings: [
    'hs_timestamp',
    'hs_meeting_start_time',
    'hs_meeting_outcome',
    'hs_meeting_title',
    'hs_activity_type',
    'hubspot_owner_id',
    'hs_meeting_end_time',
  ],
};

const upper = (s: string | null | undefined) => parseText(s)?.toUpperCase() ?? null;

/** A HubSpot owner id is a number; anything else (a name, an e-mail, "") is unknown. */
export function parseOwnerId(raw: string | null | undefined): string | null {
  const s = raw?.trim() ?? '';
  return /^\d{1,20}$/.test(s) ? s : null;
}

/** A call's `hs_call_duration` is milliseconds; negative or junk → null. */
function callMinutes(raw: string | null | undefined): number | null {
  const ms = parseNonNegative(raw);
  return ms === null ? null : ms / 60_000;
}

/** A meeting's length from its start and end; an end before the start (or either missing) → null. */
function meetingMinutes(start: Date | null, end: Date | null): number | null {
  if (start === null || end === null) return null;
  const minutes = (end.getTime() - start.getTime()) / 60_000;
  return minutes >= 0 && minutes <= 24 * 60 ? minutes : null;
}

export function toTouch(raw: HubSpotEngagement, type: TouchType, contactIds: readonly string[] = []): Activity {
  const p = raw.properties;
  const base = { id: raw.id, contactIds: [...contactIds], ownerId: parseOwnerId(p['hubspot_owner_id']) };
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
        durationMinutes: callMinutes(p['hs_call_duration']),
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
        durationMinutes: null,
      };
    case 'meetings': {
      const start = parseDate(p['hs_meeting_start_time']);
      return {
        ...base,
        kind: 'meeting',
        occurredAt: start ?? parseDate(p['hs_timestamp']),
        status: upper(p['hs_meeting_outcome']),
        direction: null,
        title: parseText(p['hs_meeting_title']),
        activityType: parseText(p['hs_activity_type']),
        durationMinutes: meetingMinutes(start, parseDate(p['hs_meeting_end_time'])),
      };
    }
  }
}
