/**
 * The preview page's script. Order matters: worker-globals must run before any @hubspot/ui-extensions code is
 * evaluated (the SDK binds `hubspot.extend` and `hubspot.fetch` to `self` when it loads), so the entries are imported
 * afterwards, one by one (load-extensions.ts).
 */
import './worker-globals';
import { createRoot } from 'react-dom/client';
import { loadExtensions } from './load-extensions';
import { PreviewShell, type PreviewConfig } from './preview-shell';

async function start(): Promise<void> {
  const container = document.getElementById('preview');
  if (container === null) throw new Error('the page has no #preview element');
  try {
    const [config, extensions] = await Promise.all([
      fetch('/_preview/config').then(async (response) => (await response.json()) as PreviewConfig),
      loadExtensions(),
    ]);
    createRoot(container).render(<PreviewShell config={config} extensions={extensions} />);
  } catch (error) {
    container.textContent = `The preview could not start: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  }
}

void start();
