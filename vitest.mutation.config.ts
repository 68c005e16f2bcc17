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
      // Every scenario under every design, event by event and byte by byte (the golden logs), the kernel
      // facts the simulation pins, and a scenario run through the CLI.
      'engine/sim/golden.test.ts',
      'engine/sim/kernelFacts.test.ts',
      'engine/cli/commands/run.test.ts',
      // What a mount refuses: every class of crafted damage, refused naming the item or read as EIO.
      'engine/sim/damagedImages.test.ts',
      // The scenarios against what real btrfs and XFS did.
      'conformance/btrfsScenarios.test.ts',
      'conformance/xfsSrcmap.test.ts',
    ],
    // Left out, each a file every survivor would pay for (a variants survivor took ~4 minutes with the whole
    // unit suite at load 20): the exerciser's random runs (engine/check/exerciser.test.ts, 13 s for 19 tests
    // uninstrumented), the simulation's and persistence's own tests, the power-cut enumerations, the fsx
    // replays, the fsck fuzz (on-disk metadata, below these folders), conformance/space.test.ts
    // (6 s for 3 tests), the scenario, disk and trace layers (they do not import the mutated folders) and the
    // app's view models. So a score here is a lower bound on what `npm test` catches.
    sequence: { sequencer: FastestFirst },
    // Instrumented code on a loaded machine is many times slower; Stryker has its own per-mutant timeout.
    testTimeout: 120_000,
  },
});
