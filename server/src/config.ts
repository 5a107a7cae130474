/**
 * Configuration: parsed once at start from the environment, validated with zod, failing fast with a message that
 * names the variable. Nothing else in the code base reads `process.env`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const rateLimitTiers = ['100', '110', '190'] as const;

const optionalUrl = z.url().optional();

/** The default store. Its folder is the only one Keyline creates; any other SQLite path's folder must exist. */
export const DEFAULT_DATABASE_URL = 'sqlite:.keyline/keyline.sqlite';

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
  /** sqlite:<path> (default), sqlite::memory: or postgres://… (postgresql://…) */
  DATABASE_URL: z
    .string()
    .min(1)
    .default(DEFAULT_DATABASE_URL)
    .refine((url) => /^sqlite:.+/.test(url) || /^postgres(ql)?:\/\/./.test(url), {
      message: 'must be sqlite:<path> (e.g. sqlite:.keyline/keyline.sqlite), sqlite::memory: or postgres://…',
    }),
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

/** Variables a command may need beyond the schema's (`sync` and `setup` talk to HubSpot; `report` does not). */
export type RequiredVariable = 'HUBSPOT_ACCESS_TOKEN';
const REQUIRED_BECAUSE: Readonly<Record<RequiredVariable, string>> = {
  HUBSPOT_ACCESS_TOKEN: 'is required to talk to HubSpot',
};

/**
 * Parses the environment (or the given record). Throws one ConfigError naming every problem: bad values, the variables
 * the command requires (`require`) that are missing, and a SQLite store whose folder does not exist (a mistyped path
 * must not silently become a new, empty store; only the default store's folder is created, when it is opened).
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: { require?: readonly RequiredVariable[] } = {},
): Config {
  const relevant = Object.fromEntries(
    Object.keys(configSchema.shape)
      .map((k) => [k, env[k] === '' ? undefined : env[k]] as const)
      .filter(([, v]) => v !== undefined),
  );
  const parsed = configSchema.safeParse(relevant);
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: i.message }));
  for (const variable of options.require ?? []) {
    if (relevant[variable] === undefined) issues.push({ variable, message: REQUIRED_BECAUSE[variable] });
  }
  // The store's folder is checked whatever else is wrong, so the one message names every problem.
  const databaseUrl = configSchema.shape.DATABASE_URL.safeParse(relevant['DATABASE_URL']);
  if (databaseUrl.success) {
    const problem = sqliteFolderProblem(databaseUrl.data);
    if (problem) issues.push({ variable: 'DATABASE_URL', message: problem });
  }
  if (!parsed.success || issues.length > 0) throw new ConfigError(issues);
  return parsed.data;
}

/** The file of a `sqlite:` URL (null for postgres and `:memory:`). */
export function sqliteFile(databaseUrl: string): string | null {
  if (!databaseUrl.startsWith('sqlite:')) return null;
  const file = databaseUrl.slice('sqlite:'.length);
  return file === ':memory:' || file === '' ? null : file;
}

/** Why a SQLite store cannot be opened where DATABASE_URL says, or null (the default's folder is created on open). */
export function sqliteFolderProblem(databaseUrl: string): string | null {
  const file = sqliteFile(databaseUrl);
  if (file === null || databaseUrl === DEFAULT_DATABASE_URL) return null;
  const folder = path.dirname(path.resolve(file));
  if (existsSync(folder)) return null;
  return `the folder of the SQLite store does not exist: ${folder} (Keyline creates only the default store's folder, .keyline/; create the folder or correct the path)`;
}

/** Names of variables whose values are secrets: never logged, never returned. */
export const SECRET_VARIABLES = ['HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_CLIENT_SECRET', 'OPERATOR_TOKEN'] as const;
