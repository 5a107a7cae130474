/**
 * Configuration: parsed once at start from the environment, validated with zod, failing fast with a message that
 * names the variable. Nothing else in the code base reads `process.env`.
 */
import { z } from 'zod';

const rateLimitTiers = ['100', '110', '190'] as const;

const optionalUrl = z.url().optional();

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The HTTPS base URL HubSpot calls (the one in permittedUrls.fetch); used to verify request signatures. */
  PUBLIC_BASE_URL: optionalUrl,
  /** Private-app / service-key token for the HubSpot account. */
  HUBSPOT_ACCESS_TOKEN: z.string().min(1).optional(),
  /** The app's client secret: the key of HubSpot's v3 request signatures. */
  HUBSPOT_CLIENT_SECRET: z.string().min(8).optional(),
  /** The HubSpot account (portal) this installation serves. */
  HUBSPOT_PORTAL_ID: z.string().regex(/^\d+$/, 'must be the numeric HubSpot account id').optional(),
  /** Where the HubSpot API lives: https://api.hubapi.com, or the local sandbox. */
  HUBSPOT_BASE_URL: z.url().default('https://api.hubapi.com'),
  /** Burst limit of the app per 10 seconds: 100 (free/starter), 110 (public apps), 190 (pro/enterprise). */
  HUBSPOT_RATE_LIMIT: z.enum(rateLimitTiers).default('100').transform(Number),
  /** How long a HubSpot request may go without a byte from HubSpot before it counts as a lost connection (retried). */
  HUBSPOT_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  /** sqlite:<path> (default) or postgres://… */
  DATABASE_URL: z.string().min(1).default('sqlite:.keyline/keyline.sqlite'),
  SYNC_CRON: z.string().min(1).default('0 2 * * *'),
  SYNC_TIMEZONE: z.string().min(1).default('UTC'),
  /** Bearer token for operator endpoints (sync runs, metrics). */
  OPERATOR_TOKEN: z.string().min(16).optional(),
  /** Owner who gets tasks for companies without an owner. */
  FALLBACK_OWNER_ID: z.string().regex(/^\d+$/).optional(),
  /** Signed card/settings requests allowed per HubSpot account per minute (429 beyond). */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'debug']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (or the given record). Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(configSchema.shape)
      .map((k) => [k, env[k] === '' ? undefined : env[k]] as const)
      .filter(([, v]) => v !== undefined),
  );
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message })),
    );
  }
  return parsed.data;
}

/** Names of variables whose values are secrets: never logged, never returned. */
export const SECRET_VARIABLES = ['HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_CLIENT_SECRET', 'OPERATOR_TOKEN'] as const;
