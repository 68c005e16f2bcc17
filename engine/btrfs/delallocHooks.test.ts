// The delalloc hooks' outstanding-extent accounting (btrfs_set_delalloc_extent / btrfs_clear_delalloc_extent):
// a write that joins two delalloc runs into one needs one extent fewer, and the inode's block reserve gives
// the excess back, saying why.

import { describe, expect, it } from 'vitest';
import { run, scenarioOf } from '../testing/runScenario.ts';

describe('delalloc runs joined and split', () => {
  it('a write between two delalloc runs joins them: one outstanding extent fewer, the excess given back', () => {
    const { sim } = run(
      scenarioOf({
        id: 'join-runs',
        files: [{ name: 'F', size: 0 }],
        ops: [
          { op: 'write', file: 'F', offset: 0, length: '4K' },
          { op: 'write', file: 'F', offset: '8K', length: '4K' },
          { op: 'write', file: 'F', offset: '4K', length: '4K' },
        ],
      }),
      'srcmap',
    );
    const third = sim.events.filter((e) => e.op === 2);
    expect(
      third
        .filter((e) => e.kind === 'btrfs.release')
        .map((e) => e.note)
        .filter((n) => n.includes('outstanding extents changed')),
    ).toHaveLength(1);
    expect(sim.fs.byName('F')?.inode.outstandingExtents).toBe(1);
  });
});
