/**
 * Factories of engine results for route tests: a plausible tier-2 account, overridable field by field.
 */
import type { AccountResult, TierResult, CoverageResult, CadenceResult } from '../../../server/src/domain/types';
import type { AccountSnapshot } from '../../../server/src/http/services';

export function aTierResult(overrides: Partial<TierResult> = {}): TierResult {
  return {
    score: 66.4,
    computedTier: 'tier_2',
    tier: 'tier_2',
    previousTier: 'tier_2',
    override: null,
    nearMiss: true,
    nextTier: 'tier_1',
    nextTierGap: 3.6,
    closeTheGap: [{ criterion: 'recurring_revenue', scoreGain: 4.2, text: '+$38k trailing revenue' }],
    confidence: 'high',
    criteria: [
      {
        criterion: 'recurring_revenue',
        value: 62000,
        display: '$62k',
        points: 56,
        weight: 35,
        contribution: 19.6,
        hasData: true,
      },
      {
        criterion: 'geo_focus',
        value: null,
        display: 'no data',
        points: 50,
        weight: 0,
        contribution: 0,
        hasData: false,
      },
    ],
    reasons: '$62k trailing revenue; champion engaged',
    ownerOverCapacity: false,
    demotedByCapacity: false,
    ...overrides,
  };
}

export function aCoverageResult(overrides: Partial<CoverageResult> = {}): CoverageResult {
  return {
    score: 58,
    requiredRoles: ['DECISION_MAKER', 'CHAMPION'],
    coveredRoles: ['CHAMPION'],
    missingRoles: ['DECISION_MAKER'],
    engagedStakeholders: 1,
    engagedLevels: ['management'],
    stakeholders: [
      {
        contactId: '501',
        name: 'Ada Lovelace',
        jobTitle: 'Head of Operations',
        roles: [{ role: 'CHAMPION', inferred: false }],
        level: 'management',
        levelInferred: true,
        engaged: true,
        lastTouchAt: new Date('2026-11-10T10:00:00Z'),
      },
    ],
    flags: ['single_threaded', 'missing_roles'],
    darkChampionIds: [],
    ...overrides,
  };
}

export function aCadenceResult(overrides: Partial<CadenceResult> = {}): CadenceResult {
  return {
    rules: [
      {
        rule: 'touch',
        intervalDays: 30,
        last: new Date('2026-11-10T10:00:00Z'),
        due: new Date('2026-12-10T10:00:00Z'),
        status: 'on_track',
      },
      { rule: 'channels', intervalDays: 90, last: null, due: null, status: 'overdue', channelsUsed: 0, channelsRequired: 1 },
    ],
    lastTouchAt: new Date('2026-11-10T10:00:00Z'),
    lastQbrAt: null,
    nextTouchDue: new Date('2026-12-10T10:00:00Z'),
    status: 'overdue',
    channelMix: { call: 1, email: 0, meeting: 0 },
    ...overrides,
  };
}

export function anAccountResult(overrides: Partial<AccountResult> = {}): AccountResult {
  return {
    companyId: '1001',
    companyName: 'Acme Corp',
    ownerId: '77',
    tier: aTierResult(),
    coverage: aCoverageResult(),
    cadence: aCadenceResult(),
    gaps: [
      {
        key: 'missing_role:DECISION_MAKER',
        kind: 'missing_role',
        role: 'DECISION_MAKER',
        title: 'Decision maker missing',
        detail: 'No engaged decision maker.',
        task: { state: 'queued', rank: 4 },
      },
    ],
    modelVersion: 'm-abc123',
    computedAt: new Date('2026-11-22T02:00:00Z'),
    ...overrides,
  };
}

export function anAccountSnapshot(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    result: anAccountResult(),
    ownerName: 'Dana Whitfield',
    openTasks: [
      { taskId: '9001', gapKey: 'touch_overdue', title: 'Keyline · Touch overdue — Acme Corp (Tier 2)', createdAt: new Date('2026-11-20T02:00:00Z') },
    ],
    tierHistory: [
      { at: new Date('2026-10-01T02:00:00Z'), tier: 'tier_3', score: 40 },
      { at: new Date('2026-11-01T02:00:00Z'), tier: 'tier_2', score: 66.4 },
    ],
    ...overrides,
  };
}
