/**
 * Domain AccountResult → the values of Keyline's company properties (strings, as HubSpot takes them), and the
 * comparison that decides whether a value HubSpot holds already equals the computed one (so only changes are written).
 */
import { BUYING_ROLES, type AccountResult } from '../domain/types';
import { KEYLINE_PROPERTIES, type HumanOwnedPropertyName, type KeylinePropertyName, type PropertyType } from './keyline-properties';
import { parseDate, parseNumber } from './parse-values';

export type WrittenPropertyName = Exclude<KeylinePropertyName, HumanOwnedPropertyName>;
export type CompanyPropertyValues = Record<WrittenPropertyName, string>;

const round1 = (n: number) => String(Math.round(n * 10) / 10);
const day = (d: Date | null) => (d && Number.isFinite(d.getTime()) ? d.toISOString().slice(0, 10) : '');
const bool = (b: boolean) => (b ? 'true' : 'false');
/** HubSpot's single-line text properties hold up to 65,536 characters; reasons stay far shorter. */
const MAX_REASONS = 1_000;

export function toCompanyProperties(result: AccountResult): CompanyPropertyValues {
  const roles = BUYING_ROLES.filter((r) => result.coverage.missingRoles.includes(r));
  return {
    keyline_tier: result.tier.tier,
    keyline_score: round1(result.tier.score),
    keyline_score_reasons: result.tier.reasons.slice(0, MAX_REASONS),
    keyline_near_miss: bool(result.tier.nearMiss),
    keyline_next_tier_gap: result.tier.nextTierGap === null ? '' : round1(result.tier.nextTierGap),
    keyline_confidence: result.tier.confidence,
    keyline_coverage_score: round1(result.coverage.score),
    keyline_engaged_stakeholders: String(result.coverage.engagedStakeholders),
    keyline_missing_roles: roles.join(';'),
    keyline_single_threaded: bool(result.coverage.flags.includes('single_threaded')),
    keyline_last_touch: day(result.cadence.lastTouchAt),
    keyline_last_qbr: day(result.cadence.lastQbrAt),
    keyline_next_touch_due: day(result.cadence.nextTouchDue),
    keyline_cadence_status: result.cadence.status,
    keyline_owner_over_capacity: bool(result.tier.ownerOverCapacity),
    keyline_model_version: result.modelVersion,
  };
}

const TYPE_OF: ReadonlyMap<string, PropertyType> = new Map(KEYLINE_PROPERTIES.map((p) => [p.name, p.type]));

/** A value in canonical form for comparison: HubSpot may echo "72.50" for 72.5, a date as ms or ISO, roles reordered. */
export function canonicalValue(property: string, value: string | null | undefined): string {
  const v = (value ?? '').trim();
  if (v === '') return '';
  switch (TYPE_OF.get(property)) {
    case 'number': {
      const n = parseNumber(v);
      return n === null ? v : String(Math.round(n * 1000) / 1000);
    }
    case 'date':
    case 'datetime': {
      const d = parseDate(v);
      return d === null ? v : d.toISOString().slice(0, 10);
    }
    case 'bool':
      return v.toLowerCase();
    case 'enumeration':
      return v.includes(';') ? v.split(';').map((x) => x.trim()).filter(Boolean).sort().join(';') : v;
    default:
      return v;
  }
}

export function sameValue(property: string, a: string | null | undefined, b: string | null | undefined): boolean {
  return canonicalValue(property, a) === canonicalValue(property, b);
}
