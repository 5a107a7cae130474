/**
 * HubSpot's error bodies: the top-level `Error` shape ({status, message, correlationId, category, …}) and the
 * per-input `StandardError` of batch responses.
 */
import { randomUUID } from 'node:crypto';

export class HubSpotError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body['message']));
  }
}

export function errorBody(message: string, category: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export const validationError = (message: string, extra: Record<string, unknown> = {}) =>
  new HubSpotError(400, errorBody(message, 'VALIDATION_ERROR', extra));

export const notFound = (message = 'Object not found') =>
  new HubSpotError(404, errorBody(message, 'OBJECT_NOT_FOUND'));

export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new HubSpotError(409, errorBody(message, 'CONFLICT', extra));

export interface PropertyValueError {
  name: string;
  error: string;
  message: string;
}

/** The 400 HubSpot answers when property values do not validate (unknown property, bad enum option, …). */
export function invalidPropertyValues(problems: PropertyValueError[], portalId: string): HubSpotError {
  const details = problems.map((p) => ({
    isValid: false,
    message: p.message,
    error: p.error,
    name: p.name,
    localizedErrorMessage: p.message,
    portalId: Number(portalId),
  }));
  return new HubSpotError(
    400,
    errorBody(`Property values were not valid: ${JSON.stringify(details)}`, 'VALIDATION_ERROR', {
      errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
    }),
  );
}

/** One entry of a batch response's `errors[]` (StandardError). */
export function standardError(status: string, category: string, message: string, context: Record<string, string[]>): Record<string, unknown> {
  return { status, category, message, context, errors: [], links: {} };
}
