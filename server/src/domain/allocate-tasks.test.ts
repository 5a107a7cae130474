import fc from 'fast-check';
import { aContact, anAccount, TEST_NOW } from '../../../test/factories/accounts';
import { allocateTasks, compareCandidates, markGapTasks, taskCandidatesOf, taskKeyOf, type OpenTask, type TaskBudget, type TaskCandidate } from './allocate-tasks';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL } from './scoring-model';
import { TIERS, type Tier } from './types';

const BUDGET: TaskBudget = { dailyBudget: 10, maxOpenPerOwner: 20 };
const NONE = new Map<string | null, number>();

function gap(companyId: string, gapKey: string, overrides: Partial<TaskCandidate> = {}): TaskCandidate {
  return { companyId, gapKey, assignee: 'dana', tier: 'tier_2', value: 10_000, score: 50, ...overrides };
}

const keys = (list: readonly TaskCandidate[]) => list.map((c) => taskKeyOf(c.companyId, c.gapKey));

describe('the daily task budget', () => {
  it('when an owner has 30 gaps on the first night, then 10 become tasks, the most important first, and 20 wait in line', () => {
    const candidates: TaskCandidate[] = [];
    for (let i = 1; i <= 10; i += 1) candidates.push(gap(`${100 + i}`, 'missing_role:CHAMPION', { tier: 'tier_3', value: i * 1000 }));
    for (let i = 1; i <= 10; i += 1) candidates.push(gap(`${200 + i}`, 'meeting_overdue', { tier: 'tier_2', value: i * 1000 }));
    for (let i = 1; i <= 6; i += 1) candidates.push(gap(`${300 + i}`, 'touch_overdue', { tier: 'tier_1', value: i * 1000 }));
    for (let i = 1; i <= 4; i += 1) candidates.push(gap(`${300 + i}`, 'qbr_overdue', { tier: 'tier_1', value: i * 1000 }));

    const { create, queued, owners } = allocateTasks(candidates, [], NONE, BUDGET);

    // Tier 1 first; within it the overdue touches before the QBRs; within a kind the biggest account first.
    expect(keys(create)).toEqual([
      '306/touch_overdue', '305/touch_overdue', '304/touch_overdue', '303/touch_overdue', '302/touch_overdue', '301/touch_overdue',
      '304/qbr_overdue', '303/qbr_overdue', '302/qbr_overdue', '301/qbr_overdue',
    ]);
    expect(queued.size).toBe(20);
    expect(queued.get('210/meeting_overdue')?.rank).toBe(1);
    expect(queued.get('101/missing_role:CHAMPION')?.rank).toBe(20);
    expect(owners).toEqual([{ assignee: 'dana', open: 0, createdEarlierToday: 0, creating: 10, queued: 20 }]);
  });

  it('when an earlier run the same day made tasks, then they count against the day', () => {
    const candidates = Array.from({ length: 12 }, (_, i) => gap(`${i + 1}`, 'touch_overdue'));
    const { create } = allocateTasks(candidates, [], new Map([['dana', 4]]), BUDGET);
    expect(create).toHaveLength(6);
  });

  it('when an owner already holds nearly the open-task cap, then only the room left is filled', () => {
    const open: OpenTask[] = Array.from({ length: 18 }, (_, i) => ({ companyId: `${900 + i}`, gapKey: 'touch_overdue', assignee: 'dana' }));
    const candidates = Array.from({ length: 12 }, (_, i) => gap(`${i + 1}`, 'touch_overdue'));
    const { create, owners } = allocateTasks(candidates, open, NONE, BUDGET);
    expect(create).toHaveLength(2);
    expect(owners[0]).toMatchObject({ open: 18, creating: 2, queued: 10 });
  });

  it('when a gap already has an open task or is listed twice, then no second task is made for it', () => {
    const open: OpenTask[] = [{ companyId: '1', gapKey: 'touch_overdue', assignee: 'dana' }];
    const { create, queued } = allocateTasks([gap('1', 'touch_overdue'), gap('2', 'touch_overdue'), gap('2', 'touch_overdue')], open, NONE, BUDGET);
    expect(keys(create)).toEqual(['2/touch_overdue']);
    expect(queued.size).toBe(0);
  });

  it('when owners have gaps, then each owner has a budget of their own, and unassigned gaps share one more', () => {
    const candidates = [
      ...Array.from({ length: 15 }, (_, i) => gap(`${i + 1}`, 'touch_overdue', { assignee: '80000002' })),
      ...Array.from({ length: 15 }, (_, i) => gap(`${100 + i}`, 'touch_overdue', { assignee: '80000001' })),
      ...Array.from({ length: 15 }, (_, i) => gap(`${200 + i}`, 'touch_overdue', { assignee: null })),
    ];
    const { owners } = allocateTasks(candidates, [], NONE, BUDGET);
    expect(owners.map((o) => [o.assignee, o.creating, o.queued])).toEqual([['80000001', 10, 5], ['80000002', 10, 5], [null, 10, 5]]);
  });

  it('when some accounts could not be read tonight, then room is kept back for their gaps, but every owner still gets a task', () => {
    const candidates = Array.from({ length: 15 }, (_, i) => gap(`${i + 1}`, 'touch_overdue'));
    const none = { byAssignee: new Map<string | null, number>(), anyone: 0 };
    expect(allocateTasks(candidates, [], NONE, { ...BUDGET, keepBack: { ...none, anyone: 3 } }).create).toHaveLength(7);
    expect(allocateTasks(candidates, [], NONE, { ...BUDGET, keepBack: { byAssignee: new Map([['dana', 4]]), anyone: 0 } }).create).toHaveLength(6);
    expect(allocateTasks(candidates, [], NONE, { ...BUDGET, keepBack: { ...none, anyone: 40 } }).create).toHaveLength(1);
  });

  it('when the daily budget is 0, then Keyline makes no task and every gap waits', () => {
    const { create, queued } = allocateTasks([gap('1', 'touch_overdue')], [], NONE, { dailyBudget: 0, maxOpenPerOwner: 20 });
    expect(create).toEqual([]);
    expect(queued.get('1/touch_overdue')?.rank).toBe(1);
  });

  it('when two gaps are alike but for the account value, then the more valuable account comes first, then the higher score', () => {
    const small = gap('1', 'touch_overdue', { value: 5_000, score: 90 });
    const big = gap('2', 'touch_overdue', { value: 50_000, score: 40 });
    const sameValueHigherScore = gap('3', 'touch_overdue', { value: 5_000, score: 95 });
    expect([small, big, sameValueHigherScore].sort(compareCandidates).map((c) => c.companyId)).toEqual(['2', '3', '1']);
  });

  it('when an account is scored, then its candidates carry its tier, trailing revenue and score, and marks say what became of each gap', () => {
    const result = scoreAccount(
      anAccount({ contacts: [aContact({ buyingRoles: ['CHAMPION'] })], company: { stored: { tier: null, override: 'tier_2' } } }),
      DEFAULT_SCORING_MODEL,
      TEST_NOW,
    );
    const candidates = taskCandidatesOf(result, 'dana');
    expect(candidates.map((c) => c.gapKey)).toEqual(result.gaps.map((g) => g.key));
    expect(candidates[0]).toMatchObject({ companyId: '1001', assignee: 'dana', tier: 'tier_2', value: 0, score: result.tier.score });

    const { queued } = allocateTasks(candidates, [], NONE, { dailyBudget: 1, maxOpenPerOwner: 20 });
    const first = candidates[0]?.gapKey;
    const marked = markGapTasks(result, (key) => key === first, queued);
    expect(marked.gaps[0]?.task).toEqual({ state: 'open' });
    expect(marked.gaps.slice(1).map((g) => g.task)).toEqual(marked.gaps.slice(1).map((_, i) => ({ state: 'queued', rank: i + 1 })));
    expect(result.gaps[0]?.task).toBeUndefined(); // a new value, the scored result is untouched
  });
});

// ---------------------------------------------------------------------------------------------------------- properties

const owners = ['a', 'b', 'c', null] as const;
const gapKeys = ['touch_overdue', 'champion_dark', 'qbr_overdue', 'meeting_overdue', 'missing_role:DECISION_MAKER', 'missing_role:CHAMPION', 'missing_role:INFLUENCER'];

const candidateArb = fc.record({
  companyId: fc.integer({ min: 1, max: 60 }).map(String),
  gapKey: fc.constantFrom(...gapKeys),
  assignee: fc.constantFrom(...owners),
  tier: fc.constantFrom<Tier>(...TIERS),
  value: fc.constantFrom(0, 1_000, 50_000, 250_000),
  score: fc.integer({ min: 0, max: 100 }),
});

/** A portfolio's gaps: the account's tier, value, score and owner are the same for each of its gaps. */
const portfolioArb = fc.array(candidateArb, { maxLength: 150 }).map((list) => {
  const byCompany = new Map<string, TaskCandidate>();
  return list.map((c) => {
    const account = byCompany.get(c.companyId) ?? c;
    byCompany.set(c.companyId, account);
    return { ...c, assignee: account.assignee, tier: account.tier, value: account.value, score: account.score };
  });
});

const budgetArb = fc.record({ dailyBudget: fc.integer({ min: 0, max: 12 }), maxOpenPerOwner: fc.integer({ min: 1, max: 25 }) });

describe('the daily task budget (properties)', () => {
  it('when gaps are allocated, then no owner gets more new tasks than the budget leaves, none is made twice, and none is lost', () => {
    fc.assert(
      fc.property(portfolioArb, fc.array(fc.integer({ min: 0, max: 149 }), { maxLength: 40 }), budgetArb, fc.nat(12), (candidates, openAt, budget, earlier) => {
        const open: OpenTask[] = openAt.flatMap((i) => {
          const c = candidates[i];
          return c === undefined ? [] : [{ companyId: c.companyId, gapKey: c.gapKey, assignee: c.assignee }];
        });
        const createdToday = new Map<string | null, number>([['a', earlier]]);
        const { create, queued, owners: lines } = allocateTasks(candidates, open, createdToday, budget);

        const openKeys = new Set(open.map((t) => taskKeyOf(t.companyId, t.gapKey)));
        const created = keys(create);
        expect(new Set(created).size).toBe(created.length);
        expect(created.filter((k) => openKeys.has(k))).toEqual([]);
        expect(created.filter((k) => queued.has(k))).toEqual([]);
        const expected = new Set(keys(candidates).filter((k) => !openKeys.has(k)));
        expect(new Set([...created, ...queued.keys()])).toEqual(expected);

        for (const owner of owners) {
          const mine = create.filter((c) => c.assignee === owner);
          const openMine = new Set(open.filter((t) => t.assignee === owner).map((t) => taskKeyOf(t.companyId, t.gapKey))).size;
          expect(mine.length).toBeLessThanOrEqual(Math.max(0, budget.dailyBudget - (owner === 'a' ? earlier : 0)));
          expect(mine.length).toBeLessThanOrEqual(Math.max(0, budget.maxOpenPerOwner - openMine));
          const line = lines.find((l) => l.assignee === owner);
          expect(line?.creating ?? 0).toBe(mine.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when gaps are allocated, then every new task of an owner comes before every gap of theirs that waits, and ranks count from 1', () => {
    fc.assert(
      fc.property(portfolioArb, budgetArb, (candidates, budget) => {
        const { create, queued } = allocateTasks(candidates, [], NONE, budget);
        for (const owner of owners) {
          const waiting = [...queued.values()].filter((q) => q.candidate.assignee === owner).sort((x, y) => x.rank - y.rank);
          expect(waiting.map((q) => q.rank)).toEqual(waiting.map((_, i) => i + 1));
          for (let i = 1; i < waiting.length; i += 1) {
            expect(compareCandidates((waiting[i - 1] as { candidate: TaskCandidate }).candidate, (waiting[i] as { candidate: TaskCandidate }).candidate)).toBeLessThan(0);
          }
          const first = waiting[0]?.candidate;
          if (first === undefined) continue;
          for (const c of create.filter((x) => x.assignee === owner)) expect(compareCandidates(c, first)).toBeLessThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when one account could not be read and room is kept back for it, then every task made is one the complete picture would also make', () => {
    fc.assert(
      fc.property(portfolioArb, fc.integer({ min: 1, max: 60 }).map(String), fc.integer({ min: 8, max: 15 }), (candidates, unreadCompany, daily) => {
        const budget = { dailyBudget: daily, maxOpenPerOwner: 25 };
        const complete = new Set(keys(allocateTasks(candidates, [], NONE, budget).create));
        const seen = candidates.filter((c) => c.companyId !== unreadCompany);
        const partial = allocateTasks(seen, [], NONE, { ...budget, keepBack: { byAssignee: new Map(), anyone: gapKeys.length } });
        for (const key of keys(partial.create)) expect(complete.has(key)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('when owners close some of their tasks every day, then over the days the queue drains, a place in line only moves forward, and no gap gets two tasks', () => {
    fc.assert(
      fc.property(portfolioArb, budgetArb.filter((b) => b.dailyBudget > 0), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), (candidates, budget, coin) => {
        let gaps = new Map(candidates.map((c) => [taskKeyOf(c.companyId, c.gapKey), c]));
        let open: OpenTask[] = [];
        const everCreated = new Set<string>();
        let lastRank = new Map<string, number>();
        const coins = coin[Symbol.iterator]();
        const days = gaps.size + 2;
        for (let day = 0; day < days && (gaps.size > 0 || open.length > 0); day += 1) {
          const { create, queued } = allocateTasks([...gaps.values()], open, NONE, budget);
          for (const c of create) {
            const key = taskKeyOf(c.companyId, c.gapKey);
            expect(everCreated.has(key)).toBe(false);
            everCreated.add(key);
            open.push({ companyId: c.companyId, gapKey: c.gapKey, assignee: c.assignee });
          }
          for (const [key, q] of queued) expect(q.rank).toBeLessThanOrEqual(lastRank.get(key) ?? Number.POSITIVE_INFINITY);
          lastRank = new Map([...queued].map(([key, q]) => [key, q.rank]));
          // The day's work: each open task is done with some chance, and every owner with open tasks closes at least one.
          const closed = new Set<string>();
          for (const owner of owners) {
            const mine = open.filter((t) => t.assignee === owner);
            mine.forEach((t, i) => {
              if (i === 0 || (coins.next().value as number) < 0.5) closed.add(taskKeyOf(t.companyId, t.gapKey));
            });
          }
          open = open.filter((t) => !closed.has(taskKeyOf(t.companyId, t.gapKey)));
          gaps = new Map([...gaps].filter(([key]) => !closed.has(key)));
        }
        expect(gaps.size).toBe(0);
        expect(open).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
