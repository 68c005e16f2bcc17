// Tutorial: an unaligned overwrite inside one block (S2) under the srcmap design: why the write needs a
// source mapping, and the synchronous read it causes.

import type { Tutorial } from '../types.ts';

const K = 1024;

export const srcmapRead: Tutorial = {
  id: 'srcmap-read',
  title: 'Read-modify-write needs a source: the srcmap',
  summary:
    'write(200B at 100B) into a block that holds live data and is not cached: the destination is delalloc, but the old bytes around the write must be read from the source extent first.',
  scenario: 'S2',
  variant: 'srcmap',
  checkpoints: [
    {
      title: 'A 200-byte write reserves a whole sector',
      at: { kind: 'btrfs.bits', text: 'set LOCKED' },
      narration:
        "The write covers bytes [100, 300) of block 0, but btrfs reserves and locks whole sectors: 4K of data space and the range [0, 4K). Page 0 is not in the page cache, and the file's extent X holds the bytes the write does not cover.",
      look: ['space-primary', 'gauge-data', 'extents-primary'],
      claims: [
        { kind: 'space', space: 'data', field: 'mayUse', change: 4 * K },
        { kind: 'bits', file: 'F', start: 0, end: 4 * K, set: ['LOCKED'] },
        { kind: 'page', file: 'F', index: 0, cached: false },
        { kind: 'mapping', file: 'F', offset: 0, extent: 'X' },
      ],
      question: {
        prompt:
          'The destination will be a new delalloc extent. What does btrfs put in the srcmap for this unaligned write?',
        options: [
          {
            id: 'mapped',
            label: 'MAPPED: the old extent X, where the current bytes live',
            when: { kind: 'iomap', type: 'DELALLOC', srcmap: 'MAPPED' },
          },
          {
            id: 'hole',
            label: 'HOLE: "same as the iomap"',
            when: { kind: 'iomap', type: 'DELALLOC', srcmap: 'HOLE' },
          },
          {
            id: 'delalloc',
            label: 'DELALLOC, like the destination',
            when: { kind: 'iomap', type: 'DELALLOC', srcmap: 'DELALLOC' },
          },
        ],
        explanation:
          'The iomap says where the data goes (delalloc, new space); the srcmap says where the old data comes from. For a write that covers only part of a block, that is the MAPPED extent X.',
      },
    },
    {
      title: 'Two mappings: destination and source',
      at: { kind: 'iomap.begin' },
      narration:
        'iomap holds two maps: a DELALLOC iomap for the destination block [0, 4K) and a MAPPED srcmap for extent X. In the v5.5 semantics that were merged, a srcmap that is not a HOLE is where write_begin reads from.',
      look: ['iomap-primary'],
      claims: [{ kind: 'iomap', type: 'DELALLOC', srcmap: 'MAPPED' }],
      question: {
        prompt:
          'write_begin allocates page 0, which is not uptodate; the write covers only 200 of its 4096 bytes. What happens to the other 3896 bytes?',
        options: [
          {
            id: 'read',
            label: 'The block is read from the srcmap (extent X)',
            when: {
              kind: 'all',
              of: [
                { kind: 'counter', field: 'syncReads', cmp: 'gt', value: 0 },
                { kind: 'counter', field: 'bytesZeroed', cmp: 'eq', value: 0 },
              ],
            },
          },
          {
            id: 'zero',
            label: 'They are zeroed',
            when: {
              kind: 'counter',
              field: 'bytesZeroed',
              cmp: 'gt',
              value: 0,
            },
          },
          {
            id: 'left',
            label: 'Left alone until writeback reads them',
            when: {
              kind: 'all',
              of: [
                { kind: 'counter', field: 'syncReads', cmp: 'eq', value: 0 },
                { kind: 'counter', field: 'bytesZeroed', cmp: 'eq', value: 0 },
              ],
            },
          },
        ],
        explanation:
          'The block is partly covered and the source is MAPPED, below i_size and not new, so __iomap_write_begin reads it synchronously. Zeroing is only right for holes, unwritten or new blocks, or blocks past EOF.',
      },
    },
    {
      title: 'The synchronous read',
      at: { kind: 'page.read' },
      narration:
        'iomap_read_page_sync read the whole 4K block from X before the copy: the page must be entirely uptodate before 200 new bytes land in it. This is the cost of a read-modify-write, and it happens while the page is locked.',
      look: ['pages-primary', 'page-0', 'iomap-primary', 'counters-primary'],
      claims: [
        { kind: 'counter', field: 'syncReads', cmp: 'eq', value: 1 },
        { kind: 'counter', field: 'bytesRead', cmp: 'eq', value: 4 * K },
        { kind: 'counter', field: 'bytesZeroed', cmp: 'eq', value: 0 },
        { kind: 'page', file: 'F', index: 0, set: ['locked'] },
      ],
    },
    {
      title: 'Written back: the block moved',
      at: { kind: 'btrfs.extent', text: 'delayed ref' },
      narration:
        'After writeback, block 0 lives in a new extent Y holding the old bytes around the new 200. X is now referenced only for [4K, 16K): its first 4K are no longer part of the file but stay allocated with the rest of X.',
      look: ['extents-primary'],
      claims: [
        { kind: 'mapping', file: 'F', offset: 0, extent: 'Y' },
        { kind: 'mapping', file: 'F', offset: 4 * K, extent: 'X' },
        { kind: 'refs', extent: 'X', refs: 1 },
        { kind: 'oracle', ok: true },
      ],
    },
  ],
};
