// Built-in scenario S8-shared (kernel-facts S8): a shared extent refuses nocow, so ENOSPC.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s08NocowSharedEnospc: ScenarioSpec = {
  id: 'S8-shared',
  title: 'ENOSPC when the extent is shared',
  description:
    'The S8 setup, except that a snapshot also references X, so the extent is shared. A shared extent must not be overwritten in place, so can_nocow_extent refuses the nocow fallback and the write has no space to go to. The write fails with ENOSPC and nothing is dirtied. This is the counterpart of S8: the nocow escape hatch only works for extents that this file alone owns.',
  kernelFacts: 'S8',
  // 1 MiB of data space, 1008 KiB used elsewhere: X's 16 KiB fills the rest, so any reservation fails.
  geometry: { dataSpace: '1M' },
  space: { dataUsedByOthers: '1008K' },
  files: [
    {
      name: 'F',
      size: '16K',
      // chattr +C on an empty file sets both (btrfs_setflags): the extent has no checksums to refuse nocow.
      flags: ['NODATACOW', 'NODATASUM'],
      extents: [{ offset: 0, length: '16K', disk: 'X', shared: true }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'writeback', file: 'F' },
  ],
};
