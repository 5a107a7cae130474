/**
 * Communication cadence (SPEC §2.5): per-tier rules (any touch, meeting, QBR, channels), their last and due dates
 * and statuses, the channel mix, and the account's worst status.
 */
import type { CompiledModel } from './compile-model';
import { DAY_MS } from './format-values';
import { pastMs, type TouchFacts } from './read-touches';
import type { CadenceResult, CadenceRuleResult, CadenceStatus, Company, Tier } from './types';

const SEVERITY: Readonly<Record<CadenceStatus, number>> = { on_track: 0, due_soon: 1, overdue: 2 };

export function worstStatus(statuses: readonly CadenceStatus[]): CadenceStatus {
  let worst: CadenceStatus = 'on_track';
  for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst;
}

/** overdue when the due date has passed, due_soon when it falls within the due-soon window, else on_track. */
export function statusOf(dueMs: number, nowMs: number, dueSoonMs: number): CadenceStatus {
  if (dueMs < nowMs) return 'overdue';
  if (dueMs <= nowMs + dueSoonMs) return 'due_soon';
  return 'on_track';
}

function intervalRule(
  rule: 'touch' | 'meeting' | 'qbr',
  intervalDays: number,
  lastMs: number | null,
  last: Date | null,
  startMs: number,
  nowMs: number,
  dueSoonMs: number,
): CadenceRuleResult {
  // With no history the clock starts at the company's creation (or now, when that is unknown too).
  const dueMs = (lastMs ?? startMs) + intervalDays * DAY_MS;
  return { rule, intervalDays, last, due: new Date(dueMs), status: statusOf(dueMs, nowMs, dueSoonMs) };
}

export function assessCadence(company: Company, touches: TouchFacts, tier: Tier, compiled: CompiledModel, nowMs: number): CadenceResult {
  const rules = compiled.cadence[tier];
  const dueSoonMs = compiled.dueSoonMs;
  const startMs = pastMs(company.createdAt, nowMs) ?? nowMs;
  // Results are immutable values, so the dates of the last touch, meeting and QBR are the input's own, shared where
  // they recur.
  const lastTouch = touches.lastTouchAt;
  const lastQbr = touches.lastQbrAt;
  const results: CadenceRuleResult[] = [intervalRule('touch', rules.touchDays, touches.lastTouchMs, lastTouch, startMs, nowMs, dueSoonMs)];
  if (rules.meetingDays !== null) {
    results.push(intervalRule('meeting', rules.meetingDays, touches.lastMeetingMs, touches.lastMeetingAt, startMs, nowMs, dueSoonMs));
  }
  if (rules.qbrDays !== null) {
    results.push(intervalRule('qbr', rules.qbrDays, touches.lastQbrMs, lastQbr, startMs, nowMs, dueSoonMs));
  }
  const mix = touches.channelMix;
  const channelsUsed = (mix.call > 0 ? 1 : 0) + (mix.email > 0 ? 1 : 0) + (mix.meeting > 0 ? 1 : 0);
  // Like the interval rules, the channel rule's clock starts at the company's creation: a company younger than the
  // channel window (or of unknown age) has not had a full window yet, so it is not overdue on channels.
  const fullWindow = startMs <= nowMs - compiled.channelWindowMs;
  results.push({
    rule: 'channels',
    intervalDays: compiled.model.cadence.channel_window_days,
    last: lastTouch,
    due: null,
    status: channelsUsed >= rules.minChannels || !fullWindow ? 'on_track' : 'overdue',
    channelsUsed,
    channelsRequired: rules.minChannels,
  });

  // The next due date is the earliest rule's due date (the same Date object).
  let nextDue: Date | null = null;
  let status: CadenceStatus = 'on_track';
  for (let i = 0; i < results.length; i += 1) {
    const r = results[i] as CadenceRuleResult;
    if (SEVERITY[r.status] > SEVERITY[status]) status = r.status;
    if (r.due !== null && (nextDue === null || r.due.getTime() < nextDue.getTime())) nextDue = r.due;
  }
  return {
    rules: results,
    lastTouchAt: lastTouch,
    lastQbrAt: lastQbr,
    nextTouchDue: nextDue,
    status,
    channelMix: mix, // fresh per readTouches call; shared with the demoted view, both immutable
  };
}
