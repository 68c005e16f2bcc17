// Built-in scenario S2 (kernel-facts S2): a small overwrite inside one block.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s02UnalignedOverwrite: ScenarioSpec = {
  id: 'S2',
  title: 'Unaligned overwrite inside one block',
  description:
    'Writes 200 bytes at offset 100, inside the first block, with nothing cached. The rest of that block still holds live data, so it must be read before the page can become uptodate: native btrfs does this in prepare_uptodate_page, while the srcmap design returns a DELALLOC iomap for the destination and a MAPPED srcmap for X, from which __iomap_write_begin reads the partly covered block. The data reservation is rounded up to the whole 4 KiB sector. After writeback, [0, 4K) points at a new extent Y and X is referenced only by [4K, 16K). Compare where each design performs the read-modify-write.',
  kernelFacts: 'S2',
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: 100, length: 200 },
    { op: 'writeback', file: 'F' },
  ],
};
