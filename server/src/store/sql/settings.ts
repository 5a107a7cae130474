/** Settings versions: the model JSON per portal, saved with an optimistic version check. */
import type { SaveSettingsResult, SettingsVersion } from '../store';
import type { Row, SqlDb } from './sql-db';
import { str, toDate } from './sql-rows';

export class SqlSettings {
  constructor(private readonly db: SqlDb) {}

  private toSettings(r: Row): SettingsVersion {
    return {
      portalId: str(r['portal_id']),
      version: str(r['version']),
      model: JSON.parse(str(r['model'])) as unknown,
      savedAt: toDate(r['saved_at']),
      savedBy: str(r['saved_by']),
    };
  }

  async getCurrentSettings(portalId: string): Promise<SettingsVersion | null> {
    const rows = await this.db.all('SELECT * FROM settings_versions WHERE portal_id = ? ORDER BY seq DESC LIMIT 1', [portalId]);
    return rows[0] ? this.toSettings(rows[0]) : null;
  }

  async saveSettings(
    portalId: string,
    input: { version: string; model: unknown; savedBy: string; expectedVersion: string | null },
  ): Promise<SaveSettingsResult> {
    return this.db.transaction(async (tx) => {
      await tx.lockPortal(portalId);
      const rows = await tx.all('SELECT * FROM settings_versions WHERE portal_id = ? ORDER BY seq DESC LIMIT 1', [portalId]);
      const current = rows[0] ? this.toSettings(rows[0]) : null;
      if ((current?.version ?? null) !== input.expectedVersion) {
        return { ok: false as const, error: 'version_conflict' as const, current };
      }
      const savedAt = new Date();
      await tx.run('INSERT INTO settings_versions (portal_id, version, model, saved_at, saved_by) VALUES (?, ?, ?, ?, ?)', [
        portalId,
        input.version,
        JSON.stringify(input.model),
        savedAt.toISOString(),
        input.savedBy,
      ]);
      return {
        ok: true as const,
        saved: { portalId, version: input.version, model: input.model, savedAt, savedBy: input.savedBy },
      };
    });
  }

  async listSettingsVersions(portalId: string, opts: { limit?: number } = {}): Promise<SettingsVersion[]> {
    const rows = await this.db.all('SELECT * FROM settings_versions WHERE portal_id = ? ORDER BY seq DESC LIMIT ?', [
      portalId,
      opts.limit ?? 100,
    ]);
    return rows.map((r) => this.toSettings(r));
  }
}
