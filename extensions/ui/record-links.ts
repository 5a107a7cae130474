/** Links to HubSpot records (they open in HubSpot, outside the extension). */

/** The company's record in HubSpot. */
export function companyUrl(portalId: number, companyId: string): string {
  return `https://app.hubspot.com/contacts/${portalId}/record/0-2/${encodeURIComponent(companyId)}`;
}

/**
 * How an owner is named on the app page: the name the API sends (HubSpot's name, else the email), else
 * "Owner <id>" when the API knows no name for the id.
 */
export function ownerLabel(ownerId: string | null, ownerName?: string | null): string {
  if (ownerId === null) return 'No owner';
  return ownerName !== undefined && ownerName !== null && ownerName !== '' ? ownerName : `Owner ${ownerId}`;
}
