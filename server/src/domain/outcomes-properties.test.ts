/**
 * Invariants of the outcomes engine (issue #15), over random and junk inputs: NRR ≥ GRR whenever both are set; share of
 * wallet in [0, 1] when the wallet is known; headroom + spend ≥ wallet; nothing throws.
 */
import fc from "fast-check";
import { aCompany, TEST_NOW } from "../../../test/factories/accounts";
import { assessOutcomes } from "./assess-outcomes";
import { scoreAccountWithOutcomes } from "./score-with-outcomes";
import { DEFAULT_SCORING_MODEL } from "./scoring-model";
import type {
  AccountInput,
  Company,
  Deal,
  FeedbackResponse,
  Product,
} from "./types";

const DAY_MS = 86_400_000;
const RUNS = { numRuns: 300 };
const date = (days: number) => new Date(TEST_NOW.getTime() - days * DAY_MS);

const arbDate = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -200, max: 800 }).map(date) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      null,
      new Date(Number.NaN),
      "yesterday" as unknown as Date,
    ),
  },
);
const arbMoney = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.integer({ min: 0, max: 50_000_000 }).map((c) => c / 100),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      null,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      "12" as unknown as number,
    ),
  },
);

const arbDeal: fc.Arbitrary<Deal> = fc
  .record({
    id: fc.string({ maxLength: 3 }),
    amount: arbMoney,
    status: fc.constantFrom("won", "lost", "open", "weird" as Deal["status"]),
    closeDate: arbDate,
    probability: fc.constantFrom(null, 0.5, 1),
    dealType: fc.constantFrom(
      null,
      undefined,
      "existingbusiness",
      "newbusiness",
      "RENEWAL",
      42 as unknown as string,
    ),
    recurring: fc.constantFrom(true, false, undefined),
    lineItems: fc.option(
      fc.array(
        fc.oneof(
          fc.record({
            id: fc.constant("li"),
            productId: fc.constantFrom(null, "p1", "p2", "p3"),
            name: fc.constant(null),
            amount: fc.constant(null),
          }),
          fc.constant(null as never),
        ),
        { maxLength: 3 },
      ),
      { nil: undefined },
    ),
  })
  .map((d) => d as Deal); // absent fields (old snapshots) included on purpose

const arbFeedback: fc.Arbitrary<FeedbackResponse> = fc.record({
  id: fc.string({ maxLength: 3 }),
  kind: fc.constantFrom(
    "NPS",
    "CSAT",
    "CES",
    "OTHER",
    "nps" as FeedbackResponse["kind"],
  ),
  score: fc.oneof(
    fc.integer({ min: -2, max: 12 }),
    fc.constantFrom(null, Number.NaN, 7.5),
  ),
  submittedAt: arbDate,
  contactId: fc.constantFrom(null, "c1"),
});

const arbProduct: fc.Arbitrary<Product> = fc.record({
  id: fc.constantFrom("p1", "p2", "p3", "p4", "", 7 as unknown as string),
  name: fc.constantFrom("Core", "", " ", null as unknown as string),
  price: arbMoney,
  billingFrequency: fc.constantFrom(
    null,
    "monthly",
    "annually",
    "quarterly",
    "per_two_years",
    "fortnightly",
  ),
});

const arbInput: fc.Arbitrary<AccountInput> = fc
  .record({
    company: fc
      .record({
        annualRevenue: arbMoney,
        walletSize: fc.option(arbMoney, { nil: undefined }),
        industry: fc.constantFrom(
          null,
          "RETAIL",
          "computer_software",
          "",
          "Space mining",
        ),
        contractEndDate: fc.option(arbDate, { nil: undefined }),
      })
      .map((c) => aCompany(c as Partial<Company>)),
    deals: fc.array(arbDeal, { maxLength: 8 }),
    contacts: fc.constant([]),
    activities: fc.constant([]),
    feedback: fc.option(fc.array(fc.oneof({ weight: 9, arbitrary: arbFeedback }, { weight: 1, arbitrary: fc.constant(null as unknown as FeedbackResponse) }), { maxLength: 6 }), {
      nil: undefined,
    }),
  })
  .map((i) => i as unknown as AccountInput);

const outcomesOf = (input: AccountInput, products: Product[]) =>
  scoreAccountWithOutcomes(input, DEFAULT_SCORING_MODEL, TEST_NOW, products)
    .outcomes;

describe("outcomes invariants", () => {
  it("when both are known, then NRR is never below GRR", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const r = outcomesOf(input, [])?.retention;
        if (r && r.grr !== null && r.nrr !== null)
          expect(r.nrr).toBeGreaterThanOrEqual(r.grr);
        if (r && r.grr !== null) expect(r.grr).toBeGreaterThanOrEqual(0);
        if (r && r.grr !== null) expect(r.grr).toBeLessThanOrEqual(1);
      }),
      RUNS,
    );
  });

  it("when the wallet is known, then the share is in [0, 1] and headroom + spend covers the wallet to the cent", () => {
    fc.assert(
      fc.property(arbInput, (input) => {
        const w = outcomesOf(input, [])?.wallet;
        if (!w || w.wallet === null) return;
        if (w.share !== null) {
          expect(w.share).toBeGreaterThanOrEqual(0);
          expect(w.share).toBeLessThanOrEqual(1);
        }
        const cents = (x: number) => Math.round(x * 100);
        expect(w.headroom).not.toBeNull();
        expect(cents(w.headroom ?? 0) + cents(w.spend)).toBeGreaterThanOrEqual(
          cents(w.wallet),
        );
        expect(w.headroom ?? -1).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it("when inputs are junk, then outcomes are still assessed and never throw", () => {
    fc.assert(
      fc.property(
        arbInput,
        fc.array(fc.oneof({ weight: 9, arbitrary: arbProduct }, { weight: 1, arbitrary: fc.constant(null as unknown as Product) }), { maxLength: 5 }),
        (input, products) => {
          const o = outcomesOf(input, products);
          expect(o).toBeDefined();
          expect(["high", "medium", "low"]).toContain(o?.confidence);
          for (const s of [o?.nps, o?.csat])
            if (s?.score != null)
              expect(Math.abs(s.score)).toBeLessThanOrEqual(100);
          const ids = o?.wallet.whitespace.map((w) => w.productId) ?? [];
          expect(new Set(ids).size).toBe(ids.length);
        },
      ),
      RUNS,
    );
  });

  it("when the input itself is missing its parts, then nothing throws", () => {
    const ctx = {
      tier: undefined,
      coverage: undefined,
      cadence: undefined,
    } as never;
    for (const input of [
      {},
      { company: null },
      { company: aCompany(), deals: "x", feedback: {} },
      null,
    ] as unknown as AccountInput[]) {
      expect(() =>
        assessOutcomes(
          input,
          ctx,
          DEFAULT_SCORING_MODEL,
          TEST_NOW,
          null as never,
        ),
      ).not.toThrow();
    }
  });
});
