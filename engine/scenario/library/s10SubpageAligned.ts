// Built-in scenario S10-aligned (kernel-facts S10): a block-aligned write on a 64 KiB page.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';
import { s10SubpageWrite } from './s10SubpageWrite.ts';

export const s10SubpageAligned: ScenarioSpec = {
  ...s10SubpageWrite,
  id: 'S10-aligned',
  title: 'Subpage: block-aligned write on a 64K page',
  description:
    'The sub-page setup of S10, but the write is 8 KiB at 4 KiB and so covers blocks 1 and 2 exactly. No block is partly covered, so iomap reads nothing and marks only blocks 1 and 2 uptodate and dirty. Native btrfs up to 6.14 still reads the page, because it tests page alignment rather than block alignment. Compare the number of disk reads with S10.',
  ops: [
    { op: 'write', file: 'F', offset: '4K', length: '8K' },
    { op: 'writeback', file: 'F' },
  ],
};
