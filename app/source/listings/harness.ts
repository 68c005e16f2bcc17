// The scenario runner, outside any kernel function (depth 0): mount, then each operation as the system
// call a program would make, then the data oracle's check. Not kernel code: the engine's own driver.

import { calls, ln, on } from '../match.ts';
import type { Listing, ListingSet, SourceLine } from '../types.ts';

const OTHER_OPS =
  'no built-in scenario truncates, punches, zeroes a range, clones, dedupes, copies, syncs, drops caches or unmounts: a scenario of your own can (Load scenario file…)';

function runner(write: readonly SourceLine[]): Listing {
  return {
    fn: '',
    origin: {
      kind: 'engine',
      what: 'the scenario runner (user space and the VFS entry points)',
    },
    lines: [
      ln(
        'mount',
        0,
        'mount(image);  /* the scenario\u2019s files, already on disk */',
        [on('sim.setup')],
      ),
      ln('each-op', 0, 'for (each operation of the scenario) {'),
      ln('start', 1, 'op = next operation;', [on('op.start')]),
      ...write,
      ln('read', 1, 'case READ:       filemap_read(file, pos, len);', [
        calls('filemap_read'),
      ]),
      ln('writeback', 1, 'case WRITEBACK:  extent_writepages(mapping, wbc);', [
        calls('extent_writepages'),
      ]),
      ln('fsync', 1, 'case FSYNC:      btrfs_sync_file(file, 0, LLONG_MAX);', [
        calls('btrfs_sync_file'),
      ]),
      ln('commit', 1, 'case COMMIT:     btrfs_commit_transaction(trans);', [
        calls('btrfs_commit_transaction'),
      ]),
      ln(
        'complete',
        1,
        'case COMPLETE_IO: complete_io();  /* every bio in flight ends */',
        [calls('complete_io')],
      ),
      ln('power-cut', 1, 'case POWER_CUT:  power_cut();', [calls('power_cut')]),
      ln(
        'remount',
        2,
        'mount(image);  /* from the newest valid superblock */',
        [on('fs.mount')],
      ),
      ln(
        'fallocate',
        1,
        'case FALLOCATE:  btrfs_fallocate(file, mode, offset, len);',
        [calls('btrfs_fallocate')],
      ),
      ln(
        'other',
        1,
        'case TRUNCATE, PUNCH_HOLE, ZERO_RANGE, CLONE, DEDUPE, COPY, SYNC, DROP_CACHES, UNMOUNT: ...',
        [
          calls('btrfs_setsize'),
          calls('btrfs_punch_hole'),
          calls('btrfs_zero_range'),
          calls('btrfs_clone_files'),
          calls('btrfs_dedupe_file_range'),
          calls('vfs_copy_file_range'),
          calls('ksys_sync'),
          calls('drop_pagecache_sb'),
          calls('btrfs_put_super'),
          calls('unmount'),
        ],
        { notRun: OTHER_OPS },
      ),
      ln('errno', 1, 'if (ret < 0) report(errno);', [on('error')]),
      ln('end', 1, 'return ret;  /* bytes written or read, or -errno */', [
        on('op.end'),
      ]),
      ln(
        'oracle',
        1,
        'check every file against what was written (the data oracle);',
        [on('oracle.check')],
      ),
    ],
  };
}

export const HARNESS: ListingSet = [
  {
    designs: ['legacy'],
    listing: runner([
      ln(
        'write',
        1,
        'case WRITE:      btrfs_file_write_iter → btrfs_buffered_write(iocb, from);',
        [calls('btrfs_buffered_write')],
      ),
      ln(
        'cont-expand',
        2,
        'if (pos > i_size) btrfs_cont_expand();  /* zero the old EOF block\u2019s tail */',
        [calls('btrfs_truncate_block')],
        {
          notRun: 'no built-in scenario writes beyond the end of the EOF block',
        },
      ),
    ]),
  },
  {
    designs: ['v1-posted', 'srcmap', 'nested-apply', 'srcaddr'],
    listing: runner([
      ln(
        'write',
        1,
        'case WRITE:      btrfs_file_write_iter → iomap_file_buffered_write(iocb, from, ops);',
        [calls('iomap_file_buffered_write')],
      ),
      ln(
        'cont-expand',
        2,
        'if (pos > i_size) btrfs_truncate_block();  /* zero the old EOF block\u2019s tail */',
        [calls('btrfs_truncate_block')],
        {
          notRun: 'no built-in scenario writes beyond the end of the EOF block',
        },
      ),
    ]),
  },
];
