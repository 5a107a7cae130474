/**
 * `keyline serve`: the HTTP API for the cards and operators, and the nightly sync (SYNC_CRON, SYNC_TIMEZONE). The HTTP
 * layer is loaded when the command runs, so `keyline sync` and the other commands never load Express.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { createKeyline, SERVE_SQLITE_BUSY_TIMEOUT_MS } from '../../keyline';
import { print } from '../output';

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API for the cards and operators, and run the nightly sync (SYNC_CRON, SYNC_TIMEZONE)')
    .action(async () => {
      const config = loadConfig(process.env, { require: ['HUBSPOT_ACCESS_TOKEN'] });
      const k = await createKeyline(config, { sqliteBusyTimeoutMs: SERVE_SQLITE_BUSY_TIMEOUT_MS });
      const [{ serve }, { createServeParts }] = await Promise.all([import('../../http/serve'), import('../../http/services-from-keyline')]);
      // The adapter from Keyline's use cases to the API's services is the HTTP layer's.
      const handle = await serve(config, createServeParts(k));
      print(`Keyline API listening on port ${handle.port}`);
      await handle.closed;
    });
}
