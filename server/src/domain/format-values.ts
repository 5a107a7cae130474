/**
 * How numbers, dates and roles read in explanations, reasons and task bodies. Plain and fast (no Intl per call).
 */
import type { BuyingRole, Tier } from './types';

export const DAY_MS = 86_400_000;

/** Rounds to one decimal, the precision of every score, point and contribution Keyline reports. */
export function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10;
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** "$950", "$9.5k", "$48k", "$1.3M", "$2B". */
export function formatMoney(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  if (abs < 1_000) return `${sign}$${Math.round(abs)}`;
  if (abs < 10_000) return `${sign}$${trimZero((abs / 1_000).toFixed(1))}k`;
  if (abs < 999_500) return `${sign}$${Math.round(abs / 1_000)}k`;
  if (abs < 10_000_000) return `${sign}$${trimZero((abs / 1_000_000).toFixed(1))}M`;
  if (abs < 999_500_000) return `${sign}$${Math.round(abs / 1_000_000)}M`;
  return `${sign}$${trimZero((abs / 1_000_000_000).toFixed(1))}B`;
}

/** Rounds an amount someone has to reach up to a figure worth saying: $38,200 → $39k, $740 → $800. */
export function roundUpForPeople(amount: number): number {
  if (amount <= 0) return 0;
  const step = amount < 1_000 ? 100 : amount < 1_000_000 ? 1_000 : 100_000;
  return Math.ceil(amount / step - 1e-9) * step;
}

/** 0.12 → "+12%", -0.083 → "-8%". */
export function formatPercent(fraction: number): string {
  const pct = Math.round(fraction * 100);
  return `${pct > 0 ? '+' : ''}${pct}%`;
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

// Days as text, remembered in a direct-mapped table (slot = day number mod 4096; a later day takes its slot): the same
// few hundred days recur across a portfolio, and a lookup is an index, not a hash.
const DAY_SLOTS = 4096;
const dayNumbers = new Float64Array(DAY_SLOTS).fill(Number.NaN);
const dayTexts: string[] = new Array<string>(DAY_SLOTS).fill('');

/** A date as YYYY-MM-DD (UTC). */
export function formatDay(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown date';
  const dayNumber = Math.floor(ms / DAY_MS);
  const slot = dayNumber & (DAY_SLOTS - 1);
  if (dayNumbers[slot] === dayNumber) return dayTexts[slot] as string;
  const text = civilDay(dayNumber * DAY_MS);
  dayNumbers[slot] = dayNumber;
  dayTexts[slot] = text;
  return text;
}

/** YYYY-MM-DD by civil-date arithmetic (Howard Hinnant's days-to-civil algorithm). */
function civilDay(ms: number): string {
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${two(month)}-${two(day)}`;
}

/** Points from -100 to 100 in tenths, as text (filled as they occur; scores, weights and contributions repeat). */
const POINTS_TEXT: (string | undefined)[] = Array.from({ length: 2001 }, () => undefined);

/** 12.5 → "12.5", 70 → "70", -0.3 → "-0.3" (one decimal, trailing ".0" dropped). */
export function formatPoints(value: number): string {
  const tenths = Math.round(value * 10);
  const slot = tenths + 1000;
  const known = slot >= 0 && slot <= 2000 ? POINTS_TEXT[slot] : undefined;
  if (known !== undefined) return known;
  const whole = Math.trunc(tenths / 10);
  const decimal = Math.abs(tenths % 10);
  const text = decimal === 0 ? String(whole) : tenths < 0 && whole === 0 ? `-0.${decimal}` : `${whole}.${decimal}`;
  if (slot >= 0 && slot <= 2000) POINTS_TEXT[slot] = text;
  return text;
}

/** "N days ago" for the first few thousand days (filled as they occur). */
const DAYS_AGO_TEXT: (string | undefined)[] = Array.from({ length: 4000 }, () => undefined);

export function formatDaysAgo(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return '1 day ago';
  const known = days < 4000 ? DAYS_AGO_TEXT[days] : undefined;
  if (known !== undefined) return known;
  const text = `${days} days ago`;
  if (days < 4000 && Number.isInteger(days)) DAYS_AGO_TEXT[days] = text;
  return text;
}

const ROLE_WORDS: Readonly<Record<BuyingRole, string>> = {
  DECISION_MAKER: 'decision maker',
  BUDGET_HOLDER: 'budget holder',
  CHAMPION: 'champion',
  EXECUTIVE_SPONSOR: 'executive sponsor',
  INFLUENCER: 'influencer',
  END_USER: 'end user',
  BLOCKER: 'blocker',
  LEGAL_AND_COMPLIANCE: 'legal & compliance contact',
  OTHER: 'other role',
};

/** "executive sponsor". */
export function roleWords(role: BuyingRole): string {
  return ROLE_WORDS[role];
}

/** "an executive sponsor", "a champion". */
export function withArticle(words: string): string {
  return /^[aeiou]/i.test(words) ? `an ${words}` : `a ${words}`;
}

/** "a, b or c" / "a, b and c". */
export function joinWords(words: readonly string[], last: 'and' | 'or'): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1] ?? ''}`;
}

const SHORT_TIER: Readonly<Record<Tier, string>> = { tier_1: 'Tier 1', tier_2: 'Tier 2', tier_3: 'Tier 3' };

/** "Tier 1". */
export function shortTier(tier: Tier): string {
  return SHORT_TIER[tier];
}
