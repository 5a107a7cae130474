/**
 * What came of an account (issue #15) as the account view carries it: retention, expansion, the next renewal and its
 * risk, NPS and CSAT, share of wallet and whitespace. Mirrors the engine's AccountOutcomes; dates travel as ISO-8601
 * strings, money in the portal's currency to the cent, rates as fractions (0.42 = 42 %). Every figure may be null:
 * a missing input lowers `confidence`, it is never bad news.
 */
import { z } from 'zod';
import { CONFIDENCES, RENEWAL_RISKS } from './vocabulary';

const isoDate = z.string().datetime({ offset: true });
const money = z.number();
const fraction = z.number().min(0);

const periodRevenueSchema = z.object({ recurring: money, oneOff: money });

export const surveyViewSchema = z.object({
  responses: z.number().int().min(0),
  invalid: z.number().int().min(0),
  /** NPS −100…100, CSAT 0–100; null without responses in the window. */
  score: z.number().nullable(),
  /** The latest valid answer's own score (NPS 0–10, CSAT 1–5). */
  latest: z.object({ score: z.number(), at: isoDate }).nullable(),
  /** Score against the window before; null when either has no responses. */
  trend: z.number().nullable(),
});
export type SurveyView = z.infer<typeof surveyViewSchema>;

export const outcomesViewSchema = z.object({
  retention: z.object({
    trailing: periodRevenueSchema,
    prior: periodRevenueSchema,
    churned: money,
    contracted: money,
    expanded: money,
    grr: fraction.nullable(),
    nrr: fraction.nullable(),
    movement: z.enum(['churned', 'contracted', 'flat', 'expanded', 'new', 'none']),
  }),
  expansion: z.object({ revenue: money, won: z.number().int().min(0), lost: z.number().int().min(0), winRate: fraction.max(1).nullable() }),
  renewal: z.object({
    date: isoDate.nullable(),
    source: z.enum(['renewal_deal', 'contract_end']).nullable(),
    /** Null outside the model's renewal window. */
    risk: z.enum(RENEWAL_RISKS).nullable(),
    /** Why, most important first ("single-threaded", "NPS detractor (4)"). */
    reasons: z.array(z.string()),
  }),
  nps: surveyViewSchema,
  csat: surveyViewSchema,
  wallet: z.object({
    spend: money,
    wallet: money.nullable(),
    source: z.enum(['property', 'estimate']).nullable(),
    share: fraction.max(1).nullable(),
    headroom: money.min(0).nullable(),
    /** Products never bought, best yearly list value first (at most 10). */
    whitespace: z.array(z.object({ productId: z.string(), name: z.string(), listValue: money.nullable() })),
  }),
  confidence: z.enum(CONFIDENCES),
});
export type OutcomesView = z.infer<typeof outcomesViewSchema>;
