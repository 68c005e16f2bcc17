// What btrfs does before it says ENOSPC (6.18): reserving bytes in a space_info, the ticket a reservation
// waits on, the reclaim workers and their flush states, and allocating a chunk. Pseudo-C in our own words.

import { calls, ln, mentions, noted, on } from '../match.ts';
import type { Listing } from '../types.ts';

const SPACE_INFO = {
  kind: 'kernel',
  tag: 'v6.18',
  file: 'fs/btrfs/space-info.c',
} as const;

const METADATA_ONLY =
  'only a metadata reservation that cannot be met reaches this, and no built-in scenario runs short of metadata space (engine/btrfs/space/exhaustion.test.ts does)';

const WAIT_NOTE =
  'The kernel wakes a worker and sleeps on the ticket; the engine runs the worker\u2019s steps right here, while the reservation waits.';

export const RESERVE_DATA_BYTES: Listing = {
  fn: 'btrfs_reserve_data_bytes',
  origin: { ...SPACE_INFO, name: '__reserve_bytes' },
  note: WAIT_NOTE,
  lines: [
    ln(
      'fits',
      0,
      'if (no ticket waits && used + reserved + pinned + may_use + bytes <= total) { bytes_may_use += bytes; return 0; }',
      [],
      { onQuietCall: true },
    ),
    ln(
      'no-flush',
      0,
      'if (flush == BTRFS_RESERVE_NO_FLUSH) return -ENOSPC;',
      [],
      {
        notRun:
          'every data reservation the engine makes may flush (BTRFS_RESERVE_FLUSH_DATA)',
      },
    ),
    ln(
      'ticket',
      0,
      'ticket.bytes = bytes;  list_add_tail(&ticket.list, &space_info->tickets);',
      [on('btrfs.ticket')],
    ),
    ln(
      'wake',
      0,
      'queue_work(system_unbound_wq, &fs_info->async_data_reclaim_work);',
      [calls('btrfs_async_reclaim_data_space')],
    ),
    ln(
      'wait',
      0,
      'wait_reserve_ticket(space_info, &ticket);  return ticket.error;  /* 0 or -ENOSPC */',
      [],
      { with: 'wake' },
    ),
  ],
};

export const RESERVE_METADATA_BYTES: Listing = {
  fn: 'btrfs_reserve_metadata_bytes',
  origin: { ...SPACE_INFO, name: '__reserve_bytes' },
  note: WAIT_NOTE,
  lines: [
    ln(
      'fits',
      0,
      'if (no ticket waits && (used + bytes <= total || btrfs_can_overcommit(space_info, bytes, flush))) { bytes_may_use += bytes; return 0; }',
      [],
      { onQuietCall: true },
    ),
    ln(
      'ticket',
      0,
      'ticket.bytes = bytes;  list_add_tail(&ticket.list, &space_info->tickets);',
      [on('btrfs.ticket')],
      { notRun: METADATA_ONLY },
    ),
    ln(
      'wake',
      0,
      'queue_work(system_unbound_wq, &fs_info->async_reclaim_work);',
      [calls('btrfs_async_reclaim_metadata_space')],
      { notRun: METADATA_ONLY },
    ),
    ln(
      'wait',
      0,
      'wait_reserve_ticket(space_info, &ticket);  return ticket.error;  /* 0 or -ENOSPC */',
      [],
      { with: 'wake' },
    ),
  ],
};

export const ASYNC_RECLAIM_DATA_SPACE: Listing = {
  fn: 'btrfs_async_reclaim_data_space',
  origin: { ...SPACE_INFO, name: 'do_async_reclaim_data_space' },
  note: 'Two loops in the kernel (chunks while the device has room, then the flush states); one here, with the same order of states.',
  lines: [
    ln('loop', 0, 'while (a ticket waits) {'),
    ln(
      'pick',
      1,
      'state = space_info->full ? data_flush_states[i] : ALLOC_CHUNK_FORCE;  /* chunks first, while the device has room */',
      [],
      { with: 'flush' },
    ),
    ln('flush', 1, 'flush_space(fs_info, space_info, U64_MAX, state, false);', [
      calls('flush_space'),
    ]),
    ln('next', 1, 'i = (a ticket was granted or failed) ? 0 : i + 1;', [], {
      with: 'flush',
    }),
    ln(
      'fail',
      1,
      'if (i == ARRAY_SIZE(data_flush_states)) maybe_fail_all_tickets(fs_info, space_info);  /* each gets -ENOSPC */',
      [on('btrfs.ticket')],
    ),
  ],
};

export const ASYNC_RECLAIM_METADATA_SPACE: Listing = {
  fn: 'btrfs_async_reclaim_metadata_space',
  origin: { ...SPACE_INFO, name: 'do_async_reclaim_metadata_space' },
  lines: [
    ln(
      'size',
      0,
      'to_reclaim = btrfs_calc_reclaim_metadata_size(fs_info, space_info);  if (!to_reclaim) return;',
      [],
      { with: 'flush' },
    ),
    ln('loop', 0, 'do {'),
    ln(
      'flush',
      1,
      'flush_space(fs_info, space_info, to_reclaim, state, false);',
      [calls('flush_space')],
      { notRun: METADATA_ONLY },
    ),
    ln(
      'next',
      1,
      'state = (a ticket was granted or failed) ? FLUSH_DELAYED_ITEMS_NR : state + 1;  /* FLUSH_DELALLOC_FULL and ALLOC_CHUNK_FORCE only after one full trip */',
      [],
      { with: 'flush' },
    ),
    ln(
      'fail',
      1,
      'if (state > COMMIT_TRANS && ++commit_cycles > 2) maybe_fail_all_tickets(fs_info, space_info);  /* each gets -ENOSPC */',
      [on('btrfs.ticket')],
      { notRun: METADATA_ONLY },
    ),
    ln('until', 0, '} while (state <= COMMIT_TRANS);', [], { with: 'flush' }),
  ],
};

export const FLUSH_SPACE: Listing = {
  fn: 'flush_space',
  origin: SPACE_INFO,
  note: 'The kernel grants tickets wherever space is given back; the engine grants them once per state, at the end of flush_space.',
  lines: [
    ln(
      'short',
      0,
      '/* the space_info is short by num_bytes: run one flush state */',
      [on('btrfs.flush', mentions(' space is short by '))],
    ),
    ln('switch', 0, 'switch (state) {'),
    ln('items', 1, 'case FLUSH_DELAYED_ITEMS_NR:  case FLUSH_DELAYED_ITEMS:'),
    ln(
      'run-items',
      2,
      'btrfs_run_delayed_items_nr(trans, nr);  /* queued inode updates into their leaves */',
      [on('btrfs.flush', noted('FLUSH_DELAYED_ITEMS'))],
      { notRun: METADATA_ONLY },
    ),
    ln(
      'delalloc',
      1,
      'case FLUSH_DELALLOC:  case FLUSH_DELALLOC_WAIT:  case FLUSH_DELALLOC_FULL:',
    ),
    ln(
      'shrink',
      2,
      'shrink_delalloc(fs_info, space_info, num_bytes, state != FLUSH_DELALLOC, state == FLUSH_DELALLOC_FULL);',
      [on('btrfs.flush', noted('FLUSH_DELALLOC'))],
    ),
    ln(
      'start',
      3,
      'btrfs_start_delalloc_roots(fs_info, nr_pages, true);  /* writeback turns reservations into allocations */',
      [calls('extent_writepages')],
    ),
    ln(
      'wait',
      3,
      'btrfs_wait_ordered_roots(fs_info, U64_MAX, NULL);  /* finished ordered extents release their metadata */',
      [calls('end_bio_extent_writepage'), calls('btrfs_finish_ordered_io')],
    ),
    ln('refs', 1, 'case FLUSH_DELAYED_REFS_NR:  case FLUSH_DELAYED_REFS:'),
    ln(
      'run-refs',
      2,
      'btrfs_run_delayed_refs(trans, nr);  /* the delayed refs reserve gives its bytes back */',
      [on('btrfs.release'), on('btrfs.flush', noted('FLUSH_DELAYED_REFS'))],
      { notRun: METADATA_ONLY },
    ),
    ln('chunk', 1, 'case ALLOC_CHUNK:  case ALLOC_CHUNK_FORCE:'),
    ln(
      'alloc',
      2,
      'btrfs_chunk_alloc(trans, space_info, flags, state == ALLOC_CHUNK ? CHUNK_ALLOC_NO_FORCE : CHUNK_ALLOC_FORCE);',
      [calls('btrfs_chunk_alloc'), on('btrfs.flush', noted('ALLOC_CHUNK'))],
    ),
    ln('iputs', 1, 'case RUN_DELAYED_IPUTS:'),
    ln(
      'run-iputs',
      2,
      'btrfs_run_delayed_iputs(fs_info);  /* files deleted while still open are freed now */',
      [on('btrfs.flush', noted('RUN_DELAYED_IPUTS'))],
    ),
    ln('commit', 1, 'case COMMIT_TRANS:'),
    ln(
      'commit-trans',
      2,
      'btrfs_commit_current_transaction(root);  /* the commit unpins what was freed */',
      [
        calls('btrfs_commit_transaction'),
        on('btrfs.flush', noted('COMMIT_TRANS')),
      ],
    ),
    ln('zones', 1, 'case RESET_ZONES:'),
    ln(
      'reset',
      2,
      'btrfs_reset_unused_block_groups(space_info, num_bytes);  /* zoned devices only */',
      [on('btrfs.flush', noted('RESET_ZONES'))],
    ),
    ln(
      'grant',
      0,
      'btrfs_try_granting_tickets(fs_info, space_info);  /* in order, while the first fits */',
      [on('btrfs.ticket')],
    ),
  ],
};

export const CHUNK_ALLOC: Listing = {
  fn: 'btrfs_chunk_alloc',
  origin: { kind: 'kernel', tag: 'v6.18', file: 'fs/btrfs/block-group.c' },
  note: 'The engine asks should_alloc_chunk() before it enters: a chunk that is not needed shows no step.',
  lines: [
    ln(
      'should',
      0,
      'if (force == CHUNK_ALLOC_FORCE || should_alloc_chunk(fs_info, space_info, force)) {',
    ),
    ln(
      'full',
      1,
      'if (no free range of the device holds the chunk) { space_info->full = 1; return -ENOSPC; }',
      [on('btrfs.chunk_alloc', (e) => e.kind === 'btrfs.chunk_alloc' && !e.ok)],
    ),
    ln(
      'create',
      1,
      'btrfs_create_chunk(trans, flags);  /* the chunk item, its device extents and a new block group */',
      [on('btrfs.chunk_alloc')],
    ),
    ln(
      'global-rsv',
      1,
      'btrfs_update_global_block_rsv(fs_info);  /* from btrfs_make_block_group: resized from the trees */',
      [on('btrfs.global_rsv')],
    ),
  ],
};
