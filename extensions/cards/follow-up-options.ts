/**
 * Which follow-up tasks the card offers: the account's gaps (from the view, or derived from its cadence rules and
 * coverage when the backend does not send them), each marked when an open Keyline task already covers it.
 */
import type { AccountView } from '@keyline/contract/account-view';
import { roleLabel } from '../ui/labels';

export interface FollowUpOption {
  gapKey: string;
  title: string;
  taskOpen: boolean;
}

const OVERDUE_GAPS = {
  touch: { key: 'touch_overdue', title: 'Check-in overdue' },
  meeting: { key: 'meeting_overdue', title: 'Meeting overdue' },
  qbr: { key: 'qbr_overdue', title: 'QBR overdue' },
} as const;

function deriveGaps(account: AccountView): { key: string; title: string }[] {
  const cadenceGaps = account.cadence.rules.flatMap((rule) =>
    rule.status === 'overdue' && rule.rule !== 'channels' ? [OVERDUE_GAPS[rule.rule]] : [],
  );
  const roleGaps = account.coverage.missingRoles.map((role) => ({
    key: `missing_role:${role}`,
    title: `No engaged ${roleLabel(role).toLowerCase()}`,
  }));
  const championGaps = account.coverage.flags.includes('champion_dark')
    ? [{ key: 'champion_dark', title: 'Champion gone dark' }]
    : [];
  return [...cadenceGaps, ...roleGaps, ...championGaps];
}

export function followUpOptions(account: AccountView): FollowUpOption[] {
  const openGapKeys = new Set(account.openTasks.map((task) => task.gapKey));
  const gaps = account.gaps ?? deriveGaps(account);
  return gaps.map((gap) => ({ gapKey: gap.key, title: gap.title, taskOpen: openGapKeys.has(gap.key) }));
}
