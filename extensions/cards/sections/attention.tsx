/**
 * The account's share of its owner's time (issue #16, part 1), compact: "x% of <owner>'s time for y% of their book's
 * value" over the attention window, the hours and touches behind it, who else of ours spends time on it, and the reason
 * when it matters (over- or under-served, owner over capacity or gone, missing data). Unknown figures say so and lower
 * the confidence; they never read as bad news.
 */
import { Flex, Heading, StatusTag, Text } from '@hubspot/ui-extensions';
import type { AccountAttentionView } from '@keyline/contract/account-attention-view';
import type { AccountView } from '@keyline/contract/account-view';
import { confidenceLabel, formatDay } from '../../ui/labels';

const pct = (share: number) => `${Math.round(share * 100)}%`;

/** 95 → "1.6 h", 30 → "30 min". */
export function formatMinutes(minutes: number): string {
  return minutes < 60 ? `${Math.round(minutes)} min` : `${Math.round(minutes / 6) / 10} h`;
}

/** The one sentence: the account's share of the owner's time against its share of the book's value. */
export function attentionSentence(a: AccountAttentionView): string {
  const owner = a.ownerName ?? 'the owner';
  if (a.ownerId === null) return 'This account has no owner, so it has no share of anyone’s time to show.';
  if (a.attentionShare === null) return `${owner} logged no touches in the last ${a.windowDays} days, so this account’s share of their time is not known.`;
  const value = a.valueShare === null ? 'their book’s value is not known' : `${pct(a.valueShare)} of their book’s value`;
  return a.valueShare === null ? `${pct(a.attentionShare)} of ${owner}’s time (${value})` : `${pct(a.attentionShare)} of ${owner}’s time for ${value}`;
}

const SERVICE = {
  over_served: { label: 'Over-served', variant: 'warning' },
  under_served: { label: 'Under-served', variant: 'danger' },
} as const;

export function Attention({ account }: { account: AccountView }) {
  const a = account.attention;
  if (a === undefined) {
    return (
      <Flex direction="column" gap="xs" testId="attention">
        <Heading>Attention</Heading>
        <Text testId="attention-sentence">The share of the owner’s time is measured at the end of the next sync.</Text>
      </Flex>
    );
  }
  const service = a.service === 'over_served' || a.service === 'under_served' ? SERVICE[a.service] : null;
  const touches = `${a.ownerTouches} touch${a.ownerTouches === 1 ? '' : 'es'}`;
  return (
    <Flex direction="column" gap="xs" testId="attention">
      <Flex direction="row" gap="sm" align="center">
        <Heading>Attention</Heading>
        {service !== null ? (
          <StatusTag variant={service.variant} testId="attention-service">
            {service.label}
          </StatusTag>
        ) : null}
        {a.ownerOverCapacity ? (
          <StatusTag variant="warning" testId="attention-capacity">
            Owner over capacity
          </StatusTag>
        ) : null}
      </Flex>
      <Text format={{ fontWeight: 'demibold' }} testId="attention-sentence">
        {attentionSentence(a)}
      </Text>
      {a.ownerId !== null ? (
        <Text testId="attention-hours">
          {`${a.ownerName ?? 'The owner'}: ${formatMinutes(a.ownerMinutes)} over ${touches} here in ${a.windowDays} days (${a.ownerHoursPerWeek} of ${a.capacityHoursPerWeek} h/week on all accounts)`}
        </Text>
      ) : null}
      {a.others.length > 0 ? (
        <Text testId="attention-others">{`Also on it: ${a.others.map((p) => `${p.name} ${formatMinutes(p.minutes)}`).join(', ')}`}</Text>
      ) : null}
      {a.reason !== null ? <Text testId="attention-reason">{`Why: ${a.reason}`}</Text> : null}
      <Text variant="microcopy">{`Measured ${formatDay(a.measuredAt)} · ${confidenceLabel(a.confidence)}`}</Text>
    </Flex>
  );
}
