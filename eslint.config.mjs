// ESLint over every TypeScript file in the repository.
// - app/ and extensions/ (the HubSpot UI): HubSpot's UI-extension rules (no DOM, no browser dialogs or storage, no
//   native HTTP, no parent imports, …) on top of the recommended JavaScript, TypeScript, React and hooks rules.
// - server/, sandbox/, test/, bench/, preview/ (Node and the local preview): the recommended TypeScript rules plus the
//   type-aware rules that catch the bugs an integration backend actually has: promises nobody awaits or catches,
//   promises passed where a callback's result is ignored, awaiting non-promises, non-exhaustive switches over unions.
// Both halves share the type-import and unused-variable habits. Import direction and cycles are checked by
// test/architecture/imports.test.ts (faster and clearer than a lint rule).
import js from '@eslint/js';
import { config as hubspotUiExtensions } from '@hubspot/eslint-config-ui-extensions';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const UI_FILES = ['app/**/*.{ts,tsx}', 'extensions/**/*.{ts,tsx}'];
const NODE_FILES = ['server/**/*.ts', 'sandbox/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'preview/**/*.{ts,tsx}'];
const UI_TEST_FILES = ['**/__tests__/**', 'extensions/test-support/**'];

const sharedRules = {
  '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' }],
};

export default defineConfig([
  { ignores: ['**/node_modules/**', '**/dist/**', 'preview/dist/**'] },
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
      ...sharedRules,
    },
  },
  {
    // Tests run in jest on Node, not in HubSpot's worker.
    files: UI_TEST_FILES,
    rules: {
      '@hubspot/ui-extensions/no-restricted-globals': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: NODE_FILES,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...sharedRules,
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
]);
