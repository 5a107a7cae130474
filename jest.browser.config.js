// The browser suite: the local preview of the cards, the settings page and the app page in Debian's Chromium
// (/usr/bin/chromium, driven by playwright-core), over the real stack; it saves the screenshots in docs/screenshots/.
// `npm test` runs everything that needs nothing beside the clone; .ci/run installs Chromium and runs this suite too.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/browser'],
  testMatch: ['**/*.browser.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
