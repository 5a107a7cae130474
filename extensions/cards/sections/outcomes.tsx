/**
 * What came of the account (issue #15): retention, expansion, the next renewal and why it is at risk, NPS and CSAT
 * (latest and trend), share of wallet with the headroom and the best products not bought yet. Unknown figures read
 * "unknown", never 0. Nothing shows for an account stored before outcomes were computed.
 */
import {
  DescriptionList,
  DescriptionListItem,
  Flex,
  Heading,
  List,
  ProgressBar,
  Statistics,
  StatisticsItem,
  StatisticsTrend,
  StatusTag,
  Text,
} from '@hubspot/ui-extensions';
import type { AccountView } from '@keyline/contract/account-view';
import type { OutcomesView, SurveyView } from '@keyline/contract/outcomes-view';
import { confidenceLabel, formatDay } from '../../ui/labels';

/** Whitespace products shown on the card (the view carries up to 10). */
const TOP_WHITESPACE = 3;

/** 48000 → "$48k", 1250000 → "$1.3M", 950 → "$950". */
export function formatMoney(amount: number): string {
  const abs = Math.abs(amount);
  const sign = amount < 0 ? '-' : '';
  if (abs < 1_000) return `${sign}$${Math.round(abs)}`;
  if (abs < 1_000_000) return `${sign}$${Math.round(abs / 100) / 10}k`;
  return `${sign}$${Math.round(abs / 100_000) / 10}M`;
}

/** 0.857 → "85.7%". */
function formatRate(fraction: number | null): string {
  return fraction === null ? 'n/a' : `${Math.round(fraction * 1000) / 10}%`;
}

const RISK_VARIANT = { high: 'danger', medium: 'warning', low: 'success' } as const;
const RISK_LABEL = { high: 'High risk', medium: 'Medium risk', low: 'Low risk' } as const;

function SurveyItem({ name, survey, testId }: { name: 'NPS' | 'CSAT'; survey: SurveyView; testId: string }) {
  const score = survey.score === null ? 'no answers' : name === 'NPS' ? (survey.score > 0 ? `+${survey.score}` : String(survey.score)) : `${survey.score}%`;
  return (
    <StatisticsItem label={`${name} (${survey.responses} answers, 12 months)`} number={score} testId={testId}>
      {survey.trend !== null && survey.trend !== 0 ? (
        <StatisticsTrend direction={survey.trend > 0 ? 'increase' : 'decrease'} color={survey.trend > 0 ? 'green' : 'red'} value={`${Math.abs(survey.trend)} points`} />
      ) : null}
      {survey.latest !== null ? <Text variant="microcopy">{`Latest ${survey.latest.score}${name === 'CSAT' ? '/5' : ''} on ${formatDay(survey.latest.at)}`}</Text> : null}
    </StatisticsItem>
  );
}

function retentionWords(r: OutcomesView['retention']): string {
  if (r.grr === null || r.nrr === null) return r.movement === 'new' ? 'New recurring revenue this year' : 'No recurring revenue the year before';
  return `GRR ${formatRate(r.grr)} · NRR ${formatRate(r.nrr)}`;
}

function Renewal({ renewal }: { renewal: OutcomesView['renewal'] }) {
  if (renewal.date === null) return <Text testId="renewal">No renewal known (no open renewal deal, no contract end date).</Text>;
  const source = renewal.source === 'renewal_deal' ? 'renewal deal' : 'contract end';
  return (
    <Flex direction="column" gap="xs">
      <Flex direction="row" gap="sm" align="center">
        <Text testId="renewal">{`Renewal ${formatDay(renewal.date)} (${source})`}</Text>
        {renewal.risk !== null ? (
          <StatusTag variant={RISK_VARIANT[renewal.risk]} testId="renewal-risk">
            {RISK_LABEL[renewal.risk]}
          </StatusTag>
        ) : (
          <Text variant="microcopy">risk assessed inside the renewal window</Text>
        )}
      </Flex>
      {renewal.reasons.length > 0 ? (
        <List variant="unordered-styled" testId="renewal-reasons">
          {renewal.reasons.map((reason) => (
            <Text key={reason}>{reason}</Text>
          ))}
        </List>
      ) : null}
    </Flex>
  );
}

function Wallet({ wallet }: { wallet: OutcomesView['wallet'] }) {
  const top = wallet.whitespace.slice(0, TOP_WHITESPACE);
  return (
    <Flex direction="column" gap="xs">
      {wallet.wallet === null ? (
        <Text testId="wallet">{`Share of wallet unknown: spend ${formatMoney(wallet.spend)}; set Keyline wallet size (or annual revenue) to know it.`}</Text>
      ) : (
        <>
          <ProgressBar
            title="Share of wallet"
            value={Math.round((wallet.share ?? 0) * 1000) / 10}
            maxValue={100}
            showPercentage
            valueDescription={`${formatMoney(wallet.spend)} of ${formatMoney(wallet.wallet)}`}
            testId="wallet-share"
          />
          <Text testId="wallet">
            {`Headroom ${formatMoney(wallet.headroom ?? 0)} · wallet ${wallet.source === 'property' ? 'set on the company' : 'estimated from annual revenue'}`}
          </Text>
        </>
      )}
      {top.length > 0 ? (
        <Text testId="whitespace">
          {`Not bought yet: ${top.map((p) => (p.listValue === null ? p.name : `${p.name} (${formatMoney(p.listValue)}/yr)`)).join(', ')}`}
        </Text>
      ) : null}
    </Flex>
  );
}

/** The sidebar's one outcomes line: a renewal inside its window at high or medium risk (low risk needs no attention). */
export function RenewalAtRisk({ renewal }: { renewal: OutcomesView['renewal'] | undefined }) {
  if (renewal === undefined || renewal.date === null || (renewal.risk !== 'high' && renewal.risk !== 'medium')) return null;
  return (
    <StatusTag variant={RISK_VARIANT[renewal.risk]} testId="renewal-at-risk">
      {`Renewal ${formatDay(renewal.date)}: ${RISK_LABEL[renewal.risk].toLowerCase()}${renewal.reasons[0] !== undefined ? ` (${renewal.reasons[0]})` : ''}`}
    </StatusTag>
  );
}

export function Outcomes({ account }: { account: AccountView }) {
  const outcomes = account.outcomes;
  if (outcomes === undefined) return null;
  const { retention, expansion } = outcomes;
  return (
    <Flex direction="column" gap="sm">
      <Flex direction="row" gap="sm" align="center">
        <Heading>Outcomes</Heading>
        <Text variant="microcopy" testId="outcomes-confidence">{confidenceLabel(outcomes.confidence)}</Text>
      </Flex>
      <Statistics>
        <StatisticsItem label="Recurring revenue, 12 months" number={formatMoney(retention.trailing.recurring)} testId="retention">
          <Text variant="microcopy">{retentionWords(retention)}</Text>
        </StatisticsItem>
        <StatisticsItem label="Expansion won, 12 months" number={formatMoney(expansion.revenue)} testId="expansion">
          <Text variant="microcopy">
            {expansion.winRate === null ? 'No expansion deal closed' : `${expansion.won} won, ${expansion.lost} lost (${formatRate(expansion.winRate)})`}
          </Text>
        </StatisticsItem>
        <SurveyItem name="NPS" survey={outcomes.nps} testId="nps" />
        <SurveyItem name="CSAT" survey={outcomes.csat} testId="csat" />
      </Statistics>
      <DescriptionList direction="row">
        <DescriptionListItem label="One-off revenue, 12 months">
          <Text>{`${formatMoney(retention.trailing.oneOff)} (not in GRR/NRR)`}</Text>
        </DescriptionListItem>
      </DescriptionList>
      <Renewal renewal={outcomes.renewal} />
      <Wallet wallet={outcomes.wallet} />
    </Flex>
  );
}
