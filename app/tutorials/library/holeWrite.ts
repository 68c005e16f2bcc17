// Tutorial: a 4K write into a hole (S4): the reservation, the page, delalloc and DELALLOC_NEW, and what
// writeback completion turns them into.

import type { Tutorial } from '../types.ts';

const K = 1024;

export const holeWrite: Tutorial = {
  id: 'hole-write',
  title: 'A write into a hole',
  summary:
    'Follow write(4K at 20K) into a hole of a 32K file: the space reservation, a fresh page, the delalloc bits and the new extent writeback creates.',
  scenario: 'S4',
  variant: 'srcmap',
  checkpoints: [
    {
      title: 'Space is reserved before anything else',
      at: { kind: 'btrfs.reserve', text: 'data bytes_may_use' },
      narration:
        'Before the page cache is touched, btrfs promises the write somewhere to land. Nothing is allocated yet: the data space_info only grows bytes_may_use by the sector-aligned length, so a later writeback cannot fail with ENOSPC. The file range [16K, 32K) is still a hole and the page for 20K is not cached.',
      look: ['space-primary', 'gauge-data', 'pages-primary'],
      claims: [
        { kind: 'space', space: 'data', field: 'mayUse', change: 4 * K },
        { kind: 'space', space: 'data', field: 'used', change: 0 },
        { kind: 'mapping', file: 'F', offset: 20 * K, extent: 'none' },
        { kind: 'page', file: 'F', index: 5, cached: false },
      ],
      question: {
        prompt:
          'btrfs_buffered_iomap_begin is about to describe [20K, 24K) to iomap. What will the iomap and its srcmap be?',
        options: [
          {
            id: 'delalloc-hole',
            label: 'A DELALLOC iomap marked NEW, with a HOLE srcmap',
            when: {
              kind: 'iomap',
              type: 'DELALLOC',
              flags: ['NEW'],
              srcmap: 'HOLE',
            },
          },
          {
            id: 'mapped',
            label: 'A MAPPED iomap pointing at the old disk extent',
            when: { kind: 'iomap', type: 'MAPPED' },
          },
          {
            id: 'hole',
            label: 'A HOLE iomap: there is nothing there yet',
            when: { kind: 'iomap', type: 'HOLE' },
          },
        ],
        explanation:
          'A buffered write never gets a HOLE mapping: the space is reserved, so btrfs reports delayed allocation. F_NEW says the blocks are fresh, and a HOLE srcmap means "no separate source": there is no old data to read.',
      },
    },
    {
      title: 'The mapping iomap works with',
      at: { kind: 'iomap.begin' },
      narration:
        'iomap now holds a DELALLOC mapping for [20K, 24K) with IOMAP_F_NEW, and the srcmap is a HOLE. The extent range is LOCKED in the io tree while the page is prepared, so writeback and other writers keep out of it.',
      look: ['iomap-primary', 'extents-primary'],
      claims: [
        {
          kind: 'iomap',
          type: 'DELALLOC',
          flags: ['NEW'],
          srcmap: 'HOLE',
        },
        {
          kind: 'bits',
          file: 'F',
          start: 20 * K,
          end: 24 * K,
          set: ['LOCKED'],
        },
      ],
      question: {
        prompt:
          'The page for 20K is not cached, and the write covers its one block completely. What does write_begin do before the copy?',
        options: [
          {
            id: 'nothing',
            label: 'Nothing: no read and no zeroing',
            when: {
              kind: 'all',
              of: [
                { kind: 'counter', field: 'syncReads', cmp: 'eq', value: 0 },
                { kind: 'counter', field: 'bytesZeroed', cmp: 'eq', value: 0 },
              ],
            },
          },
          {
            id: 'read',
            label: 'Reads the block from disk first',
            when: { kind: 'counter', field: 'syncReads', cmp: 'gt', value: 0 },
          },
          {
            id: 'zero',
            label: 'Zeroes the block first',
            when: {
              kind: 'counter',
              field: 'bytesZeroed',
              cmp: 'gt',
              value: 0,
            },
          },
        ],
        explanation:
          'Blocks the write covers completely are neither read nor zeroed: every byte of them is about to come from the user buffer.',
      },
    },
    {
      title: 'The data is in the page',
      at: { kind: 'page.flags', text: 'unlock the page' },
      narration:
        'The 4K were copied from the user buffer; iomap_write_end marked the block uptodate and the page dirty, then unlocked it. The write lies inside i_size (32K), so i_size does not move. Nothing is on disk yet: this is only the page cache.',
      look: ['pages-primary', 'page-5'],
      claims: [
        {
          kind: 'page',
          file: 'F',
          index: 5,
          set: ['uptodate', 'dirty'],
          clear: ['writeback', 'locked'],
        },
        { kind: 'counter', field: 'bytesCopied', cmp: 'eq', value: 4 * K },
        { kind: 'inode', file: 'F', field: 'isize', cmp: 'eq', value: 32 * K },
      ],
    },
    {
      title: 'Delalloc, and new delalloc',
      at: { kind: 'btrfs.bits', text: 'set UPTODATE|DELALLOC' },
      narration:
        "btrfs_buffered_iomap_end records the dirty range as DELALLOC in the io tree. Because the range was a hole, btrfs_find_new_delalloc_bytes also set DELALLOC_NEW: these bytes will add to the inode's st_blocks once they have an extent. new_delalloc_bytes counts them meanwhile.",
      look: ['extents-primary', 'bit-lane-DELALLOC', 'bit-lane-DELALLOC_NEW'],
      claims: [
        {
          kind: 'bits',
          file: 'F',
          start: 20 * K,
          end: 24 * K,
          set: ['DELALLOC', 'DELALLOC_NEW'],
        },
        {
          kind: 'inode',
          file: 'F',
          field: 'newDelallocBytes',
          cmp: 'eq',
          value: 4 * K,
        },
        { kind: 'mapping', file: 'F', offset: 20 * K, extent: 'none' },
      ],
      question: {
        prompt:
          'Writeback runs and its ordered extent finishes. What will file offset 20K map to then?',
        options: [
          {
            id: 'new-extent',
            label: 'A new extent Y, and the inode gains 4K of st_blocks',
            when: {
              kind: 'all',
              of: [
                { kind: 'mapping', file: 'F', offset: 20 * K, extent: 'Y' },
                {
                  kind: 'inode',
                  file: 'F',
                  field: 'nbytes',
                  cmp: 'eq',
                  value: 20 * K,
                },
              ],
            },
          },
          {
            id: 'still-hole',
            label: 'Still a hole: delalloc data lives only in the page cache',
            when: {
              kind: 'mapping',
              file: 'F',
              offset: 20 * K,
              extent: 'none',
            },
          },
          {
            id: 'old-extent',
            label: 'The old extent X, written in place',
            when: { kind: 'mapping', file: 'F', offset: 20 * K, extent: 'X' },
          },
        ],
        explanation:
          "cow_file_range allocates a new extent for the delalloc range; when the ordered extent finishes, btrfs inserts a file extent item for it and clears DELALLOC_NEW, moving those bytes into the inode's byte count.",
      },
    },
    {
      title: 'Writeback made it an extent',
      at: { kind: 'btrfs.bits', text: 'clear DELALLOC_NEW' },
      narration:
        'The ordered extent finished: a regular file extent item now maps [20K, 24K) to the new extent Y, DELALLOC_NEW is gone and st_blocks grew from 16K to 20K. The reservation travelled bytes_may_use → bytes_reserved → bytes_used, so the data space_info shows 4K more used and nothing left promised.',
      look: ['extents-primary', 'space-primary', 'gauge-data'],
      claims: [
        {
          kind: 'mapping',
          file: 'F',
          offset: 20 * K,
          extent: 'Y',
          type: 'regular',
        },
        {
          kind: 'bits',
          file: 'F',
          start: 20 * K,
          end: 24 * K,
          clear: ['DELALLOC', 'DELALLOC_NEW'],
        },
        { kind: 'inode', file: 'F', field: 'nbytes', cmp: 'eq', value: 20 * K },
        { kind: 'space', space: 'data', field: 'used', change: 4 * K },
        { kind: 'space', space: 'data', field: 'mayUse', change: 0 },
        { kind: 'space', space: 'data', field: 'reserved', change: 0 },
      ],
    },
  ],
};
