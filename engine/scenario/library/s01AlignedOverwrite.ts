// Built-in scenario S1 (kernel-facts S1): a whole-block overwrite of mapped data.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s01AlignedOverwrite: ScenarioSpec = {
  id: 'S1',
  title: 'Aligned full-block overwrite',
  description:
    'Overwrites one whole 4 KiB block in the middle of a file whose pages are not in the page cache. Because the write covers the block completely, no design reads the old data: the page is allocated, filled and dirtied, while btrfs reserves 4 KiB of data space (may_use) plus metadata and tags the range DELALLOC. Writeback allocates a new extent Y, which turns the reservation into reserved space, and submits the page under an ordered extent. When the I/O completes, the file extent item for X is split around a new [4K, 8K) \u2192 Y item, and X stays fully allocated as a bookend extent. Watch the data space_info counters move from may_use to reserved to used.',
  kernelFacts: 'S1',
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'writeback', file: 'F' },
  ],
};
