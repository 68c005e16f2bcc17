// Built-in scenario S12 (kernel-facts S12): a write across two source extents.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s12StraddleExtents: ScenarioSpec = {
  id: 'S12',
  title: 'Write straddling two source extents',
  description:
    'The first half of the file lives in disk extent X and the second half in another extent X2, and a 2 KiB write at 7 KiB straddles the boundary at 8 KiB. iomap_length clamps each iteration to the end of the source mapping, so the write takes two iterations with two different srcmaps, where native btrfs does two btrfs_get_extent lookups. Each partly covered block is read from its own extent: block 1 from X and block 2 from X2. Watch the two iterations and where each read lands on disk.',
  kernelFacts: 'S12',
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [
        { offset: 0, length: '8K', disk: 'X' },
        { offset: '8K', length: '8K', disk: 'X2' },
      ],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '7K', length: '2K' },
    { op: 'writeback', file: 'F' },
  ],
};
