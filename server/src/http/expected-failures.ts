/**
 * Expected failures of the use-cases (values, not exceptions) → HTTP. A code the table does not know is still an
 * expected failure of a well-formed request: 422 with that code.
 */
import type { Response } from 'express';
import { sendError, type ErrorDetail } from './api-error';

const FAILURES: Readonly<Record<string, { status: number; message: string }>> = {
  company_not_found: { status: 404, message: 'This HubSpot account has no such company.' },
  not_computed_yet: {
    status: 404,
    message: 'Keyline has not computed this company yet: recompute it (or wait for the nightly sync).',
  },
  gap_not_found: { status: 422, message: 'The company has no open gap with that key.' },
  no_open_gap: { status: 422, message: 'The company has no open gap to create a task for.' },
  setup_required: {
    status: 409,
    message: 'HubSpot lacks the task property Keyline finds its tasks by: run "keyline setup" first.',
  },
  invalid_settings: { status: 400, message: 'The scoring model is invalid.' },
  version_conflict: {
    status: 409,
    message: 'The settings were saved by someone else meanwhile: reload them and apply your changes again.',
  },
  sync_in_progress: { status: 409, message: 'A sync run is already in progress.' },
  run_not_found: { status: 404, message: 'There is no sync run with that id.' },
};

export function sendFailure(res: Response, code: string, message?: string, details?: ErrorDetail[]): void {
  const known = FAILURES[code];
  sendError(res, known?.status ?? 422, code, message ?? known?.message ?? code.replace(/_/g, ' '), details);
}
