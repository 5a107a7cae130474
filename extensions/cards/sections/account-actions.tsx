/**
 * What an account manager can do from the card: recompute now, create a follow-up task for a gap, and set or clear
 * the tier override. Open Keyline tasks are listed so nobody creates the same follow-up twice.
 */
import { useState } from 'react';
import {
  Button,
  Flex,
  Heading,
  Input,
  List,
  LoadingButton,
  Select,
  Text,
} from '@hubspot/ui-extensions';
import { GENERAL_FOLLOW_UP_GAP_KEY, tierSchema, type AccountView, type CreateTaskRequest, type TierValue } from '@keyline/contract/account-view';
import type { AccountAction } from '../../hooks/use-account';
import { formatDay, TIER_ORDER, tierLabel } from '../../ui/labels';
import { followUpOptions } from '../follow-up-options';

export const GENERAL_FOLLOW_UP = 'general';

export interface AccountActionsProps {
  account: AccountView;
  pending: AccountAction | null;
  onRecompute: () => void;
  onCreateTask: (request: CreateTaskRequest) => void;
  onSetOverride: (tier: TierValue | null) => void;
}

export function AccountActions({ account, pending, onRecompute, onCreateTask, onSetOverride }: AccountActionsProps) {
  const options = followUpOptions(account);
  const [followUp, setFollowUp] = useState<string>(options.find((o) => !o.taskOpen)?.gapKey ?? GENERAL_FOLLOW_UP);
  const [followUpTitle, setFollowUpTitle] = useState('');
  const [overrideTier, setOverrideTier] = useState<TierValue>(account.tier.override ?? account.tier.computedTier);
  const busy = pending !== null;

  const defaultTitle = `Follow up with ${account.companyName}`;
  const createTask = () => {
    // A general follow-up is the manager's own task, in their words: Keyline never completes it.
    onCreateTask(
      followUp === GENERAL_FOLLOW_UP
        ? { gapKey: GENERAL_FOLLOW_UP_GAP_KEY, title: followUpTitle.trim().slice(0, 200) || defaultTitle }
        : { gapKey: followUp },
    );
  };

  return (
    <Flex direction="column" gap="sm">
      <Heading>Actions</Heading>
      <Flex direction="row" gap="sm" align="end" wrap>
        <LoadingButton
          variant="primary"
          loading={pending === 'recompute'}
          disabled={busy && pending !== 'recompute'}
          onClick={onRecompute}
          testId="recompute"
        >
          Recompute now
        </LoadingButton>
      </Flex>

      <Flex direction="row" gap="sm" align="end" wrap>
        <Select
          label="Follow-up task"
          name="follow-up"
          value={followUp}
          onChange={(value) => setFollowUp(String(value))}
          options={[
            ...options.map((option) => ({
              label: option.taskOpen ? `${option.title} (task open)` : option.title,
              value: option.gapKey,
            })),
            { label: 'General follow-up', value: GENERAL_FOLLOW_UP },
          ]}
          testId="follow-up-select"
        />
        {followUp === GENERAL_FOLLOW_UP && (
          <Input
            label="What to follow up on"
            name="follow-up-title"
            placeholder={defaultTitle}
            value={followUpTitle}
            onChange={(text) => setFollowUpTitle(String(text))}
            testId="follow-up-title"
          />
        )}
        <LoadingButton
          loading={pending === 'task'}
          disabled={busy && pending !== 'task'}
          onClick={createTask}
          testId="create-task"
        >
          Create follow-up task
        </LoadingButton>
      </Flex>

      {account.openTasks.length > 0 && (
        <Flex direction="column" gap="xs" testId="open-tasks">
          <Text format={{ fontWeight: 'demibold' }}>Open Keyline tasks</Text>
          <List variant="unordered-styled">
            {account.openTasks.map((task) => (
              <Text key={task.taskId}>{`${task.title} (since ${formatDay(task.createdAt)})`}</Text>
            ))}
          </List>
        </Flex>
      )}

      <Flex direction="row" gap="sm" align="end" wrap>
        <Select
          label="Tier override"
          name="tier-override"
          value={overrideTier}
          onChange={(value) => {
            const parsed = tierSchema.safeParse(value);
            if (parsed.success) setOverrideTier(parsed.data);
          }}
          options={TIER_ORDER.map((tier) => ({ label: tierLabel(tier), value: tier }))}
          testId="override-select"
        />
        <LoadingButton
          loading={pending === 'override'}
          disabled={busy && pending !== 'override'}
          onClick={() => onSetOverride(overrideTier)}
          testId="set-override"
        >
          Set override
        </LoadingButton>
        {account.tier.override !== null && (
          <Button variant="secondary" disabled={busy} onClick={() => onSetOverride(null)} testId="clear-override">
            Clear override
          </Button>
        )}
      </Flex>
    </Flex>
  );
}
