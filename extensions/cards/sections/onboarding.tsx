/**
 * A new customer's onboarding (issue #16, part 3): progress through the checklist Keyline follows after the first won
 * deal, and each item with its due date — done (by a meeting seen in HubSpot, or by the person), open or overdue.
 * Shows nothing for an account that is not onboarding.
 */
import { Divider, Flex, Heading, List, ProgressBar, StatusTag, Text } from '@hubspot/ui-extensions';
import type { AccountView } from '@keyline/contract/account-view';
import type { OnboardingItemView } from '@keyline/contract/onboarding-view';
import { formatDay } from '../../ui/labels';

const STATE_VARIANT = { done: 'success', open: 'default', overdue: 'danger' } as const;

function itemWords(item: OnboardingItemView): string {
  if (item.state === 'done' && item.doneAt !== null) {
    return item.doneBy === 'person' ? `done on ${formatDay(item.doneAt)} (task completed)` : `done on ${formatDay(item.doneAt)} (seen in HubSpot)`;
  }
  const due = `${item.state === 'overdue' ? 'overdue since' : 'due'} ${formatDay(item.dueAt)}`;
  return item.taskDeleted ? `${due} · task deleted` : due;
}

export function Onboarding({ account }: { account: AccountView }) {
  const onboarding = account.onboarding;
  if (onboarding === undefined) return null;
  return (
    <>
      <Flex direction="column" gap="sm">
        <Heading>Onboarding</Heading>
        <Text variant="microcopy">{`New customer since ${formatDay(onboarding.wonAt)}`}</Text>
        <ProgressBar
          value={onboarding.done}
          maxValue={Math.max(1, onboarding.total)}
          showPercentage={false}
          valueDescription={`${onboarding.done} of ${onboarding.total} done${onboarding.overdue > 0 ? `, ${onboarding.overdue} overdue` : ''}`}
          variant={onboarding.overdue > 0 ? 'danger' : 'success'}
          testId="onboarding-progress"
        />
        <List variant="unordered-styled">
          {onboarding.items.map((item) => (
            <Flex key={item.key} direction="row" gap="xs" align="center">
              <StatusTag variant={STATE_VARIANT[item.state]} testId={`onboarding-${item.key}`}>
                {item.state === 'done' ? 'Done' : item.state === 'overdue' ? 'Overdue' : 'Open'}
              </StatusTag>
              <Text>{`${item.label}: ${itemWords(item)}`}</Text>
            </Flex>
          ))}
        </List>
      </Flex>
      <Divider />
    </>
  );
}
