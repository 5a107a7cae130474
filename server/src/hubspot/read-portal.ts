/**
 * Reading what the portal holds besides records: the account a token belongs to, its active owners, its deal
 * pipelines and how many companies it has.
 */
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
 * Ids of the portal's active owners, 100 a page.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/owners/get-owners
 */
export async function listOwnerIds(hs: HubSpotTransport): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | undefined;
  do {
    const page = parsePage(await hs.request({ method: 'GET', path: hubSpotPaths.owners(), query: { limit: 100, after, archived: false } }));
    for (const raw of page.results) {
      const owner = hubSpotOwnerSchema.safeParse(raw);
      if (owner.success) ids.add(owner.data.id);
    }
    after = nextAfter(page);
  } while (after);
  return ids;
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
