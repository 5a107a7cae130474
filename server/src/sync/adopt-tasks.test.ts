/**
 * Adoption is pure: the Keyline tasks HubSpot holds + the ledger → the rows the ledger adopts. HubSpot is the truth
 * for which tasks exist; a pending intent is never settled here; an open row HubSpot no longer holds open is kept
 * unless another task of its key is open.
 */
import fc from 'fast-check';
import type { KeylineTaskFound } from '../hubspot/gateway';
import type { TaskLedgerEntry } from '../store/store';
import { parseTaskIdentity, planAdoption, startOfSyncDay } from './adopt-tasks';

const AT = new Date('2026-11-20T08:00:00Z');

function found(taskId: string, companyId: string, gapKey: string, over: Partial<KeylineTaskFound> = {}): KeylineTaskFound {
  return { taskId, marker: `keyline:gap=${companyId}/${gapKey}`, status: 'NOT_STARTED', createdAt: AT, ...over };
}

function row(companyId: string, gapKey: string, over: Partial<TaskLedgerEntry> = {}): TaskLedgerEntry {
  return {
    portalId: 'p',
    companyId,
    gapKey,
    taskId: 't-ledger',
    status: 'open',
    marker: `keyline:gap=${companyId}/${gapKey}`,
    subject: 's',
    runId: 'r1',
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}

describe('planAdoption', () => {
  it('when the ledger is empty, then every open Keyline task in HubSpot is adopted with its company, gap and date', () => {
    const plan = planAdoption([found('11', '1', 'qbr_overdue'), found('12', '1', 'missing_role:CHAMPION'), found('13', '2', 'touch_overdue', { status: 'IN_PROGRESS' })], []);
    expect(plan.adopt).toEqual([
      { companyId: '1', gapKey: 'qbr_overdue', taskId: '11', marker: 'keyline:gap=1/qbr_overdue', createdAt: AT },
      { companyId: '1', gapKey: 'missing_role:CHAMPION', taskId: '12', marker: 'keyline:gap=1/missing_role:CHAMPION', createdAt: AT },
      { companyId: '2', gapKey: 'touch_overdue', taskId: '13', marker: 'keyline:gap=2/touch_overdue', createdAt: AT },
    ]);
    expect(plan.replaced).toBe(0);
  });

  it('when the ledger already holds the open task, then nothing is adopted', () => {
    expect(planAdoption([found('11', '1', 'qbr_overdue')], [row('1', 'qbr_overdue', { taskId: '11' })]).adopt).toEqual([]);
  });

  it('when an intent is pending, then adoption leaves it to reconciliation, whatever HubSpot shows', () => {
    expect(planAdoption([found('11', '1', 'qbr_overdue')], [row('1', 'qbr_overdue', { status: 'pending', taskId: null })]).adopt).toEqual([]);
  });

  it('when an old ledger names a task since closed and HubSpot holds a newer open one, then the row takes the open one', () => {
    const plan = planAdoption([found('5', '1', 'qbr_overdue', { status: 'COMPLETED' }), found('20', '1', 'qbr_overdue')], [row('1', 'qbr_overdue', { taskId: '5' })]);
    expect(plan.adopt).toEqual([expect.objectContaining({ companyId: '1', gapKey: 'qbr_overdue', taskId: '20' })]);
    expect(plan.replaced).toBe(1);
  });

  it('when the ledger names a task HubSpot no longer holds open and no other is open, then the row is kept (a person completed or deleted it)', () => {
    expect(planAdoption([], [row('1', 'qbr_overdue', { taskId: '5' })]).adopt).toEqual([]);
    expect(planAdoption([found('5', '1', 'qbr_overdue', { status: 'COMPLETED' })], [row('1', 'qbr_overdue', { taskId: '5' })]).adopt).toEqual([]);
  });

  it('when a person completed today a task the ledger never knew, then it is adopted so the gap gets no new task today', () => {
    const plan = planAdoption([found('30', '4', 'touch_overdue', { status: 'COMPLETED' })], []);
    expect(plan.adopt).toEqual([expect.objectContaining({ companyId: '4', gapKey: 'touch_overdue', taskId: '30' })]);
  });

  it('when a task completed today is one the ledger recorded (Keyline closed it), then it is not adopted back', () => {
    expect(planAdoption([found('30', '4', 'touch_overdue', { status: 'COMPLETED' })], [], new Set(['30'])).adopt).toEqual([]);
  });

  it('when HubSpot holds an open task and a completed one of the same gap, then the open one is adopted', () => {
    const plan = planAdoption([found('40', '4', 'touch_overdue', { status: 'COMPLETED' }), found('41', '4', 'touch_overdue')], []);
    expect(plan.adopt.map((a) => a.taskId)).toEqual(['41']);
  });

  it('when HubSpot holds two open tasks of one gap, then the lowest id is adopted and the duplicate is reported', () => {
    const plan = planAdoption([found('100', '4', 'touch_overdue'), found('99', '4', 'touch_overdue')], []);
    expect(plan.adopt.map((a) => a.taskId)).toEqual(['99']);
    expect(plan.duplicates).toEqual(['keyline:gap=4/touch_overdue']);
  });

  it('when a task carries something that is not a Keyline identity, then it is never adopted', () => {
    expect(planAdoption([{ taskId: '1', marker: 'hello', status: null, createdAt: null }, { taskId: '2', marker: 'keyline:gap=/x', status: null, createdAt: null }], []).adopt).toEqual([]);
  });

  it('for any HubSpot state and ledger, then at most one row per company and gap, never over a pending intent, always an open task when one exists and the ledger does not hold one', () => {
    const key = fc.record({ c: fc.constantFrom('1', '2', '3'), g: fc.constantFrom('qbr_overdue', 'touch_overdue') });
    const task = fc.record({ k: key, id: fc.integer({ min: 1, max: 50 }), done: fc.boolean() });
    const ledgerRow = fc.record({ k: key, status: fc.constantFrom<'pending' | 'open'>('pending', 'open'), id: fc.integer({ min: 1, max: 50 }) });
    fc.assert(
      fc.property(fc.uniqueArray(task, { selector: (t) => t.id }), fc.uniqueArray(ledgerRow, { selector: (r) => `${r.k.c}/${r.k.g}` }), (tasks, rows) => {
        const foundTasks = tasks.map((t) => found(String(t.id), t.k.c, t.k.g, { status: t.done ? 'COMPLETED' : 'NOT_STARTED' }));
        const ledger = rows.map((r) => row(r.k.c, r.k.g, { status: r.status, taskId: r.status === 'pending' ? null : String(r.id) }));
        const plan = planAdoption(foundTasks, ledger);
        const keys = plan.adopt.map((a) => `${a.companyId}/${a.gapKey}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const a of plan.adopt) {
          const r = rows.find((x) => `${x.k.c}/${x.k.g}` === `${a.companyId}/${a.gapKey}`);
          expect(r?.status).not.toBe('pending');
          expect(tasks.some((t) => String(t.id) === a.taskId && t.k.c === a.companyId && t.k.g === a.gapKey)).toBe(true);
        }
        // Every key with an open HubSpot task ends with the ledger naming an open task of that key (or a pending intent).
        for (const t of tasks.filter((x) => !x.done)) {
          const k = `${t.k.c}/${t.k.g}`;
          const r = rows.find((x) => `${x.k.c}/${x.k.g}` === k);
          const named = plan.adopt.find((a) => `${a.companyId}/${a.gapKey}` === k)?.taskId ?? (r?.status === 'open' ? String(r.id) : null);
          if (r?.status === 'pending') continue;
          expect(tasks.some((x) => !x.done && String(x.id) === named && `${x.k.c}/${x.k.g}` === k)).toBe(true);
        }
      }),
    );
  });
});

describe('parseTaskIdentity', () => {
  it('when given an identity, then its company and gap key (which may hold a colon) come back', () => {
    expect(parseTaskIdentity('keyline:gap=123/missing_role:CHAMPION')).toEqual({ companyId: '123', gapKey: 'missing_role:CHAMPION' });
    expect(parseTaskIdentity('keyline:gap=123')).toBeNull();
  });
});

describe('startOfSyncDay', () => {
  it('when the sync day is in a zone ahead of or behind UTC, then the day starts at that zone’s midnight', () => {
    expect(startOfSyncDay(new Date('2026-11-20T10:00:00Z'), 'UTC').toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(startOfSyncDay(new Date('2026-11-20T10:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-11-19T23:00:00.000Z');
    expect(startOfSyncDay(new Date('2026-11-20T03:00:00Z'), 'America/New_York').toISOString()).toBe('2026-11-19T05:00:00.000Z');
    expect(startOfSyncDay(new Date('2026-11-20T10:00:00Z'), 'Asia/Kolkata').toISOString()).toBe('2026-11-19T18:30:00.000Z');
  });
});
