// truncate on XFS: shrinking zeroes the new EOF block's tail and unmaps both forks past it (a shared
// block loses this file's reference), growing reads back zeros; the data oracle agrees after each op.
import { describe, expect, it } from 'vitest';
import { createXfsSimulation } from '../sim/xfsSimulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import type { Op, ScenarioSpec } from '../scenario/types.ts';

function run(ops: ScenarioSpec['ops'], shared = false) {
  const sim = createXfsSimulation({
    scenario: scenarioOf({
      id: 'xt',
      filesystem: 'xfs',
      files: [
        {
          name: 'F',
          size: '64K',
          extents: [{ offset: 0, length: '64K', shared }],
        },
      ],
      ops,
    }),
  });
  const outcomes = sim.runAll();
  return { sim, outcomes, file: sim.fs.byName('F') };
}

const fsync: Op = { op: 'fsync', file: 'F' };

describe('xfs truncate', () => {
  it('shrinks to an unaligned size: the tail block keeps its head, the blocks past it are freed', () => {
    const { sim, outcomes, file } = run([
      { op: 'truncate', file: 'F', size: 10000 },
      fsync,
    ]);
    expect(outcomes.every((o) => o.oracle.ok && o.error === null)).toBe(true);
    expect(file?.inode.isize).toBe(10000);
    expect(file?.inode.dataFork.map((e) => [e.startoff, e.blockcount])).toEqual(
      [[0, 3]],
    );
    const freeBefore = sim.fs.space.dblocks - 10 - 8 - 16;
    expect(sim.fs.space.fdblocks).toBe(freeBefore + 13);
  });

  it('grows again with zeros where the old tail was (the EOF block is zeroed, not the stale bytes)', () => {
    const { outcomes, file } = run([
      { op: 'truncate', file: 'F', size: 10000 },
      { op: 'truncate', file: 'F', size: 20000 },
      { op: 'read', file: 'F', offset: 0, length: 20000 },
      fsync,
      { op: 'drop-caches' },
      { op: 'read', file: 'F', offset: 0, length: 20000 },
    ]);
    expect(outcomes.map((o) => o.oracle.ok)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(file?.inode.isize).toBe(20000);
  });

  it('drops only this file’s reference to shared blocks past the new size', () => {
    const { sim } = run([{ op: 'truncate', file: 'F', size: 4096 }], true);
    expect(sim.fs.refcounts).toEqual([
      { startblock: 24, blockcount: 1, refcount: 2 },
    ]);
  });
});
