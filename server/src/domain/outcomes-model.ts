/**
 * The model's `outcomes` section (issue #15): which deals are expansion and renewal, how close a renewal must be for its
 * risk to be assessed, where the contract end date is read, how a customer's wallet is estimated when nobody set it,
 * and the survey window. Every setting has a default, so a model stored before this section parses unchanged.
 */
import { z } from 'zod';

const dealType = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'is too long')
  .transform((s) => s.toLowerCase());

const dealTypes = (defaults: string[]) =>
  z
    .array(dealType, { error: 'must be a list of deal types' })
    .max(50, 'allows at most 50 deal types')
    .refine((list) => new Set(list).size === list.length, 'must not list a deal type twice')
    .default(defaults);

const share = z
  .number({ error: 'must be a share between 0 and 1' })
  .min(0, 'must be between 0 and 1')
  .max(1, 'must be between 0 and 1');

/**
 * Default wallet shares: the part of a customer's annual revenue it could spend a year on what we sell. Derived from
 * typical IT spend as a share of revenue per industry (software and finance spend most, retail, construction and
 * manufacturing least) times the slice one vendor's category takes of it (about 5 %). Rough on purpose: a portal
 * should set its own, or set `keyline_wallet_size` on the accounts that matter.
 */
export const DEFAULT_WALLET_SHARES: Readonly<Record<string, number>> = {
  COMPUTER_SOFTWARE: 0.005,
  INFORMATION_TECHNOLOGY_AND_SERVICES: 0.004,
  FINANCIAL_SERVICES: 0.004,
  TELECOMMUNICATIONS: 0.003,
  HOSPITAL_HEALTH_CARE: 0.002,
  MARKETING_AND_ADVERTISING: 0.002,
  EDUCATION_MANAGEMENT: 0.002,
  LOGISTICS_AND_SUPPLY_CHAIN: 0.0015,
  AUTOMOTIVE: 0.0015,
  MANUFACTURING: 0.001,
  RETAIL: 0.001,
  CONSTRUCTION: 0.001,
};

const industryShares = z
  .record(
    z.string().trim().min(1, 'an industry must not be empty').max(100, 'is too long').transform((s) => s.toUpperCase()),
    share,
    { error: 'must map industries to shares between 0 and 1' },
  )
  .refine((r) => Object.keys(r).length <= 200, 'allows at most 200 industries')
  .default({ ...DEFAULT_WALLET_SHARES });

export const outcomesModelSchema = z
  .strictObject({
    /** HubSpot `dealtype` values (case-insensitive) of upsell and cross-sell deals. */
    expansion_deal_types: dealTypes(['existingbusiness']),
    /** `dealtype` values of renewal deals: the earliest open one gives the next renewal date. */
    renewal_deal_types: dealTypes(['renewal']),
    /** A renewal this many days away (or fewer, or overdue) gets a risk; a later one does not yet. */
    renewal_window_days: z
      .number({ error: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 day')
      .max(730, 'must be at most 730 days')
      .default(120),
    /**
     * The company date property holding the contract's end (used when no open renewal deal is there). The reader
     * reads this property with the company; `keyline_contract_end_date` is Keyline's own, created by `keyline setup`.
     */
    contract_end_property: z
      .string({ error: 'must be a property name' })
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,99}$/, 'must be a HubSpot property name (lower-case letters, digits and _)')
      .default('keyline_contract_end_date'),
    /** The wallet estimate when `keyline_wallet_size` is empty: annual revenue × the industry's share (else the default). */
    wallet: z
      .strictObject({
        /** Share of annual revenue by HubSpot industry value (case-insensitive). */
        industry_shares: industryShares,
        /** Share for an industry not listed (or unknown); 0 turns the estimate off. */
        default_share: share.default(0.002),
      })
      .prefault({}),
    /** Surveys (NPS, CSAT): the score counts answers of this many days; the trend compares it with the window before. */
    survey_window_days: z
      .number({ error: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(30, 'must be at least 30 days')
      .max(730, 'must be at most 730 days')
      .default(365),
  })
  .prefault({});

export type OutcomesModel = z.output<typeof outcomesModelSchema>;
