/**
 * The outcome mappers (issue #15) turn HubSpot's strings and junk into domain values: junk becomes null, never a crash.
 */
import fc from 'fast-check';
import { hubSpotObjectSchema } from './hubspot-records';
import { toAccount } from './to-account';
import { toDeal } from './to-deal';
import { toFeedback } from './to-feedback';
import { toLineItem } from './to-line-item';
import { toProduct } from './to-product';

const obj = (properties: Record<string, string | null>, id = '101') => hubSpotObjectSchema.parse({ id, properties });
const stages = new Map([
  ['closedwon', { isClosed: true, probability: 1 }],
  ['closedlost', { isClosed: true, probability: 0 }],
  ['qualifiedtobuy', { isClosed: false, probability: 0.4 }],
]);

describe('deal outcome fields', () => {
  it('when a deal has a type typed in another case, a name and an owner, then the type is lower-cased and both are kept', () => {
    const d = toDeal(obj({ dealstage: 'closedwon', amount: '1000', dealtype: ' ExistingBusiness ', dealname: 'Acme — seats', hubspot_owner_id: '80000001' }), stages);
    expect(d).toMatchObject({ dealType: 'existingbusiness', name: 'Acme — seats', ownerId: '80000001', recurring: false });
  });

  it.each([
    ['12000', true, 12000],
    ['', false, 1000],
    ['n/a', false, 1000],
    ['-5', false, 1000],
  ])('when hs_arr is %j, then recurring is %s and the amount %d', (arr, recurring, amount) => {
    const d = toDeal(obj({ dealstage: 'closedwon', amount: '1000', hs_arr: arr }), stages);
    expect(d.recurring).toBe(recurring);
    expect(d.amount).toBe(amount);
  });

  it('when the deal type, name and owner are missing or junk, then they are null', () => {
    const d = toDeal(obj({ dealstage: 'closedwon', dealtype: '', dealname: '  ', hubspot_owner_id: 'Jane' }), stages);
    expect(d).toMatchObject({ dealType: null, name: null, ownerId: null, recurring: false });
  });
});

describe('company outcome inputs', () => {
  it.each([
    ['250000', '2027-03-31', 250000, '2027-03-31T00:00:00.000Z'],
    ['tbd', 'next spring', null, null],
    ['-5000', '2027-02-31', null, null],
    ['0', '', null, null],
  ])('when the wallet size is %j and the contract end %j, then they read %j and %j', (wallet, end, walletSize, contractEnd) => {
    const c = toAccount(obj({ keyline_wallet_size: wallet, keyline_contract_end_date: end }));
    expect(c.walletSize).toBe(walletSize);
    expect(c.contractEndDate?.toISOString() ?? null).toBe(contractEnd);
  });
});

describe('line items', () => {
  it('when a line item names its product and amount, then both are read', () => {
    expect(toLineItem(obj({ name: 'Platform licence', hs_product_id: '9000000001', amount: '24000', quantity: '1', price: '24000' }, '7'))).toEqual({
      id: '7',
      productId: '9000000001',
      name: 'Platform licence',
      amount: 24000,
    });
  });

  it('when a line item has no product (a custom line) or a junk one, then its product is null', () => {
    expect(toLineItem(obj({ name: 'Custom work', amount: '500' })).productId).toBeNull();
    expect(toLineItem(obj({ name: 'Custom work', hs_product_id: 'abc', amount: '500' })).productId).toBeNull();
  });

  it('when the amount is missing, then quantity × price stands in; when all are junk, then it is null', () => {
    expect(toLineItem(obj({ quantity: '3', price: '90.5' })).amount).toBe(271.5);
    expect(toLineItem(obj({ amount: 'TBD', quantity: 'x', price: '' })).amount).toBeNull();
  });
});

describe('products', () => {
  it('when a product is recurring, then its billing frequency is lower-cased; a one-off product has none', () => {
    expect(toProduct(obj({ name: 'Seats', price: '90', recurringbillingfrequency: 'MONTHLY' }, '9'))).toEqual({ id: '9', name: 'Seats', price: 90, billingFrequency: 'monthly' });
    expect(toProduct(obj({ name: 'Workshop', price: '3500' })).billingFrequency).toBeNull();
  });

  it('when a product has no name and a junk price, then it is named by its id and its price is null', () => {
    expect(toProduct(obj({ name: '', price: 'call us' }, '42'))).toEqual({ id: '42', name: 'Product 42', price: null, billingFrequency: null });
  });
});

describe('feedback submissions', () => {
  it.each([
    ['NPS', '9', 9],
    ['NPS', '0', 0],
    ['NPS', '11', null],
    ['NPS', '-1', null],
    ['CSAT', '5', 5],
    ['CSAT', '6', null],
    ['CSAT', '0', null],
    ['CES', '7', 7],
    ['NPS', 'N/A', null],
    ['NPS', '', null],
    ['nps', '8', 8],
  ])('when a %s answer holds %j, then its score is %j', (type, value, score) => {
    expect(toFeedback(obj({ hs_survey_type: type, hs_value: value })).score).toBe(score);
  });

  it('when the survey type is custom or junk, then the kind is OTHER and a number is kept as it is', () => {
    expect(toFeedback(obj({ hs_survey_type: 'CUSTOM', hs_value: '42' }))).toMatchObject({ kind: 'OTHER', score: 42 });
    expect(toFeedback(obj({ hs_survey_type: '???', hs_value: '3' })).kind).toBe('OTHER');
    expect(toFeedback(obj({})).kind).toBe('OTHER');
  });

  it('when the answer is associated with a contact, then that contact wins over hs_contact_id; without either, it is null', () => {
    const f = obj({ hs_survey_type: 'NPS', hs_value: '7', hs_contact_id: '2000000002', hs_submission_timestamp: '2026-10-01T10:00:00Z' });
    expect(toFeedback(f, '2000000001')).toMatchObject({ contactId: '2000000001', submittedAt: new Date('2026-10-01T10:00:00Z') });
    expect(toFeedback(f).contactId).toBe('2000000002');
    expect(toFeedback(obj({ hs_contact_id: 'anonymous' })).contactId).toBeNull();
  });

  it('when the submission time is junk, then the creation date stands in, else it is null', () => {
    expect(toFeedback(obj({ hs_submission_timestamp: 'yesterday', hs_createdate: '2026-09-01T00:00:00Z' })).submittedAt).toEqual(new Date('2026-09-01T00:00:00Z'));
    expect(toFeedback(obj({ hs_submission_timestamp: 'yesterday' })).submittedAt).toBeNull();
  });

  it('when any property holds any string, then no mapper throws', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('hs_survey_type', 'hs_value', 'hs_submission_timestamp', 'hs_contact_id', 'name', 'hs_product_id', 'amount', 'quantity', 'price', 'recurringbillingfrequency'), fc.string()), (props) => {
        const raw = obj(props);
        const f = toFeedback(raw);
        expect(f.score === null || Number.isFinite(f.score)).toBe(true);
        toLineItem(raw);
        toProduct(raw);
      }),
    );
  });
});
