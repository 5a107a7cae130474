/**
 * The model review (issue #15): `GET /api/v1/review` — each tier against the rest, each criterion's separation of
 * grown from shrunk accounts with sample sizes, disagreeing accounts, suggestions with model patches (previewed with
 * `POST /api/v1/settings/preview`, never applied). The shape is `reviewViewSchema` (contract/review-view.ts), the same
 * JSON `keyline review --json` prints. Running it records the review's date (the next sync closes the reminder).
 */
import { Router } from 'express';
import { z } from 'zod';
import { rememberMount } from '../request-context';
import type { ApiServices } from '../services';
import { hubSpotIdentityQuery, parseInput } from '../validate-input';

const reviewQuery = z.object({ ...hubSpotIdentityQuery });

export function reviewRoutes(services: ApiServices): Router {
  const router = Router();
  router.use(rememberMount);

  router.get('/', async (req, res) => {
    const input = parseInput(req, res, { query: reviewQuery });
    if (!input) return;
    res.json(await services.getReview());
  });

  return router;
}
