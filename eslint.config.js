// One lint bar, no warnings: type-aware strict rules, and the layering rules that keep the engine an island.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_PROJECTS = [
  './engine/tsconfig.json',
  './engine/tsconfig.test.json',
  './engine/host/tsconfig.json',
  './engine/cli/tsconfig.json',
  './app/tsconfig.json',
  './app/offline/tsconfig.json',
  './e2e/tsconfig.json',
  './e2e/harness/tsconfig.json',
  './bench/tsconfig.json',
  './conformance/tsconfig.json',
  './tsconfig.node.json',
];

const NONDETERMINISM =
  'The engine is deterministic: use the seeded Rng (core/rng.ts) or the simulated clock.';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'lib/',
      'test-results/',
      'playwright-report/',
      'reports/',
      '.stryker-tmp/',
      'e2e/harness/*.html',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: {
        project: TS_PROJECTS,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'react',
              message: 'engine/ is a pure island: no UI libraries.',
            },
            {
              name: 'react-dom',
              message: 'engine/ is a pure island: no UI libraries.',
            },
            {
              name: 'zustand',
              message: 'engine/ is a pure island: no UI libraries.',
            },
          ],
          patterns: [
            {
              group: ['d3', 'd3-*'],
              message: 'engine/ is a pure island: no UI libraries.',
            },
            {
              group: ['**/app/**', '@app/*'],
              message: 'engine/ never imports the app.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: NONDETERMINISM },
        { object: 'Date', property: 'now', message: NONDETERMINISM },
        { object: 'performance', property: 'now', message: NONDETERMINISM },
        { object: 'crypto', property: 'randomUUID', message: NONDETERMINISM },
        {
          object: 'crypto',
          property: 'getRandomValues',
          message: NONDETERMINISM,
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: NONDETERMINISM },
        { name: 'setInterval', message: NONDETERMINISM },
        { name: 'setImmediate', message: NONDETERMINISM },
        { name: 'requestAnimationFrame', message: NONDETERMINISM },
        { name: 'performance', message: NONDETERMINISM },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date']",
          message: NONDETERMINISM,
        },
      ],
    },
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '(^|/)engine/|^@engine/(?!protocol$|host/worker\\?worker$)',
              message:
                'app/ reaches the engine only through @engine, @engine/protocol and the worker entry.',
            },
          ],
        },
      ],
    },
  },
  {
    // App unit tests may drive the engine's test helpers directly (engine/testing), as its own tests do.
    files: ['app/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)engine/(?!testing/)',
              message:
                'app/ tests reach the engine through @engine or engine/testing.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['e2e/harness/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
