/**
 * Where the app page is (its route path and params): what HubSpot's `useAppPageLocation` answers inside its host. The
 * extension's tree (remote) reads it, the host's page links and `navigateToPage` change it, and the preview mirrors it
 * into the browser's address (`?view=pages&path=…`) so a page can be linked and reloaded.
 */
export interface AppPageLocation {
  path: string;
  params: Record<string, string>;
}

export interface PageLocationStore {
  get(): AppPageLocation;
  set(location: AppPageLocation): void;
  subscribe(listener: () => void): () => void;
}

function sameLocation(a: AppPageLocation, b: AppPageLocation): boolean {
  const keys = Object.keys(a.params);
  return a.path === b.path && keys.length === Object.keys(b.params).length && keys.every((key) => a.params[key] === b.params[key]);
}

export function createPageLocationStore(initial: AppPageLocation = { path: '/', params: {} }): PageLocationStore {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set: (location) => {
      const next = { path: location.path.startsWith('/') ? location.path : `/${location.path}`, params: { ...location.params } };
      if (sameLocation(next, current)) return;
      current = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
