/** Where the rhythm stands: each cadence rule with last/due/status, and the channel mix of the last 90 days. */
import {
  BarChart,
  Flex,
  Heading,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { AccountView } from '@keyline/contract/account-view';
import { cadenceRuleLabel, cadenceStatusLabel, cadenceStatusVariant, formatDay } from '../../ui/labels';

type Rule = AccountView['cadence']['rules'][number];

function ruleExpectation(rule: Rule): string {
  if (rule.rule === 'channels') {
    return `${rule.channelsUsed ?? 0} of ${rule.channelsRequired ?? 0} channels`;
  }
  return `every ${rule.intervalDays} days`;
}

export function Cadence({ account }: { account: AccountView }) {
  const { cadence } = account;
  const mix = [
    { channel: 'Calls', touches: cadence.channelMix.call },
    { channel: 'Emails', touches: cadence.channelMix.email },
    { channel: 'Meetings', touches: cadence.channelMix.meeting },
  ];
  return (
    <Flex direction="column" gap="sm">
      <Flex direction="row" gap="sm" align="center">
        <Heading>Cadence</Heading>
        <StatusTag variant={cadenceStatusVariant(cadence.status)} testId="cadence-status">
          {cadenceStatusLabel(cadence.status)}
        </StatusTag>
      </Flex>
      <Text variant="microcopy">
        {`Last touch ${formatDay(cadence.lastTouchAt)} · last QBR ${formatDay(cadence.lastQbrAt)} · next touch due ${formatDay(cadence.nextTouchDue)}`}
      </Text>
      <Table bordered density="condensed" testId="cadence-rules">
        <TableHead>
          <TableRow>
            <TableHeader>Rule</TableHeader>
            <TableHeader>Expected</TableHeader>
            <TableHeader>Last</TableHeader>
            <TableHeader>Due</TableHeader>
            <TableHeader>Status</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {cadence.rules.map((rule) => (
            <TableRow key={rule.rule}>
              <TableCell>{cadenceRuleLabel(rule.rule)}</TableCell>
              <TableCell>{ruleExpectation(rule)}</TableCell>
              <TableCell>{formatDay(rule.last)}</TableCell>
              <TableCell>{rule.rule === 'channels' ? '—' : formatDay(rule.due)}</TableCell>
              <TableCell>
                <StatusTag variant={cadenceStatusVariant(rule.status)} testId={`rule-status-${rule.rule}`}>
                  {cadenceStatusLabel(rule.status)}
                </StatusTag>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <BarChart
        data={mix}
        axes={{
          x: { field: 'channel', fieldType: 'category', label: 'Channel' },
          y: { field: 'touches', fieldType: 'linear', label: 'Touches in 90 days' },
        }}
        options={{ title: 'Channel mix (last 90 days)', showDataLabels: true }}
        testId="channel-mix"
      />
    </Flex>
  );
}
