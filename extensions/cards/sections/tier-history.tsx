/** How the account's score and tier moved over time. */
import { Flex, Heading, LineChart, Text } from '@hubspot/ui-extensions';
import type { AccountView } from '@keyline/contract/account-view';
import { tierLabel } from '../../ui/labels';

export function TierHistory({ account }: { account: AccountView }) {
  const points = [...account.tierHistory].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Flex direction="column" gap="sm">
      <Heading>Tier history</Heading>
      {points.length < 2 ? (
        <Text testId="tier-history-empty">Not enough history yet: the chart appears after the second nightly run.</Text>
      ) : (
        <LineChart
          data={points.map((point) => ({ date: point.at, score: point.score, tier: tierLabel(point.tier) }))}
          axes={{
            x: { field: 'date', fieldType: 'datetime', label: 'Date' },
            y: { field: 'score', fieldType: 'linear', label: 'Score' },
          }}
          options={{ title: 'Score over time', showTooltips: true }}
          testId="tier-history"
        />
      )}
    </Flex>
  );
}
