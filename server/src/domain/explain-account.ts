import type { AccountResult } from './types';

/** A multi-line explanation of a result, for `keyline explain`. */
export function explainAccount(result: AccountResult): string {
  return `${result.companyName}: ${result.tier.tier} (score ${result.tier.score})`;
}
