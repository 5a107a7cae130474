/**
 * The model's `relationships` section (issue #16). HubSpot's owners API has no level, so Keyline learns our people's
 * levels from this setting (owner id → level), edited with the rest of the model; an owner not listed has an unknown
 * level. Until at least one of ours is marked executive, "no executive-level contact" is unknown (lower confidence),
 * never a red flag.
 */
import { z } from 'zod';
import { LEVELS } from './types';

export const relationshipsModelSchema = z
  .strictObject({
    /** Our people's levels by HubSpot owner id (e.g. { "80000001": "executive" }). */
    our_levels: z
      .record(z.string().regex(/^\d{1,20}$/, 'must be a numeric HubSpot owner id'), z.enum(LEVELS, { error: `must be one of ${LEVELS.join(', ')}` }))
      .default({}),
    /** Pairs (one of ours × one of theirs) are counted over this many days. */
    window_days: z.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be at least 1').max(730, 'must be at most 730 days').default(180),
  })
  .prefault({});

export type RelationshipsModel = z.output<typeof relationshipsModelSchema>;
