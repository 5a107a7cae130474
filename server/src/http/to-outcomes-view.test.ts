import { accountViewSchema } from '@keyline/contract/account-view';
import { aDeal, anAccount, anOpenDeal, daysAgo, daysFromNow, TEST_NOW } from '../../../test/factories/accounts';
import { DEFAULT_SCORING_MODEL, scoreAccount, scoreAccountWithOutcomes } from '../domain';
import type { AccountInput } from '../domain/types';
import { toAccountView } from './to-account-view';

const input: AccountInput = {
  ...anAccount({
    company: { walletSize: 100_000 },
    deals: [aDeal({ amount: 40_000, closeDate: daysAgo(20), recurring: true }), anOpenDeal({ closeDate: daysFromNow(30), dealType: 'renewal' })],
  }),
  feedback: [{ id: 'f', kind: 'CSAT', score: 5, submittedAt: daysAgo(3), contactId: 'c' }],
};
const view = (withOutcomes: boolean) =>
  toAccountView({
    result: withOutcomes ? scoreAccountWithOutcomes(input, DEFAULT_SCORING_MODEL, TEST_NOW) : scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW),
    ownerName: null,
    openTasks: [],
    tierHistory: [],
  });

describe('the account view’s outcomes', () => {
  it('when the account has outcomes, then the view carries them with ISO dates and parses with the shared schema', () => {
    const parsed = accountViewSchema.parse(view(true));
    expect(parsed.outcomes?.renewal).toMatchObject({ date: daysFromNow(30).toISOString(), source: 'renewal_deal' });
    expect(parsed.outcomes?.csat.latest).toEqual({ score: 5, at: daysAgo(3).toISOString() });
    expect(parsed.outcomes?.wallet).toMatchObject({ spend: 40_000, wallet: 100_000, share: 0.4, headroom: 60_000 });
  });

  it('when the result was stored before outcomes, then the view has none and still parses', () => {
    const parsed = accountViewSchema.parse(view(false));
    expect(parsed.outcomes).toBeUndefined();
  });
});
