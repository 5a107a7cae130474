/**
 * The account view's plan block (issue #16, part 4) from the store: the plan the last read found in HubSpot, whether
 * the tier needs one under the model in force, and the review status as of the snapshot — agreeing with its gaps.
 */
import { accountViewSchema } from '@keyline/contract/account-view';
import { DEFAULT_SCORING_MODEL, scoreAccount } from '../../server/src/domain';
import { scoringModelSchema, scoringModelVersion, type ScoringModel } from '../../server/src/domain/scoring-model';
import type { AccountInput } from '../../server/src/domain/types';
import { toAccountView } from '../../server/src/http/to-account-view';
import { openStore, type Store } from '../../server/src/store';
import { toSnapshot } from '../../server/src/sync/write-accounts';
import { readAccount } from '../../server/src/use-cases/read-account';
import { TEST_NOW, anAccount } from '../factories/accounts';

const PORTAL = '246813579';
const DAY_MS = 86_400_000;

async function planOf(input: AccountInput, model: ScoringModel = DEFAULT_SCORING_MODEL) {
  const store: Store = await openStore('sqlite::memory:');
  try {
    if (model !== DEFAULT_SCORING_MODEL) await store.saveSettings(PORTAL, { version: scoringModelVersion(model), model, savedBy: 'test', expectedVersion: null });
    const result = scoreAccount(input, model, TEST_NOW);
    await store.saveSnapshots(PORTAL, [toSnapshot(PORTAL, input, result, TEST_NOW, null, {})]);
    const lookup = await readAccount({ store, portalId: PORTAL }, input.company.id);
    if (!lookup.ok) throw new Error(lookup.error);
    const view = accountViewSchema.parse(toAccountView(lookup.account));
    return { plan: view.plan, gaps: view.gaps ?? [], tier: view.tier.tier };
  } finally {
    await store.close();
  }
}

const withPlan = (nextReviewInDays: number | null, over: Partial<NonNullable<AccountInput['company']['plan']>> = {}) =>
  anAccount({
    company: {
      id: '42',
      plan: {
        objectives: 'Expand to the US',
        currentIssues: null,
        upsellPlan: 'Analytics add-on',
        nextReviewAt: nextReviewInDays === null ? null : new Date(Date.UTC(2026, 5, 15) + nextReviewInDays * DAY_MS),
        updatedAt: new Date('2026-05-01T09:00:00.000Z'),
        ...over,
      },
    },
  });

describe('the account view’s plan block', () => {
  it('when HubSpot held a plan whose review is 10 days away, then the view returns its texts, the day, due soon and when it was saved', async () => {
    const { plan } = await planOf(withPlan(10));
    expect(plan).toEqual({
      objectives: 'Expand to the US',
      currentIssues: '',
      upsellPlan: 'Analytics add-on',
      nextReviewDate: '2026-06-25',
      needed: false, // the factory's account is not tier 1, and the default model keeps plans for tier 1
      status: 'due_soon',
      reviewDueAt: '2026-06-25T00:00:00.000Z',
      reason: 'Review due in 10 days, on 2026-06-25 (next review date).',
      lastSavedAt: '2026-05-01T09:00:00.000Z',
    });
  });

  it("when the model in force keeps plans for the account's tier and none is saved, then it is needed and missing — and no gap", async () => {
    const input = anAccount({ company: { id: '42' } });
    const tier = scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW).tier.tier;
    const model = scoringModelSchema.parse({ plans: { tiers: [tier] } });
    const { plan, gaps } = await planOf(input, model);
    expect(plan).toMatchObject({ needed: true, status: 'missing', objectives: '', nextReviewDate: null, lastSavedAt: null });
    expect(gaps.some((g) => g.kind === 'plan_review_overdue')).toBe(false);
  });

  it('when the review date has passed on a tier whose plans are reviewed by task, then the status is overdue and the gap says the same', async () => {
    const input = withPlan(-5);
    const tier = scoreAccount(input, DEFAULT_SCORING_MODEL, TEST_NOW).tier.tier;
    const model = scoringModelSchema.parse({ plans: { tiers: [tier] }, tasks: { gap_kinds: { [tier]: ['plan_review_overdue'] } } });
    const { plan, gaps } = await planOf(input, model);
    expect(plan).toMatchObject({ needed: true, status: 'overdue', reason: 'Review overdue: the next review date 2026-06-10 has passed.' });
    expect(gaps.find((g) => g.kind === 'plan_review_overdue')?.detail).toContain('was due for review on 2026-06-10');
  });
});
