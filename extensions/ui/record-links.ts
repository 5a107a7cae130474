/** Links to HubSpot records (they open in HubSpot, outside the extension). */

/** The company's record in HubSpot. */
export function companyUrl(portalId: number, companyId: string): string {
  return `https://app.hubspot.com/contacts/${portalId}/record/0-2/${encodeURIComponent(companyId)}`;
}

/** How an owner is named on the app page: the API knows owners by id only. */
export function ownerLabel(ownerId: string | null): string {
  return ownerId === null ? 'No owner' : `Owner ${ownerId}`;
}
