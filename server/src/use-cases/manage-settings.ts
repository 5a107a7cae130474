/**
 * The scoring model as settings (the settings page, through the API): the current version (the defaults until someone saves), every saved version, and
 * saving with optimistic concurrency. The engine's `parseScoringModel` is the only validator.
 */
import {
  DEFAULT_SCORING_MODEL,
  parseScoringModel,
  scoringModelVersion,
} from '../domain';
import type { Store } from '../store/store';
import { loadScoringModel } from '../sync/deps';

export interface SettingsIssue {
  path: string;
  message: string;
}

export interface SettingsVersionInfo {
  version: string | number;
  savedAt: Date;
  savedBy: string | null;
}

export interface CurrentSettings {
  version: string | number;
  model: unknown;
  defaults: unknown;
  history: SettingsVersionInfo[];
}

export type SaveSettingsOutcome =
  | { ok: true; settings: CurrentSettings }
  | { ok: false; error: 'invalid_settings'; issues: SettingsIssue[] }
  | { ok: false; error: 'version_conflict'; currentVersion: string | number | null };

const HISTORY_LIMIT = 100;

export async function readSettings(store: Store, portalId: string): Promise<CurrentSettings> {
  // The model in force is the sync's (loadScoringModel); the settings page's version is the saved row's, which its
  // optimistic concurrency compares with.
  const [{ model, settingsVersion: version }, history] = await Promise.all([
    loadScoringModel({ store, portalId }),
    store.listSettingsVersions(portalId, { limit: HISTORY_LIMIT }),
  ]);
  return {
    version,
    model,
    defaults: DEFAULT_SCORING_MODEL,
    history: history.map((h) => ({ version: h.version, savedAt: h.savedAt, savedBy: h.savedBy || null })),
  };
}

export async function saveSettings(
  store: Store,
  portalId: string,
  candidate: unknown,
  expectedVersion: string | number,
  savedBy: string | null,
): Promise<SaveSettingsOutcome> {
  const parsed = parseScoringModel(candidate);
  if (!parsed.ok) return { ok: false, error: 'invalid_settings', issues: parsed.issues };

  const saved = await store.getCurrentSettings(portalId);
  // Before the first save, the page edits the defaults: their version stands for "nothing saved yet".
  const expected = String(expectedVersion);
  const expectedInStore = saved === null && expected === scoringModelVersion(DEFAULT_SCORING_MODEL) ? null : expected;
  const result = await store.saveSettings(portalId, {
    version: scoringModelVersion(parsed.model),
    model: parsed.model,
    savedBy: savedBy ?? 'unknown',
    expectedVersion: expectedInStore,
  });
  if (!result.ok) return { ok: false, error: 'version_conflict', currentVersion: result.current?.version ?? null };
  return { ok: true, settings: await readSettings(store, portalId) };
}
