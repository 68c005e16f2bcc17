// Clone, dedupe and copy_file_range within one XFS file: a clone shares the source's written blocks (their
// reference count grows, the file becomes a reflink inode and later writes CoW), a dedupe of differing bytes
// does nothing, copy_file_range copies; the VFS checks refuse unaligned and overlapping ranges.
import { describe, expect, it } from 'vitest';
import { createXfsSimulation } from '../sim/xfsSimulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import type { ScenarioSpec } from '../scenario/types.ts';

function run(ops: ScenarioSpec['ops']) {
  const sim = createXfsSimulation({
    scenario: scenarioOf({
      id: 'xr',
      filesystem: 'xfs',
      files: [
        { name: 'F', size: '32K', extents: [{ offset: 0, length: '32K' }] },
      ],
      ops,
    }),
  });
  const outcomes = sim.runAll();
  const file = sim.fs.byName('F');
  if (file === undefined) throw new Error('no F');
  return { sim, outcomes, file };
}

describe('xfs clone, dedupe and copy', () => {
  it('clones blocks: both ranges map the same disk blocks, counted twice', () => {
    const { sim, outcomes, file } = run([
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: 0,
        length: '8K',
        offset: '16K',
      },
    ]);
    expect(outcomes[0]?.result).toBe(8192);
    expect(outcomes[0]?.oracle.ok).toBe(true);
    expect(file.inode.reflink).toBe(true);
    expect(sim.fs.refcounts).toEqual([
      { startblock: 24, blockcount: 2, refcount: 2 },
    ]);
  });

  it('a write to a cloned block goes through the COW fork and the source keeps its bytes', () => {
    const { outcomes, sim } = run([
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: 0,
        length: '8K',
        offset: '16K',
      },
      { op: 'write', file: 'F', offset: 16484, length: 100 },
      { op: 'fsync', file: 'F' },
      { op: 'drop-caches' },
      { op: 'read', file: 'F', offset: 0, length: '32K' },
    ]);
    expect(outcomes.every((o) => o.oracle.ok && o.error === null)).toBe(true);
    expect(sim.fs.refcounts).toEqual([
      { startblock: 25, blockcount: 1, refcount: 2 },
    ]);
  });

  it('clones past EOF, growing the file', () => {
    const { outcomes, file } = run([
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: 0,
        length: '4K',
        offset: '40K',
      },
    ]);
    expect(outcomes[0]?.oracle.ok).toBe(true);
    expect(file.inode.isize).toBe(44 * 1024);
  });

  it('refuses unaligned and overlapping clones with EINVAL', () => {
    const { outcomes } = run([
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: 100,
        length: '4K',
        offset: '16K',
      },
      {
        op: 'clone-range',
        file: 'F',
        srcOffset: 0,
        length: '8K',
        offset: '4K',
      },
    ]);
    expect(outcomes.map((o) => o.error?.errno)).toEqual(['EINVAL', 'EINVAL']);
  });

  it('dedupes nothing when the bytes differ', () => {
    const { outcomes, sim } = run([
      {
        op: 'dedupe-range',
        file: 'F',
        srcOffset: 0,
        length: '4K',
        offset: '16K',
      },
    ]);
    expect(outcomes[0]?.result).toBe(0);
    expect(sim.fs.refcounts).toEqual([]);
  });

  it('copies an unaligned range through the page cache', () => {
    const { outcomes } = run([
      {
        op: 'copy-range',
        file: 'F',
        srcOffset: 100,
        length: 5000,
        offset: 20000,
      },
      { op: 'fsync', file: 'F' },
      { op: 'drop-caches' },
      { op: 'read', file: 'F', offset: 0, length: '32K' },
    ]);
    expect(outcomes.every((o) => o.oracle.ok && o.error === null)).toBe(true);
    expect(outcomes[0]?.result).toBe(5000);
  });
});
