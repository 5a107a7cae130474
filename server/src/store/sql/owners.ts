/** HubSpot owners' names and emails, refreshed by every sync run. */
import { chunk } from '../../lib/chunk';
import type { OwnerIdentity } from '../../domain/name-owner';
import type { SqlDb } from './sql-db';
import { str, strOrNull } from './sql-rows';

export class SqlOwners {
  constructor(private readonly db: SqlDb) {}

  async saveOwners(portalId: string, owners: readonly OwnerIdentity[], seenAt: Date): Promise<void> {
    if (owners.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (const rows of chunk(owners, 100)) {
        await tx.run(
          `INSERT INTO owners (portal_id, owner_id, first_name, last_name, email, seen_at) VALUES
           ${rows.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (portal_id, owner_id) DO UPDATE SET
             first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email, seen_at = excluded.seen_at`,
          rows.flatMap((o) => [portalId, o.ownerId, o.firstName, o.lastName, o.email, seenAt.toISOString()]),
        );
      }
    });
  }

  async listOwners(portalId: string): Promise<OwnerIdentity[]> {
    const rows = await this.db.all(
      'SELECT owner_id, first_name, last_name, email FROM owners WHERE portal_id = ? ORDER BY LENGTH(owner_id), owner_id',
      [portalId],
    );
    return rows.map((r) => ({ ownerId: str(r['owner_id']), firstName: strOrNull(r['first_name']), lastName: strOrNull(r['last_name']), email: strOrNull(r['email']) }));
  }
}
