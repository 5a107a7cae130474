/**
 * Incremental sync's question to HubSpot: which companies changed since the watermarks, directly (the company record)
 * or through their contacts, deals or engagements (searched by last-modified date, then mapped to their companies
 * through associations).
 */
import { hubSpotPaths, type CrmType } from './api-version';
import { HubSpotRequestError } from './errors';
import type { ChangedCompanies, WatermarkObject } from './gateway';
import type { HubSpotTransport } from './hubspot-transport';
import { readAssociations, searchAll } from './read-records';
import { companyPropertiesFor, toAccount, toKeylineValues } from './to-account';

const WATCHED: readonly { type: CrmType; object: WatermarkObject; prop: string }[] = [
  { type: 'companies', object: 'companies', prop: 'hs_lastmodifieddate' },
  { type: 'contacts', object: 'contacts', prop: 'lastmodifieddate' },
  { type: 'deals', object: 'deals', prop: 'hs_lastmodifieddate' },
  { type: 'calls', object: 'calls', prop: 'hs_lastmodifieddate' },
  { type: 'emails', object: 'emails', prop: 'hs_lastmodifieddate' },
  { type: 'meetings', object: 'meetings', prop: 'hs_lastmodifieddate' },
];

export async function findChangedCompanies(
  hs: HubSpotTransport,
  since: Partial<Record<WatermarkObject, Date>>,
  contractEndProperty?: string,
): Promise<ChangedCompanies> {
  const watermarks: Partial<Record<WatermarkObject, Date>> = {};
  const companyIds = new Set<string>();
  const changedCompanies: ChangedCompanies['changedCompanies'] = [];
  await Promise.all(
    WATCHED.map(async ({ type, object, prop }) => {
      const from = since[object];
      if (!from) return;
      // Companies come with every property Keyline reads, so their change can be told from Keyline's own writes.
      const properties = type === 'companies' ? [...new Set([...companyPropertiesFor(contractEndProperty), prop])] : [prop];
      const records = await searchAll(hs, type, [{ propertyName: prop, operator: 'GTE', value: String(from.getTime()) }], properties);
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
      const unread = new Set<string>();
      const links = await readAssociations(hs, type, 'companies', records.map((r) => r.id), unread);
      // A change whose company cannot be told must not be skipped: the run fails and the next one asks again.
      if (unread.size > 0) throw new HubSpotRequestError(`POST ${hubSpotPaths.associationsBatchRead(type, 'companies')}`, 207, `${unread.size} ${type} whose companies could not be read`);
      for (const targets of links.values()) for (const t of targets) companyIds.add(t.id);
    }),
  );
  return { companyIds: [...companyIds], changedCompanies, watermarks };
}
