/**
 * What came of an account (issue #15): revenue retention, expansion, renewal, surveys, share of wallet and whitespace.
 * Plain data computed by the pure engine from the account's deals, line items and feedback submissions. Every figure
 * may be null: a missing input lowers confidence, it is never bad news.
 *
 * Money is in the portal's currency (dollars in the sandbox), rounded to the cent; shares are fractions (0.42 = 42 %).
 */

/** Revenue of one 12-month period from closed-won deals. */
export interface PeriodRevenue {
  /** From won deals with `hs_arr` set (their ARR). */
  recurring: number;
  /** From won deals without `hs_arr` (their amount): services, one-off licences. Never in GRR/NRR. */
  oneOff: number;
}

/**
 * Retention over the trailing 12 months against the prior 12, of recurring revenue only. With P the prior period's
 * recurring revenue and C the trailing one: churned = P when C = 0; contracted = P − C when 0 < C < P; expanded =
 * C − P when C > P. GRR = (P − churned − contracted) / P, NRR = C / P; both null when P = 0 (a new customer, or no
 * recurring revenue: nothing to retain).
 */
export interface RetentionOutcome {
  trailing: PeriodRevenue;
  prior: PeriodRevenue;
  churned: number;
  contracted: number;
  expanded: number;
  grr: number | null;
  nrr: number | null;
  /** `churned`: recurring revenue in the prior period and none now; `new`: none before, some now. */
  movement: 'churned' | 'contracted' | 'flat' | 'expanded' | 'new' | 'none';
}

/** Upsell and cross-sell: won deals of the model's expansion deal types (HubSpot `existingbusiness` by default). */
export interface ExpansionOutcome {
  /** Won expansion revenue closed in the trailing 12 months (recurring and one-off). */
  revenue: number;
  won: number;
  lost: number;
  /** won ÷ (won + lost) over the trailing 12 months; null when none closed. */
  winRate: number | null;
}

export const RENEWAL_RISKS = ['high', 'medium', 'low'] as const;
export type RenewalRisk = (typeof RENEWAL_RISKS)[number];

export interface RenewalOutcome {
  /** The next renewal: the earliest open renewal deal's close date, else the contract end date; null when unknown. */
  date: Date | null;
  source: 'renewal_deal' | 'contract_end' | null;
  /** Null when there is no renewal date or it is beyond the model's renewal window. */
  risk: RenewalRisk | null;
  /** Why, in plain words ("single-threaded", "NPS detractor (4)", "no touch in 45 days"), most important first. */
  reasons: string[];
}

export interface SurveyOutcome {
  /** Valid responses in the trailing 12 months (scores out of range are dropped and counted in `invalid`). */
  responses: number;
  invalid: number;
  /** NPS: % promoters (9–10) − % detractors (0–6), −100…100; CSAT: % of 4–5 answers, 0–100. Null without responses. */
  score: number | null;
  /** The latest valid answer's own score (0–10 or 1–5) and its date. */
  latest: { score: number; at: Date } | null;
  /** score (trailing 12 months) − score (the 12 months before); null when either has no responses. */
  trend: number | null;
  /**
   * Of `responses`: NPS answers 9–10 / CSAT answers 4–5 (optional, for pooling the portfolio's score exactly; when
   * absent the portfolio derives them from `score` × `responses`).
   */
  promoters?: number;
  /** Of `responses`: NPS answers 0–6 / CSAT answers 1–3 (optional, as `promoters`). */
  detractors?: number;
}

export interface WhitespaceItem {
  productId: string;
  name: string;
  /** What the product would bring a year at list price (price × 12 for monthly billing, × 1 annually or one-off). */
  listValue: number | null;
}

export interface WalletOutcome {
  /** Spend with us: trailing-12-month won revenue, recurring and one-off. */
  spend: number;
  /** The customer's wallet for what we sell; null when neither the property nor an estimate is available. */
  wallet: number | null;
  source: 'property' | 'estimate' | null;
  /** spend ÷ wallet, clamped to [0, 1]; null when the wallet is unknown or 0. */
  share: number | null;
  /** max(0, wallet − spend); null when the wallet is unknown. */
  headroom: number | null;
  /** Product-library products never bought on a won deal, best list value first. */
  whitespace: WhitespaceItem[];
}

export interface AccountOutcomes {
  retention: RetentionOutcome;
  expansion: ExpansionOutcome;
  renewal: RenewalOutcome;
  nps: SurveyOutcome;
  csat: SurveyOutcome;
  wallet: WalletOutcome;
  /** How much of what the outcomes need was there: deals, surveys, a wallet. */
  confidence: 'high' | 'medium' | 'low';
}
