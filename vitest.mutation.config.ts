// The unit-test configuration StrykerJS runs (stryker.config.mjs): the engine tests that judge the mutated
// folders' behaviour, without the files that replay whole runs many times over, with the fastest test files
// first, since a mutant's run stops at its first failing test. A surviving mutant runs every test that
// covers it, so each file here is paid once per survivor: on a loaded 2-core machine that is minutes.
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
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

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      // The mutated folders' own tests.
      'engine/pagecache/**/*.test.ts',
      'engine/iomap/**/*.test.ts',
      'engine/variants/**/*.test.ts',
      'engine/oracle/**/*.test.ts',
      'engine/btrfs/**/*.test.ts',
      // Every scenario under every design, event by event (the golden logs), the simulation's own rules,
      // the kernel facts it pins, power cuts and remounts, and a scenario run through the CLI.
      'engine/sim/golden.test.ts',
      'engine/sim/simulation.test.ts',
      'engine/sim/kernelFacts.test.ts',
      'engine/sim/persistence.test.ts',
      'engine/sim/largeFiles.test.ts',
      'engine/cli/commands/run.test.ts',
      // Random operations judged by the data and durability oracles.
      'engine/check/exerciser.test.ts',
      // The scenarios against what real btrfs and XFS did.
      'conformance/btrfsScenarios.test.ts',
      'conformance/xfsSrcmap.test.ts',
    ],
    // Left out, each a file a survivor would pay for: the power-cut enumerations (engine/check/crash.test.ts,
    // engine/cli/commands/crash.test.ts), the exerciser again through the CLI, the thousand-op fsx replays,
    // the fsck fuzz (engine/check/fsck.test.ts: on-disk metadata, below these folders), damaged images,
    // conformance/space.test.ts (6 s for 3 tests), the scenario, disk and trace layers (they do not import
    // the mutated folders) and the app's view models (they read runs the engine's tests already judge).
    sequence: { sequencer: FastestFirst },
    // Instrumented code on a loaded machine is many times slower; Stryker has its own per-mutant timeout.
    testTimeout: 120_000,
  },
});
