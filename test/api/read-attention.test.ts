import { formatReport } from '../../server/src/cli/format-report';
import { DEFAULT_SCORING_MODEL, scoreAccount } from '../../server/src/domain';
import { scoringModelSchema } from '../../server/src/domain/scoring-model';
import type { AccountInput } from '../../server/src/domain/types';
import { openStore } from '../../server/src/store';
import { toSnapshot } from '../../server/src/sync/write-accounts';
import { readAttention } from '../../server/src/use-cases/read-attention';
import { readReport } from '../../server/src/use-cases/read-report';
import { TEST_NOW, aDeal, aMeeting, anAccount, anActivity, anEmail, daysAgo } from '../factories/accounts';

const PORTAL = '246813579';

describe('attention read from the stored snapshots', () => {
  it("when accounts are stored, then each owner's time splits over their accounts by the minutes in the snapshots' activities", async () => {
    const inputs: AccountInput[] = [
      // 60-min meeting + one email = 65 min by owner-1; won 100k in the last year.
      anAccount({ company: { id: '1', name: 'Big', ownerId: 'owner-1' }, deals: [aDeal({ amount: 100_000, closeDate: daysAgo(30) })], activities: [aMeeting({ ownerId: 'owner-1', durationMinutes: 60 }), anEmail({ ownerId: 'owner-1' })] }),
      // 35 min (a meeting without a duration + an email) by owner-1 on a 0-revenue account.
      anAccount({ company: { id: '2', name: 'Small', ownerId: 'owner-1' }, activities: [aMeeting({ ownerId: 'owner-1' }), anEmail({ ownerId: 'owner-1' })] }),
    ];
    const store = await openStore('sqlite::memory:');
    await store.saveSnapshots(PORTAL, inputs.map((i) => toSnapshot(PORTAL, i, scoreAccount(i, DEFAULT_SCORING_MODEL, TEST_NOW), TEST_NOW, null, {})));
    const report = await readAttention(store, PORTAL, DEFAULT_SCORING_MODEL, TEST_NOW);
    await store.close();
    expect(report.owners).toHaveLength(1);
    const owner = report.owners[0]!;
    expect(owner.totalMinutes).toBe(100);
    expect(owner.accounts.map((a) => [a.companyId, a.attentionShare, a.valueShare])).toEqual([['1', 0.65, 1], ['2', 0.35, 0]]);
    expect(owner.overServed.map((f) => f.companyId)).toEqual(['2']); // 35% of the time, worth nothing
  });

  it('when an owner is over their weekly hours, then the report names them, their time by tier and the account to hand on', async () => {
    // Capacity 0.5 h/week: 385.7 min in 90 days. Ana: 120 min on Big + 300 on Small = 420 min (over). Ben: 30 min on Small.
    const model = scoringModelSchema.parse({ attention: { capacity_hours_per_week: 0.5 } });
    const inputs: AccountInput[] = [
      anAccount({ company: { id: '1', name: 'Big', ownerId: '101' }, deals: [aDeal({ amount: 100_000, closeDate: daysAgo(30) })], activities: [aMeeting({ ownerId: '101', durationMinutes: 120 })] }),
      anAccount({ company: { id: '2', name: 'Small', ownerId: '101' }, activities: [anActivity({ ownerId: '101', durationMinutes: 300 }), aMeeting({ ownerId: '102', durationMinutes: 30 })] }),
      anAccount({ company: { id: '3', name: 'Other', ownerId: '102' } }),
      // Owned by 103, whom the portal no longer lists: never a receiver, reported as needing a new owner.
      anAccount({ company: { id: '4', name: 'Orphan', ownerId: '103' } }),
    ];
    const store = await openStore('sqlite::memory:');
    await store.saveSnapshots(PORTAL, inputs.map((i) => toSnapshot(PORTAL, i, scoreAccount(i, model, TEST_NOW), TEST_NOW, null, {})));
    await store.saveOwners(PORTAL, [{ ownerId: '101', firstName: 'Ana', lastName: 'Lima', email: null }, { ownerId: '102', firstName: 'Ben', lastName: 'Ode', email: null }], TEST_NOW);
    const { portfolio, lastRun } = await readReport({ store, portalId: PORTAL, model });
    await store.close();
    const text = formatReport(portfolio, lastRun);
    expect(text).toContain('Attention (last 90 days)');
    expect(text).toContain('Attention (last 90 days): 1 owner over capacity, 0 others with tier-1 accounts nobody touched, 1 owner who left');
    expect(text).toContain('  Owner 103 (name unknown) is no longer in HubSpot: 1 account needs a new owner');
    expect(text).toContain('  Ana Lima (101): 0.54 h/week of 0.5, 0 tier-1 of max 25 — over capacity'); // 420 / 60 / (90/7)
    // Big (tier 2, all the won revenue) gets 120 of 420 min; Small (tier 3, nothing won) 300.
    expect(text).toContain('    time vs value: Tier 1 · Strategic 0% vs 0%, Tier 2 · Growth 29% vs 100%, Tier 3 · Maintain 71% vs 0%');
    expect(text).toContain("    over-served: Small (2) — 71% of the owner's time for 0% of the book's value");
    // Ana has 300 of Small's 330 min (0.4 h/week); Ben already spent 30 min there and has room (330 ≤ 385.7). Owner 103
    // has nothing on their plate and the least load, but has left, so never receives.
    expect(text).toContain("    move Small (2) to Ben Ode (102): tier 3, 0.4 h/week of the owner's time for 0% of the book's value; colleagues already carry 9% of its touches; the receiver already spent 30 min on its people");
    expect(portfolio.attention?.owners.map((o) => [o.ownerName, o.departed])).toEqual([['Ana Lima', false], ['Ben Ode', false], ['Owner 103', true]]);
    // Nobody can hand accounts to an owner who left: 103 is not "under the minimum" in the capacity view.
    expect(portfolio.owners.map((o) => o.ownerId)).toEqual(['101', '102']);
    expect(text).not.toContain('Owner 103 (name unknown): 0 tier-1 accounts');
  });
});
