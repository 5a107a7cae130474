/**
 * The data hook of the settings page: loads the scoring model, keeps the admin's draft, previews the draft's effect
 * (validation issues by path and how many accounts would change tier), and saves it after confirmation with
 * optimistic concurrency (`expectedVersion`; a 409 means someone saved meanwhile). All HTTP goes through
 * `requestKeyline`.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AddAlertAction } from '@hubspot/ui-extensions';
import { keylineRoutes } from '@keyline/contract/keyline-base-url';
import { requestKeyline } from '../api/keyline-client';
import {
  SETTINGS_ERROR_CODES,
  settingsPreviewResponseSchema,
  settingsResponseSchema,
  type JsonValue,
  type ModelJson,
  type SettingsIssue,
  type SettingsPreviewResponse,
  type SettingsResponse,
} from '@keyline/contract/settings-contract';
import { setAt, type ModelPath } from '../settings/model-paths';

export type SettingsPhase = 'editing' | 'previewing' | 'confirming' | 'saving';

export interface SettingsForm {
  saved: SettingsResponse;
  draft: ModelJson;
  issues: SettingsIssue[];
  /** The effect of the current draft; null until previewed, and again after every edit. */
  preview: SettingsPreviewResponse['preview'] | null;
  phase: SettingsPhase;
  /** Someone saved another version since this one was loaded. */
  conflict: boolean;
}

export type SettingsState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; form: SettingsForm };

export interface UseSettingsResult {
  state: SettingsState;
  reload: () => void;
  edit: (path: ModelPath, value: JsonValue) => void;
  resetToDefaults: () => void;
  discardChanges: () => void;
  preview: () => Promise<void>;
  requestSave: () => void;
  cancelSave: () => void;
  confirmSave: () => Promise<void>;
}

export function isDirty(form: SettingsForm): boolean {
  return JSON.stringify(form.draft) !== JSON.stringify(form.saved.model);
}

function freshForm(saved: SettingsResponse): SettingsForm {
  return { saved, draft: saved.model, issues: [], preview: null, phase: 'editing', conflict: false };
}

export function useSettings(addAlert: AddAlertAction): UseSettingsResult {
  const [state, setState] = useState<SettingsState>({ status: 'loading' });
  const [loadCount, setLoadCount] = useState(0);

  useEffect(() => {
    let current = true;
    void requestKeyline({ method: 'GET', path: keylineRoutes.settings() }, settingsResponseSchema).then((result) => {
      if (!current) return;
      setState(result.ok ? { status: 'ready', form: freshForm(result.data) } : { status: 'error', message: result.message });
    });
    return () => {
      current = false;
    };
  }, [loadCount]);

  const updateForm = useCallback((change: (form: SettingsForm) => SettingsForm) => {
    setState((previous) => (previous.status === 'ready' ? { status: 'ready', form: change(previous.form) } : previous));
  }, []);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setLoadCount((n) => n + 1);
  }, []);

  const edit = useCallback(
    (path: ModelPath, value: JsonValue) =>
      updateForm((form) => {
        const text = path.map(String).join('.');
        return {
          ...form,
          draft: setAt(form.draft, path, value),
          // The edited field's messages are stale now; the others stay until the next preview.
          issues: form.issues.filter((issue) => issue.path !== text && !issue.path.startsWith(`${text}.`)),
          preview: null,
          phase: 'editing',
        };
      }),
    [updateForm],
  );

  const resetToDefaults = useCallback(
    () => updateForm((form) => ({ ...form, draft: form.saved.defaults, issues: [], preview: null, phase: 'editing' })),
    [updateForm],
  );

  const discardChanges = useCallback(
    () => updateForm((form) => ({ ...form, draft: form.saved.model, issues: [], preview: null, phase: 'editing' })),
    [updateForm],
  );

  const preview = useCallback(async () => {
    const current = state;
    if (current.status !== 'ready') return;
    const { draft } = current.form;
    updateForm((form) => ({ ...form, phase: 'previewing' }));
    const result = await requestKeyline(
      { method: 'POST', path: keylineRoutes.settingsPreview(), body: { model: draft } },
      settingsPreviewResponseSchema,
    );
    if (!result.ok) {
      updateForm((form) => ({ ...form, phase: 'editing' }));
      addAlert({ type: 'danger', title: 'Preview failed', message: result.message });
      return;
    }
    updateForm((form) =>
      form.draft === draft
        ? { ...form, phase: 'editing', issues: result.data.issues, preview: result.data.valid ? result.data.preview : null }
        : { ...form, phase: 'editing' },
    );
  }, [state, updateForm, addAlert]);

  const requestSave = useCallback(
    () => updateForm((form) => (form.preview === null ? form : { ...form, phase: 'confirming' })),
    [updateForm],
  );

  const cancelSave = useCallback(() => updateForm((form) => ({ ...form, phase: 'editing' })), [updateForm]);

  const confirmSave = useCallback(async () => {
    const current = state;
    if (current.status !== 'ready') return;
    const { draft, saved } = current.form;
    updateForm((form) => ({ ...form, phase: 'saving' }));
    const result = await requestKeyline(
      { method: 'PUT', path: keylineRoutes.settings(), body: { model: draft, expectedVersion: saved.version } },
      settingsResponseSchema,
    );
    if (result.ok) {
      setState({ status: 'ready', form: freshForm(result.data) });
      addAlert({
        type: 'success',
        title: 'Scoring model saved',
        message: 'The next sync scores every account with it.',
      });
      return;
    }
    if (result.code === SETTINGS_ERROR_CODES.conflict) {
      updateForm((form) => ({ ...form, phase: 'editing', conflict: true }));
      return;
    }
    if (result.code === SETTINGS_ERROR_CODES.invalid) {
      updateForm((form) => ({ ...form, phase: 'editing', issues: result.details, preview: null }));
      return;
    }
    updateForm((form) => ({ ...form, phase: 'editing' }));
    addAlert({ type: 'danger', title: 'The scoring model was not saved', message: result.message });
  }, [state, updateForm, addAlert]);

  return { state, reload, edit, resetToDefaults, discardChanges, preview, requestSave, cancelSave, confirmSave };
}
