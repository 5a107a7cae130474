/**
 * The process logger (winston, JSON lines). Known secrets are redacted from every line, whatever field they hide in.
 */
import winston from 'winston';

const secrets = new Set<string>();

/** Registers values (tokens, client secrets) that must never appear in a log line. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

const SECRET_KEYS = /^(authorization|access_?token|client_?secret|token|password|x-hubspot-signature(-v3)?)$/i;

function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    let out = value;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[REDACTED]');
    return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer [REDACTED]');
  }
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redactValue(value.message, depth + 1) };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      SECRET_KEYS.test(k) ? '[REDACTED]' : redactValue(v, depth + 1),
    ]),
  );
}

const redact = winston.format((info) => {
  for (const key of Object.keys(info)) {
    (info as Record<string, unknown>)[key] = SECRET_KEYS.test(key) ? '[REDACTED]' : redactValue(info[key]);
  }
  return info;
});

export const logger = winston.createLogger({
  level: 'info',
  format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'http', 'debug'] })],
});

export function setLogLevel(level: string): void {
  logger.level = level;
}

/** For tests: silence the console transport. */
export function silenceLogger(silent = true): void {
  for (const t of logger.transports) t.silent = silent;
}

export type Logger = typeof logger;
