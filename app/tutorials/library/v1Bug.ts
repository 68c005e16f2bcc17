// Tutorial: the bug reviewers caught in the posted series (S3 under v1-posted): the COW type is overwritten
// by DELALLOC, so the partial block is zeroed instead of read, and the data oracle reports the loss.

import type { Tutorial } from '../types.ts';

export const v1Bug: Tutorial = {
  id: 'v1-bug',
  title: 'The bug review caught: the posted series zeroes data',
  summary:
    'The same 200-byte overwrite as the srcmap lesson, under the v1 series as posted: patch 5/6 sets IOMAP_COW, then overwrites it with DELALLOC. Watch the old bytes become zeros.',
  scenario: 'S3',
  variant: 'v1-posted',
  checkpoints: [
    {
      title: 'The type that should have been COW',
      at: { kind: 'iomap.begin' },
      narration:
        'Patch 5/6 filled the srcmap from the extent map and set the type to IOMAP_COW because the write is not page aligned, but a later line sets the type to IOMAP_DELALLOC unconditionally. iomap receives a DELALLOC map, and the srcmap beside it is never looked at. Page 0 is not cached.',
      look: ['iomap-primary', 'story-primary'],
      claims: [
        { kind: 'iomap', type: 'DELALLOC', srcmap: 'MAPPED' },
        { kind: 'page', file: 'F', index: 0, cached: false },
      ],
      question: {
        prompt:
          'The 2019 write_begin decides by the iomap type alone: anything not MAPPED is zeroed. What happens to the 3896 bytes of block 0 the write does not cover?',
        options: [
          {
            id: 'zeroed',
            label: 'They are zeroed in the page',
            when: {
              kind: 'all',
              of: [
                { kind: 'counter', field: 'bytesZeroed', cmp: 'gt', value: 0 },
                { kind: 'counter', field: 'syncReads', cmp: 'eq', value: 0 },
              ],
            },
          },
          {
            id: 'read',
            label: 'They are read from the srcmap',
            when: { kind: 'counter', field: 'syncReads', cmp: 'gt', value: 0 },
          },
        ],
        explanation:
          'With the type DELALLOC, the v5.2 rule in iomap treats the block as having no data on disk and zeroes around the write. The srcmap was filled but the COW branch that would read it is never taken.',
      },
    },
    {
      title: 'Zeroed instead of read',
      at: { kind: 'page.zero' },
      narration:
        'Bytes [0, 100) and [300, 4096) of page 0 were zeroed, 3896 bytes in all, and no read was issued. The page is now uptodate with the wrong contents, and the copy of the 200 new bytes will not fix that.',
      look: ['pages-primary', 'page-0', 'counters-primary'],
      claims: [
        { kind: 'counter', field: 'bytesZeroed', cmp: 'eq', value: 3896 },
        { kind: 'counter', field: 'syncReads', cmp: 'eq', value: 0 },
      ],
    },
    {
      title: 'The oracle notices',
      at: { kind: 'oracle.check' },
      narration:
        'After the write the data oracle reads the file back and compares it with what should be there: the old bytes around the write now read as zeros. The damage is already visible through the page cache, before any writeback.',
      look: ['counters-primary', 'story-primary'],
      claims: [
        { kind: 'oracle', ok: false },
        { kind: 'page', file: 'F', index: 0, set: ['uptodate', 'dirty'] },
      ],
      question: {
        prompt:
          'Writeback now copies-on-write the dirty page to a new extent. Afterwards, does the file read back correctly?',
        options: [
          {
            id: 'still-lost',
            label: 'No: the zeros are written to disk, the loss is permanent',
            when: {
              kind: 'all',
              of: [
                { kind: 'oracle', ok: false },
                { kind: 'mapping', file: 'F', offset: 0, extent: 'Y' },
              ],
            },
          },
          {
            id: 'recovered',
            label: 'Yes: writeback reads the old extent and repairs the block',
            when: { kind: 'oracle', ok: true },
          },
        ],
        explanation:
          'Writeback writes whatever the page holds. The zeroed page goes to the new extent Y, the file item now points there, and the old data in X is no longer referenced for that block: silent data loss, as Dave Chinner pointed out in review of v2.',
      },
    },
    {
      title: 'Written back, still wrong',
      at: { kind: 'oracle.check' },
      narration:
        'Block 0 now lives in the new extent Y, and it holds zeros where the old bytes were. The oracle still disagrees, and will after any reboot: the bug turned a 200-byte write into the loss of 3896 bytes.',
      look: ['counters-primary', 'extents-primary'],
      claims: [
        { kind: 'oracle', ok: false },
        { kind: 'mapping', file: 'F', offset: 0, extent: 'Y' },
      ],
    },
  ],
};
