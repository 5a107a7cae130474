/**
 * The relationship matrix (issue #16): our people × their stakeholders, with levels on both sides and the last touch
 * per pair, and the flags a key-account lead acts on, each with its reason. Compact: the most engaged of ours first,
 * a few of their stakeholders per person, "N more" for the rest. Nothing shows for an account stored before the
 * matrix was computed.
 */
import { Alert, Flex, Heading, StatusTag, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Text } from '@hubspot/ui-extensions';
import type { AccountView } from '@keyline/contract/account-view';
import type { RelationshipFlagView, RelationshipsView } from '@keyline/contract/relationships-view';
import { formatDay, levelLabel } from '../../ui/labels';

/** Rows (our people) and stakeholders per row shown before "N more". */
export const TOP_OURS = 5;
export const TOP_PAIRS = 3;
/** Flags shown before "N more flags". */
const TOP_FLAGS = 3;

const FLAG_TITLES: Readonly<Record<RelationshipFlagView['flag'], { title: string; variant: 'warning' | 'info' }>> = {
  departed_only: { title: 'Known only by a colleague who left', variant: 'warning' },
  no_executive_contact: { title: 'No executive-level contact', variant: 'info' },
  single_threaded_ours: { title: 'Single-threaded on our side', variant: 'info' },
};

function Flags({ flags }: { flags: RelationshipsView['flags'] }) {
  const shown = flags.slice(0, TOP_FLAGS);
  return (
    <>
      {shown.map((f) => (
        <Alert key={`${f.flag}:${f.contactIds.join(',')}`} variant={FLAG_TITLES[f.flag].variant} title={FLAG_TITLES[f.flag].title}>
          {f.reason}
        </Alert>
      ))}
      {flags.length > shown.length ? <Text variant="microcopy" testId="relationship-flags-more">{`${flags.length - shown.length} more flags`}</Text> : null}
    </>
  );
}

function Matrix({ view }: { view: RelationshipsView }) {
  const theirs = new Map(view.theirs.map((t) => [t.contactId, t]));
  const ours = view.ours.slice(0, TOP_OURS);
  return (
    <Table bordered density="condensed" testId="relationship-matrix">
      <TableHead>
        <TableRow>
          <TableHeader>Our person</TableHeader>
          <TableHeader>Their stakeholders (last touch, touches in {view.windowDays} days)</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {ours.map((o) => {
          const pairs = view.pairs.filter((p) => p.ownerId === o.ownerId).sort((a, b) => b.lastTouchAt.localeCompare(a.lastTouchAt));
          const shown = pairs.slice(0, TOP_PAIRS);
          return (
            <TableRow key={o.ownerId}>
              <TableCell>
                <Flex direction="row" gap="xs" align="center" wrap>
                  <Text>{o.name}</Text>
                  {o.level !== null ? <StatusTag variant="default">{levelLabel(o.level)}</StatusTag> : null}
                  {o.departed ? <StatusTag variant="danger">Left</StatusTag> : null}
                </Flex>
              </TableCell>
              <TableCell>
                <Flex direction="column" gap="flush">
                  {shown.map((p) => {
                    const t = theirs.get(p.contactId);
                    return <Text key={p.contactId}>{`${t?.name ?? `Contact ${p.contactId}`} (${t === undefined ? 'unknown level' : levelLabel(t.level)}) — ${formatDay(p.lastTouchAt)}, ${p.touches}×`}</Text>;
                  })}
                  {pairs.length > shown.length ? <Text variant="microcopy">{`${pairs.length - shown.length} more`}</Text> : null}
                </Flex>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

export function Relationships({ account }: { account: AccountView }) {
  const view = account.relationships;
  if (view === undefined) return null;
  return (
    <Flex direction="column" gap="sm">
      <Heading>Relationships</Heading>
      <Flags flags={view.flags} />
      {view.ours.length === 0 ? (
        <Text testId="relationships-empty">No call, email or meeting of ours with their stakeholders on record.</Text>
      ) : (
        <Matrix view={view} />
      )}
      {view.ours.length > TOP_OURS ? <Text variant="microcopy" testId="relationships-more">{`${view.ours.length - TOP_OURS} more of ours`}</Text> : null}
      {!view.ownersKnown ? <Text variant="microcopy">Colleagues who left cannot be told yet: the next sync reads the portal’s owners.</Text> : null}
      {!view.ourLevelsKnown ? <Text variant="microcopy">Executive-level contact is unknown until our people’s levels are set in the settings.</Text> : null}
    </Flex>
  );
}
