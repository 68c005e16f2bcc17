// StrykerJS configuration for `npm run mutation` (scripts/mutation.mjs sets `mutate` and `concurrency` per
// run). Only the tests that cover a mutant run against it; results accumulate in mutation/incremental.json.
import { MUTATE_ALL } from './scripts/mutationScore.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  // Each mutant runs only the tests that executed its code in the dry run.
  coverageAnalysis: 'perTest',
  mutate: MUTATE_ALL,
  // Committed, so a later run retests only mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: 'mutation/incremental.json',
  concurrency: 1,
  // A loaded 2-core machine can be several times slower than the dry run measured.
  timeoutFactor: 3,
  timeoutMS: 20_000,
  dryRunTimeoutMinutes: 60,
  reporters: ['json', 'html', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: '.stryker-tmp',
  ignorePatterns: [
    '/dist',
    '/lib',
    '/mutation',
    '/test-results',
    '/playwright-report',
  ],
};
