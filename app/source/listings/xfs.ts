// XFS's buffered write path as the xfs design runs it: the scenario runner, xfs_file_buffered_write, the
// iomap core's loop (the v5.5 shape the engine runs, with XFS as its host), xfs_buffered_write_iomap_begin
// and _end, and writeback through xfs_map_blocks to xfs_reflink_end_cow. Pseudo-C in our own words.

import { calls, ln, mentions, on } from '../match.ts';
import type { StepEvent } from '@engine';
import type { Listing, ListingOrigin } from '../types.ts';

const v618 = (file: string, name?: string): ListingOrigin =>
  name === undefined
    ? { kind: 'kernel', tag: 'v6.18', file }
    : { kind: 'kernel', tag: 'v6.18', file, name };
const V55_APPLY: ListingOrigin = {
  kind: 'kernel',
  tag: 'v5.5',
  file: 'fs/iomap/apply.c',
};
const V55_BUFFERED: ListingOrigin = {
  kind: 'kernel',
  tag: 'v5.5',
  file: 'fs/iomap/buffered-io.c',
};
/** Why the iomap core's listings under xfs are v5.5's. */
const CORE_NOTE =
  'The engine runs XFS through the v5.5-shaped iomap_apply loop every design shares; 6.x iterates with iomap_iter, with the same two maps.';

/** The call.enter of `fn` whose narration mentions `text` (which fork a call works on). */
function enterOf(fn: string, text: string): (e: StepEvent) => boolean {
  const says = mentions(text);
  return (e) => e.kind === 'call.enter' && e.fn === fn && says(e);
}

export const XFS_RUNNER: Listing = {
  fn: '',
  origin: {
    kind: 'engine',
    what: 'the scenario runner on XFS (user space and the VFS entry points)',
  },
  lines: [
    ln(
      'mount',
      0,
      'mkfs.xfs -m reflink=1; mount;  /* the scenario\u2019s files; a shared extent is a reflink */',
      [on('sim.setup')],
    ),
    ln('each-op', 0, 'for (each operation of the scenario) {'),
    ln('start', 1, 'op = next operation;', [on('op.start')]),
    ln('write', 1, 'case WRITE:      xfs_file_buffered_write(iocb, from);', [
      calls('xfs_file_buffered_write'),
    ]),
    ln(
      'writeback',
      1,
      'case WRITEBACK, FSYNC:  iomap_writepages(mapping, wbc, &wpc, &xfs_writeback_ops);',
      [calls('iomap_writepages')],
    ),
    ln('oracle', 1, 'check that every file reads back what was written;', [
      on('oracle.check'),
    ]),
    ln('ret', 1, 'return ret;  /* bytes, or -errno */', [on('op.end')]),
  ],
};

export const XFS_FILE_BUFFERED_WRITE: Listing = {
  fn: 'xfs_file_buffered_write',
  origin: v618('fs/xfs/xfs_file.c'),
  lines: [
    ln('iolock', 0, 'xfs_ilock(ip, XFS_IOLOCK_EXCL);', [], { with: 'iomap' }),
    ln(
      'checks',
      0,
      'ret = xfs_file_write_checks(iocb, from, &iolock);  /* zero past the old EOF, etc. */',
      [],
      { with: 'iomap' },
    ),
    ln(
      'iomap',
      0,
      'ret = iomap_file_buffered_write(iocb, from, &xfs_buffered_write_iomap_ops, ...);',
      [calls('iomap_file_buffered_write')],
    ),
    ln('unlock', 0, 'xfs_iunlock(ip, iolock);', [], { with: 'iomap' }),
  ],
};

export const XFS_IOMAP_FILE_BUFFERED_WRITE: Listing = {
  fn: 'iomap_file_buffered_write',
  origin: V55_BUFFERED,
  note: CORE_NOTE,
  lines: [
    ln('loop', 0, 'while (iov_iter_count(from) > 0) {'),
    ln(
      'apply',
      1,
      'ret = iomap_apply(inode, pos, count, IOMAP_WRITE, ops, from, iomap_write_actor);  /* pos += ret */',
      [calls('iomap_apply')],
    ),
  ],
};

export const XFS_IOMAP_APPLY: Listing = {
  fn: 'iomap_apply',
  origin: V55_APPLY,
  note: CORE_NOTE,
  lines: [
    ln(
      'begin',
      0,
      'ret = ops->iomap_begin(inode, pos, length, flags, &iomap, &srcmap);  /* xfs_buffered_write_iomap_begin */',
      [calls('xfs_buffered_write_iomap_begin')],
    ),
    ln(
      'clamp',
      0,
      'length = min(length, end of iomap, srcmap.type == IOMAP_HOLE ? length : end of srcmap);',
      [on('iomap.begin')],
    ),
    ln(
      'actor',
      0,
      'written = actor(inode, pos, length, data, &iomap, &srcmap);',
      [calls('iomap_write_actor')],
    ),
    ln(
      'end',
      0,
      'ops->iomap_end(inode, pos, length, written, flags, &iomap);  /* xfs_buffered_write_iomap_end */',
      [calls('xfs_buffered_write_iomap_end'), on('iomap.end')],
    ),
  ],
};

export const XFS_WRITE_ACTOR: Listing = {
  fn: 'iomap_write_actor',
  origin: V55_BUFFERED,
  note: CORE_NOTE,
  lines: [
    ln('each', 0, 'do {  /* one page at a time */'),
    ln(
      'begin',
      1,
      'status = iomap_write_begin(inode, pos, bytes, flags, &page, iomap, srcmap);',
      [calls('iomap_write_begin')],
    ),
    ln(
      'copy',
      1,
      'copied = iov_iter_copy_from_user_atomic(page, i, offset, bytes);',
      [on('page.copy')],
    ),
    ln(
      'end',
      1,
      'status = iomap_write_end(inode, pos, bytes, copied, page, iomap, srcmap);',
      [calls('iomap_write_end')],
    ),
    ln('unlock', 1, 'unlock_page(page); put_page(page);', [on('page.flags')]),
  ],
};

export const XFS_WRITE_BEGIN: Listing = {
  fn: 'iomap_write_begin',
  origin: V55_BUFFERED,
  note: CORE_NOTE,
  lines: [
    ln(
      'grab',
      0,
      'page = grab_cache_page_write_begin(inode->i_mapping, index, flags);',
      [on('pagecache.lookup')],
    ),
    ln('lock', 0, '/* the page comes back locked */', [on('page.flags')]),
    ln(
      'partial',
      0,
      'status = __iomap_write_begin(inode, pos, len, flags, page, srcmap);  /* the srcmap, not the iomap, says where old data is */',
      [calls('__iomap_write_begin')],
    ),
  ],
};

export const XFS_WRITE_BEGIN_BLOCKS: Listing = {
  fn: '__iomap_write_begin',
  origin: V55_BUFFERED,
  note: CORE_NOTE,
  lines: [
    ln(
      'whole',
      0,
      'if (every block the write touches is covered whole, or already uptodate) return 0;',
      [],
      { onQuietCall: true },
    ),
    ln('each', 0, 'for (each block the write covers only in part) {'),
    ln(
      'zero',
      1,
      'if (srcmap->type != IOMAP_MAPPED || block_start >= i_size) zero_user_segments(page, ...);',
      [on('page.zero')],
      {
        notRun:
          'no XFS built-in writes part of a block over a hole or past EOF (X4 and X5 write whole blocks)',
      },
    ),
    ln(
      'read',
      1,
      'else iomap_read_page_sync(block_start, page, poff, plen, srcmap);  /* read the old data from the srcmap */',
      [calls('iomap_read_page_sync')],
    ),
    ln('uptodate', 1, 'iomap_set_range_uptodate(page, poff, plen);', [
      on('page.flags'),
    ]),
  ],
};

export const XFS_READ_PAGE_SYNC: Listing = {
  fn: 'iomap_read_page_sync',
  origin: V55_BUFFERED,
  note: CORE_NOTE,
  lines: [
    ln(
      'bio',
      0,
      'bio_add_page(&bio, page, plen, poff); bio.bi_iter.bi_sector = iomap_sector(srcmap, block_start);',
      [on('io.submit')],
    ),
    ln('wait', 0, 'return submit_bio_wait(&bio);', [on('page.read')]),
  ],
};

export const XFS_WRITE_END: Listing = {
  fn: 'iomap_write_end',
  origin: V55_BUFFERED,
  note: CORE_NOTE,
  lines: [
    ln(
      'dirty',
      0,
      'iomap_set_range_uptodate(page, offset, copied); iomap_set_page_dirty(page);',
      [on('page.flags')],
    ),
    ln(
      'isize',
      0,
      'if (pos + copied > i_size) i_size_write(inode, pos + copied);',
      [],
      { with: 'dirty' },
    ),
  ],
};

export const XFS_IOMAP_BEGIN: Listing = {
  fn: 'xfs_buffered_write_iomap_begin',
  origin: v618('fs/xfs/xfs_iomap.c'),
  note: 'The model takes the ILOCK once per call and never returns an existing delalloc mapping without one (see docs/xfs.md).',
  lines: [
    ln(
      'ilock',
      0,
      'xfs_ilock(ip, XFS_ILOCK_EXCL);  /* one cycle serves both maps */',
      [],
      {
        with: 'reserve',
      },
    ),
    ln(
      'lookup',
      0,
      'eof = !xfs_iext_lookup_extent(ip, &ip->i_df, offset_fsb, &icur, &imap);  /* the data fork */',
      [],
      { with: 'reserve' },
    ),
    ln(
      'shared',
      0,
      'if (xfs_is_cow_inode(ip) && imap covers offset_fsb) {  /* is the extent shared? */',
    ),
    ln('trim', 1, 'xfs_reflink_trim_around_shared(ip, &imap, &shared);', [], {
      with: 'cow',
    }),
    ln(
      'cow',
      1,
      'if (shared) allocfork = XFS_COW_FORK;  /* reserve in the COW fork, aligned to the cowextsize hint */',
      [
        on(
          'call.enter',
          enterOf('xfs_bmapi_reserve_delalloc', 'in the cow fork'),
        ),
      ],
    ),
    ln(
      'prealloc',
      0,
      'else { allocfork = XFS_DATA_FORK; if (eof) prealloc_blocks = xfs_iomap_prealloc_size(ip, allocfork, offset, count, &icur); }',
      [
        on(
          'call.enter',
          enterOf('xfs_bmapi_reserve_delalloc', 'in the data fork'),
        ),
      ],
    ),
    ln(
      'reserve',
      0,
      'error = xfs_bmapi_reserve_delalloc(ip, allocfork, offset_fsb, end_fsb - offset_fsb, prealloc_blocks, &got, &icur, eof);',
      [calls('xfs_bmapi_reserve_delalloc')],
    ),
    ln('unlock', 0, 'xfs_iunlock(ip, XFS_ILOCK_EXCL);', [], {
      with: 'reserve',
    }),
    ln(
      'report',
      0,
      'iomap = got (DELALLOC, IOMAP_F_NEW, and IOMAP_F_SHARED from the COW fork); srcmap = imap when shared;',
      [],
      { with: 'reserve' },
    ),
  ],
};

export const XFS_RESERVE_DELALLOC: Listing = {
  fn: 'xfs_bmapi_reserve_delalloc',
  origin: v618('fs/xfs/xfs_iomap.c'),
  lines: [
    ln(
      'charge',
      0,
      'error = xfs_dec_fdblocks(mp, alen, false);  /* m_fdblocks -> m_delalloc_blks; -ENOSPC when short */',
      [],
      { onQuietCall: true },
    ),
    ln(
      'insert',
      0,
      'ip->i_delayed_blks += alen; xfs_bmap_add_extent_hole_delay(ip, whichfork, icur, got);',
      [],
      { with: 'charge' },
    ),
  ],
};

export const XFS_IOMAP_END: Listing = {
  fn: 'xfs_buffered_write_iomap_end',
  origin: v618('fs/xfs/xfs_iomap.c'),
  lines: [
    ln(
      'punch',
      0,
      'if (iomap->flags & IOMAP_F_NEW) punch the new delalloc blocks past what was written that no dirty page covers;',
      [],
      { onQuietCall: true },
    ),
  ],
};

export const XFS_WRITEPAGES: Listing = {
  fn: 'iomap_writepages',
  origin: v618('fs/iomap/buffered-io.c'),
  note: 'The model completes the I/O at once, inside the call.',
  lines: [
    ln('each', 0, 'for (each dirty block of each dirty page) {'),
    ln(
      'map',
      1,
      'if (block is not in wpc->iomap) wpc->ops->map_blocks(wpc, inode, pos, len);  /* xfs_map_blocks */',
      [calls('xfs_map_blocks')],
    ),
    ln(
      'prepare',
      1,
      'if (wpc->iomap.flags & IOMAP_F_SHARED) xfs_reflink_convert_cow(ip, offset, size);  /* ->prepare_ioend */',
      [calls('xfs_reflink_convert_cow')],
    ),
    ln('submit', 1, 'submit_bio(ioend bio);', [on('io.submit')]),
    ln('done', 0, '/* bio completes */', [on('io.complete')]),
    ln(
      'ioend',
      0,
      'xfs_end_ioend(ioend);  /* from the completion workqueue */',
      [calls('xfs_end_ioend')],
    ),
  ],
};

export const XFS_MAP_BLOCKS: Listing = {
  fn: 'xfs_map_blocks',
  origin: v618('fs/xfs/xfs_aops.c'),
  lines: [
    ln(
      'cow',
      0,
      'if (xfs_inode_has_cow_data(ip) && the COW fork covers offset_fsb) whichfork = XFS_COW_FORK;',
      [on('call.enter', enterOf('xfs_bmapi_convert_delalloc', 'cow fork'))],
    ),
    ln('data', 0, 'else look up the data fork;', [
      on('call.enter', enterOf('xfs_bmapi_convert_delalloc', 'data fork')),
    ]),
    ln(
      'convert',
      0,
      'if (isnullstartblock(imap.br_startblock)) error = xfs_bmapi_convert_delalloc(ip, whichfork, offset, &wpc->iomap, &seq);',
      [calls('xfs_bmapi_convert_delalloc')],
    ),
  ],
};

export const XFS_CONVERT_DELALLOC: Listing = {
  fn: 'xfs_bmapi_convert_delalloc',
  origin: v618('fs/xfs/libxfs/xfs_bmap.c'),
  lines: [
    ln(
      'alloc',
      0,
      'allocate real blocks for the whole delalloc extent (as unwritten), m_delalloc_blks -= len;',
      [],
      { onQuietCall: true },
    ),
  ],
};

export const XFS_CONVERT_COW: Listing = {
  fn: 'xfs_reflink_convert_cow',
  origin: v618('fs/xfs/xfs_reflink.c'),
  lines: [
    ln(
      'convert',
      0,
      'xfs_bmapi_write(NULL, ip, offset_fsb, count_fsb, XFS_BMAPI_COWFORK | XFS_BMAPI_CONVERT, ...);  /* COW blocks under this I/O: unwritten -> written */',
      [],
      { onQuietCall: true },
    ),
  ],
};

export const XFS_END_IOEND: Listing = {
  fn: 'xfs_end_ioend',
  origin: v618('fs/xfs/xfs_aops.c'),
  lines: [
    ln(
      'cow',
      0,
      'if (ioend->io_flags & IOMAP_F_SHARED) error = xfs_reflink_end_cow(ip, offset, size);',
      [calls('xfs_reflink_end_cow')],
    ),
    ln(
      'unwritten',
      0,
      'else if (ioend->io_type == IOMAP_UNWRITTEN) error = xfs_iomap_write_unwritten(ip, offset, size, false);',
      [calls('xfs_iomap_write_unwritten')],
    ),
  ],
};

export const XFS_WRITE_UNWRITTEN: Listing = {
  fn: 'xfs_iomap_write_unwritten',
  origin: v618('fs/xfs/xfs_iomap.c'),
  lines: [
    ln(
      'convert',
      0,
      'xfs_bmapi_write(tp, ip, offset_fsb, count_fsb, XFS_BMAPI_CONVERT, ...);  /* unwritten -> written */',
      [],
      { onQuietCall: true },
    ),
  ],
};

export const XFS_END_COW: Listing = {
  fn: 'xfs_reflink_end_cow',
  origin: v618('fs/xfs/xfs_reflink.c'),
  lines: [
    ln(
      'each',
      0,
      'while (end_fsb > offset_fsb) {  /* one COW extent at a time */',
    ),
    ln(
      'extent',
      1,
      'error = xfs_reflink_end_cow_extent(ip, &offset_fsb, end_fsb);',
      [calls('xfs_reflink_end_cow_extent')],
    ),
  ],
};

export const XFS_END_COW_EXTENT: Listing = {
  fn: 'xfs_reflink_end_cow_extent',
  origin: v618('fs/xfs/xfs_reflink.c'),
  lines: [
    ln(
      'lookup',
      0,
      'xfs_iext_lookup_extent(ip, ip->i_cowfp, offset_fsb, &icur, &got);  /* the written COW extent */',
      [],
      { with: 'unmap' },
    ),
    ln(
      'unmap',
      0,
      'xfs_bmap_unmap_extent(tp, ip, XFS_DATA_FORK, &data);  /* the old data-fork extent */',
      [calls('xfs_refcount_decrease_extent')],
    ),
    ln(
      'map',
      0,
      'xfs_bmap_map_extent(tp, ip, XFS_DATA_FORK, &del);  /* the COW blocks take its place */',
      [],
      { with: 'unmap' },
    ),
    ln(
      'remove',
      0,
      'xfs_bmap_del_extent_cow(ip, &icur, &got, &del);  /* and leave the COW fork */',
      [],
      { with: 'unmap' },
    ),
  ],
};

export const XFS_REFCOUNT_DECREASE: Listing = {
  fn: 'xfs_refcount_decrease_extent',
  origin: v618('fs/xfs/libxfs/xfs_refcount.c'),
  lines: [
    ln(
      'decrease',
      0,
      'refcount of the old blocks -= 1;  /* a deferred op; a block no one else holds is freed */',
      [],
      { onQuietCall: true },
    ),
  ],
};

/** Every XFS listing: the xfs design shows these, and no btrfs listing. */
export const XFS_LISTINGS: readonly Listing[] = [
  XFS_RUNNER,
  XFS_FILE_BUFFERED_WRITE,
  XFS_IOMAP_FILE_BUFFERED_WRITE,
  XFS_IOMAP_APPLY,
  XFS_WRITE_ACTOR,
  XFS_WRITE_BEGIN,
  XFS_WRITE_BEGIN_BLOCKS,
  XFS_READ_PAGE_SYNC,
  XFS_WRITE_END,
  XFS_IOMAP_BEGIN,
  XFS_RESERVE_DELALLOC,
  XFS_IOMAP_END,
  XFS_WRITEPAGES,
  XFS_MAP_BLOCKS,
  XFS_CONVERT_DELALLOC,
  XFS_CONVERT_COW,
  XFS_END_IOEND,
  XFS_WRITE_UNWRITTEN,
  XFS_END_COW,
  XFS_END_COW_EXTENT,
  XFS_REFCOUNT_DECREASE,
];
