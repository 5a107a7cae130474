import type { ScoringModel } from './scoring-model';
import type { AccountInput, AccountResult } from './types';

/** Scores one account: tier, coverage, cadence and gaps. Pure; `now` is passed in. */
export function scoreAccount(input: AccountInput, model: ScoringModel, now: Date): AccountResult {
  void input;
  void model;
  void now;
  throw new Error('scoreAccount: in progress');
}
