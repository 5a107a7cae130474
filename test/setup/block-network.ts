import nock from 'nock';

// Tests never reach HubSpot or any other host: only loopback (the sandbox, supertest) is allowed.
if (!nock.isActive()) nock.activate();
nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));

// Jest loads nock afresh for every test file, but Node's http module is shared by the whole worker: without this,
// each file's interceptor stays patched in on top of the previous ones, and large loopback answers can stall.
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});
