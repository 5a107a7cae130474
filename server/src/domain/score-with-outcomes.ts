/**
 * An account scored with its outcomes (issue #15): `scoreAccount` and then `assessOutcomes`, with the revenue step of
 * "what would close the gap" naming where the money is: "+$38k trailing revenue (+$40k headroom; not bought yet:
 * Analytics add-on)". What the sync and the one-company recompute call. Pure.
 */
import { assessOutcomes } from './assess-outcomes';
import { formatMoney } from './format-values';
import type { AccountOutcomes, WalletOutcome } from './outcome-types';
import { scoreAccount } from './score-account';
import type { ScoringModel } from './scoring-model';
import type { AccountInput, AccountResult, GapSuggestion, Product } from './types';

const NO_PRODUCTS: readonly Product[] = Object.freeze([]);

/** "+$40k headroom; not bought yet: Analytics add-on", or null when neither is known. */
export function whereTheMoneyIs(wallet: WalletOutcome): string | null {
  const parts: string[] = [];
  if (wallet.headroom !== null && wallet.headroom > 0) parts.push(`+${formatMoney(wallet.headroom)} headroom`);
  const best = wallet.whitespace[0];
  if (best !== undefined) parts.push(`not bought yet: ${best.name}`);
  return parts.length === 0 ? null : parts.join('; ');
}

function nameHeadroom(suggestions: GapSuggestion[], wallet: WalletOutcome): GapSuggestion[] {
  const hint = whereTheMoneyIs(wallet);
  if (hint === null || !suggestions.some((s) => s.criterion === 'recurring_revenue')) return suggestions;
  return suggestions.map((s) => (s.criterion === 'recurring_revenue' ? { ...s, text: `${s.text} (${hint})` } : s));
}

/**
 * The part of the product library an account's stored outcomes know: its whitespace products, each at its yearly list
 * value. What a one-company recompute uses when it does not read the library: the account's whitespace stays what it
 * was, less what it has bought since (a product beyond the stored top 10 waits for the next sync).
 */
export function productsFromStoredOutcomes(outcomes: AccountOutcomes | undefined): Product[] {
  const whitespace = outcomes?.wallet?.whitespace;
  if (!Array.isArray(whitespace)) return [];
  return whitespace.map((w) => ({ id: w.productId, name: w.name, price: w.listValue, billingFrequency: 'annually' }));
}

/** A scored result with its outcomes added (and the revenue suggestion naming the headroom). */
export function withOutcomes(result: AccountResult, input: AccountInput, model: ScoringModel, now: Date, products: readonly Product[] = NO_PRODUCTS): AccountResult {
  const outcomes = assessOutcomes(input, result, model, now, products);
  const closeTheGap = nameHeadroom(result.tier.closeTheGap, outcomes.wallet);
  const tier = closeTheGap === result.tier.closeTheGap ? result.tier : { ...result.tier, closeTheGap };
  return { ...result, tier, outcomes };
}

export function scoreAccountWithOutcomes(input: AccountInput, model: ScoringModel, now: Date, products: readonly Product[] = NO_PRODUCTS): AccountResult {
  return withOutcomes(scoreAccount(input, model, now), input, model, now, products);
}
