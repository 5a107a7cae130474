/**
 * HubSpot feedback submission (a survey answer; read-only in HubSpot's API) → domain FeedbackResponse.
 * The score is kept only inside its survey's scale (NPS 0–10, CSAT 1–5, CES 1–7); a value outside it, or one that is
 * not a number, is junk and becomes null. The contact is the one the submission is associated with, else the
 * submission's own `hs_contact_id`.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/feedback-submissions/guide
 */
import { z } from 'zod';
import type { FeedbackResponse, SurveyKind } from '../domain/types';
import type { HubSpotFeedbackSubmission } from './hubspot-records';
import { parseDate, parseNumber, parseText } from './parse-values';

export const FEEDBACK_PROPERTIES = ['hs_survey_type', 'hs_value', 'hs_submission_timestamp', 'hs_contact_id', 'hs_createdate'] as const;

/** HubSpot's survey types Keyline tells apart; CUSTOM, KNOWLEDGE and anything else are OTHER. */
const surveyKind = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .pipe(z.enum(['NPS', 'CSAT', 'CES', 'OTHER']))
  .catch('OTHER');

const SCALE: Readonly<Record<SurveyKind, readonly [number, number] | null>> = {
  NPS: [0, 10],
  CSAT: [1, 5],
  CES: [1, 7],
  OTHER: null,
};

export function toFeedback(raw: HubSpotFeedbackSubmission, associatedContactId: string | null = null): FeedbackResponse {
  const p = raw.properties;
  const kind: SurveyKind = surveyKind.parse(p['hs_survey_type'] ?? '');
  const value = parseNumber(p['hs_value']);
  const scale = SCALE[kind];
  const inScale = value !== null && (scale === null || (value >= scale[0] && value <= scale[1]));
  const ownContact = parseText(p['hs_contact_id']);
  return {
    id: raw.id,
    kind,
    score: inScale ? value : null,
    submittedAt: parseDate(p['hs_submission_timestamp']) ?? parseDate(p['hs_createdate']),
    contactId: associatedContactId ?? (ownContact !== null && /^\d+$/.test(ownContact) ? ownContact : null),
  };
}
