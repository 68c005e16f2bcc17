// fallocate on XFS: allocate puts unwritten extents over holes (growing i_size unless keep-size), a punch
// frees whole blocks and zeroes the partial ones, zero-range leaves unwritten blocks that read as zeros;
// collapse and insert are refused. The data oracle agrees after every op.
import { describe, expect, it } from 'vitest';
import { createXfsSimulation } from '../sim/xfsSimulation.ts';
import { scenarioOf } from '../testing/runScenario.ts';
import type { Op, ScenarioSpec } from '../scenario/types.ts';

function run(ops: ScenarioSpec['ops']) {
  const sim = createXfsSimulation({
    scenario: scenarioOf({
      id: 'xf',
      filesystem: 'xfs',
      files: [
        {
          name: 'F',
          size: '32K',
          extents: [{ offset: 0, length: '16K' }],
        },
      ],
      ops,
    }),
  });
  const outcomes = sim.runAll();
  const file = sim.fs.byName('F');
  if (file === undefined) throw new Error('no F');
  return { sim, outcomes, file };
}

const states = (file: {
  inode: {
    dataFork: readonly {
      state: string;
      startoff: number;
      blockcount: number;
    }[];
  };
}) =>
  file.inode.dataFork.map(
    (e) => `${e.state} ${String(e.startoff)}+${String(e.blockcount)}`,
  );

const fsync: Op = { op: 'fsync', file: 'F' };

describe('xfs fallocate', () => {
  it('allocates unwritten blocks over the hole and past EOF, growing i_size', () => {
    const { outcomes, file } = run([
      {
        op: 'fallocate',
        file: 'F',
        mode: 'allocate',
        offset: '16K',
        length: '32K',
      },
    ]);
    expect(outcomes[0]?.oracle.ok).toBe(true);
    expect(file.inode.isize).toBe(48 * 1024);
    expect(states(file)).toEqual(['written 0+4', 'unwritten 4+8']);
  });

  it('keeps the size with keep-size', () => {
    const { file } = run([
      {
        op: 'fallocate',
        file: 'F',
        mode: 'allocate',
        offset: '16K',
        length: '32K',
        keepSize: true,
      },
    ]);
    expect(file.inode.isize).toBe(32 * 1024);
  });

  it('punches whole blocks out and zeroes the partial edges', () => {
    const { outcomes, file } = run([
      { op: 'write', file: 'F', offset: 0, length: '16K' },
      {
        op: 'fallocate',
        file: 'F',
        mode: 'punch-hole',
        offset: 1000,
        length: 9000,
        keepSize: true,
      },
      { op: 'read', file: 'F', offset: 0, length: '32K' },
      fsync,
      { op: 'drop-caches' },
      { op: 'read', file: 'F', offset: 0, length: '32K' },
    ]);
    expect(outcomes.every((o) => o.oracle.ok && o.error === null)).toBe(true);
    expect(states(file)).toEqual(['written 0+1', 'written 2+2']);
  });

  it('zero-range leaves unwritten blocks that read as zeros', () => {
    const { outcomes, file } = run([
      {
        op: 'fallocate',
        file: 'F',
        mode: 'zero-range',
        offset: '4K',
        length: '8K',
        keepSize: true,
      },
      fsync,
      { op: 'drop-caches' },
      { op: 'read', file: 'F', offset: 0, length: '32K' },
    ]);
    expect(outcomes.every((o) => o.oracle.ok && o.error === null)).toBe(true);
    expect(states(file)).toEqual([
      'written 0+1',
      'unwritten 1+2',
      'written 3+1',
    ]);
  });

  it('refuses punch-hole without keep-size, as the VFS does', () => {
    const { outcomes } = run([
      {
        op: 'fallocate',
        file: 'F',
        mode: 'punch-hole',
        offset: 0,
        length: '4K',
        keepSize: false,
      },
    ]);
    expect(outcomes[0]?.error?.errno).toBe('EOPNOTSUPP');
  });
});
