/**
 * The one place the backend's public HTTPS address lives on the UI side.
 * It must equal `permittedUrls.fetch` in app/app-hsmeta.json (the project check asserts it) and the backend's
 * PUBLIC_BASE_URL; in `hs project dev` app/local.json proxies it to `keyline serve` on localhost.
 */
export const KEYLINE_BASE_URL = 'https://keyline.example.com';

/** Paths of the backend endpoints the cards, the settings page and the app page call (spec §5). */
export const keylineRoutes = {
  /** The portfolio summary, filtered by tier and owner when given. */
  portfolio: (filter: { tier: string | null; ownerId: string | null }) => {
    const query = [
      ...(filter.tier === null ? [] : [`tier=${encodeURIComponent(filter.tier)}`]),
      ...(filter.ownerId === null ? [] : [`ownerId=${encodeURIComponent(filter.ownerId)}`]),
    ];
    return query.length === 0 ? '/api/v1/portfolio' : `/api/v1/portfolio?${query.join('&')}`;
  },
  account: (companyId: string) => `/api/v1/accounts/${encodeURIComponent(companyId)}`,
  recompute: (companyId: string) => `/api/v1/accounts/${encodeURIComponent(companyId)}/recompute`,
  tasks: (companyId: string) => `/api/v1/accounts/${encodeURIComponent(companyId)}/tasks`,
  override: (companyId: string) => `/api/v1/accounts/${encodeURIComponent(companyId)}/override`,
  plan: (companyId: string) => `/api/v1/accounts/${encodeURIComponent(companyId)}/plan`,
  settings: () => '/api/v1/settings',
  settingsPreview: () => '/api/v1/settings/preview',
} as const;
