/** Named leases with an expiry (the run lock of a portal). */
import type { SqlDb } from './sql-db';
import { str } from './sql-rows';

export class SqlLocks {
  constructor(private readonly db: SqlDb) {}

  async acquireLock(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    await this.db.run(
      `INSERT INTO locks (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE locks.expires_at < ? OR locks.holder = excluded.holder`,
      [name, holder, now + ttlMs, now],
    );
    const rows = await this.db.all('SELECT holder FROM locks WHERE name = ?', [name]);
    return rows[0]?.['holder'] === holder;
  }

  async renewLock(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const res = await this.db.run('UPDATE locks SET expires_at = ? WHERE name = ? AND holder = ?', [
      Date.now() + ttlMs,
      name,
      holder,
    ]);
    return res.changes > 0;
  }

  async releaseLock(name: string, holder: string): Promise<void> {
    await this.db.run('DELETE FROM locks WHERE name = ? AND holder = ?', [name, holder]);
  }

  async inspectLock(name: string): Promise<{ holder: string; expiresAt: Date } | null> {
    const rows = await this.db.all('SELECT holder, expires_at FROM locks WHERE name = ?', [name]);
    const r = rows[0];
    if (!r || Number(r['expires_at']) < Date.now()) return null;
    return { holder: str(r['holder']), expiresAt: new Date(Number(r['expires_at'])) };
  }
}
