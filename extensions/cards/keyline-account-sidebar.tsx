/** The compact Keyline card in the company record's sidebar (crm.record.sidebar): tier, score, coverage, cadence. */
import { DescriptionList, DescriptionListItem, Flex, ProgressBar, StatusTag, Tag, Text } from '@hubspot/ui-extensions';
import { useAccount } from '../hooks/use-account';
import { cadenceStatusLabel, cadenceStatusVariant, formatPoints, tierLabel, tierVariant } from '../ui/labels';
import { AccountError, AccountLoading, AccountNotComputed } from './account-states';
import type { KeylineCardProps } from './keyline-account-tab';
import { RenewalAtRisk } from './sections/outcomes';

export function KeylineAccountSidebar({ context, actions }: KeylineCardProps) {
  const { state, pending, retry, recompute } = useAccount(String(context.crm.objectId), actions);

  switch (state.status) {
    case 'loading':
      return <AccountLoading />;
    case 'error':
      return <AccountError message={state.message} onRetry={retry} />;
    case 'not_computed':
      return <AccountNotComputed computing={pending === 'recompute'} onCompute={() => void recompute()} />;
    case 'ready': {
      const { tier, coverage, cadence } = state.account;
      return (
        <Flex direction="column" gap="sm">
          <Flex direction="row" gap="xs" align="center" wrap>
            <Tag variant={tierVariant(tier.tier)} testId="tier-badge">
              {tierLabel(tier.tier)}
            </Tag>
            {tier.override !== null && <StatusTag variant="info" testId="override-tag">Override</StatusTag>}
            {tier.nearMiss && <StatusTag variant="warning" testId="near-miss-tag">Near-miss</StatusTag>}
          </Flex>
          <DescriptionList direction="row">
            <DescriptionListItem label="Score">
              <Text testId="score">{formatPoints(tier.score)}</Text>
            </DescriptionListItem>
            <DescriptionListItem label="Cadence">
              <StatusTag variant={cadenceStatusVariant(cadence.status)} testId="cadence-status">
                {cadenceStatusLabel(cadence.status)}
              </StatusTag>
            </DescriptionListItem>
          </DescriptionList>
          <ProgressBar
            title="Stakeholder coverage"
            value={coverage.score}
            maxValue={100}
            showPercentage
            variant={coverage.flags.includes('single_threaded') ? 'danger' : coverage.score >= 60 ? 'success' : 'warning'}
            testId="coverage"
          />
          {coverage.flags.includes('single_threaded') && (
            <StatusTag variant="danger" testId="single-threaded-tag">Single-threaded</StatusTag>
          )}
          <RenewalAtRisk renewal={state.account.outcomes?.renewal} />
        </Flex>
      );
    }
  }
}
