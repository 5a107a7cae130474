/**
 * zod at the HTTP edge: params, query and body are parsed together, and every problem is reported at once as a 400
 * `invalid_request` whose `details` say which field and what is wrong. A route that gets `null` back has already
 * answered and must stop (nothing has been written).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { sendError, toErrorDetails, type ErrorDetail } from './api-error';

interface Schemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

type Parsed<S extends Schemas> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

export function parseInput<S extends Schemas>(req: Request, res: Response, schemas: S): Parsed<S> | null {
  const parsed: Record<string, unknown> = {};
  const details: ErrorDetail[] = [];
  for (const where of ['params', 'query', 'body'] as const) {
    const schema = schemas[where];
    if (!schema) continue;
    const value: unknown = where === 'body' ? req.body : req[where];
    const result = schema.safeParse(value);
    if (result.success) parsed[where] = result.data;
    else details.push(...toErrorDetails(where, result.error.issues));
  }
  if (details.length > 0) {
    sendError(res, 400, 'invalid_request', summarize(details), details);
    return null;
  }
  return parsed as Parsed<S>;
}

function summarize(details: ErrorDetail[]): string {
  const first = details[0];
  if (!first) return 'The request is invalid.';
  const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : '';
  return `Invalid request: ${first.path}: ${first.message}${more}.`;
}

/** Shared pieces of the route schemas. */
export const companyIdParams = z.object({
  companyId: z.string().regex(/^[1-9]\d{0,19}$/, 'must be a numeric HubSpot company id'),
});

/** HubSpot appends these to every signed URL; routes accept them next to their own parameters. */
export const hubSpotIdentityQuery = {
  portalId: z.string().optional(),
  userId: z.string().optional(),
  userEmail: z.string().optional(),
  appId: z.string().optional(),
};

/** `?flag=1|true|0|false` (absent = false). */
export const booleanFlag = z
  .enum(['1', 'true', '0', 'false'], { message: 'must be 1, true, 0 or false' })
  .optional()
  .transform((v) => v === '1' || v === 'true');
