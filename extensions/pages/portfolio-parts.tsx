/** Pieces every page of the app shares: the filter bar, the account link, the account tables and the page states. */
import {
  Button,
  EmptyState,
  ErrorState,
  Flex,
  Link,
  LoadingSpinner,
  Select,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { tierSchema } from '@keyline/contract/account-view';
import type { PortfolioAccountView, PortfolioFilterView } from '@keyline/contract/portfolio-view';
import { cadenceStatusLabel, cadenceStatusVariant, formatDay, formatPoints, TIER_ORDER, tierLabel, tierVariant } from '../ui/labels';
import { companyUrl, ownerLabel } from '../ui/record-links';
import { ALL } from './portfolio-filter';
import { usePortfolioHost } from './portfolio-host';

export function FilterBar({
  filter,
  ownerIds,
  ownerNames,
  onChange,
}: {
  filter: PortfolioFilterView;
  ownerIds: readonly string[];
  /** Display names by owner id (from the API); an id without one shows as "Owner <id>". */
  ownerNames: Readonly<Record<string, string>>;
  onChange: (filter: PortfolioFilterView) => void;
}) {
  return (
    <Flex direction="row" gap="sm" align="end" wrap testId="portfolio-filters">
      <Select
        label="Tier"
        name="tier-filter"
        value={filter.tier ?? ALL}
        options={[{ label: 'All tiers', value: ALL }, ...TIER_ORDER.map((tier) => ({ label: tierLabel(tier), value: tier }))]}
        onChange={(value) => {
          const tier = tierSchema.safeParse(value);
          onChange({ ...filter, tier: tier.success ? tier.data : null });
        }}
        testId="tier-filter"
      />
      <Select
        label="Owner"
        name="owner-filter"
        value={filter.ownerId ?? ALL}
        options={[{ label: 'All owners', value: ALL }, ...ownerIds.map((id) => ({ label: ownerLabel(id, ownerNames[id]), value: id }))]}
        onChange={(value) => onChange({ ...filter, ownerId: value === ALL ? null : String(value) })}
        testId="owner-filter"
      />
    </Flex>
  );
}

export function AccountLink({ account }: { account: Pick<PortfolioAccountView, 'companyId' | 'companyName'> }) {
  const { portalId } = usePortfolioHost();
  return (
    <Link href={{ url: companyUrl(portalId, account.companyId), external: true }} testId={`account-${account.companyId}`}>
      {account.companyName || `Company ${account.companyId}`}
    </Link>
  );
}

function TierTag({ account }: { account: PortfolioAccountView }) {
  return <Tag variant={tierVariant(account.tier)}>{tierLabel(account.tier)}</Tag>;
}

/** How many of how many a list shows (lists carry at most their 100 highest-scoring accounts). */
export function shownOf(shown: number, total: number): string {
  return total > shown ? `the ${shown} highest-scoring of ${total}` : `${total}`;
}

export function NearMissTable({ accounts, testId }: { accounts: readonly PortfolioAccountView[]; testId: string }) {
  return (
    <Table bordered density="condensed" testId={testId}>
      <TableHead>
        <TableRow>
          <TableHeader>Account</TableHeader>
          <TableHeader>Owner</TableHeader>
          <TableHeader>Tier</TableHeader>
          <TableHeader align="right">Score</TableHeader>
          <TableHeader>Gap to next tier</TableHeader>
          <TableHeader>What would close it</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {accounts.map((account) => (
          <TableRow key={account.companyId}>
            <TableCell>
              <AccountLink account={account} />
            </TableCell>
            <TableCell>{ownerLabel(account.ownerId, account.ownerName)}</TableCell>
            <TableCell>
              <TierTag account={account} />
            </TableCell>
            <TableCell align="right">{formatPoints(account.score)}</TableCell>
            <TableCell>
              {account.nextTier === null
                ? '—'
                : `${formatPoints(account.nextTierGap ?? 0)} points below ${tierLabel(account.nextTier)}`}
            </TableCell>
            <TableCell>
              {account.closeTheGap.length === 0 ? (
                <Text variant="microcopy">No single step closes it</Text>
              ) : (
                <Flex direction="column" gap="flush">
                  {account.closeTheGap.map((step) => (
                    <Text key={step}>{step}</Text>
                  ))}
                </Flex>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function OverdueTable({ accounts, testId }: { accounts: readonly PortfolioAccountView[]; testId: string }) {
  return (
    <Table bordered density="condensed" testId={testId}>
      <TableHead>
        <TableRow>
          <TableHeader>Account</TableHeader>
          <TableHeader>Owner</TableHeader>
          <TableHeader>Tier</TableHeader>
          <TableHeader>Cadence</TableHeader>
          <TableHeader>Next touch was due</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {accounts.map((account) => (
          <TableRow key={account.companyId}>
            <TableCell>
              <AccountLink account={account} />
            </TableCell>
            <TableCell>{ownerLabel(account.ownerId, account.ownerName)}</TableCell>
            <TableCell>
              <TierTag account={account} />
            </TableCell>
            <TableCell>
              <StatusTag variant={cadenceStatusVariant(account.cadenceStatus)}>{cadenceStatusLabel(account.cadenceStatus)}</StatusTag>
            </TableCell>
            <TableCell>{formatDay(account.nextTouchDue)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function SingleThreadedTable({ accounts, testId }: { accounts: readonly PortfolioAccountView[]; testId: string }) {
  return (
    <Table bordered density="condensed" testId={testId}>
      <TableHead>
        <TableRow>
          <TableHeader>Account</TableHeader>
          <TableHeader>Owner</TableHeader>
          <TableHeader>Tier</TableHeader>
          <TableHeader align="right">Engaged stakeholders</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {accounts.map((account) => (
          <TableRow key={account.companyId}>
            <TableCell>
              <AccountLink account={account} />
            </TableCell>
            <TableCell>{ownerLabel(account.ownerId, account.ownerName)}</TableCell>
            <TableCell>
              <TierTag account={account} />
            </TableCell>
            <TableCell align="right">{account.engagedStakeholders}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function PortfolioLoading() {
  return <LoadingSpinner label="Loading the portfolio…" layout="centered" testId="portfolio-loading" />;
}

export function PortfolioError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <ErrorState title="Keyline could not load the portfolio" testId="portfolio-error">
      <Text>{message}</Text>
      <Button onClick={onRetry} testId="portfolio-retry">
        Try again
      </Button>
    </ErrorState>
  );
}

export function PortfolioEmpty() {
  return (
    <EmptyState title="No account scored yet" imageName="companies" layout="vertical" testId="portfolio-empty">
      <Text>
        Keyline has not scored any company yet. The portfolio appears here after the first sync (nightly, or `keyline
        sync --full` now).
      </Text>
    </EmptyState>
  );
}

export function NoMatch() {
  return (
    <Text testId="portfolio-no-match">No account matches these filters. Choose another tier or owner.</Text>
  );
}
