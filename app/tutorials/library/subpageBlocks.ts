// Tutorial: 4K blocks on a 64K page (S10): per-block state in page->private, the read of a whole run of
// blocks, and a page that is dirty without being uptodate.

import type { Tutorial } from '../types.ts';

const K = 1024;

export const subpageBlocks: Tutorial = {
  id: 'subpage-blocks',
  title: 'Small blocks on big pages',
  summary:
    'write(6K at 2K) on a 64K page of 4K blocks: per-block uptodate and dirty bits hang off page->private, a run of two blocks is read, and the page is dirty but not uptodate.',
  scenario: 'S10',
  variant: 'srcmap',
  checkpoints: [
    {
      title: 'Per-block state in page->private',
      at: { kind: 'page.flags', text: 'iomap_page_create' },
      narration:
        'The page holds 16 blocks of 4K, and the write covers only part of it, so iomap allocates its per-block state and hangs it off page->private (PG_private). That pointer is exactly what patch 3/6 argued about: btrfs had its own marker in page->private on data pages.',
      look: ['pages-primary', 'page-0'],
      claims: [
        {
          kind: 'page',
          file: 'F',
          index: 0,
          set: ['locked', 'private'],
          clear: ['uptodate'],
        },
        { kind: 'iomap', type: 'DELALLOC', srcmap: 'MAPPED' },
      ],
      question: {
        prompt:
          'The write covers [2K, 8K): half of block 0 and all of block 1. How much does __iomap_write_begin read from the srcmap?',
        options: [
          {
            id: 'run',
            label: '8K: blocks 0 and 1, the whole run of non-uptodate blocks',
            when: {
              kind: 'counter',
              field: 'bytesRead',
              cmp: 'eq',
              value: 8 * K,
            },
          },
          {
            id: 'block',
            label: '4K: only block 0, the one partly covered',
            when: {
              kind: 'counter',
              field: 'bytesRead',
              cmp: 'eq',
              value: 4 * K,
            },
          },
          {
            id: 'page',
            label: '64K: the whole page',
            when: {
              kind: 'counter',
              field: 'bytesRead',
              cmp: 'eq',
              value: 64 * K,
            },
          },
        ],
        explanation:
          'iomap finds the run of non-uptodate blocks under the write, [0, 8K). The write starts strictly inside that run, so the whole run is read, including block 1, which the write then overwrites completely.',
      },
    },
    {
      title: 'A run of two blocks is read',
      at: { kind: 'page.read' },
      narration:
        'One synchronous read of 8K fetched blocks 0 and 1 from extent X. Reading block 1 was wasted work, since the write covers it, but the run is the unit iomap reads in. Blocks 2 to 15 were not read.',
      look: ['counters-primary', 'page-0', 'iomap-primary'],
      claims: [
        { kind: 'counter', field: 'syncReads', cmp: 'eq', value: 1 },
        { kind: 'counter', field: 'bytesRead', cmp: 'eq', value: 8 * K },
      ],
    },
    {
      title: 'Dirty, but not uptodate',
      at: { kind: 'page.flags', text: 'unlock the page' },
      narration:
        'Blocks 0 and 1 are uptodate and dirty; the other 14 blocks were never read. The page as a whole is dirty but not uptodate, which only per-block state can express. The reservation is 8K: two sectors.',
      look: ['page-0', 'space-primary', 'gauge-data'],
      claims: [
        {
          kind: 'page',
          file: 'F',
          index: 0,
          set: ['dirty', 'private'],
          clear: ['uptodate', 'locked'],
          uptodate: '1100000000000000',
          dirty: '1100000000000000',
        },
        { kind: 'space', space: 'data', field: 'mayUse', change: 8 * K },
        { kind: 'bits', file: 'F', start: 0, end: 8 * K, set: ['LOCKED'] },
      ],
    },
  ],
};
