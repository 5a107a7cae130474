/** `keyline preview`: the local preview (loaded only when this command runs) for a running `keyline serve`. */
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { print, waitForSignal } from '../output';

export function addPreviewCommand(program: Command): void {
  program
    .command('preview')
    .description('serve the local preview (the cards, settings page and app page in a browser) for a running `keyline serve`')
    .option('--api <url>', 'where the Keyline API listens (default http://127.0.0.1:$PORT)')
    .option('--port <port>', 'port of the preview (0 = any free port)', (v) => Number(v), 4000)
    .action(async (opts: { api?: string; port: number }) => {
      const { previewCommand } = await import('../../demo/preview-command');
      await previewCommand(loadConfig(), opts, print, waitForSignal);
    });
}
