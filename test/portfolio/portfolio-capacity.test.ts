/**
 * Issue #3: the M portfolio has the shape of a real key-account portfolio — a few percent of strategic accounts that
 * really score Tier 1 under the default model, concentrated on one or two senior owners, so the capacity rule (25
 * Tier-1 accounts per owner) has something to flag, while most owners stay within it.
 *
 * Each generated company goes through the sync's own mappers (./read-generated-accounts) and the real engine.
 */
import { DEFAULT_SCORING_MODEL, scoreAccount, summarizeCapacity, toCapacityEntry, type AccountResult, type OwnerCapacity } from '../../server/src/domain';
import { generatePortfolio } from '../../sandbox/portfolio/generate-portfolio';
import { SandboxStore } from '../../sandbox/sandbox-store';
import { readGeneratedAccounts } from './read-generated-accounts';

const AS_OF = new Date('2026-11-01T00:00:00Z');
const model = DEFAULT_SCORING_MODEL;

function scorePortfolio(seed: number): { results: AccountResult[]; strategic: Set<string> } {
  const portfolio = generatePortfolio({ size: 'M', seed, asOf: AS_OF });
  const store = new SandboxStore(portfolio, () => AS_OF.getTime());
  const results: AccountResult[] = [];
  for (const input of readGeneratedAccounts(store, { now: AS_OF, lookbackDays: model.look_back_days })) {
    results.push(scoreAccount(input, model, AS_OF));
  }
  const strategic = new Set<string>();
  const firstId = Number(store.list('companies')[0]?.id);
  portfolio.companyStrategic.forEach((flag, i) => flag === 1 && strategic.add(String(firstId + i)));
  return { results, strategic };
}

describe('the M portfolio under the default scoring model', () => {
  let results: AccountResult[] = [];
  let strategic = new Set<string>();
  let tier1: AccountResult[] = [];
  let owners: OwnerCapacity[] = [];
  let over: OwnerCapacity[] = [];
  beforeAll(() => {
    ({ results, strategic } = scorePortfolio(42));
    tier1 = results.filter((r) => r.tier.tier === 'tier_1');
    owners = summarizeCapacity(results.map(toCapacityEntry), model);
    over = owners.filter((o) => o.overCapacity);
  }, 60_000);

  it('when every account is scored, then a few percent are Tier 1, and they are mostly the strategic accounts', () => {
    expect(results).toHaveLength(5_000);
    expect(tier1.length / results.length).toBeGreaterThan(0.03);
    expect(tier1.length / results.length).toBeLessThan(0.1);
    const strategicTier1 = tier1.filter((r) => strategic.has(r.companyId)).length;
    expect(strategicTier1 / strategic.size).toBeGreaterThan(0.6); // most strategic accounts really score Tier 1…
    expect(strategicTier1).toBeLessThan(strategic.size); // …but bad data and thin relationships keep some below
  });

  it('when capacity is assessed (cap 25 Tier-1 accounts), then one or two senior owners are over it and most owners are not', () => {
    expect(model.capacity.max).toBe(25);
    expect(over.length).toBeGreaterThanOrEqual(1);
    expect(over.length).toBeLessThanOrEqual(2);
    expect(over.length / owners.length).toBeLessThan(0.1);
    for (const o of over) expect(o.tier1Accounts).toBeGreaterThan(25);
    // The senior owners are the first ones (80000001, 80000002), who also hold the largest books.
    expect(over.map((o) => o.ownerId).every((id) => ['80000001', '80000002'].includes(id))).toBe(true);
  });
});
