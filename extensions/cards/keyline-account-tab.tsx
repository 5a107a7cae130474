/** The Keyline tab on the company record (crm.record.tab): the whole account picture and its actions. */
import { Divider, Flex } from '@hubspot/ui-extensions';
import type { CrmContext } from '@hubspot/ui-extensions';
import { useAccount, type AccountHostActions } from '../hooks/use-account';
import { AccountError, AccountLoading, AccountNotComputed } from './account-states';
import { AccountActions } from './sections/account-actions';
import { AccountPlan } from './sections/account-plan';
import { Attention } from './sections/attention';
import { Cadence } from './sections/cadence';
import { Gaps } from './sections/gaps';
import { Onboarding } from './sections/onboarding';
import { Outcomes } from './sections/outcomes';
import { Relationships } from './sections/relationships';
import { ScoreBreakdown } from './sections/score-breakdown';
import { Stakeholders } from './sections/stakeholders';
import { TierHistory } from './sections/tier-history';
import { TierSummary } from './sections/tier-summary';

export interface KeylineCardProps {
  context: Pick<CrmContext, 'crm' | 'portal'>;
  actions: AccountHostActions;
}

export function KeylineAccountTab({ context, actions }: KeylineCardProps) {
  const { state, pending, retry, recompute, createTask, setOverride, savePlan } = useAccount(
    String(context.crm.objectId),
    actions,
  );

  switch (state.status) {
    case 'loading':
      return <AccountLoading />;
    case 'error':
      return <AccountError message={state.message} onRetry={retry} />;
    case 'not_computed':
      return <AccountNotComputed computing={pending === 'recompute'} onCompute={() => void recompute()} />;
    case 'ready': {
      const { account } = state;
      return (
        <Flex direction="column" gap="md">
          <TierSummary account={account} />
          <Divider />
          <ScoreBreakdown account={account} />
          <Divider />
          <Stakeholders account={account} portalId={context.portal.id} />
          <Divider />
          {account.relationships !== undefined ? <><Relationships account={account} /><Divider /></> : null}
          <Cadence account={account} />
          <Divider />
          <Onboarding account={account} />
          <Gaps account={account} />
          <Divider />
          {account.outcomes !== undefined ? (
            <>
              <Outcomes account={account} />
              <Divider />
            </>
          ) : null}
          <AccountPlan account={account} saving={pending === 'plan'} disabled={pending !== null} onSave={savePlan} />
          <Divider />
          <Attention account={account} />
          <Divider />
          <TierHistory account={account} />
          <Divider />
          <AccountActions
            account={account}
            pending={pending}
            onRecompute={() => void recompute()}
            onCreateTask={(request) => void createTask(request)}
            onSetOverride={(tier) => void setOverride(tier)}
          />
        </Flex>
      );
    }
  }
}
