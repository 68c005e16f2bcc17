// One lint bar, no warnings: type-aware strict rules, and the layering rules that keep the engine an island.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import {
  forbiddenFor,
  specifierRegex,
  ZONES,
  zoneFiles,
  zoneLabel,
} from './scripts/layeringZones.mjs';

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

const PURE = 'engine/ is a pure island: no UI libraries.';
const UI_PATHS = ['react', 'react-dom', 'zustand'].map((name) => ({
  name,
  message: PURE,
}));
const UI_PATTERNS = [
  { group: ['d3', 'd3-*'], message: PURE },
  { group: ['**/app/**', '@app/*'], message: 'engine/ never imports the app.' },
];

/**
 * One block per engine zone (scripts/layeringZones.mjs): its source may import only the zones below it that
 * it lists. The block restates the engine-wide UI rules, since a later block's options replace earlier ones.
 * @type {import('eslint').Linter.Config[]}
 */
const ZONE_BLOCKS = ZONES.map((zone) => ({
  files: zoneFiles(zone),
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: UI_PATHS,
        patterns: [
          ...UI_PATTERNS,
          {
            regex: specifierRegex(zone, forbiddenFor(zone)),
            message: `${zoneLabel(zone)} may import only ${zone.uses.length === 0 ? 'nothing else in the engine' : zone.uses.join(', ')} (scripts/layeringZones.mjs, docs/architecture.md#layers).`,
          },
        ],
      },
    ],
  },
}));

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
        { paths: UI_PATHS, patterns: UI_PATTERNS },
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
  ...ZONE_BLOCKS,
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
