/**
 * Share of wallet and whitespace (issue #15). Pure.
 *
 *  - Wallet: the company's `keyline_wallet_size` when it is a number ≥ 0 (source `property`); else annual revenue × the
 *    model's share for the company's industry (`outcomes.wallet`, case-insensitive; the default share otherwise) when
 *    both are above 0 (source `estimate`); else unknown.
 *  - Share = spend ÷ wallet clamped to [0, 1] (null when the wallet is unknown or 0); headroom = max(0, wallet − spend).
 *  - Whitespace: library products no won deal's line item names by product id, best yearly list value first.
 */
import { fromCents, roundFraction, timeOf, toCents, usableAmount } from './measure-revenue-outcomes';
import type { WalletOutcome, WhitespaceItem } from './outcome-types';
import type { OutcomesModel } from './outcomes-model';
import type { Company, Deal, Product } from './types';

export const MAX_WHITESPACE = 10;

/** Billing periods a year by HubSpot's `recurringbillingfrequency`; a product without one is bought once (× 1). */
const PERIODS_A_YEAR: Readonly<Record<string, number>> = {
  weekly: 52,
  biweekly: 26,
  monthly: 12,
  quarterly: 4,
  per_six_months: 2,
  annually: 1,
  per_two_years: 1 / 2,
  per_three_years: 1 / 3,
  per_four_years: 1 / 4,
  per_five_years: 1 / 5,
};

function listValueOf(product: Product): number | null {
  const price = usableAmount(product.price);
  if (price === null) return null;
  const frequency = typeof product.billingFrequency === 'string' ? product.billingFrequency.trim().toLowerCase() : '';
  const periods = frequency === '' ? 1 : PERIODS_A_YEAR[frequency];
  return periods === undefined ? null : fromCents(toCents(price * periods));
}

function walletOf(company: Company, model: OutcomesModel): { wallet: number; source: 'property' | 'estimate' } | null {
  const set = usableAmount(company.walletSize);
  if (set !== null) return { wallet: fromCents(toCents(set)), source: 'property' };
  const revenue = usableAmount(company.annualRevenue);
  if (revenue === null || revenue === 0) return null;
  const industry = typeof company.industry === 'string' ? company.industry.trim().toUpperCase() : '';
  const share = (industry !== '' ? model.wallet.industry_shares[industry] : undefined) ?? model.wallet.default_share;
  if (!(share > 0)) return null;
  return { wallet: fromCents(toCents(revenue * share)), source: 'estimate' };
}

/** The library as whitespace items, best list value first (then by name), once per library (a run shares one). */
const rankedLibraries = new WeakMap<readonly Product[], readonly WhitespaceItem[]>();

function rankLibrary(products: readonly Product[]): readonly WhitespaceItem[] {
  const cached = rankedLibraries.get(products);
  if (cached !== undefined) return cached;
  const seen = new Set<string>();
  const items: WhitespaceItem[] = [];
  for (const p of products) {
    if (p === null || typeof p !== 'object' || typeof p.id !== 'string' || p.id === '' || seen.has(p.id)) continue;
    seen.add(p.id);
    const name = typeof p.name === 'string' && p.name.trim() !== '' ? p.name.trim() : `Product ${p.id}`;
    items.push(Object.freeze({ productId: p.id, name, listValue: listValueOf(p) }));
  }
  const ranked = Object.freeze(items.sort((a, b) => (b.listValue ?? -1) - (a.listValue ?? -1) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  rankedLibraries.set(products, ranked);
  return ranked;
}

/** Whitespace: known only when every won deal's line items were read (else a product may be bought unseen). */
function whitespaceOf(deals: readonly Deal[], products: readonly Product[]): WhitespaceItem[] {
  if (!Array.isArray(products) || products.length === 0) return [];
  const bought = new Set<string>();
  for (const deal of deals) {
    if (deal.status !== 'won' || timeOf(deal.closeDate) === null) continue;
    if (!Array.isArray(deal.lineItems)) return [];
    for (const item of deal.lineItems) {
      if (item !== null && typeof item === 'object' && typeof item.productId === 'string') bought.add(item.productId);
    }
  }
  const out: WhitespaceItem[] = [];
  for (const item of rankLibrary(products)) {
    if (bought.has(item.productId)) continue;
    out.push(item);
    if (out.length === MAX_WHITESPACE) break;
  }
  return out;
}

export function assessWallet(company: Company, deals: readonly Deal[], spend: number, model: OutcomesModel, products: readonly Product[]): WalletOutcome {
  const known = walletOf(company, model);
  const spendCents = toCents(spend);
  const walletCents = known === null ? null : toCents(known.wallet);
  return {
    spend,
    wallet: known?.wallet ?? null,
    source: known?.source ?? null,
    share: walletCents === null || walletCents === 0 ? null : Math.min(1, Math.max(0, roundFraction(spendCents / walletCents))),
    headroom: walletCents === null ? null : fromCents(Math.max(0, walletCents - spendCents)),
    whitespace: whitespaceOf(deals, products),
  };
}
