/**
 * What the use cases need: the store, the gateway, the config, a clock. Built once by `createKeyline`
 * (server/src/keyline.ts); tests build their own.
 */
import type { Config } from '../config';
import { DEFAULT_SCORING_MODEL, parseScoringModel, scoringModelVersion, type ScoringModel } from '../domain';
import type { HubSpotGateway } from '../hubspot/gateway';
import type { Logger } from '../logger';
import type { Store } from '../store/store';

export interface KeylineDeps {
  config: Config;
  /** The HubSpot account (portal) this installation serves; every store row is keyed by it. */
  portalId: string;
  store: Store;
  gateway: HubSpotGateway;
  /** The same HubSpot account for a person waiting at a card (no sync admission control); defaults to `gateway`. */
  interactiveGateway?: HubSpotGateway;
  logger: Logger;
  now(): Date;
  /** Batch sizes of a run (defaults: read chunks of 1,000 companies, write pages of 100); tests make them small. */
  tuning?: {
    readChunk?: number;
    writePage?: number;
    /** How far incremental windows reach back before the last run's start (default 5 min, for search indexing lag). */
    watermarkOverlapMs?: number;
    /** The sync lock's lease (default 10 min; renewed every third of it). */
    lockTtlMs?: number;
  };
}

/**
 * The scoring model in force, for every use case (the sync, the settings page, the report): the newest saved settings
 * version when it still parses, else the defaults. `version` is the model's own hash (keyline_model_version);
 * `settingsVersion` the saved row's version, which the settings page's optimistic concurrency compares with.
 */
export async function loadScoringModel(
  deps: Pick<KeylineDeps, 'store' | 'portalId'> & { logger?: Logger },
): Promise<{ model: ScoringModel; version: string; settingsVersion: string }> {
  const saved = await deps.store.getCurrentSettings(deps.portalId);
  if (saved) {
    const parsed = parseScoringModel(saved.model);
    if (parsed.ok) return { model: parsed.model, version: scoringModelVersion(parsed.model), settingsVersion: saved.version };
    deps.logger?.warn('saved scoring model is invalid; using the defaults', { version: saved.version, issues: parsed.issues });
  }
  const version = scoringModelVersion(DEFAULT_SCORING_MODEL);
  return { model: DEFAULT_SCORING_MODEL, version, settingsVersion: version };
}
