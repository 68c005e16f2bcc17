// The unit-test configuration StrykerJS runs (stryker.config.mjs): the default one minus the few tests that
// replay whole runs many times over, which an instrumented engine on a shared 2-core machine cannot finish
// per mutant, with the fastest test files first, since a mutant's run stops at its first failing test.
import { relative } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config.ts';

/**
 * Vitest's own order runs the slowest files first (good for parallel workers); a mutant is killed by its
 * first failure, so here the files with the shortest last run go first, files never run before first of all.
 */
class FastestFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cost = (f: TestSpecification): number => {
      const key = `${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`;
      return this.ctx.cache.getFileTestResults(key)?.duration ?? -1;
    };
    return Promise.resolve([...files].sort((a, b) => cost(a) - cost(b)));
  }
}

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
      sequence: { sequencer: FastestFirst },
      // Instrumented code on a loaded machine is many times slower; Stryker has its own per-mutant timeout.
      testTimeout: 120_000,
    },
  }),
);
