// Reads, fsync, the transaction commit and the two events the engine adds around them (completing the
// I/O in flight and a power cut). Pseudo-C in our own words; the last two are the engine's, not Linux's.

import { calls, ln, noted, on } from '../match.ts';
import type { Listing } from '../types.ts';

export const BTRFS_READPAGE: Listing = {
  fn: 'btrfs_readpage',
  origin: { kind: 'kernel', tag: 'v5.2', file: 'fs/btrfs/inode.c' },
  lines: [
    ln('each', 0, 'extent_read_full_page(): for (each block of the page) {'),
    ln('zero', 1, 'if (past EOF or a hole) zero it;  /* no I/O */', [
      on('page.read', (e) => e.kind === 'page.read' && e.bytenr < 0),
    ]),
    ln('submit', 1, 'else submit_extent_page(READ, block);', [on('io.submit')]),
    ln(
      'endio',
      1,
      'end_bio_extent_readpage(): verify checksums, SetPageUptodate;',
      [on('page.read')],
    ),
  ],
};

export const FILEMAP_READ: Listing = {
  fn: 'filemap_read',
  origin: {
    kind: 'kernel',
    tag: 'v5.2',
    file: 'mm/filemap.c',
    name: 'generic_file_buffered_read',
  },
  note: 'generic_file_buffered_read in v5.2; renamed filemap_read in 5.12.',
  lines: [
    ln('each', 0, 'for (each page of the range) {'),
    ln(
      'find',
      1,
      'page = find_get_page(mapping, index);  /* a miss allocates one */',
      [on('pagecache.lookup')],
    ),
    ln('lock', 1, 'lock_page(page);', [on('page.flags', noted('lock page'))]),
    ln(
      'readpage',
      1,
      'mapping->a_ops->readpage(filp, page);  /* btrfs_readpage */',
      [calls('btrfs_readpage')],
    ),
    ln(
      'unlock',
      1,
      'wait for the read; unlock_page(page); copy_page_to_iter(...);',
      [on('page.flags', noted('unlock'))],
    ),
  ],
};

export const BTRFS_SYNC_FILE: Listing = {
  fn: 'btrfs_sync_file',
  origin: { kind: 'kernel', tag: 'v5.2', file: 'fs/btrfs/file.c' },
  note: 'The engine has no log tree: every fsync commits the transaction.',
  lines: [
    ln(
      'write',
      0,
      'start_ordered_ops(): filemap_fdatawrite_range() → extent_writepages;',
      [calls('extent_writepages')],
    ),
    ln(
      'commit',
      0,
      'btrfs_commit_transaction(trans);  /* instead of btrfs_sync_log */',
      [calls('btrfs_commit_transaction')],
    ),
  ],
};

export const COMMIT_TRANSACTION: Listing = {
  fn: 'btrfs_commit_transaction',
  origin: { kind: 'kernel', tag: 'v5.2', file: 'fs/btrfs/transaction.c' },
  lines: [
    ln(
      'refs',
      0,
      'btrfs_run_delayed_refs(trans, 0);  /* the delayed refs reserve gives its bytes back */',
      [on('btrfs.release')],
    ),
    ln(
      'write',
      0,
      'btrfs_write_and_wait_transaction(): new tree blocks to free space;',
      [on('io.submit')],
    ),
    ln(
      'chunk',
      1,
      'if (no block group holds the new tree blocks) btrfs_chunk_alloc(trans, space_info, flags, CHUNK_ALLOC_FORCE);',
      [calls('btrfs_chunk_alloc')],
      {
        notRun:
          'no built-in scenario fills its metadata block groups (engine/btrfs/space/exhaustion.test.ts does)',
      },
    ),
    ln(
      'flush',
      0,
      '/* flush: the trees are durable before a superblock names them */',
      [
        on(
          'btrfs.commit',
          (e) => e.kind === 'btrfs.commit' && e.phase === 'trees',
        ),
      ],
    ),
    ln('super', 0, 'write_all_supers(fs_info, 0);  /* then flush */', [
      on(
        'btrfs.commit',
        (e) => e.kind === 'btrfs.commit' && e.phase === 'super',
      ),
    ]),
    ln(
      'unpin',
      0,
      'btrfs_finish_extent_commit(trans);  /* pinned space is free */',
      [
        on(
          'btrfs.commit',
          (e) => e.kind === 'btrfs.commit' && e.phase === 'unpin',
        ),
      ],
    ),
  ],
};

export const POWER_CUT: Listing = {
  fn: 'power_cut',
  origin: {
    kind: 'engine',
    what: 'the simulated power failure (not a kernel function)',
  },
  lines: [
    ln(
      'lose',
      0,
      'memory is gone (the page cache with it); unflushed writes in the disk cache are lost;',
      [on('power.cut')],
    ),
  ],
};

export const COMPLETE_IO: Listing = {
  fn: 'complete_io',
  origin: {
    kind: 'engine',
    what: 'completing the I/O left in flight (not a kernel function)',
  },
  lines: [
    ln('each', 0, 'for (each bio still in flight) {'),
    ln(
      'endio',
      1,
      'end_bio_extent_writepage(bio);',
      [calls('end_bio_extent_writepage')],
      {
        notRun:
          'in the built-in scenarios every bio has completed before this operation runs',
      },
    ),
    ln(
      'finish',
      1,
      'btrfs_finish_ordered_io(ordered);',
      [calls('btrfs_finish_ordered_io')],
      {
        notRun:
          'in the built-in scenarios every ordered extent has finished before this operation runs',
      },
    ),
  ],
};
