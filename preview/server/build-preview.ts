/**
 * Bundles the preview page's script (preview/browser/main.tsx with Keyline's entries from app/ and the UI from
 * extensions/) with esbuild, in memory, when the preview starts (about a second); nothing is fetched from the network.
 * The stylesheet is served as it is.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

export interface PreviewAssets {
  js: string;
  css: string;
}

export const PREVIEW_DIR = path.resolve(__dirname, '..');
const REPO_DIR = path.resolve(PREVIEW_DIR, '..');

export async function buildPreviewAssets(): Promise<PreviewAssets> {
  const result = await build({
    absWorkingDir: REPO_DIR,
    entryPoints: [path.join(PREVIEW_DIR, 'browser/main.tsx')],
    tsconfig: path.join(PREVIEW_DIR, 'tsconfig.json'),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const [js] = result.outputFiles;
  if (js === undefined) throw new Error('esbuild produced no bundle for the preview');
  return { js: js.text, css: await readFile(path.join(PREVIEW_DIR, 'host/hubspot-look.css'), 'utf8') };
}
