import { DEFAULT_SCORING_MODEL, scoreAccount } from '../../server/src/domain';
import type { AccountInput } from '../../server/src/domain/types';
import { openStore } from '../../server/src/store';
import { toSnapshot } from '../../server/src/sync/write-accounts';
import { readAttention } from '../../server/src/use-cases/read-attention';
import { TEST_NOW, aDeal, aMeeting, anAccount, anEmail, daysAgo } from '../factories/accounts';

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
});
