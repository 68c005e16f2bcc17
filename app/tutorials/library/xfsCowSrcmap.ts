// Tutorial: an unaligned overwrite of a reflinked file on XFS (X2) under the xfs design: the COW fork's
// delalloc reservation as the iomap, the shared data-fork extent as the srcmap, and the remap at I/O
// completion that leaves the old block to the clone.

import type { Tutorial } from '../types.ts';

const K = 1024;

export const xfsCowSrcmap: Tutorial = {
  id: 'xfs-cow-srcmap',
  title: 'XFS: the COW fork and the srcmap',
  summary:
    "write(200B at 100B) into a file whose extent is shared with a clone, on XFS: one ->iomap_begin returns the COW fork's reservation and the shared data-fork extent, the old block is read from the srcmap, and I/O completion remaps the new block into the data fork.",
  scenario: 'X2',
  variant: 'xfs',
  checkpoints: [
    {
      title: 'The extent is shared: reserve in the COW fork',
      at: { kind: 'call.enter', text: 'xfs_bmapi_reserve_delalloc' },
      narration:
        "xfs_buffered_write_iomap_begin looked up the data fork under the ILOCK and found block 0 in a written extent that a clone also references. Overwriting it in place would change the clone, so XFS reserves delalloc in the inode's COW fork instead: 32 blocks (128K), the default cowextsize hint, taken from m_fdblocks at once.",
      look: ['xfs-forks-primary', 'xfs-space-primary'],
      claims: [
        {
          kind: 'xfsFork',
          file: 'F',
          fork: 'data',
          offset: 0,
          state: 'written',
        },
        { kind: 'xfsShared', file: 'F', offset: 0, shared: true },
        {
          kind: 'xfsFork',
          file: 'F',
          fork: 'cow',
          offset: 0,
          state: 'delalloc',
        },
        { kind: 'xfsSpace', field: 'delallocBlocks', change: 32 },
        { kind: 'xfsSpace', field: 'fdblocks', change: -32 },
      ],
      question: {
        prompt:
          'The write goes to the COW fork. What does XFS return as the srcmap, in the same call?',
        options: [
          {
            id: 'mapped',
            label:
              'MAPPED: the shared data-fork extent, where the old bytes are',
            when: { kind: 'iomap', type: 'DELALLOC', srcmap: 'MAPPED' },
          },
          {
            id: 'hole',
            label: 'HOLE: the iomap itself is the source',
            when: { kind: 'iomap', type: 'DELALLOC', srcmap: 'HOLE' },
          },
          {
            id: 'delalloc',
            label: 'DELALLOC: the COW fork reservation again',
            when: { kind: 'iomap', type: 'DELALLOC', srcmap: 'DELALLOC' },
          },
        ],
        explanation:
          'The iomap is the COW fork reservation (where the data goes); the srcmap is the data-fork extent (where the old data is). XFS fills both under one ILOCK cycle: the single lookup that made the srcmap the way the series went.',
      },
    },
    {
      title: 'Two maps from one call',
      at: { kind: 'iomap.begin' },
      narration:
        'The iomap is DELALLOC with IOMAP_F_NEW and IOMAP_F_SHARED over the whole 128K reservation; the srcmap is the MAPPED data-fork extent of block 0, at disk 40K. The core clamps the iteration to the srcmap, and write_begin will use the srcmap to decide whether to read or zero.',
      look: ['iomap-primary', 'source-primary'],
      claims: [
        {
          kind: 'iomap',
          type: 'DELALLOC',
          flags: ['NEW', 'SHARED'],
          srcmap: 'MAPPED',
        },
        { kind: 'stack', fn: 'iomap_apply' },
      ],
      question: {
        prompt:
          'Page 0 is not cached and the write covers 200 of its 4096 bytes. What happens to the other 3896?',
        options: [
          {
            id: 'read',
            label: 'They are read from the srcmap (the shared block)',
            when: {
              kind: 'all',
              of: [
                { kind: 'counter', field: 'syncReads', cmp: 'eq', value: 1 },
                { kind: 'counter', field: 'bytesZeroed', cmp: 'eq', value: 0 },
              ],
            },
          },
          {
            id: 'zero',
            label: 'They are zeroed: the COW block is new',
            when: {
              kind: 'counter',
              field: 'bytesZeroed',
              cmp: 'gt',
              value: 0,
            },
          },
        ],
        explanation:
          'IOMAP_F_NEW is set on the iomap, but the srcmap is MAPPED below i_size, so __iomap_write_begin reads the old block from it: exactly the case the posted btrfs series got wrong by zeroing.',
      },
    },
    {
      title: 'The read from the shared block',
      at: { kind: 'page.read' },
      narration:
        'iomap_read_page_sync read the 4K block from the data-fork extent at disk 40K. The page now holds the old bytes; the 200 new ones land over them next. Nothing has touched the disk block the clone shares.',
      look: ['pages-primary', 'iomap-primary', 'counters-primary'],
      claims: [
        { kind: 'counter', field: 'syncReads', cmp: 'eq', value: 1 },
        { kind: 'counter', field: 'bytesRead', cmp: 'eq', value: 4 * K },
        { kind: 'counter', field: 'bytesZeroed', cmp: 'eq', value: 0 },
        { kind: 'page', file: 'F', index: 0, set: ['locked'] },
      ],
      question: {
        prompt:
          'fsync writes page 0 back. Where does block 0 of the file live after the I/O completes?',
        options: [
          {
            id: 'cow',
            label:
              "In the COW fork's new block, remapped into the data fork; the old block is the clone's alone",
            when: {
              kind: 'all',
              of: [
                { kind: 'xfsShared', file: 'F', offset: 0, shared: false },
                {
                  kind: 'xfsFork',
                  file: 'F',
                  fork: 'cow',
                  offset: 0,
                  state: 'none',
                },
              ],
            },
          },
          {
            id: 'inplace',
            label: 'Still in the shared block, overwritten in place',
            when: { kind: 'xfsShared', file: 'F', offset: 0, shared: true },
          },
        ],
        explanation:
          'Writeback allocated the whole COW reservation, wrote block 0 to it, and xfs_reflink_end_cow moved that block into the data fork and dropped the file\u2019s reference to the old one. The other 31 COW blocks stay in the COW fork, unwritten, for later writes.',
      },
    },
    {
      title: 'Remapped at I/O completion',
      at: { kind: 'op.end', text: 'operation 2' },
      narration:
        "After fsync, file block 0 lives in the block the COW fork reserved; the old block at 40K lost this file's reference and is the clone's alone. The COW fork keeps 31 unwritten blocks past it, allocated by writeback because XFS converts the whole delalloc extent at once. Every byte reads back as written.",
      look: ['xfs-forks-primary', 'xfs-space-primary'],
      claims: [
        { kind: 'xfsShared', file: 'F', offset: 0, shared: false },
        {
          kind: 'xfsFork',
          file: 'F',
          fork: 'data',
          offset: 0,
          state: 'written',
        },
        { kind: 'xfsFork', file: 'F', fork: 'cow', offset: 0, state: 'none' },
        {
          kind: 'xfsFork',
          file: 'F',
          fork: 'cow',
          offset: 4 * K,
          state: 'unwritten',
        },
        { kind: 'xfsSpace', field: 'delallocBlocks', change: 0 },
        { kind: 'oracle', ok: true },
      ],
    },
  ],
};
