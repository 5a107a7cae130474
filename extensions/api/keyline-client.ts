/**
 * The Keyline API client of the cards and the settings page: the only module that calls `hubspot.fetch`.
 * HubSpot signs each request (v3 signature) and appends the portal and user itself, so nothing secret is sent from
 * here. Every answer is validated: a 2xx body with the caller's zod schema, an error body with `apiErrorSchema`.
 * Failures are values (`{ ok: false, … }`), never thrown, so the hooks can map them to states.
 */
import { hubspot } from '@hubspot/ui-extensions';
import type { z } from 'zod';
import { apiErrorSchema } from '@keyline/contract/account-view';
import { KEYLINE_BASE_URL } from '@keyline/contract/keyline-base-url';

export type KeylineMethod = 'GET' | 'POST' | 'PUT';

export interface KeylineRequest {
  method: KeylineMethod;
  /** A path from `keylineRoutes`, e.g. `/api/v1/accounts/123`. */
  path: string;
  body?: Record<string, unknown>;
}

export interface KeylineFailure {
  ok: false;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** The backend's error code, or `network_error` / `invalid_response` for failures on the way. */
  code: string;
  message: string;
  details: { path: string; message: string }[];
}

export type KeylineResult<T> = { ok: true; status: number; data: T } | KeylineFailure;

/** hubspot.fetch's time limit is 15 s on older accounts; recompute needs the most of it. */
const TIMEOUT_MS = 15_000;

function failure(status: number, code: string, message: string, details: KeylineFailure['details'] = []): KeylineFailure {
  return { ok: false, status, code, message, details };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

export async function requestKeyline<S extends z.ZodType>(
  request: KeylineRequest,
  schema: S,
): Promise<KeylineResult<z.infer<S>>> {
  let response: Response;
  try {
    response = await hubspot.fetch(`${KEYLINE_BASE_URL}${request.path}`, {
      method: request.method,
      timeout: TIMEOUT_MS,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
  } catch (error) {
    const reason = error instanceof Error && error.message ? ` (${error.message})` : '';
    return failure(0, 'network_error', `Keyline could not be reached${reason}.`);
  }

  const body = await readJson(response);
  if (response.ok) {
    const parsed = schema.safeParse(body);
    if (parsed.success) return { ok: true, status: response.status, data: parsed.data };
    return failure(response.status, 'invalid_response', 'Keyline answered with data this card does not understand.');
  }

  const apiError = apiErrorSchema.safeParse(body);
  if (apiError.success) {
    const { code, message, details } = apiError.data.error;
    return failure(response.status, code, message, details ?? []);
  }
  return failure(response.status, `http_${response.status}`, `Keyline answered with HTTP ${response.status}.`);
}
