/**
 * Errors the HubSpot adapter raises on purpose.
 */

/**
 * HubSpot answered 429 with `policyName: DAILY`: the account's daily API budget is spent. Never retried: the run
 * stops cleanly (status `paused`) and resumes from its checkpoint on the next run after the account's midnight.
 */
export class DailyLimitReached extends Error {
  constructor(readonly endpoint: string) {
    super(`HubSpot daily API limit reached (at ${endpoint}); the run is paused and resumes on the next run`);
    this.name = 'DailyLimitReached';
  }
}

/** A HubSpot call failed for good (after the library's retries and ours). */
export class HubSpotRequestError extends Error {
  constructor(
    readonly endpoint: string,
    readonly status: number | null,
    message: string,
    /** The connection was lost or HubSpot never answered (after our retries). */
    readonly lostConnection = false,
    /** HubSpot's error body, when it answered (a 400's `errors` say which property values it refused). */
    readonly body?: unknown,
  ) {
    super(`${endpoint} failed${status ? ` (${status})` : ''}: ${message}`);
    this.name = 'HubSpotRequestError';
  }
}

/** `keyline setup` found a property with Keyline's name but another type: it refuses to touch it. */
export class PropertyConflict extends Error {
  constructor(
    readonly property: string,
    readonly existingType: string,
    readonly wantedType: string,
  ) {
    super(
      `The company property "${property}" already exists with type "${existingType}", but Keyline needs type ` +
        `"${wantedType}". Keyline will not change it: rename or delete that property in HubSpot, then run setup again.`,
    );
    this.name = 'PropertyConflict';
  }
}

/**
 * HubSpot has no `keyline_task_key` task property (the portal's setup predates it): Keyline could not find its own
 * tasks again, so it creates none until `keyline setup` has run. Not healed by the sync itself: changing the portal's
 * schema is setup's job, which a person runs (and which may need a scope the nightly token lacks).
 */
export class SetupRequired extends Error {
  constructor(readonly property: string) {
    super(`HubSpot has no task property "${property}" (Keyline finds its own tasks by it): run "keyline setup", then sync again; no task was created`);
    this.name = 'SetupRequired';
  }
}
