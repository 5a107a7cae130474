/**
 * Operator endpoints: start a sync run (202, it runs in the background), list runs, read one run.
 */
import { Router } from 'express';
import { z } from 'zod';
import { sendFailure } from '../expected-failures';
import { rememberMount } from '../request-context';
import type { ApiServices, SyncRunView } from '../services';
import { parseInput } from '../validate-input';

const startBody = z
  .object({
    mode: z.enum(['full', 'incremental']).default('incremental'),
    dryRun: z.boolean().default(false),
    companyIds: z
      .array(z.string().regex(/^[1-9]\d{0,19}$/, 'must be a numeric HubSpot company id'))
      .min(1)
      .max(1000)
      .optional(),
  })
  .strict();
const listQuery = z.object({
  limit: z.coerce.number({ message: 'must be a number' }).int().min(1).max(200).default(20),
});
const runParams = z.object({ runId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a run id') });

export function toRunView(run: SyncRunView) {
  return {
    ...run.details,
    id: run.id,
    mode: run.mode,
    status: run.status,
    dryRun: run.dryRun,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
  };
}

export function syncRunRoutes(services: ApiServices): Router {
  const router = Router();
  router.use(rememberMount);

  router.post('/runs', async (req, res) => {
    const input = parseInput(req, res, { body: z.preprocess((b) => b ?? {}, startBody) });
    if (!input) return;
    const outcome = await services.startSyncRun(input.body);
    if (!outcome.ok) {
      return sendFailure(
        res,
        outcome.error,
        outcome.runningRunId ? `A sync run is already in progress (run ${outcome.runningRunId}).` : undefined,
      );
    }
    res
      .status(202)
      .location(`${req.baseUrl}/runs/${encodeURIComponent(outcome.runId)}`)
      .json({ runId: outcome.runId, status: 'running' });
  });

  router.get('/runs', async (req, res) => {
    const input = parseInput(req, res, { query: listQuery });
    if (!input) return;
    const runs = await services.listSyncRuns(input.query.limit);
    res.json({ runs: runs.map(toRunView) });
  });

  router.get('/runs/:runId', async (req, res) => {
    const input = parseInput(req, res, { params: runParams });
    if (!input) return;
    const run = await services.getSyncRun(input.params.runId);
    if (!run) return sendFailure(res, 'run_not_found');
    res.json(toRunView(run));
  });

  return router;
}
