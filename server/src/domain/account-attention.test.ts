import { recordAccountAttention } from './account-attention';
import { assessAttention, type AccountAttention } from './measure-attention';
import { DEFAULT_SCORING_MODEL } from './scoring-model';

const person = (personId: string, minutes: number, touches = 1) => ({ personId, touches, meetingMinutes: minutes, callMinutes: 0, emailMinutes: 0, totalMinutes: minutes });
const account = (companyId: string, ownerId: string | null, over: Partial<AccountAttention> = {}): AccountAttention => ({
  companyId, companyName: `Company ${companyId}`, ownerId, tier: 'tier_1', value: 0, people: [], unattributedMinutes: 0, ...over,
});

function recordsOf(accounts: AccountAttention[]) {
  const records = recordAccountAttention(accounts, assessAttention(accounts, DEFAULT_SCORING_MODEL));
  return new Map(records.map((r) => [r.companyId, r]));
}

describe('attention per account', () => {
  it('when a tier-1 account gets far less of its owner’s time than its value, then it is under-served with the report’s reason', () => {
    // Owner 1: 10 min on A (worth 90%), 90 min on B (worth 10%).
    const r = recordsOf([account('A', '1', { value: 90, people: [person('1', 10)] }), account('B', '1', { value: 10, tier: 'tier_3', people: [person('1', 90, 3)] })]);
    expect(r.get('A')).toMatchObject({ attentionShare: 0.1, valueShare: 0.9, service: 'under_served', confidence: 'high', reason: "under-served: tier 1: 10% of the owner's time for 90% of the book's value" });
    expect(r.get('B')).toMatchObject({ attentionShare: 0.9, valueShare: 0.1, ownerTouches: 3, service: 'over_served', confidence: 'high' });
  });

  it('when the owner logged no touches at all, then no verdict is given (missing data, not a neglected account) and the confidence drops', () => {
    const r = recordsOf([account('A', '1', { value: 90 }), account('B', '1', { value: 10, people: [person('2', 30)] })]);
    expect(r.get('A')).toMatchObject({ attentionShare: null, valueShare: 0.9, service: 'unknown', confidence: 'medium' });
    expect(r.get('A')?.reason).toBe('the owner logged no touches in 90 days (not measured, not bad news)');
    expect(r.get('B')?.others).toEqual([{ personId: '2', minutes: 30, touches: 1 }]);
  });

  it('when the sum over an owner’s accounts is taken, then the attention shares of their own accounts and colleagues’ add up to 1', () => {
    const accounts = [
      account('A', '1', { value: 5, people: [person('1', 20), person('2', 5)] }),
      account('B', '1', { value: 15, people: [person('1', 40)] }),
      account('C', '2', { value: 1, people: [person('1', 15), person('2', 60)] }),
    ];
    const report = assessAttention(accounts, DEFAULT_SCORING_MODEL);
    const r = recordsOf(accounts);
    const owner1 = report.owners.find((o) => o.ownerId === '1')!;
    expect((r.get('A')!.attentionShare ?? 0) + (r.get('B')!.attentionShare ?? 0) + owner1.otherAccountsShare).toBeCloseTo(1, 6);
    expect(r.get('A')).toMatchObject({ ownerMinutes: 20, ownerTotalMinutes: 75, accountMinutes: 25, valueShare: 0.25 });
  });
});
