// Built-in scenario S5 (kernel-facts S5): an append that extends i_size.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s05AppendPastEof: ScenarioSpec = {
  id: 'S5',
  title: 'Append past EOF',
  description:
    'Appends 6 KiB at the current end of file (16 KiB), which fills one page and part of the next. Native btrfs takes no extent lock for a write that starts at or beyond i_size and marks the new range DELALLOC_NEW directly. For the partly covered second page, iomap zeroes the uncovered tail because the block lies past EOF, while the native path reads a page beyond EOF, which comes back as zeros. The in-memory i_size becomes 22 KiB at once, but the on-disk size only follows when the ordered extent finishes. Writeback zeroes the part of the last page beyond EOF before submitting it.',
  kernelFacts: 'S5',
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: '16K', length: '6K' },
    { op: 'writeback', file: 'F' },
  ],
};
