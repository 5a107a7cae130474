import type { ScoringModel } from './scoring-model';
import type { AccountResult, Tier } from './types';

export interface CapacityEntry {
  readonly companyId: string;
  readonly ownerId: string | null;
  readonly computedTier: Tier;
  readonly score: number;
  readonly override: Tier | null;
}
export interface CapacityVerdict {
  readonly ownerOverCapacity: boolean;
  readonly demoted: boolean;
  readonly tier1Accounts?: number;
  readonly max?: number;
}
export interface OwnerCapacity {
  ownerId: string;
  tier1Accounts: number;
  max: number;
  min: number;
  overCapacity: boolean;
  underMin: boolean;
}
export function assessCapacity(entries: readonly CapacityEntry[], model: ScoringModel): Map<string, CapacityVerdict> {
  void entries;
  void model;
  return new Map();
}
export function applyCapacityVerdict(result: AccountResult, verdict: CapacityVerdict | undefined): AccountResult {
  void verdict;
  return result;
}
export function applyCapacityPolicy(results: readonly AccountResult[], model: ScoringModel): AccountResult[] {
  void model;
  return [...results];
}
export function summarizeCapacity(entries: readonly CapacityEntry[], model: ScoringModel): OwnerCapacity[] {
  void entries;
  void model;
  return [];
}
