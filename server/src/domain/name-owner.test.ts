import { nameOwner, ownerNamer } from './name-owner';

describe('naming an owner', () => {
  it('when HubSpot gives a first and last name, then the person is shown by them', () => {
    expect(nameOwner('80000002', { firstName: 'Oliver', lastName: 'Andersson', email: 'o@example.com' })).toBe('Oliver Andersson');
    expect(nameOwner('80000002', { firstName: ' Oliver ', lastName: null, email: 'o@example.com' })).toBe('Oliver');
  });

  it('when the owner has no name, then the email; when nothing is known, then "Owner <id>"', () => {
    expect(nameOwner('7', { firstName: '', lastName: '  ', email: 'ops@example.com' })).toBe('ops@example.com');
    expect(nameOwner('7', { firstName: null, lastName: null, email: null })).toBe('Owner 7');
    expect(nameOwner('79999999', undefined)).toBe('Owner 79999999');
  });

  it('when a lookup is built from the known owners, then no owner is null and unknown ids fall back', () => {
    const nameOf = ownerNamer([{ ownerId: '1', firstName: 'Ann', lastName: 'Lee', email: null }]);
    expect(nameOf('1')).toBe('Ann Lee');
    expect(nameOf('2')).toBe('Owner 2');
    expect(nameOf(null)).toBeNull();
  });
});
