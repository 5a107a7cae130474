/**
 * One pass over an account's activities: which ones are touches (SPEC §2.5), and the dates and counts that tiering,
 * stakeholder engagement and cadence need. Activities with no date, in the future or before the look-back window are
 * ignored; the same activity listed twice counts once.
 */
import type { CompiledModel } from './compile-model';
import type { Activity, Channel, Company, Contact } from './types';

export interface TouchFacts {
  /** Latest touch on any channel (activities, then HubSpot's last-contacted dates of the company and its contacts). */
  readonly lastTouchMs: number | null;
  readonly lastMeetingMs: number | null;
  readonly lastQbrMs: number | null;
  /** Touches per channel within the channel window. */
  readonly channelMix: Record<Channel, number>;
  /**
   * Latest touch of a contact (epoch ms) or null. Backed by scratch state shared by every call (scoring is
   * synchronous): ask it before the next `readTouches` call, never keep it.
   */
  readonly lastTouchOf: (contactId: string) => number | null;
}

function isFiniteDate(date: Date | null | undefined): date is Date {
  return date instanceof Date && Number.isFinite(date.getTime());
}

/** Epoch ms of a date that is valid and not in the future, else null. */
export function pastMs(date: Date | null | undefined, nowMs: number): number | null {
  if (!isFiniteDate(date)) return null;
  const ms = date.getTime();
  return ms <= nowMs ? ms : null;
}

const canonical = new Map<string, string>();

/** Set membership of a HubSpot enum value, tolerant of case and stray spaces (fast path: already canonical). */
function inSet(set: ReadonlySet<string>, value: string): boolean {
  if (set.has(value)) return true;
  let normalised = canonical.get(value);
  if (normalised === undefined) {
    normalised = value.trim().toUpperCase();
    if (canonical.size < 10_000) canonical.set(value, normalised);
  }
  return normalised !== value && set.has(normalised);
}

function present(text: string | null | undefined): text is string {
  if (typeof text !== 'string' || text.length === 0) return false;
  const first = text.charCodeAt(0);
  return first > 32 ? true : text.trim() !== '';
}

/** The channel a touch was made on, or null when the activity is not a touch. */
export function touchChannel(activity: Activity, compiled: CompiledModel): Channel | null {
  const status = activity.status;
  switch (activity.kind) {
    case 'call':
      return !present(status) || inSet(compiled.callTouchStatuses, status) ? 'call' : null;
    case 'email': {
      if (present(status) && inSet(compiled.emailExcludedStatuses, status)) return null;
      const direction = activity.direction;
      return !present(direction) || inSet(compiled.emailTouchDirections, direction) ? 'email' : null;
    }
    case 'meeting':
      return present(status) && inSet(compiled.meetingExcludedOutcomes, status) ? null : 'meeting';
    default:
      return null;
  }
}

/** A held meeting is a QBR when its title matches a QBR phrase or its activity type is a QBR type. */
export function isQbr(activity: Activity, compiled: CompiledModel): boolean {
  const type = activity.activityType;
  if (typeof type === 'string' && type !== '' && compiled.qbrActivityTypes.has(type.trim().toLowerCase())) return true;
  const title = activity.title;
  if (compiled.qbrTitle === null || typeof title !== 'string' || title === '') return false;
  const known = compiled.qbrTitleCache.get(title);
  if (known !== undefined) return known;
  const match = compiled.qbrTitle.test(title);
  if (compiled.qbrTitleCache.size < 50_000) compiled.qbrTitleCache.set(title, match);
  return match;
}

function later(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

// Scratch state shared by every call (scoring is synchronous and never re-entrant), so reading an account's touches
// allocates nothing per activity: contact id → slot in a typed array of latest-touch times.
const SCRATCH_CONTACT_SLOTS = new Map<string, number>();
let scratchContactTimes = new Float64Array(64);
const SEEN_SCAN_LIMIT = 48;
const SCRATCH_SEEN_IDS: string[] = new Array<string>(SEEN_SCAN_LIMIT).fill('');
const SCRATCH_SEEN_MS = new Float64Array(SEEN_SCAN_LIMIT);

/** Latest touch of a contact (epoch ms) as found by the last `readTouches` call, or null. */
function lastContactTouch(contactId: string): number | null {
  const slot = SCRATCH_CONTACT_SLOTS.get(contactId);
  return slot === undefined ? null : (scratchContactTimes[slot] as number);
}

function noteContactTouch(contactId: string, ms: number): void {
  const slot = SCRATCH_CONTACT_SLOTS.get(contactId);
  if (slot !== undefined) {
    if (ms > (scratchContactTimes[slot] as number)) scratchContactTimes[slot] = ms;
    return;
  }
  const next = SCRATCH_CONTACT_SLOTS.size;
  if (next === scratchContactTimes.length) {
    const grown = new Float64Array(next * 2);
    grown.set(scratchContactTimes);
    scratchContactTimes = grown;
  }
  scratchContactTimes[next] = ms;
  SCRATCH_CONTACT_SLOTS.set(contactId, next);
}

export function readTouches(
  company: Company,
  activities: readonly Activity[],
  contacts: readonly Contact[],
  compiled: CompiledModel,
  nowMs: number,
): TouchFacts {
  const oldest = nowMs - compiled.lookBackMs;
  const channelFrom = nowMs - compiled.channelWindowMs;
  SCRATCH_CONTACT_SLOTS.clear();
  // Touches seen so far, to count an activity listed twice once. A duplicate has the same timestamp, so ids are only
  // compared when timestamps match; reused scratch arrays while small, a set once large.
  const seenIds = SCRATCH_SEEN_IDS;
  const seenMs = SCRATCH_SEEN_MS;
  let seenCount = 0;
  let seenSet: Set<string> | null = null;
  // Plain doubles in the loop (−Infinity = none yet), so no number is boxed per activity.
  let lastTouch = Number.NEGATIVE_INFINITY;
  let lastMeeting = Number.NEGATIVE_INFINITY;
  let lastQbr = Number.NEGATIVE_INFINITY;
  let calls = 0;
  let emails = 0;
  let meetings = 0;

  for (let i = 0; i < activities.length; i += 1) {
    const activity = activities[i];
    if (activity === null || typeof activity !== 'object') continue;
    // Notes and tasks are never touches: skip them before reading their dates.
    const kind = activity.kind;
    if (kind !== 'call' && kind !== 'email' && kind !== 'meeting') continue;
    const at = activity.occurredAt;
    if (!(at instanceof Date)) continue;
    const ms = at.getTime();
    // NaN (an invalid date) fails both comparisons, so it is skipped too.
    if (!(ms <= nowMs && ms >= oldest)) continue;
    const channel = touchChannel(activity, compiled);
    if (channel === null) continue;
    const id = activity.id;
    if (seenSet !== null) {
      if (seenSet.has(id)) continue;
      seenSet.add(id);
    } else {
      let duplicate = false;
      for (let k = 0; k < seenCount; k += 1) {
        if (seenMs[k] === ms && seenIds[k] === id) {
          duplicate = true;
          break;
        }
      }
      if (duplicate) continue;
      seenIds[seenCount] = id;
      seenMs[seenCount] = ms;
      seenCount += 1;
      if (seenCount === SEEN_SCAN_LIMIT) seenSet = new Set(seenIds);
    }
    if (ms > lastTouch) lastTouch = ms;
    const inWindow = ms >= channelFrom;
    if (channel === 'call') {
      if (inWindow) calls += 1;
    } else if (channel === 'email') {
      if (inWindow) emails += 1;
    } else {
      if (inWindow) meetings += 1;
      if (ms > lastMeeting) lastMeeting = ms;
      if (ms > lastQbr && isQbr(activity, compiled)) lastQbr = ms;
    }
    const contactIds = activity.contactIds;
    if (Array.isArray(contactIds)) {
      for (const contactId of contactIds) noteContactTouch(contactId, ms);
    }
  }
  seenIds.fill('', 0, seenCount);

  let lastTouchMs: number | null = lastTouch === Number.NEGATIVE_INFINITY ? null : lastTouch;
  const lastMeetingMs = lastMeeting === Number.NEGATIVE_INFINITY ? null : lastMeeting;
  const lastQbrMs = lastQbr === Number.NEGATIVE_INFINITY ? null : lastQbr;
  const channelMix: Record<Channel, number> = { call: calls, email: emails, meeting: meetings };
  // HubSpot's roll-ups know of touches Keyline may not have read (older than the look-back, or logged elsewhere).
  lastTouchMs = later(lastTouchMs, pastMs(company.lastContactedAt, nowMs));
  lastTouchMs = later(lastTouchMs, pastMs(company.lastLoggedCallAt, nowMs));
  for (const contact of contacts) {
    if (contact !== null && typeof contact === 'object') lastTouchMs = later(lastTouchMs, pastMs(contact.lastContactedAt, nowMs));
  }

  return { lastTouchMs, lastMeetingMs, lastQbrMs, channelMix, lastTouchOf: lastContactTouch };
}
