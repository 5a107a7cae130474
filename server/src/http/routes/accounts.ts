/**
 * The company card's endpoints. Every route: parse → one use-case → map the result to HTTP.
 */
import { Router } from 'express';
import { z } from 'zod';
import { saveAccountPlanRequestSchema } from '@keyline/contract/account-plan';
import { createTaskRequestSchema, overrideRequestSchema } from '@keyline/contract/account-view';
import { sendFailure } from '../expected-failures';
import { createFollowUpTask, overrideTier, readAccountView, recomputeAccountView } from '../read-account-view';
import { rememberMount } from '../request-context';
import type { ApiServices } from '../services';
import { booleanFlag, companyIdParams, hubSpotIdentityQuery, parseInput } from '../validate-input';

const accountQuery = z.object({ ...hubSpotIdentityQuery, fresh: booleanFlag });
const plainQuery = z.object(hubSpotIdentityQuery);
/** Actions without a body accept an empty one (hubspot.fetch may send `{}`). */
const noBody = z.union([z.undefined(), z.object({}).strict()]);

export function accountRoutes(services: ApiServices): Router {
  const router = Router();
  router.use(rememberMount);

  router.get('/:companyId', async (req, res) => {
    const input = parseInput(req, res, { params: companyIdParams, query: accountQuery, body: noBody });
    if (!input) return;
    const outcome = await readAccountView(services, input.params.companyId, { fresh: input.query.fresh });
    if (!outcome.ok) return sendFailure(res, outcome.error, outcome.message);
    res.json(outcome.view);
  });

  router.post('/:companyId/recompute', async (req, res) => {
    const input = parseInput(req, res, { params: companyIdParams, query: plainQuery, body: noBody });
    if (!input) return;
    const outcome = await recomputeAccountView(services, input.params.companyId);
    if (!outcome.ok) return sendFailure(res, outcome.error, outcome.message);
    res.json(outcome.view);
  });

  router.post('/:companyId/tasks', async (req, res) => {
    const input = parseInput(req, res, {
      params: companyIdParams,
      query: plainQuery,
      body: z.preprocess((b) => b ?? {}, createTaskRequestSchema),
    });
    if (!input) return;
    const outcome = await createFollowUpTask(services, input.params.companyId, input.body);
    if (!outcome.ok) return sendFailure(res, outcome.error, outcome.message);
    res.status(outcome.created ? 201 : 200).json({
      taskId: outcome.taskId,
      gapKey: outcome.gapKey,
      created: outcome.created,
    });
  });

  router.put('/:companyId/override', async (req, res) => {
    const input = parseInput(req, res, { params: companyIdParams, query: plainQuery, body: overrideRequestSchema });
    if (!input) return;
    const outcome = await overrideTier(services, input.params.companyId, input.body.tier);
    if (!outcome.ok) return sendFailure(res, outcome.error, outcome.message);
    res.json(outcome.view);
  });

  router.put('/:companyId/plan', async (req, res) => {
    const input = parseInput(req, res, { params: companyIdParams, query: plainQuery, body: saveAccountPlanRequestSchema });
    if (!input) return;
    const saved = await services.saveAccountPlan(input.params.companyId, input.body);
    if (!saved.ok) return sendFailure(res, saved.error, saved.message);
    const outcome = await readAccountView(services, input.params.companyId, { fresh: false });
    if (!outcome.ok) return sendFailure(res, outcome.error, outcome.message);
    res.json(outcome.view);
  });

  return router;
}
