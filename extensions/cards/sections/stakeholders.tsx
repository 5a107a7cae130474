/**
 * Who the team is talking to: alerts for single-threaded accounts, dark champions, missing roles, no executive access
 * and blockers; the buying roles × engaged contacts; and every stakeholder with a link to the contact.
 */
import {
  Alert,
  Flex,
  Heading,
  Link,
  StatusTag,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { z } from 'zod';
import type { AccountView, buyingRoleSchema } from '@keyline/contract/account-view';
import { BUYING_ROLE_VALUES, formatDay, levelLabel, roleLabel } from '../../ui/labels';

type BuyingRole = z.infer<typeof buyingRoleSchema>;
type Stakeholder = AccountView['coverage']['stakeholders'][number];

/** The contact's record in HubSpot. */
export function contactUrl(portalId: number, contactId: string): string {
  return `https://app.hubspot.com/contacts/${portalId}/record/0-1/${encodeURIComponent(contactId)}`;
}

function ContactLink({ portalId, stakeholder }: { portalId: number; stakeholder: Stakeholder }) {
  return (
    <Link href={{ url: contactUrl(portalId, stakeholder.contactId), external: true }}>
      {stakeholder.name}
    </Link>
  );
}

function CoverageAlerts({ account }: { account: AccountView }) {
  const { coverage } = account;
  const flags = new Set(coverage.flags);
  const darkChampions = coverage.stakeholders.filter((s) => coverage.darkChampionIds.includes(s.contactId));
  return (
    <>
      {flags.has('single_threaded') && (
        <Alert variant="danger" title="Single-threaded account" testId="single-threaded">
          {coverage.engagedStakeholders === 0
            ? 'No stakeholder has been engaged recently. If the relationship rests on nobody, it is at risk.'
            : 'Only one stakeholder is engaged. If that person leaves or goes quiet, the relationship goes with them.'}
        </Alert>
      )}
      {flags.has('champion_dark') && (
        <Alert variant="warning" title="Champion gone dark" testId="champion-dark">
          {`Not touched recently: ${darkChampions.map((s) => s.name).join(', ') || 'the champion'}.`}
        </Alert>
      )}
      {flags.has('missing_roles') && coverage.missingRoles.length > 0 && (
        <Alert variant="warning" title="Missing roles" testId="missing-roles">
          {`No engaged ${coverage.missingRoles.map((role) => roleLabel(role).toLowerCase()).join(', ')}.`}
        </Alert>
      )}
      {flags.has('no_executive_access') && (
        <Alert variant="info" title="No executive access" testId="no-executive-access">
          Nobody at executive level is engaged.
        </Alert>
      )}
      {flags.has('blocker_present') && (
        <Alert variant="warning" title="Blocker present" testId="blocker-present">
          A stakeholder is marked as a blocker.
        </Alert>
      )}
    </>
  );
}

function holders(stakeholders: Stakeholder[], role: BuyingRole): Stakeholder[] {
  return stakeholders.filter((s) => s.roles.some((r) => r.role === role));
}

function RolesTable({ account, portalId }: { account: AccountView; portalId: number }) {
  const { coverage } = account;
  const heldRoles = new Set(coverage.stakeholders.flatMap((s) => s.roles.map((r) => r.role)));
  const roles = BUYING_ROLE_VALUES.filter((role) => coverage.requiredRoles.includes(role) || heldRoles.has(role));
  return (
    <Table bordered density="condensed" testId="roles-table">
      <TableHead>
        <TableRow>
          <TableHeader>Role</TableHeader>
          <TableHeader>Engaged contacts</TableHeader>
          <TableHeader>Status</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {roles.map((role) => {
          const all = holders(coverage.stakeholders, role);
          const engaged = all.filter((s) => s.engaged);
          const required = coverage.requiredRoles.includes(role);
          return (
            <TableRow key={role}>
              <TableCell>{required ? `${roleLabel(role)} (required)` : roleLabel(role)}</TableCell>
              <TableCell>
                {engaged.length === 0 ? (
                  <Text variant="microcopy">{all.length === 0 ? 'nobody' : `${all.length} not engaged`}</Text>
                ) : (
                  <Flex direction="row" gap="xs" wrap>
                    {engaged.map((s) => (
                      <ContactLink key={s.contactId} portalId={portalId} stakeholder={s} />
                    ))}
                  </Flex>
                )}
              </TableCell>
              <TableCell>
                {engaged.length > 0 ? (
                  <StatusTag variant="success">Covered</StatusTag>
                ) : required ? (
                  <StatusTag variant="danger" testId={`role-missing-${role}`}>
                    Missing
                  </StatusTag>
                ) : (
                  <StatusTag variant="default">Not engaged</StatusTag>
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function StakeholderTable({ account, portalId }: { account: AccountView; portalId: number }) {
  return (
    <Table bordered density="condensed" testId="stakeholder-table">
      <TableHead>
        <TableRow>
          <TableHeader>Stakeholder</TableHeader>
          <TableHeader>Level</TableHeader>
          <TableHeader>Roles</TableHeader>
          <TableHeader>Engaged</TableHeader>
          <TableHeader>Last touch</TableHeader>
        </TableRow>
      </TableHead>
      <TableBody>
        {account.coverage.stakeholders.map((s) => (
          <TableRow key={s.contactId}>
            <TableCell>
              <Flex direction="column">
                <ContactLink portalId={portalId} stakeholder={s} />
                {s.jobTitle !== null && <Text variant="microcopy">{s.jobTitle}</Text>}
              </Flex>
            </TableCell>
            <TableCell>{s.levelInferred ? `${levelLabel(s.level)} (inferred)` : levelLabel(s.level)}</TableCell>
            <TableCell>
              {s.roles.length === 0
                ? '—'
                : s.roles.map((r) => (r.inferred ? `${roleLabel(r.role)} (inferred)` : roleLabel(r.role))).join(', ')}
            </TableCell>
            <TableCell>
              <StatusTag variant={s.engaged ? 'success' : 'default'}>{s.engaged ? 'Engaged' : 'Not engaged'}</StatusTag>
            </TableCell>
            <TableCell>{formatDay(s.lastTouchAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function Stakeholders({ account, portalId }: { account: AccountView; portalId: number }) {
  return (
    <Flex direction="column" gap="sm">
      <Heading>Stakeholders</Heading>
      <CoverageAlerts account={account} />
      <RolesTable account={account} portalId={portalId} />
      {account.coverage.stakeholders.length === 0 ? (
        <Text>No contacts are associated with this company yet.</Text>
      ) : (
        <StakeholderTable account={account} portalId={portalId} />
      )}
    </Flex>
  );
}
