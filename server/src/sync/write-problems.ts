/**
 * What went wrong for one company in the last run that covered it (a nightly run, or a targeted run naming it): the
 * values HubSpot refused (the portal's validation rules), tasks not created or closed, reads that failed. `explain`
 * shows it beside the account's explanation (cli/format-explain.ts), so a tier HubSpot does not show yet is explained
 * too.
 */
import type { RunError, Store } from '../store/store';

export interface CompanyRunProblems {
  runId: string;
  startedAt: Date;
  errors: RunError[];
}

export async function lastRunProblems(store: Store, portalId: string, companyId: string): Promise<CompanyRunProblems | null> {
  const runs = await store.listRuns(portalId, { limit: 20 });
  const covering = runs.find((r) => {
    if (r.dryRun) return false;
    const targeted = r.details['companyIds'];
    return targeted === undefined || (Array.isArray(targeted) && targeted.includes(companyId));
  });
  if (!covering) return null;
  const errors = covering.errors.filter((e) => e.companyId === companyId);
  return errors.length === 0 ? null : { runId: covering.id, startedAt: covering.startedAt, errors };
}

