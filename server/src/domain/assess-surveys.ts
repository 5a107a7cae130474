/**
 * NPS and CSAT of an account from its contacts' feedback submissions (issue #15). Pure.
 *
 *  - NPS answers are 0–10: promoters 9–10, detractors 0–6; score = % promoters − % detractors, −100…100.
 *  - CSAT answers are 1–5: satisfied 4–5 (counted as `promoters`), 1–3 as `detractors`; score = % satisfied, 0–100.
 *  - Scores are whole points (rounded half up). The window is the model's `survey_window_days` ending now; the trend is
 *    the window's score minus the score of the window before it.
 *  - An answer whose score is missing, not a number or out of range, or whose date is missing or in the future, is
 *    dropped and counted in `invalid` when it is dated in the current window, undated or dated in the future (an
 *    invalid answer of an older window is not counted).
 */
import type { SurveyOutcome } from './outcome-types';
import { timeOf } from './measure-revenue-outcomes';
import type { FeedbackResponse } from './types';
import { DAY_MS } from './format-values';

interface Scale {
  min: number;
  max: number;
  isPromoter(score: number): boolean;
  isDetractor(score: number): boolean;
  scoreOf(promoters: number, detractors: number, responses: number): number;
}

const SCALES: Readonly<Record<'NPS' | 'CSAT', Scale>> = {
  NPS: {
    min: 0,
    max: 10,
    isPromoter: (s) => s >= 9,
    isDetractor: (s) => s <= 6,
    scoreOf: (p, d, n) => Math.round(((p - d) * 100) / n),
  },
  CSAT: {
    min: 1,
    max: 5,
    isPromoter: (s) => s >= 4,
    isDetractor: (s) => s <= 3,
    scoreOf: (p, _d, n) => Math.round((p * 100) / n),
  },
};

interface WindowTally {
  responses: number;
  promoters: number;
  detractors: number;
}

export function assessSurvey(feedback: readonly FeedbackResponse[], kind: 'NPS' | 'CSAT', windowDays: number, nowMs: number): SurveyOutcome {
  const scale = SCALES[kind];
  const windowMs = windowDays * DAY_MS;
  const current: WindowTally = { responses: 0, promoters: 0, detractors: 0 };
  const before: WindowTally = { responses: 0, promoters: 0, detractors: 0 };
  let invalid = 0;
  let latest: { score: number; at: Date } | null = null;
  for (const answer of feedback) {
    if (answer === null || typeof answer !== 'object' || answer.kind !== kind) continue;
    const atMs = timeOf(answer.submittedAt);
    const score = answer.score;
    const inCurrent = atMs !== null && atMs > nowMs - windowMs && atMs <= nowMs;
    const valid = typeof score === 'number' && Number.isFinite(score) && score >= scale.min && score <= scale.max && atMs !== null && atMs <= nowMs;
    if (!valid) {
      if (inCurrent || atMs === null || atMs > nowMs) invalid += 1;
      continue;
    }
    if (latest === null || atMs > latest.at.getTime()) latest = { score, at: new Date(atMs) };
    const tally = inCurrent ? current : atMs > nowMs - 2 * windowMs ? before : null;
    if (tally === null) continue;
    tally.responses += 1;
    if (scale.isPromoter(score)) tally.promoters += 1;
    else if (scale.isDetractor(score)) tally.detractors += 1;
  }
  const now = current.responses > 0 ? scale.scoreOf(current.promoters, current.detractors, current.responses) : null;
  const then = before.responses > 0 ? scale.scoreOf(before.promoters, before.detractors, before.responses) : null;
  return {
    responses: current.responses,
    invalid,
    score: now,
    latest,
    trend: now !== null && then !== null ? now - then : null,
    promoters: current.promoters,
    detractors: current.detractors,
  };
}
