/**
 * When does time alone change an account? (pure) The earliest future moment at which a cadence rule becomes due soon
 * or overdue, a stakeholder or champion leaves the engagement window, a channel leaves the channel window, a meeting
 * leaves the look-back, or a won deal leaves the trailing-12-month revenue (or the prior-year growth window).
 * Incremental sync re-reads accounts whose review date has come. The engagement-recency points drift a little every
 * day between 14 and 180 days; that drift is left to the weekly full reconcile (see docs/ARCHITECTURE.md).
 */
import type { ScoringModel } from '../domain';
import type { AccountInput, AccountResult } from '../domain/types';

const DAY = 86_400_000;

export function nextReviewAt(input: AccountInput, result: AccountResult, model: ScoringModel, now: Date): Date | null {
  const nowMs = now.getTime();
  let best = Number.POSITIVE_INFINITY;
  const consider = (ms: number | null | undefined) => {
    if (ms !== null && ms !== undefined && Number.isFinite(ms) && ms > nowMs && ms < best) best = ms;
  };
  const dueSoon = model.cadence.due_soon_days * DAY;
  for (const rule of result.cadence.rules) {
    if (!rule.due) continue;
    consider(rule.due.getTime() - dueSoon);
    consider(rule.due.getTime());
  }
  const engaged = model.stakeholders.engagement_window_days * DAY;
  const dark = model.stakeholders.champion_dark_days * DAY;
  for (const s of result.coverage.stakeholders) {
    if (!s.lastTouchAt) continue;
    consider(s.lastTouchAt.getTime() + engaged);
    if (s.roles.some((r) => r.role === 'CHAMPION')) consider(s.lastTouchAt.getTime() + dark);
  }
  const channelWindow = model.cadence.channel_window_days * DAY;
  const lookBack = model.look_back_days * DAY;
  const latestByKind = new Map<string, number>();
  for (const a of input.activities) {
    const t = a.occurredAt?.getTime();
    if (t === undefined || !Number.isFinite(t) || t > nowMs) continue;
    latestByKind.set(a.kind, Math.max(latestByKind.get(a.kind) ?? 0, t));
  }
  for (const t of latestByKind.values()) consider(t + channelWindow);
  consider((result.cadence.lastQbrAt?.getTime() ?? Number.NaN) + lookBack);
  const lastMeeting = latestByKind.get('meeting');
  if (lastMeeting !== undefined) consider(lastMeeting + lookBack);
  for (const d of input.deals) {
    if (d.status !== 'won' || !d.closeDate) continue;
    consider(d.closeDate.getTime() + 365 * DAY);
    consider(d.closeDate.getTime() + 730 * DAY);
  }
  // Onboarding (#16): an item falls overdue on its due date; the customer leaves onboarding at the window's end.
  for (const item of result.onboarding?.items ?? []) if (item.doneAt === null) consider(item.dueAt.getTime());
  consider((result.onboarding?.wonAt.getTime() ?? Number.NaN) + model.onboarding.window_days * DAY + 1);
  return Number.isFinite(best) ? new Date(best) : null;
}
