import { aContact, aDeal, anAccount, anActivity, aMeeting, aStrategicAccount, daysAgo, TEST_NOW, type AccountOverrides } from '../../../test/factories/accounts';
import { applyCapacityVerdict } from './apply-capacity';
import { explainAccount } from './explain-account';
import { scoreAccount } from './score-account';
import { DEFAULT_SCORING_MODEL } from './scoring-model';
import type { AccountResult, Tier } from './types';
import { closingNote, escapeHtml, taskBody, taskIdentity, taskSubject } from './write-task-text';

function scored(overrides: AccountOverrides = {}): AccountResult {
  return scoreAccount(anAccount(overrides), DEFAULT_SCORING_MODEL, TEST_NOW);
}

/** An account pinned to a tier by its previous tier and a score that keeps it there. */
function asTier(tier: Tier, previous: Tier | null, overrides: AccountOverrides = {}): AccountResult {
  return scored({ ...overrides, company: { stored: { tier: previous, override: tier }, ...overrides.company } });
}

describe('task subject and body', () => {
  it('when a task is written, then the subject names the gap and the company but not the tier, so it stays true after a promotion', () => {
    const before = asTier('tier_2', null);
    const after = asTier('tier_1', 'tier_2');
    const gap = before.gaps.find((g) => g.key === 'touch_overdue');
    expect(gap).toBeDefined();
    expect(taskSubject(gap!.title, before.companyName)).toBe('Keyline · Touch overdue — Acme Corp');
    expect(taskSubject(gap!.title, after.companyName)).toBe(taskSubject(gap!.title, before.companyName));
    expect(taskSubject('Touch overdue', '   ')).toBe('Keyline · Touch overdue — Unnamed company');
  });

  it('when a task is written, then the body is simple HTML a person reads, without Keyline\'s identity or a fixed-width table', () => {
    const result = scoreAccount(aStrategicAccount({ activities: [aMeeting({ title: 'QBR', occurredAt: daysAgo(100) })] }), DEFAULT_SCORING_MODEL, TEST_NOW);
    const gap = result.gaps.find((g) => g.key === 'qbr_overdue');
    expect(gap).toBeDefined();
    const body = taskBody(result, gap!, TEST_NOW);
    expect(body.startsWith('<p><strong>QBR overdue</strong>: Last quarterly business review: 2026-03-07 (100 days ago).')).toBe(true);
    expect(body).toMatch(/^(<p>.*?<\/p>|<ul>|<li>.*?<\/li>|<\/ul>)+$/);
    expect(body).not.toContain(taskIdentity(result.companyId, gap!.key));
    expect(body).not.toContain('keyline:');
    expect(body).not.toMatch(/ {3,}|\n/); // no padded columns
    expect(body).toContain('Keyline found this on 2026-06-15, when Acme Corp was Tier 1 · Strategic');
  });

  it('when the body gives figures, then they are the ones explain shows, each saying what it is', () => {
    const result = asTier('tier_2', 'tier_2', {
      contacts: [aContact({ id: 'kim', firstName: 'Kim', lastName: 'Lee', buyingRoles: ['DECISION_MAKER'], lastContactedAt: daysAgo(10) })],
      deals: [aDeal({ amount: 60_000 })],
    });
    const gap = result.gaps[0]!;
    const body = taskBody(result, gap, TEST_NOW);
    const explained = explainAccount(result);
    expect(body).toContain(`Why this tier: ${escapeHtml(result.tier.reasons)}`);
    expect(explained).toContain(`Reasons: ${result.tier.reasons}`);
    expect(body).toContain(`Stakeholder coverage (Tier 2 roles): ${result.coverage.score} of 100`);
    expect(explained).toContain(`Coverage (Tier 2 roles): ${result.coverage.score} / 100`);
    expect(body).toContain(`score ${result.tier.score} of 100`);
    expect(explained).toContain(`Score: ${result.tier.score} / 100`);
  });

  it('when a company name holds HTML or is 100 kB long, then it is escaped and clipped', () => {
    const result = scored({ company: { name: `<script>alert("x")</script> & Co ${'x'.repeat(100_000)}` } });
    const gap = result.gaps[0]!;
    const body = taskBody(result, gap, TEST_NOW);
    expect(body).not.toContain('<script>');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(body.length).toBeLessThan(65_536);
    expect(taskSubject(gap.title, result.companyName).length).toBeLessThanOrEqual(300);
  });
});

describe('closing notes say truthfully why the task was closed', () => {
  const note = (result: AccountResult, gapKey: string) => closingNote(result, gapKey, TEST_NOW);

  it('when the touch was logged, then the note says the gap is closed and gives the touch', () => {
    const result = asTier('tier_3', 'tier_3', { activities: [anActivity({ occurredAt: daysAgo(1) })] });
    expect(note(result, 'touch_overdue')).toBe('Closed by Keyline on 2026-06-15: the gap is closed: last call, email or held meeting on 2026-06-14.');
  });

  it('when a demotion removed the rule, then the note says the account moved and why, not that the gap is closed', () => {
    const demoted = asTier('tier_2', 'tier_1');
    expect(note(demoted, 'qbr_overdue')).toBe('Closed by Keyline on 2026-06-15: the account moved from Tier 1 to Tier 2 (set by override). Tier 2 accounts have no QBR rule.');
    const byScore = scored({ company: { stored: { tier: 'tier_1', override: null } } });
    expect(byScore.tier.tier).toBe('tier_3');
    expect(note(byScore, 'missing_role:EXECUTIVE_SPONSOR')).toBe(
      `Closed by Keyline on 2026-06-15: the account moved from Tier 1 to Tier 3 (score ${byScore.tier.score}). Tier 3 accounts do not need an executive sponsor.`,
    );
    expect(note(byScore, 'missing_role:EXECUTIVE_SPONSOR')).not.toContain('the gap is closed');
  });

  it('when the capacity cap demoted the account, then the note says so', () => {
    const base = scoreAccount(aStrategicAccount({ company: { stored: { tier: 'tier_1', override: null } } }), { ...DEFAULT_SCORING_MODEL, capacity: { ...DEFAULT_SCORING_MODEL.capacity, policy: 'cap' } }, TEST_NOW);
    const demoted = applyCapacityVerdict(base, { ownerOverCapacity: true, demoted: true, tier1Accounts: 30, max: 25 });
    expect(note(demoted, 'qbr_overdue')).toBe('Closed by Keyline on 2026-06-15: the account moved from Tier 1 to Tier 2 (demoted by the capacity cap). Tier 2 accounts have no QBR rule.');
  });

  it('when a longer interval after a demotion puts the rule back on track, then the note gives the new due date', () => {
    const result = asTier('tier_2', 'tier_1', { activities: [anActivity({ occurredAt: daysAgo(20) })] });
    expect(note(result, 'touch_overdue')).toBe('Closed by Keyline on 2026-06-15: the account moved from Tier 1 to Tier 2 (set by override). Tier 2 accounts expect one every 30 days; it is due on 2026-06-25.');
  });

  it('when the task policy no longer makes such tasks, then the note says so', () => {
    const result = asTier('tier_3', 'tier_3', { contacts: [aContact({ buyingRoles: ['CHAMPION'], lastContactedAt: daysAgo(100) })] });
    expect(note(result, 'champion_dark')).toBe('Closed by Keyline on 2026-06-15: Keyline\'s task policy makes no "champion gone dark" tasks for Tier 3 accounts.');
  });

  it('when a missing role is now held by an engaged stakeholder, then the note names them', () => {
    const result = asTier('tier_3', 'tier_3', { contacts: [aContact({ firstName: 'Kim', lastName: 'Lee', buyingRoles: ['DECISION_MAKER'], lastContactedAt: daysAgo(3) })] });
    expect(note(result, 'missing_role:DECISION_MAKER')).toBe('Closed by Keyline on 2026-06-15: the gap is closed: Kim Lee holds the decision maker role and was touched on 2026-06-12.');
  });
});
