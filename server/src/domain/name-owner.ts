/**
 * How a person is named wherever Keyline shows an owner (report, explain, the API, the cards): the name HubSpot's
 * owners API gives, else the owner's email, else "Owner <id>" (an owner who left, or one never read yet).
 */

/** What HubSpot's owners API says about one owner; each field may be missing. */
export interface OwnerIdentity {
  readonly ownerId: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
}

/** The display name of an owner: "First Last", else the email, else "Owner <id>". */
export function nameOwner(ownerId: string, known: Omit<OwnerIdentity, 'ownerId'> | undefined): string {
  const name = [known?.firstName, known?.lastName]
    .map((part) => (part ?? '').trim())
    .filter((part) => part !== '')
    .join(' ');
  if (name !== '') return name;
  const email = (known?.email ?? '').trim();
  return email !== '' ? email : `Owner ${ownerId}`;
}

/** A lookup of display names from the owners Keyline knows (null for "no owner"). */
export function ownerNamer(owners: readonly OwnerIdentity[]): (ownerId: string | null) => string | null {
  const byId = new Map(owners.map((o) => [o.ownerId, o]));
  return (ownerId) => (ownerId === null || ownerId === '' ? null : nameOwner(ownerId, byId.get(ownerId)));
}
