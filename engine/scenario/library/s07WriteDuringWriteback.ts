// Built-in scenario S7 (kernel-facts S7): a write that must wait for an ordered extent.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s07WriteDuringWriteback: ScenarioSpec = {
  id: 'S7',
  title: 'Write while writeback is in flight',
  description:
    "Writes a block, starts its writeback without waiting, and writes the same block again while that I/O is still in flight. The second write first waits for the page to leave writeback, because its checksum was computed at submission and the data has to stay stable until the I/O ends. btrfs then finds the pending ordered extent in lock_and_cleanup_extent_if_need, drops the range lock, waits for the ordered extent to finish and retries. Only after the first write's file extent is inserted can the new delalloc range be created. The final complete-io lets any remaining I/O drain.",
  kernelFacts: 'S7',
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'writeback', file: 'F', wait: false },
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'complete-io' },
  ],
};
