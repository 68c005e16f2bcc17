// Writeback as of v5.2: the pages of a dirty range become ordered extents on new (CoW) or old (nocow)
// disk space, are written, and at completion the file extent items are replaced. Pseudo-C, our words.

import {
  calls,
  clears,
  extentAction,
  inSpace,
  ln,
  mentions,
  noted,
  on,
  sets,
} from '../match.ts';
import type { Listing } from '../types.ts';

const EXTENT_IO = {
  kind: 'kernel',
  tag: 'v5.2',
  file: 'fs/btrfs/extent_io.c',
} as const;
const INODE = {
  kind: 'kernel',
  tag: 'v5.2',
  file: 'fs/btrfs/inode.c',
} as const;
const FILE = { kind: 'kernel', tag: 'v5.2', file: 'fs/btrfs/file.c' } as const;

export const EXTENT_WRITEPAGES: Listing = {
  fn: 'extent_writepages',
  origin: EXTENT_IO,
  note: 'With WB_SYNC_ALL the engine runs the completion inline, where the kernel runs it from the endio workers.',
  lines: [
    ln(
      'each',
      0,
      'for (each dirty page of the range) {  /* extent_write_cache_pages */',
    ),
    ln('page', 1, '__extent_writepage(page, wbc, &epd);', [
      calls('__extent_writepage'),
    ]),
    ln(
      'submit',
      0,
      'flush_write_bio(&epd);  /* submit_one_bio → btrfs_submit_data_bio */',
      [calls('btrfs_submit_data_bio')],
    ),
    ln('endio', 0, '/* the bio completes */ end_bio_extent_writepage(bio);', [
      calls('end_bio_extent_writepage'),
    ]),
    ln('finish', 0, '/* endio worker */ btrfs_finish_ordered_io(ordered);', [
      calls('btrfs_finish_ordered_io'),
    ]),
  ],
};

export const EXTENT_WRITEPAGE: Listing = {
  fn: '__extent_writepage',
  origin: EXTENT_IO,
  lines: [
    ln('lock', 0, 'lock_page(page);  /* write_cache_pages */', [
      on('page.flags', noted('lock the page')),
    ]),
    ln(
      'eof',
      0,
      'if (page straddles i_size) zero_user_segment(page, past EOF, PAGE_SIZE);',
      [on('page.zero')],
    ),
    ln(
      'delalloc',
      0,
      'writepage_delalloc(): btrfs_run_delalloc_range(inode, page, start, end);',
      [calls('btrfs_run_delalloc_range')],
    ),
    ln(
      'writeback',
      0,
      'clear_page_dirty_for_io(page); set_page_writeback(page); unlock_page(page);',
      [on('page.flags', noted('clear_page_dirty_for_io'))],
    ),
  ],
};

export const RUN_DELALLOC_RANGE: Listing = {
  fn: 'btrfs_run_delalloc_range',
  origin: INODE,
  note: 'v5.2 finds and locks the delalloc range in writepage_delalloc, just before this call.',
  lines: [
    ln(
      'find',
      0,
      'find_lock_delalloc_range(inode, page, &start, &end);  /* LOCKED */',
      [on('btrfs.bits', sets('LOCKED'))],
    ),
    ln(
      'nocow',
      0,
      'if (NODATACOW or PREALLOC) run_delalloc_nocow(inode, page, start, end);',
      [calls('run_delalloc_nocow')],
    ),
    ln('cow', 0, 'else cow_file_range(inode, page, start, end);', [
      calls('cow_file_range'),
    ]),
  ],
};

export const COW_FILE_RANGE: Listing = {
  fn: 'cow_file_range',
  origin: INODE,
  lines: [
    ln('loop', 0, 'while (num_bytes > 0) {'),
    ln(
      'reserve',
      1,
      'btrfs_reserve_extent(...);  /* new disk space: may_use → reserved */',
      [on('btrfs.extent', extentAction('alloc'))],
    ),
    ln(
      'ordered',
      1,
      'btrfs_add_ordered_extent(inode, start, ins.objectid, ram_size, REGULAR);',
      [on('btrfs.ordered')],
    ),
    ln(
      'clear',
      1,
      'extent_clear_unlock_delalloc(start, end, LOCKED | DELALLOC, PAGE_SET_PRIVATE2);',
      [on('btrfs.bits')],
    ),
    ln(
      'clear-hook',
      2,
      '/* clear hook: the inode\u2019s metadata reservation shrinks */',
      [on('btrfs.inode')],
    ),
    ln('pages', 2, '/* each page gets the Ordered (Private2) bit */', [
      on('page.flags'),
    ]),
  ],
};

export const RUN_DELALLOC_NOCOW: Listing = {
  fn: 'run_delalloc_nocow',
  origin: INODE,
  lines: [
    ln(
      'loop',
      0,
      'for (each file extent item in the range that can be written in place) {',
    ),
    ln(
      'cow',
      1,
      'if (shared, checksummed or not NOCOW/PREALLOC) cow_file_range(inode, page, cow_start, cow_end);  /* new space */',
      [calls('cow_file_range')],
    ),
    ln(
      'ordered',
      1,
      'btrfs_add_ordered_extent(inode, start, disk_bytenr, len, NOCOW or PREALLOC);',
      [on('btrfs.ordered')],
    ),
    ln(
      'clear',
      1,
      'extent_clear_unlock_delalloc(start, end, LOCKED | DELALLOC, PAGE_SET_PRIVATE2);',
      [on('btrfs.bits')],
    ),
    ln('data', 2, '/* no new space: the data reservation is freed */', [
      on('btrfs.release', inSpace('data')),
    ]),
    ln(
      'clear-hook',
      2,
      '/* clear hook: the inode\u2019s metadata reservation shrinks */',
      [on('btrfs.inode')],
    ),
    ln('pages', 2, '/* each page gets the Ordered (Private2) bit */', [
      on('page.flags'),
    ]),
  ],
};

export const SUBMIT_DATA_BIO: Listing = {
  fn: 'btrfs_submit_data_bio',
  origin: { ...INODE, name: 'btrfs_submit_bio_hook' },
  note: 'Named btrfs_submit_bio_hook in v5.2.',
  lines: [
    ln(
      'submit',
      0,
      'if (!NODATASUM) btrfs_csum_one_bio(inode, bio); btrfs_map_bio(bio);',
      [on('io.submit')],
    ),
  ],
};

export const END_BIO_EXTENT_WRITEPAGE: Listing = {
  fn: 'end_bio_extent_writepage',
  origin: EXTENT_IO,
  lines: [
    ln('done', 0, '/* the write bio has completed */', [on('io.complete')]),
    ln('each', 0, 'for (each page of the bio) {'),
    ln(
      'ordered',
      1,
      'end_extent_writepage(): btrfs_writepage_endio_finish_ordered(page, ...);',
      [on('btrfs.ordered')],
    ),
    ln('end', 1, 'end_page_writeback(page);', [on('page.flags')]),
  ],
};

export const FINISH_ORDERED_IO: Listing = {
  fn: 'btrfs_finish_ordered_io',
  origin: INODE,
  lines: [
    ln('lock', 0, 'lock_extent_bits(start, end);', [
      on('btrfs.bits', sets('LOCKED')),
    ]),
    ln(
      'prealloc',
      0,
      'if (PREALLOC) btrfs_mark_extent_written(trans, inode, start, end);',
      [calls('btrfs_mark_extent_written')],
    ),
    ln(
      'insert',
      0,
      'else insert_reserved_file_extent(trans, inode, start, disk_bytenr, ...);',
      [calls('insert_reserved_file_extent')],
    ),
    ln(
      'new',
      0,
      'clear_extent_bit(start, end, DELALLOC_NEW);  /* the bytes now have an extent */',
      [on('btrfs.bits', clears('DELALLOC_NEW'))],
    ),
    ln(
      'isize',
      0,
      'btrfs_ordered_update_i_size(inode, 0, ordered);  /* disk_i_size */',
      [on('btrfs.inode')],
    ),
    ln('unlock', 0, 'unlock_extent(start, end);', [
      on('btrfs.bits', clears('LOCKED')),
    ]),
    ln(
      'meta',
      0,
      'btrfs_delalloc_release_metadata(inode, len);  /* the ordered extent\u2019s share */',
      [on('btrfs.release')],
    ),
    ln('remove', 0, 'btrfs_remove_ordered_extent(inode, ordered);', [
      on('btrfs.ordered'),
    ]),
    ln(
      'pages',
      0,
      '/* pages no ordered extent covers any more lose the Ordered bit */',
      [on('page.flags')],
    ),
  ],
};

export const INSERT_RESERVED_FILE_EXTENT: Listing = {
  fn: 'insert_reserved_file_extent',
  origin: INODE,
  lines: [
    ln(
      'drop',
      0,
      'btrfs_drop_extents(trans, root, inode, file_pos, file_pos + num_bytes, 0);',
      [calls('btrfs_drop_extents')],
    ),
    ln(
      'item',
      0,
      'insert a REG file extent item for [file_pos, +num_bytes) → disk_bytenr;',
      [on('btrfs.extent', extentAction('insert'))],
    ),
    ln(
      'ref',
      0,
      'btrfs_alloc_reserved_file_extent(...);  /* delayed ref: reserved → used */',
      [on('btrfs.extent', extentAction('alloc'))],
    ),
  ],
};

export const DROP_EXTENTS: Listing = {
  fn: 'btrfs_drop_extents',
  origin: FILE,
  lines: [
    ln('loop', 0, 'for (each file extent item overlapping [start, end)) {'),
    ln('split', 1, 'if (it covers both ends) split it around the range;', [
      on(
        'btrfs.extent',
        (e) => extentAction('split')(e) && e.note.startsWith('split'),
      ),
    ]),
    ln(
      'bookend',
      2,
      'btrfs_inc_extent_ref();  /* both halves point into one extent */',
      [
        on(
          'btrfs.extent',
          (e) => extentAction('ref')(e) && mentions('split leaves')(e),
        ),
      ],
    ),
    ln('trim-end', 1, 'else if (it starts before start) trim its end;', [
      on(
        'btrfs.extent',
        (e) => extentAction('split')(e) && mentions('the end')(e),
      ),
    ]),
    ln('trim-front', 1, 'else if (it ends after end) trim its front;', [
      on(
        'btrfs.extent',
        (e) => extentAction('split')(e) && mentions('the front')(e),
      ),
    ]),
    ln('delete', 1, 'else btrfs_del_items();  /* wholly overwritten */', [
      on('btrfs.extent', extentAction('drop')),
    ]),
    ln(
      'free',
      2,
      'btrfs_free_extent();  /* the last reference pins the space until commit */',
      [
        on('btrfs.extent', extentAction('free')),
        on('btrfs.extent', extentAction('ref')),
      ],
    ),
  ],
};

export const MARK_EXTENT_WRITTEN: Listing = {
  fn: 'btrfs_mark_extent_written',
  origin: FILE,
  lines: [
    ln('split', 0, 'split the PREALLOC item: the written part becomes REG;', [
      on('btrfs.extent', extentAction('split')),
    ]),
    ln(
      'ref',
      0,
      'btrfs_inc_extent_ref();  /* the other part still points into the extent */',
      [on('btrfs.extent', extentAction('ref'))],
    ),
  ],
};
