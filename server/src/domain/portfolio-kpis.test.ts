import fc from 'fast-check';
import { anOutcomes, type OutcomeFigures } from '../../../test/factories/outcomes';
import { addKpiSums, emptyKpiSums, kpiCellsOf, kpisOf, portfolioKpis, sumKpis, type KpiAccount } from './portfolio-kpis';
import { TIERS } from './types';

describe('portfolio KPIs, computed by hand', () => {
  // Four accounts:
  //   A tier 1, owner 1: recurring 100k → 120k (+5k one-off), NPS 8 promoters / 2 detractors of 10, wallet 500k, upsell 20k won 2 lost 1
  //   B tier 1, owner 2: recurring 200k → 150k, NPS 1 promoter / 3 detractors of 5 (1 passive), CSAT 3 of 4 satisfied, wallet unknown
  //   C tier 2, owner 1: recurring 50k → 0 (churned), 10k one-off this year, wallet 100k, upsell lost 1
  //   D tier 3, no owner: new customer, 30k recurring, no prior (not in GRR/NRR), wallet 60k
  const accounts: KpiAccount[] = [
    { tier: 'tier_1', ownerId: '1', outcomes: anOutcomes({ prior: 100_000, trailing: 120_000, oneOff: 5_000, nps: { promoters: 8, detractors: 2 }, wallet: 500_000, expansion: { revenue: 20_000, won: 2, lost: 1 } }) },
    { tier: 'tier_1', ownerId: '2', outcomes: anOutcomes({ prior: 200_000, trailing: 150_000, nps: { promoters: 1, passives: 1, detractors: 3 }, csat: { satisfied: 3, unsatisfied: 1 } }) },
    { tier: 'tier_2', ownerId: '1', outcomes: anOutcomes({ prior: 50_000, trailing: 0, oneOff: 10_000, wallet: 100_000, expansion: { lost: 1 } }) },
    { tier: 'tier_3', ownerId: null, outcomes: anOutcomes({ prior: 0, trailing: 30_000, wallet: 60_000 }) },
  ];
  const k = portfolioKpis(accounts);

  it('when accounts grew, shrank and churned, then GRR and NRR are the retained and trailing recurring revenue over the prior, new customers left out', () => {
    // GRR = (100k + 150k + 0) / 350k; NRR = (120k + 150k + 0) / 350k.
    expect(k.total.kpis.grr).toBeCloseTo(250_000 / 350_000, 4);
    expect(k.total.kpis.nrr).toBeCloseTo(270_000 / 350_000, 4);
    expect(k.total.samples.retention).toBe(3);
    expect(k.total.kpis.churnedAccounts).toBe(1);
  });

  it('when some accounts bought one-off services, then ARPA counts them in the revenue of every account that had any', () => {
    // (125k + 150k + 10k + 30k) / 4
    expect(k.total.kpis.arpa).toBe(78_750);
    expect(k.total.samples.arpa).toBe(4);
  });

  it('when accounts have different numbers of answers, then NPS and CSAT pool the answers instead of averaging the accounts', () => {
    // 9 promoters, 5 detractors of 15 answers → 26.7 (an average of the accounts' 60 and −40 would say 10)
    expect(k.total.kpis.nps).toBe(26.7);
    expect(k.total.samples.npsResponses).toBe(15);
    expect(k.total.kpis.csat).toBe(75);
    expect(k.total.samples.csatResponses).toBe(4);
  });

  it('when upsells were won and lost, then conversion is won over closed', () => {
    expect(k.total.kpis.upsellRevenue).toBe(20_000);
    expect(k.total.kpis.upsellConversion).toBe(0.5);
    expect(k.total.samples.upsellDeals).toBe(4);
  });

  it('when one wallet is unknown, then share of wallet is spend over wallet for the accounts with one', () => {
    // (125k + 10k + 30k) / (500k + 100k + 60k)
    expect(k.total.kpis.shareOfWallet).toBeCloseTo(165_000 / 660_000, 4);
    expect(k.total.samples.wallet).toBe(3);
  });

  it('when grouped, then each tier and each owner holds its own accounts only', () => {
    expect(k.byTier.tier_1.kpis.nrr).toBeCloseTo(270_000 / 300_000, 4);
    expect(k.byTier.tier_2.kpis.grr).toBe(0);
    expect(k.byTier.tier_3.kpis.grr).toBeNull();
    expect(k.byTier.tier_3.samples.accounts).toBe(1);
    const owner1 = k.byOwner.find((o) => o.ownerId === '1')?.group;
    expect(owner1?.kpis.grr).toBeCloseTo(100_000 / 150_000, 4);
    expect(k.byOwner.map((o) => o.ownerId).sort()).toEqual(['1', '2', null].sort());
  });

  it('when an account has no outcomes yet, then it is counted but in no KPI (never bad news)', () => {
    const more = portfolioKpis([...accounts, { tier: 'tier_1', ownerId: '1' }]);
    expect(more.total.samples.accounts).toBe(5);
    expect(more.total.samples.withOutcomes).toBe(4);
    expect(more.total.kpis).toEqual(k.total.kpis);
  });

  it('when no account has a sample for a KPI, then it is null, not zero', () => {
    const none = portfolioKpis([{ tier: 'tier_2', ownerId: '1', outcomes: anOutcomes({}) }]);
    expect(none.total.kpis).toMatchObject({ grr: null, nrr: null, arpa: null, nps: null, csat: null, upsellConversion: null, shareOfWallet: null, churnedAccounts: 0 });
  });
});

const money = fc.integer({ min: 0, max: 2_000_000 });
const figures: fc.Arbitrary<OutcomeFigures> = fc.record({
  prior: fc.oneof(fc.constant(0), money),
  trailing: fc.oneof(fc.constant(0), money),
  oneOff: fc.oneof(fc.constant(0), money),
  expansion: fc.record({ revenue: money, won: fc.nat(5), lost: fc.nat(5) }),
  nps: fc.record({ promoters: fc.nat(20), passives: fc.nat(20), detractors: fc.nat(20) }),
  csat: fc.record({ satisfied: fc.nat(20), unsatisfied: fc.nat(20) }),
  wallet: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 5_000_000 })),
});
const anAccountArb: fc.Arbitrary<KpiAccount> = fc.record({
  tier: fc.constantFrom(...TIERS),
  ownerId: fc.constantFrom('1', '2', '3', null),
  outcomes: fc.option(figures.map(anOutcomes), { nil: undefined, freq: 6 }),
});

describe('portfolio KPI invariants (property-based)', () => {
  it('when accounts are grouped by tier or by owner, then the total equals the aggregation over the union of the groups', () => {
    fc.assert(
      fc.property(fc.array(anAccountArb, { maxLength: 40 }), (accounts) => {
        const k = portfolioKpis(accounts);
        const direct = kpisOf(sumKpis(accounts));
        const tiers = TIERS.map((t) => k.byTier[t].sums).reduce(addKpiSums, emptyKpiSums());
        const owners = k.byOwner.map((o) => o.group.sums).reduce(addKpiSums, emptyKpiSums());
        expect(kpisOf(tiers).kpis).toEqual(direct.kpis);
        expect(kpisOf(owners).kpis).toEqual(direct.kpis);
        expect(k.total.kpis).toEqual(direct.kpis);
        expect(k.total.samples).toEqual(direct.samples);
        expect(kpiCellsOf(accounts).reduce((n, c) => n + c.sums.accounts, 0)).toBe(accounts.length);
      }),
    );
  });

  it('when any portfolio is aggregated, then NRR ≥ GRR, GRR ≤ 1, shares and conversion lie in [0, 1], NPS in [−100, 100] and CSAT in [0, 100]', () => {
    fc.assert(
      fc.property(fc.array(anAccountArb, { maxLength: 40 }), (accounts) => {
        const k = portfolioKpis(accounts);
        for (const g of [k.total, ...TIERS.map((t) => k.byTier[t]), ...k.byOwner.map((o) => o.group)]) {
          const { grr, nrr, shareOfWallet, upsellConversion, nps, csat } = g.kpis;
          expect(grr === null).toBe(nrr === null);
          if (grr !== null && nrr !== null) {
            expect(nrr).toBeGreaterThanOrEqual(grr);
            expect(grr).toBeLessThanOrEqual(1);
            expect(grr).toBeGreaterThanOrEqual(0);
          }
          for (const share of [shareOfWallet, upsellConversion]) if (share !== null) expect(share >= 0 && share <= 1).toBe(true);
          if (nps !== null) expect(nps >= -100 && nps <= 100).toBe(true);
          if (csat !== null) expect(csat >= 0 && csat <= 100).toBe(true);
          expect(g.kpis.churnedAccounts).toBeLessThanOrEqual(g.samples.retention);
        }
      }),
    );
  });

  it('when an account is added, then the sums are the old sums plus its own (order does not matter)', () => {
    fc.assert(
      fc.property(fc.array(anAccountArb, { maxLength: 20 }), (accounts) => {
        expect(kpisOf(sumKpis([...accounts].reverse())).kpis).toEqual(kpisOf(sumKpis(accounts)).kpis);
      }),
    );
  });
});
