/**
 * What every page of the app needs from HubSpot, handed down from the entry's `context` and `actions`: the portal (for
 * links to records) and page navigation (filters change the route's params). Route components get no props from
 * HubSpot's router, so this is a React context.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { NavigateToPageAction } from '@hubspot/ui-extensions';

export interface PortfolioHost {
  portalId: number;
  navigateToPage: NavigateToPageAction;
}

const HostContext = createContext<PortfolioHost | null>(null);

export function PortfolioHostProvider({ host, children }: { host: PortfolioHost; children: ReactNode }) {
  return <HostContext.Provider value={host}>{children}</HostContext.Provider>;
}

export function usePortfolioHost(): PortfolioHost {
  const host = useContext(HostContext);
  if (host === null) throw new Error('usePortfolioHost is used outside KeylinePortfolioPages');
  return host;
}
