/**
 * Keyline's settings page (location `settings`): the scoring model as a form, the preview of its effect on the
 * portfolio, and save with confirmation. The backend validates; its messages appear next to the fields.
 */
import {
  Alert,
  Button,
  ButtonRow,
  ErrorState,
  Flex,
  Heading,
  List,
  LoadingButton,
  LoadingSpinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { AddAlertAction } from '@hubspot/ui-extensions';
import { isDirty, useSettings, type SettingsForm } from '../hooks/use-settings';
import { formatDay, tierLabel } from '../ui/labels';
import { ModelForm } from './model-form';
import { issuesByPath } from './model-paths';

function PreviewSummary({ preview }: { preview: NonNullable<SettingsForm['preview']> }) {
  return (
    <Flex direction="column" gap="sm" testId="preview">
      <Text format={{ fontWeight: 'demibold' }} testId="preview-summary">
        {`${preview.tierChanges} of ${preview.accountsEvaluated} accounts would change tier.`}
      </Text>
      {preview.byTransition.length > 0 && (
        <Table bordered density="condensed" testId="preview-transitions">
          <TableHead>
            <TableRow>
              <TableHeader>From</TableHeader>
              <TableHeader>To</TableHeader>
              <TableHeader align="right">Accounts</TableHeader>
            </TableRow>
          </TableHead>
          <TableBody>
            {preview.byTransition.map((transition) => (
              <TableRow key={`${transition.from}-${transition.to}`}>
                <TableCell>{tierLabel(transition.from)}</TableCell>
                <TableCell>{tierLabel(transition.to)}</TableCell>
                <TableCell align="right">{transition.count}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}

export function KeylineSettingsPage({ actions }: { actions: { addAlert: AddAlertAction } }) {
  const settings = useSettings(actions.addAlert);
  const { state } = settings;

  if (state.status === 'loading') {
    return <LoadingSpinner label="Loading the scoring model…" layout="centered" testId="settings-loading" />;
  }
  if (state.status === 'error') {
    return (
      <ErrorState title="Keyline could not load its settings" testId="settings-error">
        <Text>{state.message}</Text>
        <Button onClick={settings.reload} testId="settings-retry">
          Try again
        </Button>
      </ErrorState>
    );
  }

  const { form } = state;
  const issues = issuesByPath(form.issues, form.draft);
  const otherIssues = issues.get('');
  const dirty = isDirty(form);
  const busy = form.phase === 'previewing' || form.phase === 'saving';

  return (
    <Flex direction="column" gap="md">
      <Heading>Scoring model</Heading>
      <Text>
        {`Every account's tier, coverage and cadence are computed with this model. Version ${String(form.saved.version)}.`}
      </Text>

      {form.conflict && (
        <Alert variant="warning" title="Someone saved a newer version" testId="save-conflict">
          <Text>Your changes were not saved. Reload to see the newer version, then make your changes again.</Text>
          <Button onClick={settings.reload} testId="reload-after-conflict">
            Reload
          </Button>
        </Alert>
      )}
      {otherIssues !== undefined && (
        <Alert variant="danger" title="The model has problems" testId="other-issues">
          <List>
            {otherIssues.map((message) => (
              <Text key={message}>{message}</Text>
            ))}
          </List>
        </Alert>
      )}
      {form.issues.length > 0 && otherIssues === undefined && (
        <Alert variant="danger" title="Please fix the marked fields" testId="issues-summary">
          {`${form.issues.length} ${form.issues.length === 1 ? 'problem' : 'problems'} found.`}
        </Alert>
      )}

      <ModelForm
        model={form.draft}
        issues={issues}
        {...(form.saved.choices === undefined ? {} : { choices: form.saved.choices })}
        readOnly={busy || form.phase === 'confirming'}
        onEdit={settings.edit}
      />

      <Flex direction="column" gap="sm">
        <Heading>Effect</Heading>
        {form.preview === null ? (
          <Text testId="preview-needed">
            {dirty ? 'Preview the effect of your changes before saving.' : 'No changes yet.'}
          </Text>
        ) : (
          <PreviewSummary preview={form.preview} />
        )}
      </Flex>

      {form.phase === 'confirming' && form.preview !== null && (
        <Alert variant="warning" title="Save this scoring model?" testId="confirm-save">
          <Text>
            {`${form.preview.tierChanges} of ${form.preview.accountsEvaluated} accounts will change tier at the next sync.`}
          </Text>
          <ButtonRow>
            <Button variant="primary" onClick={() => void settings.confirmSave()} testId="confirm-save-button">
              Save
            </Button>
            <Button variant="secondary" onClick={settings.cancelSave} testId="cancel-save">
              Cancel
            </Button>
          </ButtonRow>
        </Alert>
      )}

      <ButtonRow>
        <LoadingButton
          loading={form.phase === 'previewing'}
          disabled={!dirty || busy}
          onClick={() => void settings.preview()}
          testId="preview-button"
        >
          Preview effect
        </LoadingButton>
        <LoadingButton
          variant="primary"
          loading={form.phase === 'saving'}
          disabled={form.preview === null || !dirty || busy || form.phase === 'confirming'}
          onClick={settings.requestSave}
          testId="save-button"
        >
          Save
        </LoadingButton>
        <Button variant="secondary" disabled={!dirty || busy} onClick={settings.discardChanges} testId="discard">
          Discard changes
        </Button>
        <Button variant="transparent" disabled={busy} onClick={settings.resetToDefaults} testId="reset-defaults">
          Reset to defaults
        </Button>
      </ButtonRow>

      {form.saved.history.length > 0 && (
        <Flex direction="column" gap="xs" testId="history">
          <Text format={{ fontWeight: 'demibold' }}>Saved versions</Text>
          <List variant="unordered-styled">
            {form.saved.history.slice(0, 5).map((entry) => (
              <Text key={String(entry.version)}>
                {`${String(entry.version)} · ${formatDay(entry.savedAt)}${entry.savedBy ? ` · ${entry.savedBy}` : ''}`}
              </Text>
            ))}
          </List>
        </Flex>
      )}
    </Flex>
  );
}
