// Tutorial: running out of data space (S8): the reservation fails with ENOSPC, the nocow check lets the
// write go ahead without data space, and writeback writes in place.

import type { Tutorial } from '../types.ts';

const K = 1024;

export const nocowEnospc: Tutorial = {
  id: 'nocow-enospc',
  title: 'Out of space: ENOSPC and the nocow fallback',
  summary:
    'The data space is full, but the file is NODATACOW and its extent is not shared: the write is allowed without a data reservation and lands in place.',
  scenario: 'S8',
  variant: 'srcmap',
  checkpoints: [
    {
      title: 'The data reservation fails',
      at: { kind: 'btrfs.reserve', text: 'ENOSPC' },
      narration:
        'btrfs_check_data_free_space found no free data space: every byte is used or promised. A copy-on-write of 4K would need 4K of new space, so the reservation fails and bytes_may_use does not move.',
      look: ['space-primary', 'gauge-data', 'story-primary'],
      claims: [
        { kind: 'space', space: 'data', field: 'mayUse', change: 0 },
        { kind: 'stack', fn: 'btrfs_check_data_free_space' },
      ],
      question: {
        prompt:
          'The file is NODATACOW and its extent X is not shared with a snapshot. How does write(4K at 4K) end?',
        options: [
          {
            id: 'nocow',
            label:
              'It succeeds: the range is marked NORESERVE, to be written in place',
            when: {
              kind: 'all',
              of: [
                { kind: 'result', errno: null },
                {
                  kind: 'bits',
                  file: 'F',
                  start: 4 * K,
                  end: 8 * K,
                  set: ['DELALLOC', 'NORESERVE'],
                },
              ],
            },
          },
          {
            id: 'enospc',
            label: 'It fails with ENOSPC',
            when: { kind: 'result', errno: 'ENOSPC' },
          },
          {
            id: 'reserved',
            label: 'It succeeds after reserving data space from elsewhere',
            when: {
              kind: 'space',
              space: 'data',
              field: 'mayUse',
              change: 4 * K,
            },
          },
        ],
        explanation:
          'check_can_nocow asks whether the existing extent can be overwritten in place (NODATACOW or PREALLOC, not shared). It can, so only metadata is reserved and the range carries NORESERVE: writeback must not take data space for it.',
      },
    },
    {
      title: 'A write with no data reservation',
      at: { kind: 'op.end' },
      narration:
        'The write returned 4096. [4K, 8K) is DELALLOC like any buffered write, plus NORESERVE, which remembers that no data space backs it. bytes_may_use of the data space is unchanged from the start.',
      look: ['extents-primary', 'bit-lane-NORESERVE', 'gauge-data'],
      claims: [
        { kind: 'result', errno: null },
        {
          kind: 'bits',
          file: 'F',
          start: 4 * K,
          end: 8 * K,
          set: ['DELALLOC', 'NORESERVE'],
        },
        { kind: 'space', space: 'data', field: 'mayUse', change: 0 },
      ],
      question: {
        prompt: 'Writeback runs. What kind of ordered extent covers [4K, 8K)?',
        options: [
          {
            id: 'nocow',
            label: 'A NOCOW ordered extent: written in place to X',
            when: { kind: 'ordered', file: 'F', count: 1, type: 'nocow' },
          },
          {
            id: 'regular',
            label: 'A regular ordered extent to a newly allocated extent',
            when: { kind: 'ordered', file: 'F', count: 1, type: 'regular' },
          },
        ],
        explanation:
          'run_delalloc_nocow checks the extent again and writes in place: no new extent, so nothing moves into bytes_reserved or bytes_used.',
      },
    },
    {
      title: 'Written in place',
      at: { kind: 'btrfs.ordered', text: 'btrfs_add_ordered_extent' },
      narration:
        'run_delalloc_nocow created a NOCOW ordered extent that writes [4K, 8K) straight into extent X. No data space is reserved and none is allocated: the counters of the data space_info do not move.',
      look: ['extents-primary', 'space-primary'],
      claims: [
        { kind: 'ordered', file: 'F', count: 1, type: 'nocow' },
        { kind: 'space', space: 'data', field: 'reserved', change: 0 },
        { kind: 'space', space: 'data', field: 'used', change: 0 },
      ],
    },
    {
      title: 'Done, still in X',
      at: { kind: 'btrfs.ordered', text: 'btrfs_remove_ordered_extent' },
      narration:
        'The ordered extent finished without inserting a new file extent item: [4K, 8K) still maps to X, which was overwritten in place. The data space is exactly as full as before the write.',
      look: ['extents-primary', 'gauge-data'],
      claims: [
        { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'X' },
        { kind: 'refs', extent: 'X', refs: 1 },
        { kind: 'space', space: 'data', field: 'used', change: 0 },
        { kind: 'space', space: 'data', field: 'mayUse', change: 0 },
      ],
    },
  ],
};
