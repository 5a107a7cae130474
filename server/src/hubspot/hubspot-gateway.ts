/**
 * The HubSpot gateway over the process's one connection to HubSpot's 2026-09 API (./hubspot-transport), put together
 * from the files that each do one job:
 *   - ./read-portfolio: the portfolio streamed in chunks, or given companies read fresh, assembled into accounts by
 *     ./assemble-accounts from the reads of ./read-records (list pages, batch reads, association reads, searches);
 *   - ./find-changed-companies: what changed since the watermarks (incremental runs);
 *   - ./update-records: batch writes of property values, a refused input isolated and reported;
 *   - ./write-tasks: task creation (never blindly retried), completion, and finding tasks again by marker (one
 *     company's, after a crash) or by their identity property (every open one, to adopt them);
 *   - ./setup-portal: the property group, properties and lists of `keyline setup`;
 *   - ./read-portal: the account id, owners, deal pipelines, the company count;
 *   - ./read-outcomes: the product library (once per run), line items of won deals and survey answers (per chunk).
 * docs/ARCHITECTURE.md gives the measured cost of a run per endpoint.
 */
import { findChangedCompanies } from './find-changed-companies';
import type { CompanyUpdate, HubSpotGateway, WriteOutcome } from './gateway';
import type { HubSpotTransport } from './hubspot-transport';
import { DEFAULT_TOUCH_WINDOW_DAYS } from './assemble-accounts';
import { countCompanies, listOwnerIds, listOwners, readAccountId } from './read-portal';
import { readProducts } from './read-outcomes';
import { DEFAULT_CHUNK_SIZE, readAccounts, streamPortfolio, type PortfolioReader } from './read-portfolio';
import { hasTaskKeyProperty, setupPortal } from './setup-portal';
import { batchUpdate } from './update-records';
import { readTaskStatuses } from './read-task-statuses';
import { completeTasks, createTasks, findKeylineTasks, findTasksByMarker } from './write-tasks';

export { BATCH_SIZE, ASSOCIATION_BATCH_SIZE, SEARCH_PAGE_SIZE } from './read-records';
export { SEARCH_IN_VALUES, DEFAULT_TOUCH_WINDOW_DAYS } from './assemble-accounts';
export { DEFAULT_CHUNK_SIZE } from './read-portfolio';

export interface GatewayOptions {
  chunkSize?: number;
  /** Window for calls and emails (days); meetings use ReadOptions.lookbackDays. */
  touchWindowDays?: number;
}

export function createHubSpotGateway(hs: HubSpotTransport, options: GatewayOptions = {}): HubSpotGateway {
  const reader: PortfolioReader = {
    hs,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    touchWindowDays: options.touchWindowDays ?? DEFAULT_TOUCH_WINDOW_DAYS,
  };
  /** The task property exists (seen, or made by setup): not asked again. */
  let taskKeyPropertySeen = false;
  return {
    streamPortfolio: (opts) => streamPortfolio(reader, opts),
    readAccounts: (companyIds, opts) => readAccounts(reader, companyIds, opts),
    findChangedCompanies: (since, opts) => findChangedCompanies(hs, since, opts?.contractEndProperty),
    updateCompanyProperties: (updates: readonly CompanyUpdate[]): Promise<WriteOutcome> =>
      batchUpdate(
        hs,
        'companies',
        updates.map((u) => ({ id: u.companyId, properties: u.properties })),
      ),
    createTasks: (tasks) => createTasks(hs, tasks),
    completeTasks: (tasks) => completeTasks(hs, tasks),
    findTasksByMarker: (companyId, markers) => findTasksByMarker(hs, companyId, markers),
    findKeylineTasks: (opts) => findKeylineTasks(hs, opts),
    readTaskStatuses: (taskIds) => readTaskStatuses(hs, taskIds),
    readAccountId: () => readAccountId(hs),
    countCompanies: () => countCompanies(hs),
    listOwnerIds: () => listOwnerIds(hs),
    listOwners: () => listOwners(hs),
    readProducts: () => readProducts(hs),
    async hasTaskKeyProperty() {
      taskKeyPropertySeen ||= await hasTaskKeyProperty(hs);
      return taskKeyPropertySeen;
    },
    setup: async (opts) => {
      const report = await setupPortal(hs, opts);
      taskKeyPropertySeen = true;
      return report;
    },
    beginRun: () => hs.clearDailyLimit(),
    apiCalls: () => hs.stats().calls,
    apiFailures: () => {
      const { '*': _all, ...byStatus } = hs.stats().failed;
      return byStatus;
    },
  };
}
