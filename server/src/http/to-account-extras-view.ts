/**
 * The account view's plan and attention blocks (issue #16): the use case's values shaped to the contract
 * (contract/account-plan-view.ts, contract/account-attention-view.ts). Pure: dates become ISO strings or days.
 */
import type { AccountAttentionView } from '@keyline/contract/account-attention-view';
import type { AccountPlanView } from '@keyline/contract/account-plan-view';
import type { PlanReview } from '../domain/describe-plan-review';
import type { AccountAttentionRead } from '../use-cases/read-account-extras';

const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toAccountPlanView(plan: PlanReview): AccountPlanView {
  return {
    objectives: plan.objectives,
    currentIssues: plan.currentIssues,
    upsellPlan: plan.upsellPlan,
    nextReviewDate: plan.nextReviewAt === null ? null : plan.nextReviewAt.toISOString().slice(0, 10),
    needed: plan.needed,
    status: plan.status,
    reviewDueAt: isoOrNull(plan.reviewDueAt),
    reason: plan.reason,
    lastSavedAt: isoOrNull(plan.lastSavedAt),
  };
}

export function toAccountAttentionView({ record: r, measuredAt, ownerName, names }: AccountAttentionRead): AccountAttentionView {
  return {
    measuredAt: measuredAt.toISOString(),
    windowDays: r.windowDays,
    ownerId: r.ownerId,
    ownerName,
    attentionShare: r.attentionShare,
    valueShare: r.valueShare,
    ownerMinutes: r.ownerMinutes,
    ownerTouches: r.ownerTouches,
    ownerTotalMinutes: r.ownerTotalMinutes,
    ownerHoursPerWeek: r.ownerHoursPerWeek,
    capacityHoursPerWeek: r.capacityHoursPerWeek,
    ownerTier1Count: r.ownerTier1Count,
    ownerTier1Max: r.ownerTier1Max,
    ownerOverCapacity: r.ownerOverCapacity,
    ownerDeparted: r.ownerDeparted,
    accountMinutes: r.accountMinutes,
    accountHoursPerWeek: r.accountHoursPerWeek,
    others: r.others.map((p) => ({ personId: p.personId, name: names[p.personId] ?? p.personId, minutes: p.minutes, touches: p.touches })),
    service: r.service,
    reason: r.reason,
    confidence: r.confidence,
  };
}
