/**
 * The data hook of the Keyline cards: loads the account view of one company and runs the card's actions
 * (recompute, create a follow-up task, set or clear the tier override). All HTTP goes through `requestKeyline`.
 * The view is a union of four states; an action in flight is `pending`, and its outcome is announced with the host's
 * `addAlert`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AddAlertAction, refreshObjectPropertiesAction } from '@hubspot/ui-extensions';
import {
  accountViewSchema,
  createTaskResponseSchema,
  type AccountView,
  type CreateTaskRequest,
  type TierValue,
} from '@keyline/contract/account-view';
import type { SaveAccountPlanRequest } from '@keyline/contract/account-plan';
import { keylineRoutes } from '@keyline/contract/keyline-base-url';
import { requestKeyline, type KeylineFailure } from '../api/keyline-client';
import { tierLabel } from '../ui/labels';

export type AccountState =
  | { status: 'loading' }
  | { status: 'error'; code: string; message: string }
  | { status: 'not_computed'; message: string }
  | { status: 'ready'; account: AccountView };

export type AccountAction = 'recompute' | 'task' | 'override' | 'plan';

/** The host actions the hook needs (the card passes HubSpot's `actions`). */
export interface AccountHostActions {
  addAlert: AddAlertAction;
  refreshObjectProperties: refreshObjectPropertiesAction;
}

export interface UseAccountResult {
  state: AccountState;
  pending: AccountAction | null;
  retry: () => void;
  recompute: () => Promise<void>;
  createTask: (request: CreateTaskRequest) => Promise<void>;
  setOverride: (tier: TierValue | null) => Promise<void>;
  /** Saves the account plan; resolves to the failure (shown by the form, field by field) or null once saved. */
  savePlan: (plan: SaveAccountPlanRequest) => Promise<KeylineFailure | null>;
}

const NOT_COMPUTED = 'not_computed_yet';

function toState(failure: KeylineFailure): AccountState {
  if (failure.code === NOT_COMPUTED) return { status: 'not_computed', message: failure.message };
  return { status: 'error', code: failure.code, message: failure.message };
}

export function useAccount(companyId: string, host: AccountHostActions): UseAccountResult {
  // The state is kept with the company it belongs to: for any other company (or before the first answer) it is loading.
  const [loaded, setLoaded] = useState<{ companyId: string; state: AccountState } | null>(null);
  const [pending, setPending] = useState<AccountAction | null>(null);
  const [loadCount, setLoadCount] = useState(0);
  const mounted = useRef(true);
  const { addAlert, refreshObjectProperties } = host;
  const state: AccountState = loaded?.companyId === companyId ? loaded.state : { status: 'loading' };

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    let current = true;
    void requestKeyline({ method: 'GET', path: keylineRoutes.account(companyId) }, accountViewSchema).then((result) => {
      if (!current) return;
      setLoaded({ companyId, state: result.ok ? { status: 'ready', account: result.data } : toState(result) });
    });
    return () => {
      current = false;
    };
  }, [companyId, loadCount]);

  const show = useCallback((account: AccountView) => setLoaded({ companyId, state: { status: 'ready', account } }), [companyId]);

  const retry = useCallback(() => {
    setLoaded(null);
    setLoadCount((n) => n + 1);
  }, []);

  const announceFailure = useCallback(
    (title: string, failed: KeylineFailure) => addAlert({ type: 'danger', title, message: failed.message }),
    [addAlert],
  );

  const recompute = useCallback(async () => {
    setPending('recompute');
    const result = await requestKeyline(
      { method: 'POST', path: keylineRoutes.recompute(companyId) },
      accountViewSchema,
    );
    if (!mounted.current) return;
    setPending(null);
    if (!result.ok) {
      announceFailure('Recompute failed', result);
      return;
    }
    show(result.data);
    refreshObjectProperties();
    addAlert({
      type: 'success',
      title: 'Recomputed',
      message: `${tierLabel(result.data.tier.tier)} · score ${Math.round(result.data.tier.score)}`,
    });
  }, [companyId, announceFailure, show, refreshObjectProperties, addAlert]);

  const createTask = useCallback(
    async (request: CreateTaskRequest) => {
      setPending('task');
      const result = await requestKeyline(
        { method: 'POST', path: keylineRoutes.tasks(companyId), body: { ...request } },
        createTaskResponseSchema,
      );
      if (!mounted.current) return;
      if (!result.ok) {
        setPending(null);
        announceFailure('The follow-up task was not created', result);
        return;
      }
      addAlert(
        result.data.created
          ? { type: 'success', title: 'Follow-up task created', message: 'It is assigned to the account owner.' }
          : { type: 'info', title: 'Task already open', message: 'An open Keyline task already covers this gap.' },
      );
      // Show the task among the open tasks: reload the view without going back to the loading state.
      const refreshed = await requestKeyline({ method: 'GET', path: keylineRoutes.account(companyId) }, accountViewSchema);
      if (!mounted.current) return;
      setPending(null);
      if (refreshed.ok) show(refreshed.data);
    },
    [companyId, announceFailure, show, addAlert],
  );

  const setOverride = useCallback(
    async (tier: TierValue | null) => {
      setPending('override');
      const result = await requestKeyline(
        { method: 'PUT', path: keylineRoutes.override(companyId), body: { tier } },
        accountViewSchema,
      );
      if (!mounted.current) return;
      setPending(null);
      if (!result.ok) {
        announceFailure(tier === null ? 'The override was not cleared' : 'The override was not set', result);
        return;
      }
      show(result.data);
      refreshObjectProperties();
      addAlert(
        tier === null
          ? { type: 'success', title: 'Override cleared', message: `The tier is computed again: ${tierLabel(result.data.tier.tier)}.` }
          : { type: 'success', title: 'Override set', message: `This account is now ${tierLabel(tier)}.` },
      );
    },
    [companyId, announceFailure, show, refreshObjectProperties, addAlert],
  );

  const savePlan = useCallback(
    async (plan: SaveAccountPlanRequest): Promise<KeylineFailure | null> => {
      setPending('plan');
      const result = await requestKeyline({ method: 'PUT', path: keylineRoutes.plan(companyId), body: { ...plan } }, accountViewSchema);
      if (!mounted.current) return null;
      setPending(null);
      if (!result.ok) return result;
      show(result.data);
      refreshObjectProperties();
      addAlert({ type: 'success', title: 'Account plan saved', message: 'It is kept on the company in HubSpot.' });
      return null;
    },
    [companyId, show, refreshObjectProperties, addAlert],
  );

  return { state, pending, retry, recompute, createTask, setOverride, savePlan };
}
