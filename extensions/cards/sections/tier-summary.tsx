/** The verdict: tier badge (and override), score, confidence, near-miss with what would close the gap, capacity. */
import { Alert, Flex, List, Statistics, StatisticsItem, StatusTag, Tag, Text } from '@hubspot/ui-extensions';
import type { AccountView } from '@keyline/contract/account-view';
import { confidenceLabel, formatDay, formatPoints, tierLabel, tierVariant } from '../../ui/labels';

export function TierSummary({ account }: { account: AccountView }) {
  const { tier, coverage } = account;
  return (
    <Flex direction="column" gap="sm">
      <Flex direction="row" gap="sm" align="center" wrap>
        <Tag variant={tierVariant(tier.tier)} testId="tier-badge">
          {tierLabel(tier.tier)}
        </Tag>
        {tier.override !== null && (
          <StatusTag variant="info" testId="override-tag">
            {`Override · computed ${tierLabel(tier.computedTier)}`}
          </StatusTag>
        )}
        <Text variant="microcopy">
          {`${confidenceLabel(tier.confidence)} · computed ${formatDay(account.computedAt)} · model ${account.modelVersion}`}
        </Text>
      </Flex>
      <Statistics>
        <StatisticsItem label="Score" number={formatPoints(tier.score)} testId="score" />
        <StatisticsItem label="Stakeholder coverage" number={formatPoints(coverage.score)} testId="coverage-score" />
        <StatisticsItem label="Engaged stakeholders" number={coverage.engagedStakeholders} />
      </Statistics>
      <Text testId="reasons">{tier.reasons}</Text>
      {tier.nearMiss && tier.nextTier !== null && (
        <Alert
          variant="tip"
          title={`Near-miss: ${formatPoints(tier.nextTierGap ?? 0)} points below ${tierLabel(tier.nextTier)}`}
          testId="near-miss"
        >
          <Text>What would close the gap:</Text>
          <List variant="unordered-styled">
            {tier.closeTheGap.map((suggestion) => (
              <Text key={suggestion.criterion}>{`${suggestion.text} (+${formatPoints(suggestion.scoreGain)} points)`}</Text>
            ))}
          </List>
        </Alert>
      )}
      {tier.ownerOverCapacity && (
        <Alert variant="warning" title="Owner over capacity" testId="over-capacity">
          {`${account.ownerName ?? 'The account owner'} holds more Tier 1 accounts than the configured maximum.`}
        </Alert>
      )}
      {tier.demotedByCapacity && (
        <Alert variant="info" title="Demoted by the capacity policy" testId="demoted-by-capacity">
          {`The score qualifies for Tier 1, but ${account.ownerName ?? 'the owner'} is over capacity and this is among their lowest-scoring Tier 1 accounts.`}
        </Alert>
      )}
    </Flex>
  );
}
