/**
 * The data hook of the Keyline app page: loads the portfolio summary for a filter (tier, owner). All HTTP goes
 * through `requestKeyline`. The state is a union: loading, error, empty (nothing scored yet) or ready.
 */
import { useCallback, useEffect, useState } from 'react';
import { keylineRoutes } from '@keyline/contract/keyline-base-url';
import { requestKeyline } from '../api/keyline-client';
import { portfolioViewSchema, type PortfolioFilterView, type PortfolioView } from '@keyline/contract/portfolio-view';

export type PortfolioState =
  | { status: 'loading' }
  | { status: 'error'; code: string; message: string }
  /** No account has been scored yet (the first sync has not run). */
  | { status: 'empty' }
  | { status: 'ready'; portfolio: PortfolioView };

export interface UsePortfolioResult {
  state: PortfolioState;
  retry: () => void;
}

export function usePortfolio(filter: PortfolioFilterView): UsePortfolioResult {
  const path = keylineRoutes.portfolio(filter);
  // The state is kept with the request it answers: for any other filter (or before the first answer) it is loading.
  const [loaded, setLoaded] = useState<{ path: string; state: PortfolioState } | null>(null);
  const [loadCount, setLoadCount] = useState(0);
  const state: PortfolioState = loaded?.path === path ? loaded.state : { status: 'loading' };

  useEffect(() => {
    let current = true;
    void requestKeyline({ method: 'GET', path }, portfolioViewSchema).then((result) => {
      if (!current) return;
      if (!result.ok) {
        setLoaded({ path, state: { status: 'error', code: result.code, message: result.message } });
        return;
      }
      const nothingScored = result.data.accounts === 0 && result.data.ownerIds.length === 0 && result.data.computedAt === null;
      setLoaded({ path, state: nothingScored ? { status: 'empty' } : { status: 'ready', portfolio: result.data } });
    });
    return () => {
      current = false;
    };
  }, [path, loadCount]);

  const retry = useCallback(() => {
    setLoaded(null);
    setLoadCount((n) => n + 1);
  }, []);

  return { state, retry };
}
