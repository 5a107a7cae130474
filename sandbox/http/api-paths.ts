/**
 * The paths the sandbox answers on, for each generation of HubSpot's API: the date-versioned one (2026-09, what
 * Keyline calls) and the legacy numeric one (v3/v4), served only when the sandbox is started with `legacyPaths`.
 * Each endpoint is declared once, in its route file, with the base of each generation it exists in.
 * https://developers.hubspot.com/docs/api-reference/legacy/migration-guide
 */

/** The date version the sandbox serves. */
export const DATED_VERSION = '2026-09';

export type Generation = 'dated' | 'legacy';

/** A path pattern per generation; an endpoint missing from one generation has no entry for it. */
export type PathsByGeneration = Partial<Record<Generation, string>>;

const V = DATED_VERSION;

/** The bases the route files build their patterns from. */
export const BASES = {
  objects: { dated: `/crm/objects/${V}/:objectType`, legacy: '/crm/v3/objects/:objectType' },
  associations: { dated: `/crm/associations/${V}/:fromObjectType/:toObjectType`, legacy: '/crm/v4/associations/:fromObjectType/:toObjectType' },
  /** Associations of one record (PUT default, GET per record). */
  recordAssociations: { dated: `/crm/objects/${V}`, legacy: '/crm/v4/objects' },
  properties: { dated: `/crm/properties/${V}/:objectType`, legacy: '/crm/v3/properties/:objectType' },
  owners: { dated: `/crm/owners/${V}`, legacy: '/crm/v3/owners' },
  pipelines: { dated: `/crm/pipelines/${V}/:objectType`, legacy: '/crm/v3/pipelines/:objectType' },
  lists: { dated: `/crm/lists/${V}`, legacy: '/crm/v3/lists' },
  accountInfo: { dated: `/account-info/${V}`, legacy: '/account-info/v3' },
} as const satisfies Record<string, Required<PathsByGeneration>>;

/** `under(BASES.objects, '/batch/read')` → the batch read pattern in both generations. */
export function under(base: Required<PathsByGeneration>, suffix: string): Required<PathsByGeneration> {
  return { dated: `${base.dated}${suffix}`, legacy: `${base.legacy}${suffix}` };
}
