/**
 * Generating the L portfolio (100,000 companies): time and memory. The sandbox keeps the structure in typed arrays
 * and derives each record's properties on demand, so L must fit comfortably under ~512 MB.
 */
import { generatePortfolio } from '../sandbox';
import { SandboxStore } from '../sandbox/sandbox-store';
import { recordResults } from './record-results';

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = (globalThis as { gc?: () => void }).gc;

const started = process.hrtime.bigint();
const portfolio = generatePortfolio({ size: 'L', seed: 42, asOf: new Date('2026-11-01T00:00:00Z') });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

// Touch the store the way a full sync would start: list a page, read associations of a company, materialize records.
const store = new SandboxStore(portfolio);
const firstPage = [...store.iterate('companies')].slice(0, 100).length;
const contactsOfFirst = store.associations('companies', String(1_000_000_001), 'contacts').length;
const sampleMaterialize = process.hrtime.bigint();
for (let i = 0; i < 100_000; i++) portfolio.materialize('emails', i);
const materializePerRecordUs = Number(process.hrtime.bigint() - sampleMaterialize) / 1e3 / 100_000;

// The first range search on a large engagement type builds that property's column once.
const columnStarted = process.hrtime.bigint();
store.generatedColumn('emails', 'hs_timestamp', (v) => Date.parse(v));
const emailColumnSeconds = Number(process.hrtime.bigint() - columnStarted) / 1e9;

gc?.();
const mem = process.memoryUsage();
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const s = portfolio.stats;

recordResults('sandboxGenerate', {
  size: 'L',
  companies: s.companies,
  contacts: s.contacts,
  deals: s.deals,
  engagements: s.engagements,
  engagementsByType: { calls: s.byType.calls, emails: s.byType.emails, meetings: s.byType.meetings, notes: s.byType.notes, tasks: s.byType.tasks },
  owners: s.owners,
  seconds: Math.round(seconds * 100) / 100,
  peakRssMb,
  heapUsedMb: mb(mem.heapUsed),
  rssAfterGcMb: mb(mem.rss),
  arrayBuffersMb: mb(mem.arrayBuffers),
  materializePerRecordUs: Math.round(materializePerRecordUs * 100) / 100,
  emailColumnSeconds: Math.round(emailColumnSeconds * 100) / 100,
  checks: { firstPage, contactsOfFirst },
});
