// Built-in scenario S6 (kernel-facts S6): overwriting data that is still dirty delalloc.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s06OverwriteDirtyDelalloc: ScenarioSpec = {
  id: 'S6',
  title: 'Overwrite of still-dirty delalloc',
  description:
    'Overwrites the same 4 KiB block twice before any writeback, so the second write finds a dirty, uptodate page and reads nothing. The second write reserves another 4 KiB, but btrfs_dirty_pages first clears DELALLOC on the range, which releases the first reservation, and then sets it again. The net data may_use therefore stays at 4 KiB instead of doubling. Watch outstanding_extents and the reservation counters across the two writes, then one writeback.',
  kernelFacts: 'S6',
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'writeback', file: 'F' },
  ],
};
