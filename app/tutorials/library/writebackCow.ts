// Tutorial: writeback of an aligned overwrite (S1): delalloc becomes a new extent, the data reservation
// moves may_use → reserved → used, and the old extent survives as a bookend.

import type { Tutorial } from '../types.ts';

const K = 1024;

export const writebackCow: Tutorial = {
  id: 'writeback-cow',
  title: 'Writeback and copy-on-write',
  summary:
    'An aligned 4K overwrite of existing data: how writeback turns delalloc into a new extent, where the reserved bytes go, and why the old extent stays allocated.',
  scenario: 'S1',
  variant: 'srcmap',
  checkpoints: [
    {
      title: 'A dirty, delalloc page',
      at: { kind: 'btrfs.bits', text: 'set UPTODATE|DELALLOC' },
      narration:
        'write(4K at 4K) has copied its data into page 1 and marked [4K, 8K) DELALLOC in the io tree. The data space_info holds the 4K in bytes_may_use: promised, not allocated. On disk the file still maps [0, 16K) to its one extent X.',
      look: ['pages-primary', 'page-1', 'extents-primary', 'gauge-data'],
      claims: [
        { kind: 'page', file: 'F', index: 1, set: ['uptodate', 'dirty'] },
        {
          kind: 'bits',
          file: 'F',
          start: 4 * K,
          end: 8 * K,
          set: ['DELALLOC'],
        },
        { kind: 'space', space: 'data', field: 'mayUse', change: 4 * K },
        { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'X' },
      ],
      question: {
        prompt:
          'Writeback starts and cow_file_range allocates disk space for [4K, 8K). Where do the 4K of the reservation go?',
        options: [
          {
            id: 'to-reserved',
            label: 'bytes_may_use → bytes_reserved',
            when: {
              kind: 'all',
              of: [
                { kind: 'space', space: 'data', field: 'mayUse', change: 0 },
                {
                  kind: 'space',
                  space: 'data',
                  field: 'reserved',
                  change: 4 * K,
                },
              ],
            },
          },
          {
            id: 'to-used',
            label: 'bytes_may_use → bytes_used, straight away',
            when: {
              kind: 'all',
              of: [
                { kind: 'space', space: 'data', field: 'mayUse', change: 0 },
                { kind: 'space', space: 'data', field: 'used', change: 4 * K },
              ],
            },
          },
          {
            id: 'stay',
            label: 'They stay in bytes_may_use until the I/O completes',
            when: {
              kind: 'space',
              space: 'data',
              field: 'mayUse',
              change: 4 * K,
            },
          },
        ],
        explanation:
          'btrfs_reserve_extent takes real space from the free pool: the promise (may_use) becomes a reservation of a specific extent (reserved). It becomes used only when the ordered extent finishes and the extent item is in the tree.',
      },
    },
    {
      title: 'A new extent is reserved',
      at: { kind: 'btrfs.extent', text: 'btrfs_reserve_extent' },
      narration:
        'cow_file_range picked a new extent Y for the 4K: copy-on-write never overwrites X, which other file ranges still use. The data moved from bytes_may_use to bytes_reserved; bytes_used has not changed yet.',
      look: ['space-primary', 'gauge-data', 'extents-primary'],
      claims: [
        { kind: 'space', space: 'data', field: 'mayUse', change: 0 },
        { kind: 'space', space: 'data', field: 'reserved', change: 4 * K },
        { kind: 'space', space: 'data', field: 'used', change: 0 },
      ],
    },
    {
      title: 'Under writeback, with an ordered extent',
      at: { kind: 'io.submit' },
      narration:
        'An ordered extent now tracks [4K, 8K) → Y until its I/O finishes. The page is clean but under writeback (W) and marked ordered (O), and its checksum was computed as the bio was submitted. The DELALLOC bit is gone: the range is no longer waiting for an allocation.',
      look: ['page-1', 'extents-primary', 'story-primary'],
      claims: [
        {
          kind: 'page',
          file: 'F',
          index: 1,
          set: ['writeback', 'ordered'],
          clear: ['dirty'],
        },
        {
          kind: 'ordered',
          file: 'F',
          count: 1,
          type: 'regular',
          state: 'submitted',
        },
        {
          kind: 'bits',
          file: 'F',
          start: 4 * K,
          end: 8 * K,
          clear: ['DELALLOC'],
        },
      ],
      question: {
        prompt:
          'When the ordered extent finishes, [4K, 8K) will point at Y. What happens to extent X, which still holds [0, 4K) and [8K, 16K)?',
        options: [
          {
            id: 'bookend',
            label:
              'Its item is split in two; X stays allocated with 2 references',
            when: { kind: 'refs', extent: 'X', refs: 2 },
          },
          {
            id: 'freed',
            label: 'X is freed: its data was rewritten',
            when: { kind: 'refs', extent: 'X', refs: 0 },
          },
          {
            id: 'untouched',
            label: 'Nothing: X keeps one reference',
            when: { kind: 'refs', extent: 'X', refs: 1 },
          },
        ],
        explanation:
          'btrfs_drop_extents splits the file extent item around the new range. Both halves point into X (a bookend), so X gets a second reference and all 16K of it stay allocated even though 4K of it are no longer used by the file.',
      },
    },
    {
      title: 'The ordered extent finished',
      at: { kind: 'btrfs.extent', text: 'delayed ref' },
      narration:
        'btrfs_finish_ordered_io split the old item and inserted a new one: [4K, 8K) maps to Y, while [0, 4K) and [8K, 16K) still map into X, which now has two references. The delayed ref moved the 4K from bytes_reserved to bytes_used.',
      look: ['extents-primary', 'space-primary', 'gauge-data'],
      claims: [
        { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'Y' },
        { kind: 'mapping', file: 'F', offset: 0, extent: 'X' },
        { kind: 'mapping', file: 'F', offset: 8 * K, extent: 'X' },
        { kind: 'refs', extent: 'X', refs: 2 },
        { kind: 'space', space: 'data', field: 'reserved', change: 0 },
        { kind: 'space', space: 'data', field: 'used', change: 4 * K },
      ],
    },
  ],
};
