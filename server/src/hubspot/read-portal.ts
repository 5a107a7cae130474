/**
 * Reading what the portal holds besides records: the account a token belongs to, its active owners, its deal
 * pipelines and how many companies it has.
 */
import type { OwnerIdentity } from '../domain/name-owner';
import { hubSpotPaths } from './api-version';
import { HubSpotRequestError } from './errors';
import { hubSpotAccountDetailsSchema, hubSpotOwnerSchema, hubSpotPipelineSchema, nextAfter, parsePage, type HubSpotPipeline } from './hubspot-records';
import type { HubSpotTransport } from './hubspot-transport';
import { searchPage } from './read-records';
import { toStageIndex, type StageIndex } from './to-deal';

/**
 * The id of the account (portal) the token belongs to.
 * https://developers.hubspot.com/docs/api-reference/latest/account/account-info/get-account-details
 */
export async function readAccountId(hs: HubSpotTransport): Promise<string> {
  const path = hubSpotPaths.accountDetails();
  const parsed = hubSpotAccountDetailsSchema.safeParse(await hs.request({ method: 'GET', path }));
  if (!parsed.success) throw new HubSpotRequestError(`GET ${path}`, 200, 'the account details carry no numeric portalId');
  return parsed.data.portalId;
}

/**
 * The portal's active owners with their names and emails, 100 a page (read once per run: the sync keeps the ids
 * for task assignment and the names for every place a person reads an owner).
 * https://developers.hubspot.com/docs/api-reference/latest/crm/owners/get-owners
 */
export async function listOwners(hs: HubSpotTransport): Promise<OwnerIdentity[]> {
  const owners: OwnerIdentity[] = [];
  let after: string | undefined;
  do {
    const page = parsePage(await hs.request({ method: 'GET', path: hubSpotPaths.owners(), query: { limit: 100, after, archived: false } }));
    for (const raw of page.results) {
      const owner = hubSpotOwnerSchema.safeParse(raw);
      if (owner.success) owners.push({ ownerId: owner.data.id, firstName: owner.data.firstName, lastName: owner.data.lastName, email: owner.data.email });
    }
    after = nextAfter(page);
  } while (after);
  return owners;
}

/** Ids of the portal's active owners (the same read as `listOwners`). */
export async function listOwnerIds(hs: HubSpotTransport): Promise<Set<string>> {
  return new Set((await listOwners(hs)).map((o) => o.ownerId));
}

/**
 * The deal pipelines' stages (closed/won and probability), for mapping deals.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/pipelines/pipelines/get-pipelines
 */
export async function readStages(hs: HubSpotTransport): Promise<StageIndex> {
  const page = parsePage(await hs.request({ method: 'GET', path: hubSpotPaths.pipelines('deals') }));
  const pipelines: HubSpotPipeline[] = [];
  for (const raw of page.results) {
    const parsed = hubSpotPipelineSchema.safeParse(raw);
    if (parsed.success) pipelines.push(parsed.data);
  }
  return toStageIndex(pipelines);
}

/** How many companies the portal holds: a search's total (one search call), or null when HubSpot does not say. */
export async function countCompanies(hs: HubSpotTransport): Promise<number | null> {
  const page = await searchPage(hs, 'companies', [], ['hs_object_id'], { sorts: ['hs_object_id'], limit: 1 });
  return page.total ?? null;
}
