// The unit-test configuration StrykerJS runs (stryker.config.mjs): the default one minus the few tests that
// replay whole runs many times over, which an instrumented engine on a shared 2-core machine cannot finish
// per mutant. Each left-out test has a faster test of the same paths that stays in (docs/testing.md).
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        // A power cut at every event boundary, remounting each time (the exerciser's fsck and durability
        // oracle after every sync stay in).
        'engine/check/crash.test.ts',
        'engine/cli/commands/crash.test.ts',
        // The exerciser again, through the CLI (engine/check/exerciser.test.ts stays in).
        'engine/cli/commands/exercise.test.ts',
        // Thousand-op replays against real-btrfs fixtures (btrfsScenarios.test.ts stays in).
        'conformance/fsxReplay.test.ts',
        // Packaging and import rules: no engine behaviour to kill a mutant with.
        'scripts/**',
        'node_modules/**',
      ],
      // Instrumented code on a loaded machine is many times slower; Stryker has its own per-mutant timeout.
      testTimeout: 120_000,
    },
  }),
);
