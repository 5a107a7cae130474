/** Digests of signed API requests seen within their replay window. */
import type { SqlDb } from './sql-db';

export class SqlSignatures {
  constructor(private readonly db: SqlDb) {}

  async claimSignature(portalId: string, digest: string, expiresAt: number, now: number): Promise<boolean> {
    // One statement, so two instances claiming the same signature at once cannot both win: the primary key decides,
    // and only an expired record is overwritten.
    const res = await this.db.run(
      `INSERT INTO seen_signatures (portal_id, digest, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (portal_id, digest) DO UPDATE SET expires_at = excluded.expires_at
       WHERE seen_signatures.expires_at < ?`,
      [portalId, digest, expiresAt, now],
    );
    return res.changes > 0;
  }

  async releaseSignature(portalId: string, digest: string): Promise<void> {
    await this.db.run('DELETE FROM seen_signatures WHERE portal_id = ? AND digest = ?', [portalId, digest]);
  }

  async purgeSignatures(before: number): Promise<number> {
    return (await this.db.run('DELETE FROM seen_signatures WHERE expires_at < ?', [before])).changes;
  }
}
