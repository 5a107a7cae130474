/**
 * The settings page: the scoring model (validated by the engine's schema, every saved version kept) and a preview
 * of a candidate model's effect before saving.
 */
import { Router } from 'express';
import { z } from 'zod';
import {
  saveSettingsRequestSchema,
  settingsPreviewRequestSchema,
  type SettingsResponse,
} from '@keyline/contract/settings-contract';
import { callerOf } from '../authenticate';
import { sendFailure } from '../expected-failures';
import { rememberMount } from '../request-context';
import type { ApiServices, CurrentSettings } from '../services';
import { hubSpotIdentityQuery, parseInput } from '../validate-input';

const plainQuery = z.object(hubSpotIdentityQuery);

export function toSettingsView(settings: CurrentSettings): SettingsResponse {
  return {
    version: settings.version,
    model: settings.model as SettingsResponse['model'],
    defaults: settings.defaults as SettingsResponse['defaults'],
    history: settings.history.map((h) => ({ version: h.version, savedAt: h.savedAt.toISOString(), savedBy: h.savedBy })),
  };
}

export function settingsRoutes(services: ApiServices): Router {
  const router = Router();
  router.use(rememberMount);

  router.get('/', async (req, res) => {
    const input = parseInput(req, res, { query: plainQuery });
    if (!input) return;
    res.json(toSettingsView(await services.getSettings()));
  });

  router.post('/preview', async (req, res) => {
    const input = parseInput(req, res, { query: plainQuery, body: settingsPreviewRequestSchema });
    if (!input) return;
    res.json(await services.previewSettings(input.body.model));
  });

  router.put('/', async (req, res) => {
    const input = parseInput(req, res, { query: plainQuery, body: saveSettingsRequestSchema });
    if (!input) return;
    const caller = callerOf(res.locals);
    const outcome = await services.saveSettings(
      input.body.model,
      input.body.expectedVersion,
      caller.userEmail ?? caller.userId,
    );
    if (outcome.ok) {
      res.json(toSettingsView(outcome.settings));
      return;
    }
    if (outcome.error === 'invalid_settings') {
      return sendFailure(
        res,
        'invalid_settings',
        undefined,
        outcome.issues.map((i) => ({ path: i.path, message: i.message })),
      );
    }
    sendFailure(res, 'version_conflict');
  });

  return router;
}
