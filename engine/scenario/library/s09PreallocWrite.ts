// Built-in scenario S9 (kernel-facts S9): a write into a fallocated extent.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s09PreallocWrite: ScenarioSpec = {
  id: 'S9',
  title: 'Write into a PREALLOC extent',
  description:
    'The file has written data at [0, 16K) and a fallocated extent Z at [16K, 32K), and a 4 KiB write at 20 KiB lands inside the preallocated range. Data space is reserved as usual, but writeback sends the range through run_delalloc_nocow with a PREALLOC ordered extent, which releases the reservation instead of allocating new space. On completion btrfs_mark_extent_written splits Z into prealloc, regular and prealloc pieces, and used does not change. In the iomap view the source map must be UNWRITTEN, so partly covered blocks would be zeroed rather than read from the stale preallocated bytes.',
  kernelFacts: 'S9',
  files: [
    {
      name: 'F',
      size: '32K',
      flags: ['PREALLOC'],
      extents: [
        { offset: 0, length: '16K', disk: 'X' },
        { offset: '16K', length: '16K', type: 'prealloc', disk: 'Z' },
      ],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '20K', length: '4K' },
    { op: 'writeback', file: 'F' },
  ],
};
