/**
 * What needs attention: the account's gaps (spec §3.2) and what Keyline made of each — a task is open, or it waits in
 * the owner's line because of the daily task budget (with its place), or it makes no task under the model's task
 * policy. Queued gaps are shown so that nothing is hidden, without adding to the owner's task list.
 */
import { Flex, Heading, StatusTag, Text } from '@hubspot/ui-extensions';
import type { AccountView, GapView } from '@keyline/contract/account-view';

function taskState(gap: GapView): { label: string; variant: 'success' | 'warning' | 'default' } {
  if (gap.task?.state === 'open') return { label: 'Task open', variant: 'success' };
  if (gap.task?.state === 'queued') return { label: `Queued · ${ordinal(gap.task.rank)} in the owner's line`, variant: 'warning' };
  return { label: 'No Keyline task', variant: 'default' };
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

export function Gaps({ account }: { account: AccountView }) {
  const gaps = account.gaps;
  // An older backend sends no gaps: the cadence and stakeholder sections still show the facts.
  if (gaps === undefined) return null;
  const open = gaps.filter((g) => g.task?.state === 'open').length;
  const queued = gaps.filter((g) => g.task?.state === 'queued').length;
  return (
    <Flex direction="column" gap="sm">
      <Heading>What needs attention</Heading>
      {gaps.length === 0 ? (
        <Text testId="gaps-none">No gaps: stakeholder coverage and cadence are where this tier needs them.</Text>
      ) : (
        <>
          <Text variant="microcopy" testId="gaps-summary">
            {`${gaps.length} ${gaps.length === 1 ? 'gap' : 'gaps'} · ${open} with an open task · ${queued} queued (Keyline creates a few tasks a day per owner, most important first)`}
          </Text>
          {gaps.map((gap) => {
            const state = taskState(gap);
            return (
              <Flex key={gap.key} direction="column" gap="xs">
                <Flex direction="row" gap="sm" align="center">
                  <Text format={{ fontWeight: 'bold' }}>{gap.title}</Text>
                  <StatusTag variant={state.variant} testId={`gap-state-${gap.key}`}>
                    {state.label}
                  </StatusTag>
                </Flex>
                <Text variant="microcopy">{gap.detail}</Text>
              </Flex>
            );
          })}
        </>
      )}
    </Flex>
  );
}
