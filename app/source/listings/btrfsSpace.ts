// The btrfs helpers every design's write path shares (v5.2, with the two reservations as 6.18 makes them):
// data and metadata reservations, the extent range lock and its wait on ordered extents, the nocow check and the delalloc bits.

import { calls, clears, inSpace, ln, noted, on, sets } from '../match.ts';
import type { Listing } from '../types.ts';

const EXTENT_TREE = {
  kind: 'kernel',
  tag: 'v5.2',
  file: 'fs/btrfs/extent-tree.c',
} as const;
const FILE = { kind: 'kernel', tag: 'v5.2', file: 'fs/btrfs/file.c' } as const;

const DELALLOC_SPACE = {
  kind: 'kernel',
  tag: 'v6.18',
  file: 'fs/btrfs/delalloc-space.c',
} as const;

export const CHECK_DATA_FREE_SPACE: Listing = {
  fn: 'btrfs_check_data_free_space',
  origin: DELALLOC_SPACE,
  note: 'As in 6.18 (since 5.11 a ticket and the flush states; v5.2 allocated a chunk or committed inline).',
  lines: [
    ln(
      'reserve',
      0,
      'ret = btrfs_reserve_data_bytes(space_info, len, BTRFS_RESERVE_FLUSH_DATA);',
      [calls('btrfs_reserve_data_bytes')],
    ),
    ln(
      'enospc',
      0,
      'if (ret) return ret;  /* -ENOSPC: every flush state failed */',
      [on('btrfs.reserve', (e) => e.kind === 'btrfs.reserve' && !e.ok)],
    ),
    ln('reserved', 0, '/* data bytes_may_use now covers the write */', [
      on('btrfs.reserve'),
    ]),
  ],
};

export const DELALLOC_RESERVE_METADATA: Listing = {
  fn: 'btrfs_delalloc_reserve_metadata',
  origin: DELALLOC_SPACE,
  lines: [
    ln(
      'calc',
      0,
      'calc_inode_reservations(fs_info, num_bytes, disk_num_bytes, &meta_reserve, &qgroup_reserve);',
      [],
      { with: 'reserve' },
    ),
    ln(
      'reserve',
      0,
      'ret = btrfs_reserve_metadata_bytes(block_rsv->space_info, meta_reserve, BTRFS_RESERVE_FLUSH_ALL);',
      [calls('btrfs_reserve_metadata_bytes')],
    ),
    ln(
      'enospc',
      0,
      'if (ret) return ret;',
      [on('btrfs.reserve', (e) => e.kind === 'btrfs.reserve' && !e.ok)],
      {
        notRun:
          'no built-in scenario runs short of metadata space (engine/btrfs/space/exhaustion.test.ts does)',
      },
    ),
    ln(
      'count',
      0,
      'outstanding_extents += count_max_extents(num_bytes);  csum_bytes += disk_num_bytes;',
      [],
      { with: 'add' },
    ),
    ln(
      'add',
      0,
      'btrfs_block_rsv_add_bytes(block_rsv, meta_reserve, false);  /* metadata bytes_may_use grew */',
      [on('btrfs.reserve')],
    ),
  ],
};

export const DELALLOC_RELEASE_EXTENTS: Listing = {
  fn: 'btrfs_delalloc_release_extents',
  origin: EXTENT_TREE,
  lines: [
    ln(
      'count',
      0,
      'outstanding_extents -= count_max_extents(num_bytes);  /* rsv size recomputed */',
      [on('btrfs.inode')],
    ),
    ln(
      'release',
      0,
      'btrfs_inode_rsv_release(inode);  /* give back what is no longer needed */',
      [on('btrfs.release')],
    ),
  ],
};

export const DELALLOC_RELEASE_SPACE: Listing = {
  fn: 'btrfs_delalloc_release_space',
  origin: EXTENT_TREE,
  lines: [
    ln(
      'data',
      0,
      'btrfs_free_reserved_data_space(inode, start, len);  /* data may_use shrinks */',
      [on('btrfs.release', inSpace('data'))],
    ),
    ln(
      'meta',
      0,
      'btrfs_delalloc_release_metadata(inode, len);  /* the block rsv shrinks */',
      [on('btrfs.release', inSpace('metadata')), on('btrfs.inode')],
    ),
  ],
};

export const LOCK_AND_CLEANUP: Listing = {
  fn: 'lock_and_cleanup_extent_if_need',
  origin: FILE,
  lines: [
    ln('below-eof', 0, 'if (start_pos < i_size) {'),
    ln('lock', 1, 'lock_extent_bits(start_pos, last_pos);', [
      on('btrfs.bits', sets('LOCKED')),
    ]),
    ln('ordered', 1, 'if (an ordered extent overlaps the range) {'),
    ln('unlock', 2, 'unlock_extent(start_pos, last_pos);', [
      on('btrfs.bits', clears('LOCKED')),
    ]),
    ln('drop-pages', 2, 'for (each page) { unlock_page(p); put_page(p); }', [
      on('page.flags', noted('unlock the page')),
    ]),
    ln('wait', 2, 'btrfs_start_ordered_extent(inode, ordered, 1);', [
      calls('btrfs_start_ordered_extent'),
    ]),
    ln('eagain', 2, 'return -EAGAIN;', [on('btrfs.eagain')]),
    ln(
      'no-lock',
      0,
      '} else return 0;  /* at or past i_size: nothing to lock */',
      [on('btrfs.lock')],
    ),
  ],
};

export const CHECK_CAN_NOCOW: Listing = {
  fn: 'check_can_nocow',
  origin: FILE,
  lines: [
    ln(
      'lock',
      0,
      'lock_extent_bits(lockstart, lockend);  /* after waiting out ordered I/O */',
      [on('btrfs.bits', sets('LOCKED'))],
    ),
    ln('can', 0, 'ret = can_nocow_extent(inode, pos, write_bytes, ...);', [
      on('btrfs.nocow'),
    ]),
    ln('unlock', 0, 'unlock_extent(lockstart, lockend);', [
      on('btrfs.bits', clears('LOCKED')),
    ]),
  ],
};

export const SET_EXTENT_DELALLOC: Listing = {
  fn: 'btrfs_set_extent_delalloc',
  origin: { kind: 'kernel', tag: 'v5.2', file: 'fs/btrfs/inode.c' },
  note: 'v5.2 clears the old bits in btrfs_dirty_pages just before this call; the engine does it here.',
  lines: [
    ln(
      'clear',
      0,
      'clear_extent_bit(start, end, DIRTY | DELALLOC | DO_ACCOUNTING | DEFRAG);',
      [on('btrfs.bits', clears('DELALLOC'))],
    ),
    ln(
      'clear-hook',
      1,
      '/* clear hook: the old delalloc\u2019s reservation goes back */',
      [on('btrfs.release'), on('btrfs.inode')],
    ),
    ln(
      'new',
      0,
      'if (start >= i_size && !PREALLOC) extra = DELALLOC_NEW;  else btrfs_find_new_delalloc_bytes(start, end);',
      [
        on(
          'btrfs.bits',
          (e) =>
            e.kind === 'btrfs.bits' &&
            e.set.includes('DELALLOC_NEW') &&
            !e.set.includes('DELALLOC'),
        ),
      ],
    ),
    ln(
      'set',
      0,
      'set_extent_delalloc(start, end, DELALLOC | UPTODATE | extra);',
      [on('btrfs.bits', sets('DELALLOC'))],
    ),
  ],
};

export const START_ORDERED_EXTENT: Listing = {
  fn: 'btrfs_start_ordered_extent',
  origin: { kind: 'kernel', tag: 'v5.2', file: 'fs/btrfs/ordered-data.c' },
  note: 'While the caller sleeps the engine runs the completion that wakes it.',
  lines: [
    ln(
      'wait',
      0,
      'wait_event(entry->wait, test_bit(BTRFS_ORDERED_COMPLETE, &entry->flags));',
      [on('btrfs.ordered')],
    ),
    ln('endio', 1, '/* meanwhile */ end_bio_extent_writepage(bio);', [
      calls('end_bio_extent_writepage'),
    ]),
    ln('finish', 1, '/* meanwhile */ btrfs_finish_ordered_io(entry);', [
      calls('btrfs_finish_ordered_io'),
    ]),
  ],
};
