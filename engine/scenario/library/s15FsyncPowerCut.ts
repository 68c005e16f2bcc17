// Built-in scenario S15 (kernel-facts S15): what a power cut keeps, before and after fsync.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s15FsyncPowerCut: ScenarioSpec = {
  id: 'S15',
  title: 'Power cut before and after fsync',
  description:
    "S1's aligned overwrite, twice. The first write is only in the page cache when the power fails: the page cache is gone, the new extent was never committed, and the remounted file reads its old contents. The second write is followed by fsync, which writes the data back, waits for the ordered extent and makes it durable; the next power cut keeps it. The kernel logs the new file extent item and checksums in the log tree and replays it at mount; this engine commits the whole transaction instead, which promises the same bytes.",
  kernelFacts: 'S15',
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'power-cut' },
    { op: 'write', file: 'F', offset: '4K', length: '4K' },
    { op: 'fsync', file: 'F' },
    { op: 'power-cut' },
    { op: 'read', file: 'F', offset: 0, length: '16K' },
  ],
};
