// Built-in scenario S11 (kernel-facts S11): a user fault part-way through the copy.
// Data only: the engine runs it after validateScenario.

import type { ScenarioSpec } from '../types.ts';

export const s11ShortCopy: ScenarioSpec = {
  id: 'S11',
  title: 'Short copy from a user fault',
  description:
    'An 8 KiB overwrite whose user buffer faults after 1000 bytes, on pages that are not cached. A short copy into a page that is not uptodate cannot be trusted, so that copy counts as zero bytes and the unused part of the reservation is released. The write is then retried: native btrfs retries one page at a time, while iomap retries with the number of bytes that did copy. Check that the reservation counters return to their values from before the failed part.',
  kernelFacts: 'S11',
  files: [
    {
      name: 'F',
      size: '16K',
      extents: [{ offset: 0, length: '16K', disk: 'X' }],
    },
  ],
  ops: [
    { op: 'write', file: 'F', offset: 0, length: '8K', shortCopyAt: 1000 },
    { op: 'writeback', file: 'F' },
  ],
};
