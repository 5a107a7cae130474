/**
 * The preview page: a banner that says this is a local preview, the three places Keyline shows up in HubSpot (a company
 * record with the tab card and the sidebar card, the settings page, the app page), a company picker, the alerts the
 * extensions raise, and the activity log. The state lives in the address (`?view=record&company=…`) so every view can
 * be linked and reloaded.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { AppPageLocation } from '../host/page-location';
import { NavigateContext } from '../host/hubspot-look';
import { ExtensionFrame, type ExtensionApi, type RenderExtension } from '../host/render-extension';
import type { PreviewLocation } from './load-extensions';
import { activity, pageLocation } from './preview-state';

export interface PreviewConfig {
  portalId: number;
  apiBaseUrl: string;
  publicBaseUrl: string;
  appName: string;
  user: { id: number; email: string; firstName: string; lastName: string };
}

export interface PreviewCompany {
  companyId: string;
  companyName: string;
  tier: 'tier_1' | 'tier_2' | 'tier_3';
  score: number;
  nearMiss: boolean;
  singleThreaded: boolean;
  cadenceStatus: string;
}

interface CompanyGroup {
  key: string;
  title: string;
  companies: PreviewCompany[];
}

export type View = 'record' | 'settings' | 'pages';

interface Address {
  view: View;
  companyId: string | null;
}

const TIER_SHORT = { tier_1: 'Tier 1', tier_2: 'Tier 2', tier_3: 'Tier 3' } as const;

function readAddress(): Address & { page: AppPageLocation } {
  const query = new URLSearchParams(window.location.search);
  const view = query.get('view');
  const params: Record<string, string> = {};
  for (const [key, value] of query) if (key.startsWith('p.')) params[key.slice(2)] = value;
  return {
    view: view === 'settings' || view === 'pages' ? view : 'record',
    companyId: query.get('company'),
    page: { path: query.get('page') ?? '/', params },
  };
}

function writeAddress(address: Address, page: AppPageLocation, mode: 'push' | 'replace') {
  const query = new URLSearchParams({ view: address.view });
  if (address.companyId !== null) query.set('company', address.companyId);
  if (address.view === 'pages') {
    query.set('page', page.path);
    for (const [key, value] of Object.entries(page.params)) query.set(`p.${key}`, value);
  }
  const url = `${window.location.pathname}?${query.toString()}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

interface ShownAlert {
  id: number;
  type: string;
  title: string;
  message: string;
}

let alertIds = 0;

/** The API HubSpot hands an extension: its context, and actions that show up on this page. */
function useExtensionApi(location: PreviewLocation, config: PreviewConfig, companyId: string | null, onAlert: (alert: ShownAlert) => void): ExtensionApi {
  return useMemo(() => {
    const log = (text: string) => activity.add({ source: location, text, failed: false });
    const context: Record<string, unknown> = {
      location,
      portal: { id: config.portalId, timezone: 'UTC' },
      user: { ...config.user, emails: [config.user.email], roles: [], teams: [], locale: 'en-US', permissions: [] },
      extension: { appId: 'local-preview', appName: config.appName },
      ...(location === 'crm.record.tab' || location === 'crm.record.sidebar'
        ? { crm: { objectId: Number(companyId), objectTypeId: '0-2' } }
        : {}),
    };
    const actions = {
      addAlert: (alert: { type?: string; title?: string; message?: string }) => {
        onAlert({ id: (alertIds += 1), type: alert.type ?? 'info', title: alert.title ?? '', message: alert.message ?? '' });
        log(`addAlert: ${alert.title ?? ''}${alert.message ? ` — ${alert.message}` : ''}`);
      },
      refreshObjectProperties: () => log('refreshObjectProperties (HubSpot would reload the record\'s properties)'),
      reloadPage: () => log('reloadPage'),
      navigateToPage: (target: { to: string; params?: Record<string, string> }) => pageLocation.set({ path: target.to, params: target.params ?? {} }),
      fetchCrmObjectProperties: async () => ({}),
      onCrmPropertiesUpdate: () => undefined,
      openIframeModal: () => log('openIframeModal'),
      closeOverlay: () => undefined,
      copyTextToClipboard: async () => undefined,
    };
    return { context, actions };
  }, [location, config, companyId, onAlert]);
}

function Alerts({ alerts, onDismiss }: { alerts: ShownAlert[]; onDismiss: (id: number) => void }) {
  if (alerts.length === 0) return null;
  return (
    <div className="pv-alerts">
      {alerts.map((alert) => (
        <div key={alert.id} className={`hs-alert hs-alert-${alert.type === 'error' ? 'danger' : alert.type}`} role="status" data-testid="host-alert">
          <button type="button" className="pv-dismiss" aria-label="Dismiss" onClick={() => onDismiss(alert.id)}>
            ×
          </button>
          <div className="hs-alert-title">{alert.title}</div>
          {alert.message !== '' && <div className="hs-alert-body">{alert.message}</div>}
        </div>
      ))}
    </div>
  );
}

/** A card as HubSpot frames it: a title bar, the alerts the card raised, then the extension. */
function Card({ title, subtitle, location, render, config, companyId, testId }: {
  title: string;
  subtitle: string;
  location: PreviewLocation;
  render: RenderExtension;
  config: PreviewConfig;
  companyId: string | null;
  testId: string;
}) {
  const [alerts, setAlerts] = useState<ShownAlert[]>([]);
  const onAlert = useCallback((alert: ShownAlert) => setAlerts((shown) => [alert, ...shown].slice(0, 3)), []);
  const api = useExtensionApi(location, config, companyId, onAlert);
  return (
    <section className={`pv-card pv-card-${location.replace(/\./g, '-')}`} data-testid={testId}>
      <header className="pv-card-header">
        <span className="pv-card-title">{title}</span>
        <span className="pv-card-subtitle">{subtitle}</span>
      </header>
      <Alerts alerts={alerts} onDismiss={(id) => setAlerts((shown) => shown.filter((a) => a.id !== id))} />
      <div className="pv-card-body">
        <ExtensionFrame render={render} api={api} />
      </div>
    </section>
  );
}

function CompanyPicker({ selected, onPick, onListed }: {
  selected: string | null;
  onPick: (companyId: string) => void;
  onListed: (companies: PreviewCompany[]) => void;
}) {
  const [query, setQuery] = useState('');
  const [groups, setGroups] = useState<CompanyGroup[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [typedId, setTypedId] = useState('');

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      fetch(`/_preview/companies${query === '' ? '' : `?q=${encodeURIComponent(query)}`}`)
        .then(async (response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return (await response.json()) as { groups: CompanyGroup[] };
        })
        .then((body) => {
          if (!current) return;
          setGroups(body.groups);
          setFailed(null);
          onListed(body.groups.flatMap((group) => group.companies));
        })
        .catch((error: unknown) => current && setFailed(error instanceof Error ? error.message : String(error)));
    }, query === '' ? 0 : 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, onListed]);

  return (
    <nav className="pv-picker" aria-label="Companies" data-testid="company-picker">
      <label className="hs-label" htmlFor="pv-search">
        Find a company
      </label>
      <input id="pv-search" className="hs-input" placeholder="Name…" value={query} onChange={(event) => setQuery(event.target.value)} data-testid="company-search" />
      {failed !== null && <p className="hs-validation hs-validation-error">{`Companies could not be listed: ${failed}`}</p>}
      {groups?.map((group) => (
        <div key={group.key} className="pv-group" data-testid={`group-${group.key}`}>
          <div className="pv-group-title">{group.title}</div>
          {group.companies.length === 0 && <div className="hs-microcopy">none</div>}
          {group.companies.map((company) => (
            <button
              key={company.companyId}
              type="button"
              className={`pv-company${company.companyId === selected ? ' pv-company-selected' : ''}`}
              onClick={() => onPick(company.companyId)}
              data-testid={`pick-${company.companyId}`}
            >
              <span className="pv-company-name">{company.companyName || `Company ${company.companyId}`}</span>
              <span className="hs-microcopy">{`${TIER_SHORT[company.tier]} · ${company.score.toFixed(1)}${company.nearMiss ? ' · near-miss' : ''}${company.singleThreaded ? ' · single-threaded' : ''}`}</span>
            </button>
          ))}
        </div>
      ))}
      <form
        className="pv-open-id"
        onSubmit={(event) => {
          event.preventDefault();
          if (/^\d+$/.test(typedId.trim())) onPick(typedId.trim());
        }}
      >
        <label className="hs-label" htmlFor="pv-company-id">
          Open a company by id
        </label>
        <div className="hs-flex hs-flex-row hs-gap-xs">
          <input id="pv-company-id" className="hs-input" inputMode="numeric" value={typedId} onChange={(event) => setTypedId(event.target.value)} data-testid="company-id" />
          <button type="submit" className="hs-button hs-button-secondary" data-testid="open-company">
            Open
          </button>
        </div>
      </form>
    </nav>
  );
}

function ActivityLog() {
  const entries = useSyncExternalStore(activity.subscribe, activity.get);
  return (
    <details className="pv-activity" data-testid="activity-log">
      <summary>{`Activity (${entries.length}): what the extensions asked HubSpot for`}</summary>
      <ol>
        {entries.map((entry) => (
          <li key={`${entry.at}-${entry.text}`} className={entry.failed ? 'pv-activity-failed' : undefined}>
            <span className="hs-microcopy">{`${new Date(entry.at).toLocaleTimeString()} · ${entry.source}`}</span> {entry.text}
          </li>
        ))}
      </ol>
    </details>
  );
}

function Tabs({ view, onView }: { view: View; onView: (view: View) => void }) {
  const tab = (value: View, label: string): ReactNode => (
    <button type="button" role="tab" aria-selected={view === value} className={`pv-tab${view === value ? ' pv-tab-active' : ''}`} onClick={() => onView(value)} data-testid={`view-${value}`}>
      {label}
    </button>
  );
  return (
    <div className="pv-views" role="tablist">
      {tab('record', 'Company record')}
      {tab('settings', 'Settings page')}
      {tab('pages', 'App page')}
    </div>
  );
}

export function PreviewShell({ config, extensions }: { config: PreviewConfig; extensions: Record<PreviewLocation, RenderExtension> }) {
  const [address, setAddress] = useState<Address>(() => {
    const initial = readAddress();
    pageLocation.set(initial.page);
    return { view: initial.view, companyId: initial.companyId };
  });
  const page = useSyncExternalStore(pageLocation.subscribe, pageLocation.get);
  const [names, setNames] = useState<Record<string, string>>({});
  const onListed = useCallback(
    (companies: PreviewCompany[]) => setNames((known) => ({ ...known, ...Object.fromEntries(companies.map((c) => [c.companyId, c.companyName])) })),
    [],
  );

  useEffect(() => writeAddress(address, page, 'replace'), [address, page]);
  useEffect(() => {
    const onPop = () => {
      const next = readAddress();
      pageLocation.set(next.page);
      setAddress({ view: next.view, companyId: next.companyId });
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const go = (next: Address) => {
    writeAddress(next, page, 'push');
    setAddress(next);
  };

  return (
    <NavigateContext.Provider value={pageLocation.set}>
      {/* The API's address is in the tooltip and the activity log, not the text: screenshots stay the same from run to run. */}
      <div className="pv-banner" role="note" data-testid="preview-banner" title={`Keyline API: ${config.apiBaseUrl}`}>
        <strong>Local preview — this is not HubSpot.</strong>{' '}
        {"Keyline's own cards, settings page and app page, drawn by a stand-in for HubSpot's UI components (plain HTML made to look like HubSpot). Their hubspot.fetch calls are signed the way HubSpot signs them and go to the Keyline API running beside this preview."}
      </div>
      <header className="pv-topbar">
        <span className="pv-brand">Keyline</span>
        <span className="hs-microcopy">{`portal ${config.portalId} · signed as user ${config.user.email}`}</span>
        <Tabs view={address.view} onView={(view) => go({ ...address, view })} />
      </header>
      {address.view === 'record' && (
        <div className="pv-record">
          <CompanyPicker selected={address.companyId} onPick={(companyId) => go({ view: 'record', companyId })} onListed={onListed} />
          {address.companyId === null ? (
            <main className="pv-record-main pv-pick-hint" data-testid="pick-hint">
              <h2>Pick a company</h2>
              <p>Choose a company on the left to see Keyline's tab card and sidebar card on its record.</p>
            </main>
          ) : (
            <>
              <main className="pv-record-main">
                <div className="pv-record-header">
                  <span className="pv-record-kind">Company</span>
                  <span className="pv-record-name" data-testid="record-name">{names[address.companyId] || `Company ${address.companyId}`}</span>
                  <span className="pv-record-id">{`record ${address.companyId}`}</span>
                </div>
                <div className="pv-record-tabs">
                  <span>Overview</span>
                  <span className="pv-record-tab-active">Keyline</span>
                  <span>Activities</span>
                </div>
                <Card key={`tab-${address.companyId}`} title="Keyline" subtitle="Record tab card" location="crm.record.tab" render={extensions['crm.record.tab']} config={config} companyId={address.companyId} testId="tab-card" />
              </main>
              <aside className="pv-record-sidebar">
                <Card key={`sidebar-${address.companyId}`} title="Keyline summary" subtitle="Sidebar card" location="crm.record.sidebar" render={extensions['crm.record.sidebar']} config={config} companyId={address.companyId} testId="sidebar-card" />
              </aside>
            </>
          )}
        </div>
      )}
      {address.view === 'settings' && (
        <main className="pv-page">
          <Card title="Keyline settings" subtitle="Connected apps › Keyline › Settings" location="settings" render={extensions.settings} config={config} companyId={null} testId="settings-page" />
        </main>
      )}
      {address.view === 'pages' && (
        <main className="pv-page">
          <Card title="Keyline" subtitle={`App page ${page.path}`} location="pages" render={extensions.pages} config={config} companyId={null} testId="app-page" />
        </main>
      )}
      <ActivityLog />
    </NavigateContext.Provider>
  );
}
