/**
 * Loads Keyline's four entry files from app/ — the very files HubSpot builds — and keeps what each registers with
 * `hubspot.extend`. Each entry is imported on its own, so a registration is known to belong to its entry.
 */
import type { RenderExtension } from '../host/render-extension';
import { registrations } from './worker-globals';

export type PreviewLocation = 'crm.record.tab' | 'crm.record.sidebar' | 'settings' | 'pages';

async function registered(location: PreviewLocation, load: () => Promise<unknown>): Promise<RenderExtension> {
  const before = registrations.length;
  await load();
  if (registrations.length !== before + 1) {
    throw new Error(`the ${location} entry registered ${registrations.length - before} extensions with hubspot.extend, not 1`);
  }
  return registrations[before] as RenderExtension;
}

export async function loadExtensions(): Promise<Record<PreviewLocation, RenderExtension>> {
  return {
    'crm.record.tab': await registered('crm.record.tab', () => import('../../app/cards/KeylineTab')),
    'crm.record.sidebar': await registered('crm.record.sidebar', () => import('../../app/cards/KeylineSidebar')),
    settings: await registered('settings', () => import('../../app/settings/KeylineSettings')),
    pages: await registered('pages', () => import('../../app/pages/KeylinePages')),
  };
}
