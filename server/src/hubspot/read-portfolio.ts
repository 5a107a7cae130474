/**
 * Reading accounts: the whole portfolio streamed in chunks (list pages of companies, each chunk assembled with its
 * contacts, deals and touches), or given companies read fresh.
 */
import type { RunError } from '../domain/types';
import { assembleAccounts } from './assemble-accounts';
import type { PortfolioChunk, ReadAccountsResult, ReadOptions } from './gateway';
import type { HubSpotObject } from './hubspot-records';
import type { HubSpotTransport } from './hubspot-transport';
import { readStages } from './read-portal';
import { SEARCH_IN_VALUES, batchRead, listCompaniesPage } from './read-records';
import { companyPropertiesFor } from './to-account';
import { settleAll } from '../lib/settle-all';

export const DEFAULT_CHUNK_SIZE = 1_000;

export interface PortfolioReader {
  hs: HubSpotTransport;
  chunkSize: number;
  touchWindowDays: number;
}

export interface StreamOptions extends ReadOptions {
  cursor?: string | null;
  startIndex?: number;
  chunkSize?: number;
}

/**
 * The portfolio in HubSpot's company list order, in chunks of ≤ chunkSize companies. Two chunks are assembled at
 * once, so the search budget (the binding one) stays busy across chunk boundaries; chunks are still yielded in order,
 * each with the cursor that resumes after it.
 */
export async function* streamPortfolio(reader: PortfolioReader, opts: StreamOptions): AsyncIterable<PortfolioChunk> {
  const { hs } = reader;
  const stages = await readStages(hs);
  const size = opts.chunkSize ?? reader.chunkSize;
  const pages = companyPages(hs, opts.cursor ?? undefined, size, companyPropertiesFor(opts.contractEndProperty));
  let index = opts.startIndex ?? 0;
  let listedAll = false;
  const inFlight: Promise<PortfolioChunk>[] = [];
  while (!listedAll || inFlight.length > 0) {
    while (!listedAll && inFlight.length < 2) {
      const listed = await pages.next();
      listedAll = listed.nextCursor === null;
      const chunkIndex = index++;
      const assembling = assembleAccounts({ hs, stages, touchWindowDays: reader.touchWindowDays }, listed.companies, opts).then(
        (a): PortfolioChunk => ({ index: chunkIndex, nextCursor: listed.nextCursor, accounts: a.accounts, errors: [...listed.errors, ...a.errors] }),
      );
      assembling.catch(() => undefined); // rethrown when awaited below
      inFlight.push(assembling);
    }
    const next = inFlight.shift();
    if (next) yield await next;
  }
}

interface ListedChunk {
  companies: HubSpotObject[];
  errors: RunError[];
  /** The cursor after this chunk; null when it held the last company. */
  nextCursor: string | null;
}

/** The companies of successive chunks (list pages of 100, sequential: each page needs the previous cursor). */
function companyPages(hs: HubSpotTransport, cursor: string | undefined, size: number, properties: readonly string[]): { next(): Promise<ListedChunk> } {
  let after = cursor;
  return {
    async next() {
      const companies: HubSpotObject[] = [];
      const errors: RunError[] = [];
      while (companies.length < size) {
        const page = await listCompaniesPage(hs, properties, after);
        companies.push(...page.records);
        for (const b of page.bad) errors.push({ companyId: b.id, message: b.message });
        after = page.after;
        if (!after) return { companies, errors, nextCursor: null };
      }
      return { companies, errors, nextCursor: after ?? null };
    },
  };
}

/** The given companies read fresh (incremental runs, one-company recomputes). */
export async function readAccounts(reader: PortfolioReader, companyIds: readonly string[], opts: ReadOptions): Promise<ReadAccountsResult> {
  const { hs } = reader;
  const ids = [...new Set(companyIds)];
  const unread = new Set<string>();
  const [stages, companies] = await settleAll([readStages(hs), batchRead(hs, 'companies', ids, companyPropertiesFor(opts.contractEndProperty), unread)]);
  const found = ids.map((id) => companies.get(id)).filter((c): c is HubSpotObject => c !== undefined);
  // A few companies (a card's recompute, an incremental run's handful) read outcomes in one round trip, by search.
  const outcomeReads = found.length <= SEARCH_IN_VALUES ? 'search' : 'batch';
  const assembled = await assembleAccounts({ hs, stages, touchWindowDays: reader.touchWindowDays, outcomeReads }, found, opts);
  // A company whose read failed is not a deleted one.
  const unreadErrors = [...unread].map((companyId) => ({ companyId, message: 'not read: HubSpot answered with an error for it twice' }));
  return { ...assembled, errors: [...assembled.errors, ...unreadErrors], missing: ids.filter((id) => !companies.has(id) && !unread.has(id)) };
}
