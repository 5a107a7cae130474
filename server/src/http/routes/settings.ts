/**
 * The settings page: the scoring model (validated by the engine's schema, every saved version kept) and a preview
 * of a candidate model's effect before saving.
 */
import { Router } from 'express';
import { z } from 'zod';
import { callerOf } from '../authenticate';
import { sendFailure } from '../expected-failures';
import { rememberMount } from '../request-context';
import type { ApiServices, CurrentSettings } from '../services';
import { hubSpotIdentityQuery, parseInput } from '../validate-input';

const plainQuery = z.object(hubSpotIdentityQuery);
const modelField = z.custom<unknown>((v) => v !== undefined && v !== null, { message: 'the scoring model is required' });
const previewBody = z.object({ model: modelField }).strict();
const saveBody = z
  .object({
    model: modelField,
    expectedVersion: z.string().min(1, 'must be the version the edit started from').max(200),
  })
  .strict();

export function toSettingsView(settings: CurrentSettings) {
  return {
    version: settings.version,
    model: settings.model,
    defaults: settings.defaults,
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
    const input = parseInput(req, res, { query: plainQuery, body: previewBody });
    if (!input) return;
    res.json(await services.previewSettings(input.body.model));
  });

  router.put('/', async (req, res) => {
    const input = parseInput(req, res, { query: plainQuery, body: saveBody });
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
        outcome.issues.map((i) => ({ path: i.path ? `body.model.${i.path}` : 'body.model', message: i.message })),
      );
    }
    sendFailure(res, 'settings_conflict');
  });

  return router;
}
