/**
 * State the whole preview page shares: where the app page is, and the activity log (every `hubspot.fetch` and every
 * host action the extensions call), which the page shows so a developer sees what the extensions asked for.
 */
import { createPageLocationStore } from '../host/page-location';

export const pageLocation = createPageLocationStore();

export interface ActivityEntry {
  at: number;
  source: string;
  text: string;
  failed: boolean;
}

type Listener = () => void;

function createActivityLog(limit = 50) {
  let entries: ActivityEntry[] = [];
  const listeners = new Set<Listener>();
  return {
    get: () => entries,
    add(entry: Omit<ActivityEntry, 'at'>) {
      entries = [{ ...entry, at: Date.now() }, ...entries].slice(0, limit);
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export const activity = createActivityLog();
