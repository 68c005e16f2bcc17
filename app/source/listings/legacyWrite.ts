// btrfs's own buffered write loop as of v5.2 (fs/btrfs/file.c), the code patch 6/6 deletes: the loop and
// the helpers only it calls. Pseudo-C in our own words; one line per step the engine models.

import { calls, clears, ln, noted, on, sets } from '../match.ts';
import type { Listing } from '../types.ts';

const FILE = { kind: 'kernel', tag: 'v5.2', file: 'fs/btrfs/file.c' } as const;

export const BTRFS_BUFFERED_WRITE: Listing = {
  fn: 'btrfs_buffered_write',
  origin: FILE,
  lines: [
    ln(
      'loop',
      0,
      'while (iov_iter_count(i) > 0) {  /* a batch of pages per pass */',
    ),
    ln(
      'reserve-data',
      1,
      'ret = btrfs_check_data_free_space(inode, pos, write_bytes);',
      [calls('btrfs_check_data_free_space')],
    ),
    ln(
      'nocow',
      1,
      'if (ret < 0 && check_can_nocow(inode, pos, &write_bytes) > 0) only_metadata = true;',
      [calls('check_can_nocow')],
    ),
    ln(
      'reserve-meta',
      1,
      'btrfs_delalloc_reserve_metadata(inode, reserve_bytes);',
      [calls('btrfs_delalloc_reserve_metadata')],
    ),
    ln(
      'prepare',
      1,
      'again: prepare_pages(inode, pages, num_pages, pos, write_bytes, force_uptodate);',
      [calls('prepare_pages')],
    ),
    ln(
      'lock',
      1,
      'if (lock_and_cleanup_extent_if_need(inode, pages, pos, ...) == -EAGAIN) goto again;',
      [calls('lock_and_cleanup_extent_if_need')],
    ),
    ln(
      'mapped',
      1,
      'for (each page) set_page_extent_mapped(page);  /* PagePrivate */',
      [on('page.flags', noted('set_page_extent_mapped'))],
    ),
    ln(
      'copy',
      1,
      'copied = btrfs_copy_from_user(pos, write_bytes, pages, i);',
      [calls('btrfs_copy_from_user')],
    ),
    ln(
      'release',
      1,
      'if (reserved sectors > dirtied sectors) btrfs_delalloc_release_space(inode, the rest);',
      [calls('btrfs_delalloc_release_space'), on('btrfs.release')],
    ),
    ln(
      'dirty',
      1,
      'if (copied > 0) btrfs_dirty_pages(inode, pages, pos, copied);',
      [calls('btrfs_dirty_pages')],
    ),
    ln('unlock', 1, 'if (extent locked) unlock_extent(lockstart, lockend);', [
      on('btrfs.bits', clears('LOCKED')),
    ]),
    ln(
      'release-extents',
      1,
      'btrfs_delalloc_release_extents(inode, reserve_bytes);',
      [calls('btrfs_delalloc_release_extents')],
    ),
    ln(
      'noreserve',
      1,
      'if (only_metadata && copied > 0) set EXTENT_NORESERVE on the range;',
      [on('btrfs.bits', sets('NORESERVE'))],
    ),
    ln(
      'drop-pages',
      1,
      'btrfs_drop_pages(pages);  /* unlock and release each page */',
      [on('page.flags', noted('unlock the page'))],
    ),
  ],
};

export const PREPARE_PAGES: Listing = {
  fn: 'prepare_pages',
  origin: FILE,
  lines: [
    ln('loop', 0, 'for (i = 0; i < num_pages; i++) {'),
    ln(
      'grab',
      1,
      'pages[i] = find_or_create_page(mapping, index + i);  /* locked */',
      [on('pagecache.lookup'), on('page.flags', noted('lock page'))],
    ),
    ln(
      'uptodate',
      1,
      'if (i == 0 or i == num_pages - 1) prepare_uptodate_page(inode, pages[i], pos or end);',
      [calls('prepare_uptodate_page')],
    ),
    ln('wait', 1, 'wait_on_page_writeback(pages[i]);', [
      calls('wait_on_page_writeback'),
    ]),
  ],
};

export const PREPARE_UPTODATE_PAGE: Listing = {
  fn: 'prepare_uptodate_page',
  origin: FILE,
  lines: [
    ln(
      'read',
      0,
      'if (pos is inside the page && !PageUptodate(page)) btrfs_readpage(NULL, page);',
      [calls('btrfs_readpage')],
    ),
  ],
};

export const BTRFS_COPY_FROM_USER: Listing = {
  fn: 'btrfs_copy_from_user',
  origin: FILE,
  lines: [
    ln('loop', 0, 'while (write_bytes > 0) {  /* page by page */'),
    ln(
      'copy',
      1,
      'copied = copy from the user buffer into the page;  /* short into !Uptodate: counts 0 */',
      [on('page.copy')],
    ),
  ],
};

export const BTRFS_DIRTY_PAGES: Listing = {
  fn: 'btrfs_dirty_pages',
  origin: FILE,
  lines: [
    ln(
      'delalloc',
      0,
      'btrfs_set_extent_delalloc(inode, start_pos, end_of_last_block);',
      [calls('btrfs_set_extent_delalloc')],
    ),
    ln(
      'pages',
      0,
      'for (each page) { SetPageUptodate(p); ClearPageChecked(p); set_page_dirty(p); }',
      [on('page.flags')],
    ),
    ln('isize', 0, 'if (end_pos > isize) i_size_write(inode, end_pos);', [
      on('btrfs.inode'),
    ]),
  ],
};

export const WAIT_ON_PAGE_WRITEBACK: Listing = {
  fn: 'wait_on_page_writeback',
  origin: { kind: 'kernel', tag: 'v5.2', file: 'mm/page-writeback.c' },
  note: 'The engine completes the page\u2019s write bio while the writer sleeps.',
  lines: [
    ln(
      'sleep',
      0,
      'if (PageWriteback(page)) sleep until the write completes;',
      [calls('end_bio_extent_writepage')],
    ),
  ],
};
