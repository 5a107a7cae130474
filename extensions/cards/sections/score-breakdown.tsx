/** Why the score is what it is: each criterion's value, points, weight and contribution. */
import {
  Heading,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { AccountView } from '@keyline/contract/account-view';
import { formatPoints } from '../../ui/labels';

export function ScoreBreakdown({ account }: { account: AccountView }) {
  const criteria = account.tier.criteria.filter((criterion) => criterion.weight > 0);
  return (
    <>
      <Heading>Score breakdown</Heading>
      <Table bordered density="condensed" testId="score-breakdown">
        <TableHead>
          <TableRow>
            <TableHeader>Criterion</TableHeader>
            <TableHeader>Value</TableHeader>
            <TableHeader align="right">Points</TableHeader>
            <TableHeader align="right">Weight</TableHeader>
            <TableHeader align="right">Contribution</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {criteria.map((criterion) => (
            <TableRow key={criterion.criterion}>
              <TableCell>{criterion.label}</TableCell>
              <TableCell>
                {criterion.hasData ? (
                  criterion.display
                ) : (
                  <Text format={{ italic: true }}>{`${criterion.display} (no data)`}</Text>
                )}
              </TableCell>
              <TableCell align="right">{formatPoints(criterion.points)}</TableCell>
              <TableCell align="right">{`${formatPoints(criterion.weight)}%`}</TableCell>
              <TableCell align="right">{formatPoints(criterion.contribution)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
        <TableFooter>
          <TableRow>
            <TableHeader>Score</TableHeader>
            <TableHeader> </TableHeader>
            <TableHeader> </TableHeader>
            <TableHeader> </TableHeader>
            <TableHeader align="right">{formatPoints(account.tier.score)}</TableHeader>
          </TableRow>
        </TableFooter>
      </Table>
    </>
  );
}
