// diffRecords: the record changes a remount or power cut reports, from the filesystem before to the one
// mounted after — a record that changed or went away is reported, one that stayed the same is not.

import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/simulation.ts';
import { run, scenarioOf } from '../testing/runScenario.ts';
import { diffRecords, fsRecords } from './fsRecords.ts';

describe('diffRecords', () => {
  it('reports changed and removed records, and nothing for the same records', () => {
    const sim = createSimulation({
      scenario: scenarioOf({
        id: 'fs-records',
        files: [
          { name: 'F', size: '8K' },
          { name: 'G', size: '4K' },
        ],
        ops: [],
      }),
      variant: 'srcmap',
    });
    const before = fsRecords(sim.fs);
    expect(diffRecords(before, fsRecords(sim.fs))).toEqual([]);
    const f = sim.fs.byName('F');
    const g = sim.fs.byName('G');
    if (f === undefined || g === undefined) throw new Error('no F or G');
    f.inode.update(() => {
      f.inode.isize = 12 * 1024;
    });
    sim.fs.inodes.delete(g.inode.ino);
    const changes = diffRecords(before, fsRecords(sim.fs)).filter(
      (c) => c.table === 'inode',
    );
    expect(
      changes.map((c) => [c.key, c.before !== null, c.after !== null]),
    ).toEqual([
      [String(f.inode.ino), true, true],
      [String(g.inode.ino), true, false],
    ]);
  });

  it('a power cut takes the ordered extents in flight out of the reduced state', () => {
    // The mount step's changes replace the old filesystem's records: an ordered extent whose bio never
    // completed is gone with the power, and the view must not keep showing it.
    const { afterOp } = run(
      scenarioOf({
        id: 'fs-records-cut',
        files: [{ name: 'F', size: 0 }],
        ops: [
          { op: 'write', file: 'F', offset: 0, length: '8K' },
          { op: 'writeback', file: 'F', wait: false },
          { op: 'power-cut' },
        ],
      }),
      'srcmap',
    );
    expect(afterOp[1]?.tables.ordered.size).toBe(1);
    expect(afterOp[2]?.tables.ordered.size).toBe(0);
  });
});
