/**
 * The portfolio summary: tier distribution, near-miss list, overdue and single-threaded accounts, owners' capacity.
 */
import { Router } from 'express';
import { z } from 'zod';
import { tierSchema } from '@keyline/contract/account-view';
import { rememberMount } from '../request-context';
import type { ApiServices } from '../services';
import { hubSpotIdentityQuery, parseInput } from '../validate-input';

const portfolioQuery = z.object({
  ...hubSpotIdentityQuery,
  ownerId: z.string().regex(/^\d{1,20}$/, 'must be a numeric HubSpot owner id').optional(),
  tier: tierSchema.optional(),
});

export function portfolioRoutes(services: ApiServices): Router {
  const router = Router();
  router.use(rememberMount);

  router.get('/', async (req, res) => {
    const input = parseInput(req, res, { query: portfolioQuery });
    if (!input) return;
    const { ownerId, tier } = input.query;
    // The same function and shape as `keyline report --json` (server/src/use-cases/read-portfolio.ts).
    res.json(await services.getPortfolio({ ownerId: ownerId ?? null, tier: tier ?? null }));
  });

  return router;
}
