// Built-in scenario S8 (kernel-facts S8): ENOSPC rescued by the nocow fallback.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s08NocowEnospc: ScenarioSpec = {
  id: 'S8',
  title: 'ENOSPC with the nocow fallback',
  description:
    'A NODATACOW file on a filesystem whose data space is full apart from the space X already occupies, so reserving 4 KiB for the write fails. Because the extent is not shared and carries no checksums, btrfs can still take the write by overwriting X in place: check_can_nocow trims the write to the range that can be written in place, reserves only metadata and marks the range NORESERVE. Writeback goes through run_delalloc_nocow with a NOCOW ordered extent that writes straight into X, and no data space counter moves. Compare how each design handles the failed data reservation.',
  kernelFacts: 'S8',
  // Other files take every data chunk the device can hold and every byte of them: a reservation queues a
  // ticket, the data flush states find nothing to free and no room for a chunk, and it fails.
  space: { dataFree: 0 },
  files: [
    {
      name: 'F',
      size: '16K',
      // chattr +C on an empty file sets both (btrfs_setflags): the extent has no checksums to refuse nocow.
      flags: ['NODATACOW', 'NODATASUM'],
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'writeback', file: 'F' },
  ],
};
