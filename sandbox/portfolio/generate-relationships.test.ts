/**
 * Engagement owners (issue #16): colleagues other than the account owner, a few colleagues who left with a contact
 * only they knew, and some junk owner ids — from their own stream.
 */
import { ENGAGEMENT_TYPES } from '../object-types';
import { generatePortfolio, ownerIdOf } from './generate-portfolio';
import { DEPARTED_OWNER_IDS, departedColleagueOf, JUNK_OWNER_IDS } from './generate-relationships';

const asOf = new Date('2026-11-01T00:00:00Z');

describe('engagement owners of the generated portfolio (S)', () => {
  const p = generatePortfolio({ size: 'S', seed: 42, asOf });
  const owners = new Set(p.owners.map((o) => o.id));
  const count = { total: 0, colleague: 0, departed: 0, junk: 0 };
  const departedByContact = new Map<number, Set<string | undefined>>();
  for (const type of ENGAGEMENT_TYPES) {
    for (let j = 0; j < p.counts[type]; j++) {
      const ci = p.engagementCompany[type][j] as number;
      const owner = p.materialize(type, j).properties['hubspot_owner_id'];
      count.total += 1;
      if ((JUNK_OWNER_IDS as readonly string[]).includes(owner ?? '')) count.junk += 1;
      else if ((DEPARTED_OWNER_IDS as readonly string[]).includes(owner ?? '')) count.departed += 1;
      else if (owner !== undefined && owner !== ownerIdOf(p, ci) && owners.has(owner)) count.colleague += 1;
      const departed = departedColleagueOf(p, ci);
      const contact = p.engagementContact[type][j] as number;
      if (departed !== null && contact === departed.contact && (type === 'calls' || type === 'emails' || type === 'meetings')) {
        departedByContact.set(contact, (departedByContact.get(contact) ?? new Set()).add(owner));
      }
    }
  }

  it('when engagements are generated, then colleagues own some, colleagues who left own a few, and a few owner ids are junk', () => {
    expect(count.colleague / count.total).toBeGreaterThan(0.05);
    expect(count.colleague / count.total).toBeLessThan(0.3);
    expect(count.departed).toBeGreaterThan(0);
    expect(count.departed / count.total).toBeLessThan(0.05);
    expect(count.junk).toBeGreaterThan(0);
    expect(DEPARTED_OWNER_IDS.some((id) => owners.has(id))).toBe(false);
  });

  it('when a company has a colleague who left, then every call, email and meeting with the contact only they knew is theirs (junk aside)', () => {
    expect(departedByContact.size).toBeGreaterThan(0);
    for (const ids of departedByContact.values()) {
      const real = [...ids].filter((id) => !(JUNK_OWNER_IDS as readonly (string | undefined)[]).includes(id));
      expect(real.length).toBe(1);
      expect(DEPARTED_OWNER_IDS).toContain(real[0]);
    }
  });

  it('when the portfolio is generated twice, then the owners are the same', () => {
    const again = generatePortfolio({ size: 'S', seed: 42, asOf });
    for (let j = 0; j < 200; j++) expect(again.materialize('calls', j).properties['hubspot_owner_id']).toBe(p.materialize('calls', j).properties['hubspot_owner_id']);
  });
});
