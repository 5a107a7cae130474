import { aPortfolioView } from '../../../extensions/test-support/portfolio-view-fixtures';
import { formatReport } from './format-report';

describe('the text report', () => {
  it('when owners are over the cap and under the minimum, then both lists name them, the farthest from the range first', () => {
    const text = formatReport(aPortfolioView(), { mode: 'full', status: 'succeeded', endedAt: new Date('2026-11-20T02:10:00Z'), details: {} });
    expect(text).toContain('last run full succeeded at 2026-11-20T02:10:00.000Z');
    expect(text).toContain('Owners over capacity (more than 25 tier-1 accounts): 1\n    Priya Raman (42): 30 tier-1 accounts (cap 25)');
    // Owner 99 has no name HubSpot gave: the id is the name, and the report says so once.
    expect(text).toContain('Owners under the minimum (fewer than 5 tier-1 accounts): 1\n    Owner 99 (name unknown): 2 tier-1 accounts (minimum 5)');
    expect(text).not.toMatch(/Tom Becker \(7\)/); // within the range: in neither list
    expect(text).toMatch(/Contoso \(9002\) — Tier 1 · Strategic, score 62\.5, owner Priya Raman/);
  });

  it('when more than 20 owners are under the minimum, then the 20 emptiest are shown and the rest are pointed to --json', () => {
    const owners = Array.from({ length: 25 }, (_, i) => ({
      ownerId: String(100 + i),
      ownerName: `Person ${i}`,
      tier1Accounts: i % 5,
      min: 5,
      max: 25,
      status: 'under' as const,
    }));
    const text = formatReport(aPortfolioView({ owners }), null);
    expect(text).toContain('Owners under the minimum (fewer than 5 tier-1 accounts): 25 (the 20 farthest from the range shown; --json lists all)');
    const listed = text.split('Owners under the minimum')[1]?.split('\n').filter((l) => l.startsWith('    ')) ?? [];
    expect(listed).toHaveLength(20);
    expect(listed[0]).toBe('    Person 0 (100): 0 tier-1 accounts (minimum 5)');
    expect(listed.every((l) => !l.includes(': 4 tier-1'))).toBe(true);
  });

  it('when the last run queued gaps behind the daily task budget, then the report counts them and names the owners with the longest lines', () => {
    const owners = [
      { assignee: '42', open: 8, createdToday: 0, creating: 2, queued: 14 },
      { assignee: '7', open: 3, createdToday: 0, creating: 0, queued: 0 },
      { assignee: '99', open: 1, createdToday: 0, creating: 1, queued: 3 },
    ];
    const text = formatReport(aPortfolioView(), { mode: 'full', status: 'succeeded', endedAt: null, details: { taskBudget: { queued: 17, owners } } });
    expect(text).toContain('Keyline tasks after the last run: 15 open (3 created by it), 17 gaps queued for later days\n    Priya Raman: 10 open, 14 queued\n');
    expect(text).toMatch(/Owner 99: 2 open, 3 queued$/);
    expect(text).not.toMatch(/Tom Becker: /); // nothing queued
  });

  it('when no run recorded a task budget yet, then the report has no task section', () => {
    expect(formatReport(aPortfolioView(), null)).not.toContain('Keyline tasks');
  });
});
