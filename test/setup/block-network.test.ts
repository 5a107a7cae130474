import http from 'node:http';

describe('the test network guard', () => {
  it('when a test connects to a host that is not loopback, then the connection is refused before any packet leaves', () => {
    expect(() => http.get('http://api.hubapi.com/crm/v3/objects/companies')).toThrow(/network blocked in tests: api\.hubapi\.com/);
  });
});
