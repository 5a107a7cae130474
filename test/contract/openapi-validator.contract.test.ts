import { toJsonSchema, validateRequest, validateResponse } from './openapi-validator';

describe('the OpenAPI loader', () => {
  it('when a schema is nullable, then null is accepted as well as the type', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, example: 'x' })).toEqual({ type: ['string', 'null'] });
    expect(toJsonSchema({ type: 'string', enum: ['a'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
    expect(toJsonSchema({ $ref: '#/x', nullable: true })).toEqual({ anyOf: [{ $ref: '#/x' }, { type: 'null' }] });
  });

  it('when a response misses a required field of the spec, then it is reported invalid', () => {
    const bad = validateResponse('POST', '/crm/v3/objects/companies/batch/read', 200, { results: [], status: 'COMPLETE' });
    expect(bad.valid).toBe(false);
    expect(bad.errors).toMatch(/completedAt|startedAt/);
  });

  it('when a property value is not a string, then the SimplePublicObject schema rejects it', () => {
    const obj = { id: '1', properties: { amount: 5 }, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', archived: false };
    expect(validateResponse('GET', '/crm/v3/objects/deals/1', 200, obj).valid).toBe(false);
    expect(validateResponse('GET', '/crm/v3/objects/deals/1', 200, { ...obj, properties: { amount: '5' } }).valid).toBe(true);
  });

  it('when an error body lacks a correlationId, then the Error schema rejects it', () => {
    expect(validateResponse('GET', '/crm/v3/owners/', 401, { message: 'x', category: 'INVALID_AUTHENTICATION' }).valid).toBe(false);
  });

  it('when a request body lacks required fields, then it is reported invalid', () => {
    expect(validateRequest('POST', '/crm/v3/properties/companies', { name: 'x' }).valid).toBe(false);
    expect(validateRequest('POST', '/crm/v4/associations/companies/contacts/batch/read', { inputs: [{ id: '1' }] }).valid).toBe(true);
  });
});
