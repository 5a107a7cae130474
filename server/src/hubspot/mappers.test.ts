/**
 * The mappers turn HubSpot's strings (and junk) into domain values: junk becomes null, never a crash.
 */
import fc from 'fast-check';
import { hubSpotObjectSchema, hubSpotOwnerSchema, parseObjects } from './hubspot-records';
import { parseDate, parseNumber, parseMultiEnum } from './parse-values';
import { companyPropertiesFor, toAccount, toKeylineValues } from './to-account';
import { toDeal, toStageIndex } from './to-deal';
import { toStakeholder } from './to-stakeholder';
import { toTouch } from './to-touch';
import { canonicalValue, sameValue } from './to-company-properties';
import { BUYING_ROLES } from '../domain/types';

const obj = (properties: Record<string, string | null>, id = '101') => hubSpotObjectSchema.parse({ id, properties });

describe('parse values', () => {
  it.each([
    ['1234', 1234],
    ['-5.5', -5.5],
    [' 1e6 ', 1e6],
    ['', null],
    ['n/a', null],
    ['12k', null],
    ['1,000', null],
    ['~5M', null],
    ['NaN', null],
    ['Infinity', null],
  ])('when a number is %j, then it parses to %j', (raw, expected) => {
    expect(parseNumber(raw)).toBe(expected);
  });

  it.each([
    ['2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z'],
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['1762000000000', '2025-11-01T12:26:40.000Z'],
    ['2026-02-31', null],
    ['yesterday', null],
    ['', null],
    ['9999-01-01T00:00:00Z', null],
  ])('when a date is %j, then it parses to %j', (raw, expected) => {
    expect(parseDate(raw)?.toISOString() ?? null).toBe(expected);
  });

  it('when any string is parsed, then the parsers never throw (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseNumber(s);
        parseDate(s);
        parseMultiEnum(s, BUYING_ROLES);
        return true;
      }),
    );
  });
});

describe('records and mappers', () => {
  it('when a batch holds an unreadable record, then the good ones are kept and the bad one is reported', () => {
    const { records, bad } = parseObjects([{ id: '1', properties: { name: 'A' } }, { id: 'x-2', properties: {} }, null, { id: 3, properties: 'junk' }]);
    expect(records.map((r) => r.id)).toEqual(['1', '3']);
    expect(bad).toHaveLength(2);
    expect(records[1]?.properties).toEqual({});
  });

  it('when a company carries junk, then each junk value becomes null and the rest is kept', () => {
    const c = toAccount(
      obj({
        name: '  Acme Corp  ',
        hubspot_owner_id: 'not-an-owner',
        annualrevenue: 'n/a',
        numberofemployees: '-3',
        type: 'partner',
        hs_ideal_customer_profile: 'TIER_1',
        createdate: 'yesterday',
        notes_last_contacted: '2026-11-01T10:00:00Z',
        keyline_tier: 'tier_9',
        keyline_tier_override: 'tier_2',
      }),
    );
    expect(c).toMatchObject({
      id: '101',
      name: 'Acme Corp',
      ownerId: null,
      annualRevenue: null,
      employees: null,
      type: 'PARTNER',
      icpTier: 'tier_1',
      createdAt: null,
      lastContactedAt: new Date('2026-11-01T10:00:00Z'),
      stored: { tier: null, override: 'tier_2' },
    });
  });

  it("when Keyline's values are read back, then empty strings count as empty", () => {
    expect(toKeylineValues(obj({ keyline_tier: 'tier_1', keyline_score: '' }))).toMatchObject({ keyline_tier: 'tier_1', keyline_score: null, keyline_last_qbr: null });
  });

  it('when a deal sits in a closed stage with probability 1 or 0, then it is won or lost; arr wins over amount; junk amounts are null', () => {
    const stages = toStageIndex([
      {
        id: 'p',
        stages: [
          { id: 'won', metadata: { isClosed: 'true', probability: '1.0' } },
          { id: 'lost', metadata: { isClosed: 'true', probability: '0.0' } },
          { id: 'open', metadata: { isClosed: 'false', probability: '0.4' } },
        ],
      },
    ]);
    expect(toDeal(obj({ dealstage: 'won', amount: '1000', hs_arr: '1200', closedate: '2026-01-01' }), stages)).toMatchObject({ status: 'won', amount: 1200, probability: 1 });
    expect(toDeal(obj({ dealstage: 'lost', amount: 'TBD' }), stages)).toMatchObject({ status: 'lost', amount: null, probability: 0 });
    expect(toDeal(obj({ dealstage: 'open', amount: '5000' }), stages)).toMatchObject({ status: 'open', amount: 5000, probability: 0.4 });
    expect(toDeal(obj({ dealstage: 'unknown', hs_deal_stage_probability: '60' }), stages)).toMatchObject({ status: 'open', probability: 0.6 });
    expect(toDeal(obj({ dealstage: 'closedwon' }), stages)).toMatchObject({ status: 'won' });
  });

  it('when a contact has roles, labels and a last-contacted date, then they are parsed and unknown roles dropped', () => {
    const c = toStakeholder(obj({ firstname: 'Ada', lastname: '', jobtitle: 'CFO', hs_buying_role: 'champion;BUDGET_HOLDER;WIZARD;;', notes_last_contacted: 'garbage' }), ['Decision maker', ' ', 'Decision maker']);
    expect(c).toMatchObject({
      firstName: 'Ada',
      lastName: null,
      jobTitle: 'CFO',
      buyingRoles: ['BUDGET_HOLDER', 'CHAMPION'],
      associationLabels: ['Decision maker'],
      lastContactedAt: null,
    });
  });

  it('when engagements arrive, then calls, emails and meetings map to activities with upper-cased statuses', () => {
    expect(toTouch(obj({ hs_timestamp: '2026-11-01T10:00:00Z', hs_call_status: 'completed', hs_call_direction: 'outbound' }), 'calls')).toMatchObject({ kind: 'call', status: 'COMPLETED', direction: 'OUTBOUND' });
    expect(toTouch(obj({ hs_timestamp: 'junk', hs_email_direction: 'INCOMING_EMAIL', hs_email_subject: 'Re: QBR' }), 'emails')).toMatchObject({ kind: 'email', occurredAt: null, title: 'Re: QBR' });
    expect(toTouch(obj({ hs_timestamp: '2026-11-01T10:00:00Z', hs_meeting_start_time: '2026-11-02T10:00:00Z', hs_meeting_title: 'QBR', hs_meeting_outcome: 'no_show' }), 'meetings')).toMatchObject({
      kind: 'meeting',
      occurredAt: new Date('2026-11-02T10:00:00Z'),
      status: 'NO_SHOW',
      title: 'QBR',
    });
  });

  it('when an engagement names its owner and length, then the activity carries our person and the minutes spent', () => {
    expect(toTouch(obj({ hs_timestamp: '2026-11-01T10:00:00Z', hubspot_owner_id: ' 80000002 ', hs_call_duration: '1800000' }), 'calls')).toMatchObject({ ownerId: '80000002', durationMinutes: 30 });
    expect(toTouch(obj({ hs_meeting_start_time: '2026-11-02T10:00:00Z', hs_meeting_end_time: '2026-11-02T10:45:00Z', hubspot_owner_id: '7' }), 'meetings')).toMatchObject({ ownerId: '7', durationMinutes: 45 });
    expect(toTouch(obj({ hs_timestamp: '2026-11-01T10:00:00Z', hubspot_owner_id: '7' }), 'emails')).toMatchObject({ ownerId: '7', durationMinutes: null });
  });

  it.each([
    ['a negative call duration', 'calls', { hs_call_duration: '-60000', hubspot_owner_id: 'Ines Müller' }],
    ['a junk call duration', 'calls', { hs_call_duration: '30 min', hubspot_owner_id: '' }],
    ['a meeting that ends before it starts', 'meetings', { hs_meeting_start_time: '2026-11-02T10:00:00Z', hs_meeting_end_time: '2026-11-02T09:00:00Z', hubspot_owner_id: 'ines@example.com' }],
    ['a meeting with no start', 'meetings', { hs_meeting_end_time: '2026-11-02T09:00:00Z', hubspot_owner_id: '12a' }],
  ] as const)('when an engagement has %s and an owner id that is not a number, then both are unknown and nothing throws', (_label, type, props) => {
    expect(toTouch(obj({ hs_timestamp: '2026-11-01T10:00:00Z', ...props }), type)).toMatchObject({ ownerId: null, durationMinutes: null });
  });

  it('when HubSpot formats a value its own way, then the comparison still sees it as the same value', () => {
    expect(sameValue('keyline_score', '72.50', '72.5')).toBe(true);
    expect(sameValue('keyline_last_touch', '2026-11-01T00:00:00.000Z', '2026-11-01')).toBe(true);
    expect(sameValue('keyline_last_touch', '1761955200000', '2025-11-01')).toBe(true);
    expect(sameValue('keyline_missing_roles', 'CHAMPION;DECISION_MAKER', 'DECISION_MAKER;CHAMPION')).toBe(true);
    expect(sameValue('keyline_near_miss', null, '')).toBe(true);
    expect(sameValue('keyline_tier', 'tier_1', 'tier_2')).toBe(false);
    expect(canonicalValue('keyline_score', 'junk')).toBe('junk');
  });
});

describe('owners as HubSpot lists them', () => {
  it('when an owner arrives with a name and email, then they are kept trimmed; junk or blank names become null', () => {
    expect(hubSpotOwnerSchema.parse({ id: '80000001', firstName: ' Ines ', lastName: 'Müller', email: 'ines@example.com', type: 'PERSON' })).toEqual({
      id: '80000001',
      firstName: 'Ines',
      lastName: 'Müller',
      email: 'ines@example.com',
    });
    expect(hubSpotOwnerSchema.parse({ id: 7, firstName: 42, lastName: '  ', email: null })).toEqual({ id: '7', firstName: null, lastName: null, email: null });
    expect(hubSpotOwnerSchema.parse({ id: '8' })).toEqual({ id: '8', firstName: null, lastName: null, email: null });
  });
});

describe('the contract-end property the model names', () => {
  const raw = { id: '1', properties: { keyline_contract_end_date: '2027-01-31', contract_end: '2027-06-30' } };

  it('when the model keeps the default, then the contract end comes from keyline_contract_end_date', () => {
    expect(toAccount(raw).contractEndDate?.toISOString().slice(0, 10)).toBe('2027-01-31');
  });

  it('when the model names the portal’s own property, then that property is requested and read', () => {
    expect(companyPropertiesFor('contract_end')).toContain('contract_end');
    expect(toAccount(raw, 'contract_end').contractEndDate?.toISOString().slice(0, 10)).toBe('2027-06-30');
  });
});
