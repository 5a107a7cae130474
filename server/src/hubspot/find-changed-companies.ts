/**
 * Incremental sync's question to HubSpot: which companies changed since the watermarks, directly (the company record)
 * or through their contacts, deals or engagements (searched by last-modified date, then mapped to their companies
 * through associations), or through the outcome records a company reaches in two hops: a line item through its deal,
 * a survey answer (feedback submission) through its contact. Without those two, a new NPS answer or an added product
 * would wait for something else on the company to change before its outcomes were recomputed.
 */
import { hubSpotPaths, type CrmType } from './api-version';
import { HubSpotRequestError } from './errors';
import type { ChangedCompanies, WatermarkObject } from './gateway';
import type { HubSpotTransport } from './hubspot-transport';
import { readAssociations, searchAll } from './read-records';
import { companyPropertiesFor, toAccount, toKeylineValues } from './to-account';
import { settleAll } from '../lib/settle-all';

const WATCHED: readonly { type: CrmType; object: WatermarkObject; prop: string; via?: CrmType; optionalScope?: boolean }[] = [
  { type: 'companies', object: 'companies', prop: 'hs_lastmodifieddate' },
  { type: 'contacts', object: 'contacts', prop: 'lastmodifieddate' },
  { type: 'deals', object: 'deals', prop: 'hs_lastmodifieddate' },
  { type: 'calls', object: 'calls', prop: 'hs_lastmodifieddate' },
  { type: 'emails', object: 'emails', prop: 'hs_lastmodifieddate' },
  { type: 'meetings', object: 'meetings', prop: 'hs_lastmodifieddate' },
  // Outcome records: optional scopes (a 403 means the portal does not share them: not watched, as in the full read).
  { type: 'line_items', object: 'line_items', prop: 'hs_lastmodifieddate', via: 'deals', optionalScope: true },
  { type: 'feedback_submissions', object: 'feedback_submissions', prop: 'hs_lastmodifieddate', via: 'contacts', optionalScope: true },
];

const isForbidden = (err: unknown): boolean => err instanceof HubSpotRequestError && err.status === 403;

export async function findChangedCompanies(
  hs: HubSpotTransport,
  since: Partial<Record<WatermarkObject, Date>>,
  contractEndProperty?: string,
): Promise<ChangedCompanies> {
  const watermarks: Partial<Record<WatermarkObject, Date>> = {};
  const companyIds = new Set<string>();
  const changedCompanies: ChangedCompanies['changedCompanies'] = [];
  await settleAll(
    WATCHED.map(async ({ type, object, prop, via, optionalScope }) => {
      const from = since[object];
      if (!from) return;
      // Companies come with every property Keyline reads, so their change can be told from Keyline's own writes.
      const properties = type === 'companies' ? [...new Set([...companyPropertiesFor(contractEndProperty), prop])] : [prop];
      let records: Awaited<ReturnType<typeof searchAll>>;
      try {
        records = await searchAll(hs, type, [{ propertyName: prop, operator: 'GTE', value: String(from.getTime()) }], properties);
      } catch (err) {
        if (optionalScope === true && isForbidden(err)) return; // the watermark stays: watched again once the scope is granted
        throw err;
      }
      let newest = from;
      for (const r of records) {
        const t = Date.parse(r.properties[prop] ?? '');
        if (Number.isFinite(t) && t > newest.getTime()) newest = new Date(t);
      }
      watermarks[object] = newest;
      if (type === 'companies') {
        for (const r of records) changedCompanies.push({ company: toAccount(r, contractEndProperty), current: toKeylineValues(r) });
        return;
      }
      // A change whose company cannot be told must not be skipped: the run fails and the next one asks again.
      const follow = async (fromType: CrmType, toType: CrmType, ids: readonly string[]): Promise<string[]> => {
        const unread = new Set<string>();
        const links = await readAssociations(hs, fromType, toType, ids, unread);
        if (unread.size > 0) throw new HubSpotRequestError(`POST ${hubSpotPaths.associationsBatchRead(fromType, toType)}`, 207, `${unread.size} ${fromType} whose ${toType} could not be read`);
        return [...new Set([...links.values()].flatMap((targets) => targets.map((t) => t.id)))];
      };
      const ids = records.map((r) => r.id);
      const parents = via === undefined ? ids : await follow(type, via, ids);
      for (const id of await follow(via ?? type, 'companies', parents)) companyIds.add(id);
    }),
  );
  return { companyIds: [...companyIds], changedCompanies, watermarks };
}
