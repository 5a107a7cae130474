import { followUpOptions } from '../follow-up-options';
import { anAccountView } from '../../test-support/account-view-fixtures';

describe('follow-up options', () => {
  test('when the view carries no gaps, then overdue rules, missing roles and a dark champion become gaps, marked when a task is open', () => {
    const view = anAccountView({
      cadence: {
        status: 'overdue',
        rules: [
          { rule: 'touch', intervalDays: 14, last: null, due: '2026-10-01T00:00:00.000Z', status: 'overdue' },
          { rule: 'meeting', intervalDays: 30, last: null, due: '2026-12-01T00:00:00.000Z', status: 'due_soon' },
          { rule: 'channels', intervalDays: 90, last: null, due: null, status: 'overdue', channelsUsed: 1, channelsRequired: 2 },
        ],
      },
      coverage: { missingRoles: ['EXECUTIVE_SPONSOR'], flags: ['missing_roles', 'champion_dark'], darkChampionIds: ['502'] },
      openTasks: [{ taskId: 't1', gapKey: 'champion_dark', title: 'Keyline · Champion gone dark', createdAt: '2026-11-20T00:00:00.000Z' }],
    });

    expect(followUpOptions(view)).toEqual([
      { gapKey: 'touch_overdue', title: 'Check-in overdue', taskOpen: false },
      { gapKey: 'missing_role:EXECUTIVE_SPONSOR', title: 'No engaged executive sponsor', taskOpen: false },
      { gapKey: 'champion_dark', title: 'Champion gone dark', taskOpen: true },
    ]);
  });

  test('when the view carries gaps, then exactly those are offered', () => {
    const view = anAccountView({
      gaps: [{ key: 'meeting_overdue', kind: 'meeting_overdue', title: 'Meeting overdue', detail: 'No meeting for 41 days.' }],
    });

    expect(followUpOptions(view)).toEqual([{ gapKey: 'meeting_overdue', title: 'Meeting overdue', taskOpen: false }]);
  });
});
