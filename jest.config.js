// Tests are TypeScript compiled by swc; tsc only type-checks (npm run typecheck).
const swc = ['@swc/jest', {
  jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' },
  module: { type: 'commonjs' },
}];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/server', '<rootDir>/sandbox', '<rootDir>/test', '<rootDir>/extensions', '<rootDir>/app', '<rootDir>/bench', '<rootDir>/preview'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  // Two suites need something beside the clone and run on their own (both in .ci/run): the checks against HubSpot's
  // OpenAPI specs (*.contract.test.ts, `npm run test:contract`) and the browser tests (*.browser.test.ts, Debian's
  // Chromium, `npm run test:browser`).
  testPathIgnorePatterns: ['/node_modules/', '\\.contract\\.test\\.ts$', '\\.browser\\.test\\.ts$'],
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  // ESM-only packages that jest transforms to CommonJS (kept on Node 24: the suite does not rely on require(esm)).
  transformIgnorePatterns: ['/node_modules/(?!(@hubspot/ui-extensions|@hubspot/project-parsing-lib|tinyspy)/)'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/block-network.ts'],
  cacheDirectory: '<rootDir>/.jest-cache',
  testTimeout: 30000,
  modulePathIgnorePatterns: ['<rootDir>/app/cards/node_modules', '<rootDir>/app/settings/node_modules'],
};
