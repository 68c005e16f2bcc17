// Built-in scenario S10 (kernel-facts S10): 4 KiB blocks on a 64 KiB page.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s10SubpageWrite: ScenarioSpec = {
  id: 'S10',
  title: 'Subpage: unaligned write on a 64K page',
  description:
    "Sub-page blocks: 4 KiB sectors on 64 KiB pages, and a 6 KiB write at 2 KiB into mapped data that is not cached. iomap allocates per-block state for the folio's 16 blocks, and iomap_adjust_read_range returns the non-uptodate run [0, 8K); since the write starts strictly inside that run, the whole run is read, including block 1, which the write then overwrites completely. Afterwards blocks 0 and 1 are uptodate and dirty, but the folio as a whole is not uptodate. Native btrfs from 5.15 to 6.14 reads the whole 64 KiB page instead, because the write is not page aligned. The reservation covers sectors 0 and 1, and writeback submits only the dirty sectors.",
  kernelFacts: 'S10',
  geometry: { pageSize: '64K', sectorSize: '4K' },
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '2K', length: '6K' },
    { op: 'writeback', file: 'F' },
  ],
};
