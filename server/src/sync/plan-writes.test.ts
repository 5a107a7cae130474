/**
 * The write plan is pure: computed result + HubSpot's current values + the task ledger → what to write.
 */
import fc from 'fast-check';
import { DEFAULT_SCORING_MODEL, scoreAccount } from '../domain';
import type { AccountResult } from '../domain/types';
import { toCompanyProperties } from '../hubspot/to-company-properties';
import type { TaskLedgerEntry } from '../store/store';
import { addToSummary, emptyPlanSummary, planAccountWrites, taskMarker, type PlanContext } from './plan-writes';
import { anAccount, aCompany, TEST_NOW } from '../../../test/factories/accounts';

const ctx: PlanContext = {
  knownOwnerIds: new Set(['owner-1']),
  fallbackOwnerId: '999',
  now: TEST_NOW,
  createFor: () => true,
};

function scored(overrides: Parameters<typeof anAccount>[0] = {}): AccountResult {
  return scoreAccount(anAccount(overrides), DEFAULT_SCORING_MODEL, TEST_NOW);
}

function ledger(companyId: string, gapKey: string, over: Partial<TaskLedgerEntry> = {}): TaskLedgerEntry {
  return {
    portalId: 'p',
    companyId,
    gapKey,
    taskId: 't-1',
    status: 'open',
    marker: taskMarker(companyId, gapKey),
    subject: 's',
    runId: null,
    createdAt: TEST_NOW,
    updatedAt: TEST_NOW,
    ...over,
  };
}

describe('planAccountWrites', () => {
  it('when HubSpot holds nothing yet, then every written property is planned and the override never is', () => {
    const result = scored();
    const plan = planAccountWrites(result, {}, [], ctx);
    const props = plan.changes.map((c) => c.property);
    expect(props).toContain('keyline_tier');
    expect(props).not.toContain('keyline_tier_override');
    expect(plan.changes.every((c) => c.from === null)).toBe(true);
  });

  it('when HubSpot already holds the computed values (in its own formatting), then nothing is planned', () => {
    const result = scored();
    const current = { ...toCompanyProperties(result) } as Record<string, string | null>;
    // HubSpot echoes numbers with trailing zeros and dates as midnight timestamps.
    current['keyline_score'] = `${Number(current['keyline_score']).toFixed(2)}`;
    if (current['keyline_next_touch_due']) current['keyline_next_touch_due'] = `${current['keyline_next_touch_due']}T00:00:00.000Z`;
    const empty = Object.entries(current).filter(([, v]) => v === '').map(([k]) => k);
    for (const k of empty) current[k] = null;
    const plan = planAccountWrites(result, current, result.gaps.map((g) => ledger(result.companyId, g.key)), ctx);
    expect(plan).toMatchObject({ changes: [], create: [], close: [] });
  });

  it('when one value differs, then only that value is planned, with its old and new value', () => {
    const result = scored();
    const current = { ...toCompanyProperties(result), keyline_tier: 'tier_1' } as Record<string, string>;
    const plan = planAccountWrites(result, current, [], { ...ctx });
    expect(plan.changes).toEqual([{ property: 'keyline_tier', from: 'tier_1', to: result.tier.tier }]);
  });

  it('when a gap has no task yet, then one task is planned with the marker, owner, priority, due today and subject', () => {
    const result = scored({ company: aCompany({ name: 'Acme Corp', ownerId: 'owner-1' }) });
    expect(result.gaps.length).toBeGreaterThan(0);
    const plan = planAccountWrites(result, {}, [], ctx);
    const gap = result.gaps[0]!;
    const task = plan.create.find((t) => t.gapKey === gap.key)!;
    expect(task).toMatchObject({
      companyId: result.companyId,
      marker: `keyline:gap=${result.companyId}/${gap.key}`,
      ownerId: 'owner-1',
      dueAt: TEST_NOW,
    });
    expect(task.subject).toBe(`Keyline · ${gap.title} — Acme Corp`);
    expect(task.body).toContain(`<p><strong>${gap.title}</strong>: `);
    expect(task.body).not.toContain(task.marker);
  });

  it('when the task budget allows only some gaps, then only those become tasks, and with no budget given none does', () => {
    const result = scored({ company: aCompany({ ownerId: 'owner-1' }) });
    expect(result.gaps.length).toBeGreaterThan(0);
    const first = result.gaps[0]!.key;
    expect(planAccountWrites(result, {}, [], { ...ctx, createFor: (key) => key === first }).create.map((t) => t.gapKey)).toEqual([first]);
    const { createFor: _all, ...noBudget } = ctx;
    expect(planAccountWrites(result, {}, [], noBudget).create).toEqual([]);
  });

  it('when the owner is unknown to HubSpot, then the task goes to the fallback owner', () => {
    const result = scored({ company: aCompany({ ownerId: '79999999' }) });
    const plan = planAccountWrites(result, {}, [], ctx);
    expect(plan.create.every((t) => t.ownerId === '999')).toBe(true);
  });

  it('when a task is pending or open for a gap, then no second task is planned', () => {
    const result = scored();
    const active = result.gaps.map((g, i) => ledger(result.companyId, g.key, i % 2 === 0 ? { status: 'pending', taskId: null } : {}));
    expect(planAccountWrites(result, {}, active, ctx).create).toEqual([]);
  });

  it('when a gap closed, then its open task is closed with a note; ad-hoc follow-ups and pending intents are left alone', () => {
    const result = scored();
    const plan = planAccountWrites(
      result,
      {},
      [ledger(result.companyId, 'qbr_overdue_gone'), ledger(result.companyId, 'touch_overdue:x'), ledger(result.companyId, 'follow_up'), ledger(result.companyId, 'champion_dark', { status: 'pending', taskId: null })].filter(
        (t) => !result.gaps.some((g) => g.key === t.gapKey),
      ),
      ctx,
    );
    expect(plan.close.map((c) => c.gapKey)).toEqual(['touch_overdue:x']);
    expect(plan.close[0]?.note).toBe('Closed by Keyline on 2026-06-15: the gap is no longer open.');
  });

  it('when planned twice over the state the first plan produced, then the second plan is empty (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: 400 }), (revenue, days) => {
        const result = scored({ company: aCompany({ annualRevenue: revenue * 1000, lastContactedAt: new Date(TEST_NOW.getTime() - days * 86_400_000) }) });
        const first = planAccountWrites(result, {}, [], ctx);
        const after = Object.fromEntries(first.changes.map((c) => [c.property, c.to]));
        const active = first.create.map((t) => ledger(t.companyId, t.gapKey));
        const second = planAccountWrites(result, after, active, ctx);
        return second.changes.length === 0 && second.create.length === 0 && second.close.length === 0;
      }),
      { numRuns: 50 },
    );
  });

  it('when plans are summarised, then counts per property and gap kind add up and samples are capped', () => {
    let summary = emptyPlanSummary();
    for (let i = 0; i < 15; i++) summary = addToSummary(summary, planAccountWrites(scored(), {}, [], ctx), 3);
    expect(summary.companies).toBe(15);
    expect(summary.changesByProperty['keyline_tier']).toBe(15);
    expect(summary.samples).toHaveLength(3);
    expect(Object.values(summary.tasksByKind).reduce((a, b) => a + b, 0)).toBe(summary.tasksToCreate);
  });
});
