/**
 * AccountResult (the engine's verdict) + open Keyline tasks + tier history → the account view the cards render
 * (`accountViewSchema` of the shared contract). Pure: dates become ISO strings, labels are added, nothing is computed
 * anew.
 */
import type { AccountView } from '@keyline/contract/account-view';
import { CRITERION_LABELS } from '../domain/criterion-labels';
import { TIER_LABELS } from '../domain/types';
import type { AccountSnapshot } from '../use-cases/read-account';
import { toOnboardingView } from './to-onboarding-view';
import { toOutcomesView } from './to-outcomes-view';
import { toAccountAttentionView, toAccountPlanView } from './to-account-extras-view';


const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);
const clampScore = (n: number): number => Math.min(100, Math.max(0, n));

export function toAccountView({ result, ownerName, openTasks, tierHistory, plan, attention, relationships }: AccountSnapshot): AccountView {
  const { tier, coverage, cadence } = result;
  return {
    companyId: result.companyId,
    companyName: result.companyName,
    ownerId: result.ownerId,
    ownerName,
    tier: {
      tier: tier.tier,
      tierLabel: TIER_LABELS[tier.tier],
      computedTier: tier.computedTier,
      override: tier.override,
      previousTier: tier.previousTier,
      score: clampScore(tier.score),
      nearMiss: tier.nearMiss,
      nextTier: tier.nextTier,
      nextTierGap: tier.nextTierGap,
      closeTheGap: tier.closeTheGap.map((g) => ({ criterion: g.criterion, scoreGain: g.scoreGain, text: g.text })),
      confidence: tier.confidence,
      reasons: tier.reasons,
      criteria: tier.criteria.map((c) => ({
        criterion: c.criterion,
        label: CRITERION_LABELS[c.criterion],
        value: c.value,
        display: c.display,
        points: c.points,
        weight: c.weight,
        contribution: c.contribution,
        hasData: c.hasData,
      })),
      ownerOverCapacity: tier.ownerOverCapacity,
      demotedByCapacity: tier.demotedByCapacity,
    },
    coverage: {
      score: clampScore(coverage.score),
      requiredRoles: [...coverage.requiredRoles],
      coveredRoles: [...coverage.coveredRoles],
      missingRoles: [...coverage.missingRoles],
      engagedStakeholders: coverage.engagedStakeholders,
      engagedLevels: [...coverage.engagedLevels],
      flags: [...coverage.flags],
      darkChampionIds: [...coverage.darkChampionIds],
      stakeholders: coverage.stakeholders.map((s) => ({
        contactId: s.contactId,
        name: s.name,
        jobTitle: s.jobTitle,
        roles: s.roles.map((r) => ({ role: r.role, inferred: r.inferred })),
        level: s.level,
        levelInferred: s.levelInferred,
        engaged: s.engaged,
        lastTouchAt: isoOrNull(s.lastTouchAt),
      })),
    },
    cadence: {
      status: cadence.status,
      lastTouchAt: isoOrNull(cadence.lastTouchAt),
      lastQbrAt: isoOrNull(cadence.lastQbrAt),
      nextTouchDue: isoOrNull(cadence.nextTouchDue),
      rules: cadence.rules.map((r) => ({
        rule: r.rule,
        intervalDays: r.intervalDays,
        last: isoOrNull(r.last),
        due: isoOrNull(r.due),
        status: r.status,
        ...(r.channelsUsed === undefined ? {} : { channelsUsed: r.channelsUsed }),
        ...(r.channelsRequired === undefined ? {} : { channelsRequired: r.channelsRequired }),
      })),
      channelMix: { call: cadence.channelMix.call, email: cadence.channelMix.email, meeting: cadence.channelMix.meeting },
    },
    openTasks: openTasks.map((t) => ({ taskId: t.taskId, gapKey: t.gapKey, title: t.title, createdAt: iso(t.createdAt) })),
    tierHistory: tierHistory.map((h) => ({ at: iso(h.at), tier: h.tier, score: h.score })),
    gaps: result.gaps.map((g) => ({
      key: g.key,
      kind: g.kind,
      ...(g.role === undefined ? {} : { role: g.role }),
      ...(g.contactId === undefined ? {} : { contactId: g.contactId }),
      title: g.title,
      detail: g.detail,
      ...(g.task === undefined ? {} : { task: g.task }),
    })),
    ...(result.outcomes === undefined ? {} : { outcomes: toOutcomesView(result.outcomes) }),
    ...(plan === undefined ? {} : { plan: toAccountPlanView(plan) }),
    ...(attention === undefined ? {} : { attention: toAccountAttentionView(attention) }),
    ...(relationships === undefined ? {} : { relationships }),
    ...(result.onboarding === undefined ? {} : { onboarding: toOnboardingView(result.onboarding) }),
    modelVersion: result.modelVersion,
    computedAt: iso(result.computedAt),
  };
}
