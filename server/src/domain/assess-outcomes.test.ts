/**
 * Outcomes of a small portfolio, every figure computed by hand in the comments (issue #15 "done when").
 * TEST_NOW = 2026-06-15 12:00 UTC; trailing = the last 365 days, prior = the 365 before; survey window 365 days.
 */
import {
  aDeal,
  anAccount,
  anOpenDeal,
  daysAgo,
  daysFromNow,
  TEST_NOW,
} from "../../../test/factories/accounts";
import { assessOutcomes } from "./assess-outcomes";
import type { RiskContext } from "./assess-renewal";
import { scoreAccount } from "./score-account";
import { productsFromStoredOutcomes, withOutcomes } from "./score-with-outcomes";
import { DEFAULT_SCORING_MODEL, parseScoringModel } from "./scoring-model";
import type {
  AccountInput,
  CadenceRuleResult,
  CoverageFlag,
  Deal,
  FeedbackResponse,
  LineItem,
  Product,
  Tier,
} from "./types";

const model = DEFAULT_SCORING_MODEL;

/** The product library: yearly list value = price × 12 (monthly) or × 1 (one-off). */
const PRODUCTS: Product[] = [
  {
    id: "p-core",
    name: "Core platform",
    price: 2_000,
    billingFrequency: "monthly",
  }, // 24,000 a year
  {
    id: "p-seats",
    name: "Extra seats",
    price: 50,
    billingFrequency: "monthly",
  }, // 600 a year
  {
    id: "p-analytics",
    name: "Analytics add-on",
    price: 1_500,
    billingFrequency: "monthly",
  }, // 18,000 a year
  {
    id: "p-onboarding",
    name: "Onboarding package",
    price: 4_000,
    billingFrequency: null,
  }, // 4,000 once
  {
    id: "p-api",
    name: "API access",
    price: null,
    billingFrequency: "annually",
  }, // unknown
];

/** An account with feedback submissions (the factory's overrides do not carry them). */
const withFeedback = (
  input: AccountInput,
  feedback: FeedbackResponse[],
): AccountInput => ({ ...input, feedback });
const line = (productId: string | null): LineItem => ({
  id: `li-${productId ?? "custom"}`,
  productId,
  name: null,
  amount: null,
});
const won = (
  amount: number,
  days: number,
  recurring: boolean,
  extra: Partial<Deal> = {},
): Deal =>
  aDeal({
    amount,
    closeDate: daysAgo(days),
    recurring,
    lineItems: [],
    ...extra,
  });
let answerId = 0;
const answer = (
  kind: "NPS" | "CSAT",
  score: number | null,
  days: number,
): FeedbackResponse => {
  answerId += 1;
  return {
    id: `fb-${answerId}`,
    kind,
    score,
    submittedAt: daysAgo(days),
    contactId: "c1",
  };
};

function context(
  tier: Tier,
  flags: CoverageFlag[] = [],
  touch: Partial<CadenceRuleResult> = {},
): RiskContext {
  const touchRule: CadenceRuleResult = {
    rule: "touch",
    intervalDays: 30,
    last: daysAgo(5),
    due: daysFromNow(25),
    status: "on_track",
    ...touch,
  };
  return {
    tier: { tier } as RiskContext["tier"],
    coverage: { flags, missingRoles: [] } as unknown as RiskContext["coverage"],
    cadence: { rules: [touchRule] } as unknown as RiskContext["cadence"],
  };
}

// A: software company growing with us. Wallet estimated: $20,000,000 × 0.005 (COMPUTER_SOFTWARE) = $100,000.
const expanding: AccountInput = withFeedback(
  anAccount({
    company: {
      id: "A",
      industry: "Computer_Software",
      annualRevenue: 20_000_000,
    },
    deals: [
      won(40_000, 400, true, { lineItems: [line("p-core")] }), // prior, recurring
      won(5_000, 500, false), // prior, one-off (never in GRR/NRR)
      won(40_000, 30, true, {
        dealType: "renewal",
        lineItems: [line("p-core")],
      }), // trailing, recurring
      won(12_500.5, 60, true, {
        dealType: "existingbusiness",
        lineItems: [line("p-seats")],
      }), // trailing, recurring upsell
      won(3_000, 90, false, {
        dealType: "existingbusiness",
        lineItems: [line(null)],
      }), // trailing, one-off cross-sell
      aDeal({
        status: "lost",
        amount: 9_000,
        closeDate: daysAgo(100),
        dealType: "existingbusiness",
      }), // lost expansion
      aDeal({
        status: "lost",
        amount: 9_000,
        closeDate: daysAgo(400),
        dealType: "existingbusiness",
      }), // lost, prior: not counted
    ],
  }),
  [
    answer("NPS", 10, 10),
    answer("NPS", 11, 20), // out of range: invalid
    answer("NPS", 9, 100),
    answer("NPS", 7, 200),
    answer("NPS", 3, 300),
    answer("NPS", 6, 400), // window before
    answer("NPS", 8, 500), // window before
    answer("CSAT", 5, 15),
    answer("CSAT", 4, 40),
    answer("CSAT", 2, 70),
  ],
);

// B: a bank that contracted, renewal in 45 days, single-threaded. Wallet set on the company: $250,000.
const contracted: AccountInput = anAccount({
  company: {
    id: "B",
    industry: "FINANCIAL_SERVICES",
    annualRevenue: 900_000_000,
    walletSize: 250_000,
  },
  deals: [
    won(100_000, 500, true),
    won(20_000, 600, true),
    won(90_000, 200, true),
    aDeal({ amount: 10_000, closeDate: daysAgo(20), recurring: false }), // line items not read: whitespace unknown
    anOpenDeal({
      amount: 90_000,
      closeDate: daysFromNow(45),
      dealType: "Renewal",
    }),
  ],
});

// C: a manufacturer that churned. Wallet estimated: $50,000,000 × 0.001 (MANUFACTURING) = $50,000.
const churned: AccountInput = withFeedback(
  anAccount({
    company: {
      id: "C",
      industry: "MANUFACTURING",
      annualRevenue: 50_000_000,
      contractEndDate: daysFromNow(200),
    },
    deals: [
      won(30_000, 400, true, { lineItems: [line("p-core")] }),
      won(2_000, 50, false, { lineItems: [line("p-onboarding")] }),
    ],
  }),
  [answer("NPS", 4, 30), answer("CSAT", 0, 30)],
);

// D: a new customer with no wallet to go by; contract ends in 60 days and nobody has called for 45.
const fresh: AccountInput = withFeedback(
  anAccount({
    company: { id: "D", contractEndDate: daysFromNow(60) },
    deals: [won(25_000, 10, true)],
  }),
  [answer("NPS", 9, 5)],
);

describe("outcomes of a small portfolio, checked by hand", () => {
  it("when an account grew, then GRR is 100%, NRR 131.25%, and one-off revenue stays out of both", () => {
    const o = assessOutcomes(
      expanding,
      context("tier_2"),
      model,
      TEST_NOW,
      PRODUCTS,
    );
    // P = 40,000 (recurring, prior); C = 40,000 + 12,500.50 = 52,500.50; one-off: prior 5,000, trailing 3,000.
    expect(o.retention).toEqual({
      trailing: { recurring: 52_500.5, oneOff: 3_000 },
      prior: { recurring: 40_000, oneOff: 5_000 },
      churned: 0,
      contracted: 0,
      expanded: 12_500.5, // C − P
      grr: 1, // (40,000 − 0 − 0) / 40,000
      nrr: 1.3125, // 52,500.50 / 40,000 = 1.3125125 → 1.3125
      movement: "expanded",
    });
    // Expansion (existingbusiness, trailing): won 12,500.50 + 3,000 = 15,500.50; 2 won, 1 lost → 2/3 = 0.6667.
    expect(o.expansion).toEqual({
      revenue: 15_500.5,
      won: 2,
      lost: 1,
      winRate: 0.6667,
    });
    // NPS now: 10, 9, 7, 3 → 2 promoters, 1 detractor of 4 → (2 − 1) / 4 = +25. Before: 6, 8 → 0 − 1 of 2 = −50.
    // Trend 25 − (−50) = +75. The 11 is dropped and counted invalid.
    expect(o.nps).toEqual({
      responses: 4,
      invalid: 1,
      score: 25,
      latest: { score: 10, at: daysAgo(10) },
      trend: 75,
      promoters: 2,
      detractors: 1,
    });
    // CSAT: 5, 4, 2 → 2 of 3 satisfied = 66.67 % → 67; nothing before → no trend.
    expect(o.csat).toEqual({
      responses: 3,
      invalid: 0,
      score: 67,
      latest: { score: 5, at: daysAgo(15) },
      trend: null,
      promoters: 2,
      detractors: 1,
    });
    // Spend 52,500.50 + 3,000 = 55,500.50; wallet 100,000 → share 0.555005 → 0.555; headroom 44,499.50.
    // Bought: p-core, p-seats. Whitespace: Analytics 18,000, Onboarding 4,000, API access (no price) last.
    expect(o.wallet).toEqual({
      spend: 55_500.5,
      wallet: 100_000,
      source: "estimate",
      share: 0.555,
      headroom: 44_499.5,
      whitespace: [
        {
          productId: "p-analytics",
          name: "Analytics add-on",
          listValue: 18_000,
        },
        {
          productId: "p-onboarding",
          name: "Onboarding package",
          listValue: 4_000,
        },
        { productId: "p-api", name: "API access", listValue: null },
      ],
    });
    expect(o.renewal).toEqual({
      date: null,
      source: null,
      risk: null,
      reasons: [],
    });
    expect(o.confidence).toBe("high"); // revenue, surveys and wallet all there
  });

  it("when an account contracted before a near renewal and hangs on one person, then its renewal is at high risk, with why", () => {
    const o = assessOutcomes(
      contracted,
      context("tier_1", ["single_threaded"]),
      model,
      TEST_NOW,
      PRODUCTS,
    );
    // P = 100,000 + 20,000 = 120,000; C = 90,000 → contracted 30,000; GRR = NRR = 90,000 / 120,000 = 0.75.
    expect(o.retention).toMatchObject({
      churned: 0,
      contracted: 30_000,
      expanded: 0,
      grr: 0.75,
      nrr: 0.75,
      movement: "contracted",
    });
    // Spend 90,000 + 10,000 = 100,000 against the wallet set on the company, 250,000 → 0.4, headroom 150,000.
    // A won deal's line items were not read: what was bought is unknown, so no whitespace is claimed.
    expect(o.wallet).toEqual({
      spend: 100_000,
      wallet: 250_000,
      source: "property",
      share: 0.4,
      headroom: 150_000,
      whitespace: [],
    });
    // Renewal deal in 45 days (≤ 120): NRR 75 % (2 points) + single-threaded (2) = 4 ≥ 3 for a tier-1 account → high.
    expect(o.renewal).toEqual({
      date: daysFromNow(45),
      source: "renewal_deal",
      risk: "high",
      reasons: ["recurring revenue down 25% (NRR 75%)", "single-threaded"],
    });
    expect(o.nps).toMatchObject({
      responses: 0,
      score: null,
      latest: null,
      trend: null,
    });
    expect(o.confidence).toBe("medium"); // no surveys
  });

  it("when an account churned, then GRR and NRR are 0, and its renewal beyond the window has no risk yet", () => {
    const o = assessOutcomes(
      churned,
      context("tier_2"),
      model,
      TEST_NOW,
      PRODUCTS,
    );
    // P = 30,000, C = 0 → churned 30,000; GRR = (30,000 − 30,000) / 30,000 = 0; NRR = 0 / 30,000 = 0.
    expect(o.retention).toMatchObject({
      churned: 30_000,
      contracted: 0,
      expanded: 0,
      grr: 0,
      nrr: 0,
      movement: "churned",
    });
    // Spend 2,000 (one-off) of 50,000 → 0.04, headroom 48,000. Bought p-core, p-onboarding.
    expect(o.wallet).toMatchObject({
      spend: 2_000,
      wallet: 50_000,
      share: 0.04,
      headroom: 48_000,
    });
    expect(o.wallet.whitespace.map((w) => [w.name, w.listValue])).toEqual([
      ["Analytics add-on", 18_000],
      ["Extra seats", 600],
      ["API access", null],
    ]);
    // NPS 4: one detractor of one → −100. CSAT 0 is out of range (1–5): invalid, no score.
    expect(o.nps).toMatchObject({
      responses: 1,
      score: -100,
      latest: { score: 4 },
    });
    expect(o.csat).toMatchObject({
      responses: 0,
      invalid: 1,
      score: null,
      latest: null,
    });
    // Contract end in 200 days > 120: the date is known, the risk is not assessed yet.
    expect(o.renewal).toEqual({
      date: daysFromNow(200),
      source: "contract_end",
      risk: null,
      reasons: [],
    });
    expect(o.confidence).toBe("high");
  });

  it("when a new account has no wallet to go by, then share and headroom are unknown, not zero, and GRR/NRR are null", () => {
    const o = assessOutcomes(
      fresh,
      context("tier_3", [], { status: "overdue", last: daysAgo(45) }),
      model,
      TEST_NOW,
      PRODUCTS,
    );
    // P = 0 → nothing to retain: GRR and NRR null; C = 25,000 → movement new.
    expect(o.retention).toMatchObject({
      grr: null,
      nrr: null,
      movement: "new",
      trailing: { recurring: 25_000, oneOff: 0 },
    });
    expect(o.wallet).toMatchObject({
      spend: 25_000,
      wallet: null,
      source: null,
      share: null,
      headroom: null,
    });
    expect(o.expansion).toEqual({ revenue: 0, won: 0, lost: 0, winRate: null });
    // NPS 9: one promoter of one → +100. Contract end in 60 days: touch overdue (2 points) → medium on tier 3.
    expect(o.nps.score).toBe(100);
    expect(o.renewal).toEqual({
      date: daysFromNow(60),
      source: "contract_end",
      risk: "medium",
      reasons: ["no touch in 45 days"],
    });
    expect(o.confidence).toBe("medium"); // no wallet
  });

  it("when nothing is known about an account near its renewal, then its risk is low and its confidence low: no bad news from missing data", () => {
    const o = assessOutcomes(
      anAccount({
        company: { contractEndDate: daysFromNow(30) },
        deals: [aDeal({ amount: null })],
      }),
      context("tier_1"),
      model,
      TEST_NOW,
      [],
    );
    expect(o.renewal).toMatchObject({ risk: "low", reasons: [] });
    expect(o.confidence).toBe("low");
    expect(o.retention.grr).toBeNull();
  });

  it("when a renewal deal is a little overdue, then it is the renewal and says so; when it is long stale, then it is ignored", () => {
    const overdue = anAccount({ deals: [anOpenDeal({ closeDate: daysAgo(12), dealType: "renewal" })] });
    expect(assessOutcomes(overdue, context("tier_2"), model, TEST_NOW, []).renewal).toEqual({
      date: daysAgo(12),
      source: "renewal_deal",
      risk: "low",
      reasons: ["renewal 12 days past its close date, still open"],
    });
    // 200 days past (> the 120-day window): stale; the contract end date is used instead.
    const stale = anAccount({ company: { contractEndDate: daysFromNow(300) }, deals: [anOpenDeal({ closeDate: daysAgo(200), dealType: "renewal" })] });
    expect(assessOutcomes(stale, context("tier_2"), model, TEST_NOW, []).renewal).toMatchObject({ date: daysFromNow(300), source: "contract_end", risk: null });
  });

  it("when the model names other deal types and a shorter window, then expansion and renewal follow it", () => {
    const parsed = parseScoringModel({
      outcomes: {
        expansion_deal_types: ["Upsell"],
        renewal_deal_types: ["contract_renewal"],
        renewal_window_days: 30,
      },
    });
    if (!parsed.ok) throw new Error("model should parse");
    const input = anAccount({
      deals: [
        won(1_000, 10, false, { dealType: "UPSELL" }),
        won(2_000, 10, false, { dealType: "existingbusiness" }),
        anOpenDeal({
          closeDate: daysFromNow(45),
          dealType: "contract_renewal",
        }),
      ],
    });
    const o = assessOutcomes(
      input,
      context("tier_2"),
      parsed.model,
      TEST_NOW,
      [],
    );
    expect(o.expansion).toMatchObject({ revenue: 1_000, won: 1 });
    expect(o.renewal).toMatchObject({
      date: daysFromNow(45),
      source: "renewal_deal",
      risk: null,
    });
  });

  it('when an account is near the next tier on revenue, then "what would close the gap" names the headroom and the best product not bought yet', () => {
    const base = scoreAccount(expanding, model, TEST_NOW);
    const near = {
      ...base,
      tier: {
        ...base.tier,
        closeTheGap: [
          {
            criterion: "recurring_revenue" as const,
            scoreGain: 3,
            text: "+$38k trailing revenue",
          },
        ],
      },
    };
    const result = withOutcomes(near, expanding, model, TEST_NOW, PRODUCTS);
    expect(result.tier.closeTheGap[0]?.text).toBe(
      "+$38k trailing revenue (+$44k headroom; not bought yet: Analytics add-on)",
    );
    expect(result.outcomes?.wallet.headroom).toBe(44_499.5);
  });

  it("when an account is recomputed without the product library, then its stored whitespace stays, less what it bought since", () => {
    const stored = assessOutcomes(expanding, context("tier_2"), model, TEST_NOW, PRODUCTS);
    const boughtAnalytics: AccountInput = { ...expanding, deals: [...expanding.deals, won(18_000, 1, true, { lineItems: [line("p-analytics")] })] };
    const again = assessOutcomes(boughtAnalytics, context("tier_2"), model, TEST_NOW, productsFromStoredOutcomes(stored));
    expect(again.wallet.whitespace).toEqual([
      { productId: "p-onboarding", name: "Onboarding package", listValue: 4_000 },
      { productId: "p-api", name: "API access", listValue: null },
    ]);
  });

  it("when a stored model has no outcomes section, then it parses with the defaults", () => {
    const parsed = parseScoringModel({ weights: { recurring_revenue: 40 } });
    expect(parsed.ok && parsed.model.outcomes).toMatchObject({
      expansion_deal_types: ["existingbusiness"],
      renewal_deal_types: ["renewal"],
      renewal_window_days: 120,
      contract_end_property: "keyline_contract_end_date",
      survey_window_days: 365,
      wallet: { default_share: 0.002 },
    });
  });
});
