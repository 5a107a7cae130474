/**
 * The model's `attention` section (issue #16): how our people's time on an account is counted and when an account is
 * over- or under-served. Every setting has a default so stored models without the section still parse.
 */
import { z } from 'zod';

const minutes = (max: number, fallback: number) =>
  z.number({ error: 'must be a number of minutes' }).min(0, 'must be 0 or more').max(max, `must be at most ${max} minutes`).default(fallback);
const share = (fallback: number) =>
  z.number({ error: 'must be a share between 0 and 1' }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(fallback);

export const attentionSchema = z
  .strictObject({
    /** Attention is counted over the last this many days. */
    window_days: z.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(7, 'must be at least 7 days').max(365, 'must be at most 365 days').default(90),
    /** Minutes one email touch counts for (emails carry no duration). */
    minutes_per_email: minutes(120, 5),
    /** Minutes a held call without a (valid) duration counts for. */
    default_call_minutes: minutes(480, 10),
    /** Minutes a held meeting without a (valid) duration counts for. */
    default_meeting_minutes: minutes(480, 30),
    /** A single call or meeting is counted for at most this many minutes (longer durations are data errors). */
    max_minutes_per_activity: minutes(1440, 480),
    /**
     * Hours per week one owner can spend on logged customer touches. 20 h: half a 40-hour week in logged calls,
     * meetings and emails; the other half is preparation, internal work and travel that HubSpot does not log.
     */
    capacity_hours_per_week: z.number({ error: 'must be a number of hours' }).min(0.5, 'must be at least half an hour').max(80, 'must be at most 80 hours').default(20),
    /** Over-served: attention share ≥ this multiple of the value share … */
    over_served_ratio: z.number({ error: 'must be a number' }).min(1, 'must be at least 1').max(100, 'must be at most 100').default(2),
    /** … and at least this share of the owner's time. */
    over_served_min_share: share(0.05),
    /** Under-served (tier-1 only): attention share below this fraction of the value share, or no attention at all. */
    under_served_ratio: share(0.5),
    /** Rebalancing suggestions per over-capacity owner, at most. */
    max_suggestions_per_owner: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more').max(10, 'must be at most 10').default(3),
  })
  .prefault({});

export type AttentionSettings = z.output<typeof attentionSchema>;
