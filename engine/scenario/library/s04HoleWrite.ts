// Built-in scenario S4 (kernel-facts S4): a write into a hole.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s04HoleWrite: ScenarioSpec = {
  id: 'S4',
  title: 'Write into a hole',
  description:
    "The file is 32 KiB long but only [0, 16K) is allocated, so a 4 KiB write at 20 KiB lands in a hole. Native btrfs sees a hole extent map and sets DELALLOC_NEW alongside DELALLOC, counting the bytes in new_delalloc_bytes. In the srcmap design the source is a hole, so iomap_iter_srcmap falls back to the DELALLOC destination map and nothing is read; an uncovered part of a block would simply be zeroed. On completion a new file extent [20K, 24K) \u2192 Y is inserted and the inode's byte count grows by 4 KiB.",
  kernelFacts: 'S4',
  files: [
    {
      name: 'F',
      size: '32K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '20K', length: '4K' },
    { op: 'writeback', file: 'F' },
  ],
};
