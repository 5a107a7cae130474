/**
 * One pass over an account's activities: which ones are touches (SPEC §2.5), and the dates and counts that tiering,
 * stakeholder engagement and cadence need. Activities with no date, in the future or before the look-back window are
 * ignored; the same activity listed twice counts once.
 */
import type { CompiledModel } from './compile-model';
import type { Activity, Channel, Company, Contact, EngagementsRead } from './types';

/**
 * The dates are the input's own Date objects (the activity's `occurredAt`, the company's or a contact's
 * `lastContactedAt`), so results can carry them without copying; nothing in Keyline mutates a Date.
 */
export interface TouchFacts {
  /** Latest touch on any channel (activities, then HubSpot's last-contacted dates of the company and its contacts). */
  readonly lastTouchMs: number | null;
  readonly lastTouchAt: Date | null;
  readonly lastMeetingMs: number | null;
  readonly lastMeetingAt: Date | null;
  readonly lastQbrMs: number | null;
  readonly lastQbrAt: Date | null;
  /** Touches per channel within the channel window. */
  readonly channelMix: Record<Channel, number>;
  /**
   * Latest touch by an activity of the contact at `position` in the account's contact list (a contact listed twice:
   * ask at its first position), or null. Backed by scratch state shared by every call (scoring is synchronous): ask
   * it before the next `readTouches` call, never keep it.
   */
  readonly contactLastTouchAt: (position: number) => Date | null;
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

// Scratch state shared by every call (scoring is synchronous and never re-entrant), so reading an account's touches
// allocates nothing per activity: the latest touch of each of the account's contacts, by the contact's position in
// its contact list (a contact listed twice: its first position).
let scratchContacts: readonly Contact[] = [];
/** Contact id → first position, only for long contact lists (short ones are scanned). */
let scratchPositions: Map<unknown, number> | null = null;
const SCAN_CONTACTS_UP_TO = 16;
let scratchContactTimes = new Float64Array(64);
/** The Date behind each position's time (held only until the next account is read). */
let scratchContactDates: (Date | null)[] = new Array<Date | null>(64).fill(null);
const SEEN_SCAN_LIMIT = 48;
const SCRATCH_SEEN_IDS: string[] = new Array<string>(SEEN_SCAN_LIMIT).fill('');
const SCRATCH_SEEN_MS = new Float64Array(SEEN_SCAN_LIMIT);

function startContactTouches(contacts: readonly Contact[]): void {
  scratchContactDates.fill(null, 0, Math.min(scratchContacts.length, scratchContactDates.length));
  scratchContacts = contacts;
  const n = contacts.length;
  if (n > scratchContactTimes.length) {
    scratchContactTimes = new Float64Array(n);
    scratchContactDates = new Array<Date | null>(n).fill(null);
  }
  scratchContactTimes.fill(Number.NEGATIVE_INFINITY, 0, n);
  scratchPositions = null;
  if (n > SCAN_CONTACTS_UP_TO) {
    scratchPositions = new Map();
    for (let i = 0; i < n; i += 1) {
      const contact = contacts[i];
      if (contact !== null && typeof contact === 'object' && !scratchPositions.has(contact.id)) scratchPositions.set(contact.id, i);
    }
  }
}

/** First position of the contact in the current account's contact list, or -1. */
function contactPosition(contactId: unknown): number {
  if (scratchPositions !== null) return scratchPositions.get(contactId) ?? -1;
  const contacts = scratchContacts;
  for (let i = 0; i < contacts.length; i += 1) {
    const contact = contacts[i];
    if (contact !== null && typeof contact === 'object' && contact.id === contactId) return i;
  }
  return -1;
}

/** Latest touch by an activity of the contact at `position`, as found by the last `readTouches` call, or null. */
function lastContactTouch(position: number): Date | null {
  return position >= 0 && position < scratchContacts.length ? (scratchContactDates[position] ?? null) : null;
}

function noteContactTouch(contactId: unknown, ms: number, at: Date): void {
  const position = contactPosition(contactId);
  if (position >= 0 && ms > (scratchContactTimes[position] as number)) {
    scratchContactTimes[position] = ms;
    scratchContactDates[position] = at;
  }
}

/**
 * Where HubSpot's roll-ups still say something: a roll-up date counts as a touch only before the moment from which
 * the engagements it may stand for were read (SPEC §2.5: within the read windows an unanswered call is no touch, but
 * it moves `hs_last_logged_call_date` and `notes_last_contacted`). +Infinity: nothing known was read, every roll-up
 * counts.
 */
export interface RollupCutoffs {
  /** For a roll-up of any channel (`notes_last_contacted`): before every channel was read. */
  readonly anyChannelMs: number;
  /** For the last logged call: before calls were read. */
  readonly callMs: number;
  /** For a contact's own last-contacted date in stakeholder engagement (needs the engagements' contacts read). */
  readonly contactMs: number;
}

const NO_CUTOFF: RollupCutoffs = { anyChannelMs: Number.POSITIVE_INFINITY, callMs: Number.POSITIVE_INFINITY, contactMs: Number.POSITIVE_INFINITY };

function fromMs(date: Date | null | undefined): number {
  return isFiniteDate(date) ? date.getTime() : Number.POSITIVE_INFINITY;
}

export function rollupCutoffs(read: EngagementsRead | undefined): RollupCutoffs {
  if (read === undefined || read === null || typeof read !== 'object' || read.from === null || typeof read.from !== 'object') return NO_CUTOFF;
  const any = Math.max(fromMs(read.from.call), fromMs(read.from.email), fromMs(read.from.meeting));
  return { anyChannelMs: any, callMs: fromMs(read.from.call), contactMs: read.withContacts === true ? any : Number.POSITIVE_INFINITY };
}

export function readTouches(
  company: Company,
  activities: readonly Activity[],
  contacts: readonly Contact[],
  compiled: CompiledModel,
  nowMs: number,
  cutoffs: RollupCutoffs = NO_CUTOFF,
): TouchFacts {
  const oldest = nowMs - compiled.lookBackMs;
  const channelFrom = nowMs - compiled.channelWindowMs;
  startContactTouches(contacts);
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
  let lastTouchAt: Date | null = null;
  let lastMeetingAt: Date | null = null;
  let lastQbrAt: Date | null = null;
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
    if (ms > lastTouch) {
      lastTouch = ms;
      lastTouchAt = at;
    }
    const inWindow = ms >= channelFrom;
    if (channel === 'call') {
      if (inWindow) calls += 1;
    } else if (channel === 'email') {
      if (inWindow) emails += 1;
    } else {
      if (inWindow) meetings += 1;
      if (ms > lastMeeting) {
        lastMeeting = ms;
        lastMeetingAt = at;
      }
      if (ms > lastQbr && isQbr(activity, compiled)) {
        lastQbr = ms;
        lastQbrAt = at;
      }
    }
    const contactIds = activity.contactIds;
    if (Array.isArray(contactIds)) {
      for (let k = 0; k < contactIds.length; k += 1) noteContactTouch(contactIds[k], ms, at);
    }
  }
  seenIds.fill('', 0, seenCount);

  // HubSpot's roll-ups know of touches Keyline did not read (before the read windows, or logged elsewhere); within
  // the windows the engagements decide, so a roll-up there (an unanswered call, say) does not move the last touch.
  const companyContacted = pastMs(company.lastContactedAt, nowMs);
  if (companyContacted !== null && companyContacted > lastTouch && companyContacted < cutoffs.anyChannelMs) {
    lastTouch = companyContacted;
    lastTouchAt = company.lastContactedAt;
  }
  const companyCalled = pastMs(company.lastLoggedCallAt, nowMs);
  if (companyCalled !== null && companyCalled > lastTouch && companyCalled < cutoffs.callMs) {
    lastTouch = companyCalled;
    lastTouchAt = company.lastLoggedCallAt;
  }
  for (let i = 0; i < contacts.length; i += 1) {
    const contact = contacts[i];
    if (contact === null || typeof contact !== 'object') continue;
    const ms = pastMs(contact.lastContactedAt, nowMs);
    if (ms !== null && ms > lastTouch && ms < cutoffs.anyChannelMs) {
      lastTouch = ms;
      lastTouchAt = contact.lastContactedAt;
    }
  }

  const none = Number.NEGATIVE_INFINITY;
  return {
    lastTouchMs: lastTouch === none ? null : lastTouch,
    lastTouchAt,
    lastMeetingMs: lastMeeting === none ? null : lastMeeting,
    lastMeetingAt,
    lastQbrMs: lastQbr === none ? null : lastQbr,
    lastQbrAt,
    channelMix: { call: calls, email: emails, meeting: meetings },
    contactLastTouchAt: lastContactTouch,
  };
}
