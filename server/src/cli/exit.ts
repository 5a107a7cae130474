/**
 * The `keyline` exit codes (README, "Exit codes"): 0 ok, 1 failure, 2 configuration error (one message naming every
 * problem), 3 run paused (HubSpot's daily limit, or HubSpot busy or down after every retry: the next run resumes it),
 * 4 another sync is running (nothing was done; try again later).
 */
export const EXIT = { ok: 0, failure: 1, config: 2, paused: 3, busy: 4 } as const;

/** A command's own refusal: `main` prints `keyline: <message>` and exits with `code`. */
export class CliExit extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}
