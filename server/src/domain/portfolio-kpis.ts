/**
 * Portfolio KPIs (issue #15): what came of a set of accounts, by tier, by owner and in total. Pure.
 *
 * Every KPI is a ratio of sums over accounts, so a group is first reduced to its additive sums (`KpiSums`) and the
 * KPIs are derived from them: the sums of two groups add up to the sums of their union, which is how the monthly
 * history (one row per tier and owner) rebuilds any total exactly.
 *
 *   GRR   = Σ min(C, P) ÷ Σ P   and   NRR = Σ C ÷ Σ P, over accounts with prior recurring revenue P > 0
 *           (C = trailing-12-month recurring revenue); one-off revenue never counts
 *   ARPA  = Σ trailing revenue (recurring + one-off) ÷ accounts with trailing revenue > 0
 *   NPS   = % promoters − % detractors over every valid response of the group's accounts (pooled, not averaged)
 *   CSAT  = % of 4–5 answers over every valid response (pooled)
 *   upsell revenue = Σ won expansion revenue; conversion = Σ won ÷ Σ (won + lost)
 *   churned accounts = accounts whose recurring revenue went from P > 0 to 0
 *   share of wallet  = Σ spend ÷ Σ wallet over accounts with a known wallet > 0
 *
 * Each KPI is null when its sample is empty (missing inputs are not bad news), and travels with its sample size.
 */
import type { AccountOutcomes, SurveyOutcome } from './outcome-types';
import { TIERS, type Tier } from './types';

/** What the aggregation needs of one account. */
export interface KpiAccount {
  tier: Tier;
  ownerId: string | null;
  /** Absent: the account was scored before outcomes existed (counted in `accounts`, in no KPI). */
  outcomes?: AccountOutcomes | undefined;
}

/** Additive sums of a group of accounts: the sums of a union are the sums of its parts. */
export interface KpiSums {
  accounts: number;
  withOutcomes: number;
  /** Accounts with prior recurring revenue P > 0, and their Σ P, Σ C and Σ min(C, P). */
  retentionAccounts: number;
  priorRecurring: number;
  trailingRecurring: number;
  retainedRecurring: number;
  churnedAccounts: number;
  /** Accounts with trailing revenue > 0 and their Σ trailing revenue (recurring + one-off). */
  revenueAccounts: number;
  revenue: number;
  npsResponses: number;
  /** Σ (promoters − detractors). */
  npsNet: number;
  csatResponses: number;
  csatSatisfied: number;
  upsellRevenue: number;
  upsellWon: number;
  upsellLost: number;
  /** Accounts with a known wallet > 0, their Σ spend and Σ wallet. */
  walletAccounts: number;
  walletSpend: number;
  wallet: number;
}

export interface Kpis {
  grr: number | null;
  nrr: number | null;
  arpa: number | null;
  nps: number | null;
  csat: number | null;
  upsellRevenue: number;
  upsellConversion: number | null;
  churnedAccounts: number;
  shareOfWallet: number | null;
}

/** The sample size behind each KPI. */
export interface KpiSamples {
  accounts: number;
  withOutcomes: number;
  /** GRR, NRR and churned accounts: accounts with prior recurring revenue. */
  retention: number;
  /** ARPA: accounts with trailing revenue. */
  arpa: number;
  npsResponses: number;
  csatResponses: number;
  /** Conversion: expansion deals closed (won + lost). */
  upsellDeals: number;
  /** Share of wallet: accounts with a known wallet. */
  wallet: number;
}

export interface KpiGroup {
  kpis: Kpis;
  samples: KpiSamples;
  sums: KpiSums;
}

export interface PortfolioKpis {
  byTier: Record<Tier, KpiGroup>;
  /** Every owner with an account, by owner id (null: accounts with no owner), in the order met. */
  byOwner: { ownerId: string | null; group: KpiGroup }[];
  total: KpiGroup;
}

export function emptyKpiSums(): KpiSums {
  return {
    accounts: 0,
    withOutcomes: 0,
    retentionAccounts: 0,
    priorRecurring: 0,
    trailingRecurring: 0,
    retainedRecurring: 0,
    churnedAccounts: 0,
    revenueAccounts: 0,
    revenue: 0,
    npsResponses: 0,
    npsNet: 0,
    csatResponses: 0,
    csatSatisfied: 0,
    upsellRevenue: 0,
    upsellWon: 0,
    upsellLost: 0,
    walletAccounts: 0,
    walletSpend: 0,
    wallet: 0,
  };
}

/** A money or count sum kept to the cent (floating sums of cents drift otherwise). */
const cents = (n: number): number => Math.round(n * 100) / 100;
/** A finite, non-negative number, else 0 (junk in a stored result is never a figure). */
const amount = (n: number | null | undefined): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);
const count = (n: number | null | undefined): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.round(n) : 0);

/** Promoters − detractors of one survey outcome (the counts when given, else derived from the score). */
function netPromoters(s: SurveyOutcome): number {
  if (s.promoters !== undefined && s.detractors !== undefined) return count(s.promoters) - count(s.detractors);
  return s.score === null ? 0 : (s.score / 100) * count(s.responses);
}

function satisfied(s: SurveyOutcome): number {
  if (s.promoters !== undefined) return count(s.promoters);
  return s.score === null ? 0 : (Math.max(0, Math.min(100, s.score)) / 100) * count(s.responses);
}

/** One account's sums. */
export function kpiSumsOf(account: KpiAccount): KpiSums {
  const sums = { ...emptyKpiSums(), accounts: 1 };
  const o = account.outcomes;
  if (o === undefined) return sums;
  sums.withOutcomes = 1;
  const prior = amount(o.retention.prior.recurring);
  const current = amount(o.retention.trailing.recurring);
  if (prior > 0) {
    sums.retentionAccounts = 1;
    sums.priorRecurring = prior;
    sums.trailingRecurring = current;
    sums.retainedRecurring = Math.min(prior, current);
    if (current === 0) sums.churnedAccounts = 1;
  }
  const revenue = current + amount(o.retention.trailing.oneOff);
  if (revenue > 0) {
    sums.revenueAccounts = 1;
    sums.revenue = revenue;
  }
  const npsResponses = o.nps.score === null ? 0 : count(o.nps.responses);
  if (npsResponses > 0) {
    sums.npsResponses = npsResponses;
    sums.npsNet = netPromoters(o.nps);
  }
  const csatResponses = o.csat.score === null ? 0 : count(o.csat.responses);
  if (csatResponses > 0) {
    sums.csatResponses = csatResponses;
    sums.csatSatisfied = satisfied(o.csat);
  }
  sums.upsellRevenue = amount(o.expansion.revenue);
  sums.upsellWon = count(o.expansion.won);
  sums.upsellLost = count(o.expansion.lost);
  const wallet = amount(o.wallet.wallet);
  if (wallet > 0) {
    sums.walletAccounts = 1;
    sums.wallet = wallet;
    sums.walletSpend = amount(o.wallet.spend);
  }
  return sums;
}

/** The sums of a union: every field added (money to the cent). */
export function addKpiSums(a: KpiSums, b: KpiSums): KpiSums {
  const out = emptyKpiSums();
  for (const key of Object.keys(out) as (keyof KpiSums)[]) out[key] = cents(a[key] + b[key]);
  return out;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
const round = (n: number | null, digits: number): number | null => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

/** The KPIs and their samples from a group's sums. Ratios to 4 decimals, money to the cent, NPS/CSAT to 0.1 point. */
export function kpisOf(sums: KpiSums): KpiGroup {
  const wallet = ratio(sums.walletSpend, sums.wallet);
  return {
    kpis: {
      grr: round(ratio(sums.retainedRecurring, sums.priorRecurring), 4),
      nrr: round(ratio(sums.trailingRecurring, sums.priorRecurring), 4),
      arpa: round(ratio(sums.revenue, sums.revenueAccounts), 2),
      nps: round(ratio(sums.npsNet * 100, sums.npsResponses), 1),
      csat: round(ratio(sums.csatSatisfied * 100, sums.csatResponses), 1),
      upsellRevenue: cents(sums.upsellRevenue),
      upsellConversion: round(ratio(sums.upsellWon, sums.upsellWon + sums.upsellLost), 4),
      churnedAccounts: sums.churnedAccounts,
      shareOfWallet: wallet === null ? null : round(Math.min(1, wallet), 4),
    },
    samples: {
      accounts: sums.accounts,
      withOutcomes: sums.withOutcomes,
      retention: sums.retentionAccounts,
      arpa: sums.revenueAccounts,
      npsResponses: sums.npsResponses,
      csatResponses: sums.csatResponses,
      upsellDeals: sums.upsellWon + sums.upsellLost,
      wallet: sums.walletAccounts,
    },
    sums,
  };
}

export function sumKpis(accounts: Iterable<KpiAccount>): KpiSums {
  let sums = emptyKpiSums();
  for (const a of accounts) sums = addKpiSums(sums, kpiSumsOf(a));
  return sums;
}

/** One group's sums per tier and owner: the monthly history's rows. */
export interface KpiCell {
  tier: Tier;
  ownerId: string | null;
  sums: KpiSums;
}

/** The sums of each (tier, owner) pair present, in the order met. */
export function kpiCellsOf(accounts: Iterable<KpiAccount>): KpiCell[] {
  const cells = new Map<string, KpiCell>();
  for (const a of accounts) {
    const key = `${a.tier}\u0000${a.ownerId ?? ''}`;
    const cell = cells.get(key) ?? { tier: a.tier, ownerId: a.ownerId, sums: emptyKpiSums() };
    cell.sums = addKpiSums(cell.sums, kpiSumsOf(a));
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** By tier, by owner and in total, from cells (the history's rows) — the same figures as from the accounts. */
export function portfolioKpisOfCells(cells: readonly KpiCell[]): PortfolioKpis {
  const tiers = Object.fromEntries(TIERS.map((t) => [t, emptyKpiSums()])) as Record<Tier, KpiSums>;
  const owners = new Map<string | null, KpiSums>();
  let total = emptyKpiSums();
  for (const c of cells) {
    tiers[c.tier] = addKpiSums(tiers[c.tier], c.sums);
    owners.set(c.ownerId, addKpiSums(owners.get(c.ownerId) ?? emptyKpiSums(), c.sums));
    total = addKpiSums(total, c.sums);
  }
  return {
    byTier: Object.fromEntries(TIERS.map((t) => [t, kpisOf(tiers[t])])) as Record<Tier, KpiGroup>,
    byOwner: [...owners].map(([ownerId, sums]) => ({ ownerId, group: kpisOf(sums) })),
    total: kpisOf(total),
  };
}

export function portfolioKpis(accounts: Iterable<KpiAccount>): PortfolioKpis {
  return portfolioKpisOfCells(kpiCellsOf(accounts));
}
