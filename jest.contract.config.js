// The contract suite: Keyline's requests and the sandbox's answers checked against HubSpot's OpenAPI specs, read from
// $KEYLINE_OPENAPI_DIR (default ../shared/hubspot-openapi beside the clone). HubSpot's licence forbids copying the specs
// into this repository, so this suite runs only where they are (CI has them); `npm test` runs everything else.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/contract'],
  testMatch: ['**/*.contract.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
