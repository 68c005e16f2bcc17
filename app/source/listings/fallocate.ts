// fallocate(2) on btrfs: write the range back, then fill its holes with preallocated extents that read as
// zeros until written. Pseudo-C in our own words (file.c and inode.c, 6.18).

import { calls, extentAction, ln, on } from '../match.ts';
import type { Listing } from '../types.ts';

const ONE_FALLOCATE =
  'the one built-in fallocate (enospc) keeps the size and starts past an i_size that ends on a block boundary';

export const BTRFS_FALLOCATE: Listing = {
  fn: 'btrfs_fallocate',
  origin: { kind: 'kernel', tag: 'v6.18', file: 'fs/btrfs/file.c' },
  lines: [
    ln(
      'expand',
      0,
      'if (alloc_end > i_size) btrfs_cont_expand(inode, i_size, alloc_end);  /* zero the old EOF block\u2019s tail */',
      [calls('btrfs_truncate_block'), calls('btrfs_drop_extents')],
      { notRun: ONE_FALLOCATE },
    ),
    ln(
      'wait',
      0,
      'btrfs_wait_ordered_range(inode, alloc_start, alloc_end - alloc_start);  /* extents now, not delalloc */',
      [calls('extent_writepages')],
    ),
    ln(
      'prealloc',
      0,
      'btrfs_prealloc_file_range(inode, mode, start, len, blocksize, start + len, &alloc_hint);',
      [calls('btrfs_prealloc_file_range')],
    ),
    ln(
      'size',
      0,
      'if (!(mode & FALLOC_FL_KEEP_SIZE) && alloc_end > i_size) i_size_write(inode, alloc_end);',
      [on('btrfs.inode')],
      { notRun: ONE_FALLOCATE },
    ),
  ],
};

export const PREALLOC_FILE_RANGE: Listing = {
  fn: 'btrfs_prealloc_file_range',
  origin: {
    kind: 'kernel',
    tag: 'v6.18',
    file: 'fs/btrfs/inode.c',
    name: '__btrfs_prealloc_file_range',
  },
  note: 'The kernel reserves the data space in btrfs_fallocate, for the holes it finds; the engine does it here.',
  lines: [
    ln(
      'holes',
      0,
      'bytes = the holes of [start, end);  /* btrfs_get_extent finds no item there */',
      [],
      { with: 'reserve' },
    ),
    ln(
      'reserve',
      0,
      'ret = btrfs_reserve_data_bytes(space_info, bytes, BTRFS_RESERVE_FLUSH_DATA);',
      [calls('btrfs_reserve_data_bytes')],
    ),
    ln(
      'enospc',
      0,
      'if (ret) return -ENOSPC;',
      [on('btrfs.reserve', (e) => e.kind === 'btrfs.reserve' && !e.ok)],
      {
        notRun:
          'the one built-in preallocation (enospc) gets a data chunk allocated for it',
      },
    ),
    ln('reserved', 0, '/* data bytes_may_use covers every hole */', [
      on('btrfs.reserve'),
    ]),
    ln('each', 0, 'for (each hole, a piece at a time) {'),
    ln(
      'alloc',
      1,
      'btrfs_reserve_extent(root, len, len, sectorsize, 0, *alloc_hint, &ins, 1, 0);  /* may_use -> reserved */',
      [on('btrfs.extent', extentAction('alloc'))],
    ),
    ln(
      'insert',
      1,
      'insert_reserved_file_extent(trans, inode, cur_offset, &stack_fi, ...);  /* a PREALLOC item; reserved -> used */',
      [on('btrfs.extent', extentAction('insert'))],
    ),
    ln(
      'flag',
      0,
      'BTRFS_I(inode)->flags |= BTRFS_INODE_PREALLOC;  /* writeback tries these extents in place */',
      [],
      { with: 'insert' },
    ),
  ],
};
