import nock from 'nock';

// Tests never reach HubSpot or any other host: only loopback (the sandbox, supertest) is allowed.
nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));
