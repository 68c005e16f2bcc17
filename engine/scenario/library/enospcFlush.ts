// Built-in scenario "enospc": what btrfs does before it says ENOSPC. A data chunk allocated on demand, a
// commit that gives pinned space back to a waiting write, and the real ENOSPC once every flush state has
// failed. Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const enospcFlush: ScenarioSpec = {
  id: 'enospc',
  title: 'What btrfs does before it says ENOSPC',
  description:
    "A 64 MiB device whose data chunks are full, with one 3 MiB range of the device still unallocated. An append finds no free data space: its reservation waits in a ticket while the reclaim worker allocates a new data chunk from that range. An overwrite of X and a preallocation then use the new chunk up, and writeback frees X, whose space stays pinned until a commit. The next write's ticket finds no room for another chunk and runs the data flush states until COMMIT_TRANS gives X's space back. The last write finds nothing left to reclaim: every state fails and its ticket fails with ENOSPC.",
  variants: ['srcmap', 'legacy'],
  // The mkfs chunks of a 64 MiB device leave 38 MiB and a 3 MiB gap unallocated: the other files take
  // three new data chunks (16, 16 and 6 MiB) and every byte of them, and X the rest, so only the gap is left.
  space: { dataUsedByOthers: '40896K' },
  files: [
    {
      name: 'F',
      size: '64K',
      extents: [{ offset: 0, length: '64K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '64K', length: '64K' },
    { op: 'write', file: 'F', offset: 0, length: '64K' },
    {
      op: 'fallocate',
      file: 'F',
      mode: 'allocate',
      offset: '1M',
      length: '2944K',
      keepSize: true,
    },
    { op: 'writeback', file: 'F' },
    { op: 'write', file: 'F', offset: '128K', length: '64K' },
    { op: 'write', file: 'F', offset: '192K', length: '64K' },
  ],
};
