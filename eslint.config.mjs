// ESLint for the HubSpot UI (app/ and extensions/): HubSpot's UI-extension rules (no DOM, no browser dialogs or
// storage, no native HTTP, no parent imports, …) on top of the recommended JavaScript, TypeScript, React and
// React-hooks rules. The backend has its own conventions and is not linted here.
import js from '@eslint/js';
import { config as hubspotUiExtensions } from '@hubspot/eslint-config-ui-extensions';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const UI_FILES = ['app/**/*.{ts,tsx}', 'extensions/**/*.{ts,tsx}'];
const TEST_FILES = ['**/__tests__/**', 'extensions/test-support/**'];

export default defineConfig([
  { ignores: ['**/node_modules/**', '**/dist/**'] },
  {
    files: UI_FILES,
    extends: [
      js.configs.recommended,
      tseslint.configs.recommended,
      react.configs.flat.recommended,
      react.configs.flat['jsx-runtime'],
      reactHooks.configs.flat['recommended-latest'],
      hubspotUiExtensions,
    ],
    settings: { react: { version: '18.3' } },
    rules: {
      // Props are typed with TypeScript.
      'react/prop-types': 'off',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests run in jest on Node, not in HubSpot's worker.
    files: TEST_FILES,
    rules: {
      '@hubspot/ui-extensions/no-restricted-globals': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
]);
