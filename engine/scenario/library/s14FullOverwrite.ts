// Built-in scenario S14 (kernel-facts S14): a full overwrite that frees the old extent.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s14FullOverwrite: ScenarioSpec = {
  id: 'S14',
  title: 'Full overwrite that frees the old extent',
  description:
    'Overwrites the whole 16 KiB file in one write, so every block is fully covered and nothing is read. At completion the file extent item for X is dropped entirely and btrfs_free_extent is queued for X. The delayed references then move the new extent Y from reserved to used, while X leaves used and becomes pinned. Pinned space only becomes free at the next transaction commit, so for a while the old and the new data both take up space; the commit at the end frees it.',
  kernelFacts: 'S14',
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: 0, length: '16K' },
    { op: 'writeback', file: 'F' },
    { op: 'commit' },
  ],
};
