/**
 * The one error shape of the API (`apiErrorSchema` of the shared contract): a stable machine code, a message a person
 * can read and, for invalid input, the path and problem of every offending field.
 */
import type { Response } from 'express';
import type { z } from 'zod';
import type { ApiError } from '@keyline/contract/account-view';

export interface ErrorDetail {
  path: string;
  message: string;
}

export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  details?: ErrorDetail[],
): void {
  const body: ApiError & { error: { requestId?: string } } = {
    error: { code, message, ...(details ? { details } : {}) },
  };
  const requestId = res.locals['requestId'] as string | undefined;
  if (requestId) body.error.requestId = requestId;
  res.status(status).json(body);
}

/** zod issues → `details`, with dotted paths prefixed by where the value came from (`body.tier`, `query.fresh`). */
export function toErrorDetails(where: string, issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}
