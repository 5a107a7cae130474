/**
 * The outcome records incremental runs watch (line items, survey answers) need optional scopes: a portal that does not
 * share them answers 403, and the run goes on watching the rest (their watermarks stay where they were). Any other
 * failure still stops the selection, so no change is skipped.
 */
import { HubSpotRequestError } from './errors';
import { findChangedCompanies } from './find-changed-companies';
import type { HubSpotRequest, HubSpotTransport } from './hubspot-transport';

const SINCE = new Date('2026-11-01T00:00:00Z');
const since = { companies: SINCE, contacts: SINCE, deals: SINCE, calls: SINCE, emails: SINCE, meetings: SINCE, line_items: SINCE, feedback_submissions: SINCE };

function portal(outcomeStatus: number): { hs: HubSpotTransport; searched: string[] } {
  const searched: string[] = [];
  const hs = {
    search: async (req: HubSpotRequest) => {
      searched.push(req.path);
      if (/line_items|feedback_submissions/.test(req.path)) throw new HubSpotRequestError(`POST ${req.path}`, outcomeStatus, 'refused');
      return { total: 0, results: [] };
    },
    request: async () => ({ results: [] }),
  } as unknown as HubSpotTransport;
  return { hs, searched };
}

describe('watching outcome records for incremental runs', () => {
  it('when the portal does not share line items and survey answers (403), then the rest is watched and their watermarks stay', async () => {
    const { hs, searched } = portal(403);
    const changed = await findChangedCompanies(hs, since);
    expect(changed.companyIds).toEqual([]);
    expect(searched.filter((p) => /line_items|feedback_submissions/.test(p))).toHaveLength(2);
    expect(Object.keys(changed.watermarks).sort()).toEqual(['calls', 'companies', 'contacts', 'deals', 'emails', 'meetings']);
  });

  it('when HubSpot fails otherwise on them, then the selection fails (the next run asks again)', async () => {
    await expect(findChangedCompanies(portal(500).hs, since)).rejects.toThrow(HubSpotRequestError);
  });
});
