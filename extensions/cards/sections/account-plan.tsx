/**
 * The light account plan (issue #16, part 4): objectives, the customer's current issues, the upsell plan and the next
 * review, with where the review stands and why. "Edit plan" opens a form that saves through the card's hook
 * (`PUT /api/v1/accounts/:companyId/plan`); what the contract refuses is shown beside its field before anything is
 * sent, and what the backend refuses is shown the same way. Nothing shows for a view without a plan block.
 */
import { useState } from 'react';
import { Alert, Button, DescriptionList, DescriptionListItem, Flex, Heading, Input, LoadingButton, StatusTag, Text, TextArea } from '@hubspot/ui-extensions';
import { PLAN_TEXT_MAX, saveAccountPlanRequestSchema, type SaveAccountPlanRequest } from '@keyline/contract/account-plan';
import type { AccountPlanView, PlanReviewStatus } from '@keyline/contract/account-plan-view';
import type { AccountView } from '@keyline/contract/account-view';
import type { KeylineFailure } from '../../api/keyline-client';
import { formatDay } from '../../ui/labels';

type Field = 'objectives' | 'currentIssues' | 'upsellPlan' | 'nextReviewDate';
type FieldErrors = Partial<Record<Field, string>>;
interface Draft {
  objectives: string;
  currentIssues: string;
  upsellPlan: string;
  nextReviewDate: string;
}

const FIELDS: readonly Field[] = ['objectives', 'currentIssues', 'upsellPlan', 'nextReviewDate'];

const STATUS: Record<PlanReviewStatus, { label: string; variant: 'default' | 'success' | 'warning' | 'danger' }> = {
  not_needed: { label: 'Not needed', variant: 'default' },
  missing: { label: 'No plan yet', variant: 'warning' },
  current: { label: 'Current', variant: 'success' },
  due_soon: { label: 'Review due soon', variant: 'warning' },
  overdue: { label: 'Review overdue', variant: 'danger' },
};

function draftOf(plan: AccountPlanView): Draft {
  return { objectives: plan.objectives, currentIssues: plan.currentIssues, upsellPlan: plan.upsellPlan, nextReviewDate: plan.nextReviewDate ?? '' };
}

function isField(name: string | undefined): name is Field {
  return name !== undefined && (FIELDS as readonly string[]).includes(name);
}

/** The contract's verdict on the draft: the request to send, or the problems by field. */
export function checkPlanDraft(draft: Draft): { ok: true; request: SaveAccountPlanRequest } | { ok: false; errors: FieldErrors } {
  const date = draft.nextReviewDate.trim();
  const parsed = saveAccountPlanRequestSchema.safeParse({ ...draft, nextReviewDate: date === '' ? null : date });
  if (parsed.success) return { ok: true, request: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const name = issue.path[0];
    if (typeof name === 'string' && isField(name)) errors[name] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The backend's field details (`body.nextReviewDate`) by field. */
function errorsOf(failure: KeylineFailure): FieldErrors {
  const errors: FieldErrors = {};
  for (const d of failure.details) {
    const name = d.path.split('.').at(-1);
    if (isField(name)) errors[name] ??= d.message;
  }
  return errors;
}

function shown(text: string): string {
  return text === '' ? '—' : text;
}

export interface AccountPlanProps {
  account: AccountView;
  saving: boolean;
  disabled: boolean;
  onSave: (plan: SaveAccountPlanRequest) => Promise<KeylineFailure | null>;
}

export function AccountPlan({ account, saving, disabled, onSave }: AccountPlanProps) {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const plan = account.plan;
  if (plan === undefined) return null;
  const status = STATUS[plan.status];

  const edit = (field: Field) => (value: string) => {
    setDraft((d) => (d === null ? d : { ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const save = async () => {
    if (draft === null) return;
    const checked = checkPlanDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setFailure('Some fields need a change before the plan can be saved.');
      return;
    }
    const failed = await onSave(checked.request);
    if (failed === null) {
      setDraft(null);
      setErrors({});
      setFailure(null);
      return;
    }
    setErrors(errorsOf(failed));
    setFailure(failed.message);
  };

  const fieldProps = (field: Field) => ({
    name: `plan-${field}`,
    value: draft?.[field] ?? '',
    onChange: (value: unknown) => edit(field)(String(value)),
    error: errors[field] !== undefined,
    ...(errors[field] === undefined ? {} : { validationMessage: errors[field] }),
    testId: `plan-${field}`,
  });

  return (
    <Flex direction="column" gap="sm" testId="account-plan">
      <Flex direction="row" gap="sm" align="center">
        <Heading>Account plan</Heading>
        <StatusTag variant={status.variant} testId="plan-status">
          {status.label}
        </StatusTag>
      </Flex>
      <Text testId="plan-reason">{plan.reason}</Text>
      {draft === null ? (
        <>
          {plan.status !== 'missing' && plan.status !== 'not_needed' ? (
            <DescriptionList direction="column">
              <DescriptionListItem label="Objectives">
                <Text testId="plan-objectives-text">{shown(plan.objectives)}</Text>
              </DescriptionListItem>
              <DescriptionListItem label="Current issues">
                <Text testId="plan-issues-text">{shown(plan.currentIssues)}</Text>
              </DescriptionListItem>
              <DescriptionListItem label="Upsell plan">
                <Text testId="plan-upsell-text">{shown(plan.upsellPlan)}</Text>
              </DescriptionListItem>
              <DescriptionListItem label="Next review">
                <Text testId="plan-next-review-text">{plan.nextReviewDate ?? 'not set'}</Text>
              </DescriptionListItem>
            </DescriptionList>
          ) : null}
          {plan.lastSavedAt !== null ? <Text variant="microcopy">{`Last saved ${formatDay(plan.lastSavedAt)}`}</Text> : null}
          <Flex direction="row" gap="sm">
            <Button variant="secondary" disabled={disabled} onClick={() => setDraft(draftOf(plan))} testId="plan-edit">
              {plan.status === 'missing' || plan.status === 'not_needed' ? 'Write a plan' : 'Edit plan'}
            </Button>
          </Flex>
        </>
      ) : (
        <Flex direction="column" gap="sm" testId="plan-form">
          {failure !== null ? (
            <Alert variant="danger" title="The plan was not saved" testId="plan-error">
              {failure}
            </Alert>
          ) : null}
          <TextArea label="Objectives" description="What we want to achieve with this customer" maxLength={PLAN_TEXT_MAX} {...fieldProps('objectives')} />
          <TextArea label="Current issues" description="What the customer is struggling with now" maxLength={PLAN_TEXT_MAX} {...fieldProps('currentIssues')} />
          <TextArea label="Upsell plan" description="What to offer next, and when" maxLength={PLAN_TEXT_MAX} {...fieldProps('upsellPlan')} />
          <Input label="Next review (YYYY-MM-DD)" placeholder="2027-03-31" {...fieldProps('nextReviewDate')} />
          <Flex direction="row" gap="sm">
            <LoadingButton loading={saving} disabled={disabled && !saving} onClick={() => void save()} testId="plan-save">
              Save plan
            </LoadingButton>
            <Button
              variant="secondary"
              disabled={saving}
              onClick={() => {
                setDraft(null);
                setErrors({});
                setFailure(null);
              }}
              testId="plan-cancel"
            >
              Cancel
            </Button>
          </Flex>
        </Flex>
      )}
    </Flex>
  );
}
