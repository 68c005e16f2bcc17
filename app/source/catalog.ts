// Every Source listing by kernel function and design: the one place that says which listing the pane
// shows for a frame. Data lookups only.

import type { DesignId } from '@engine';
import {
  BTRFS_BUFFERED_IOMAP_BEGIN,
  BTRFS_BUFFERED_IOMAP_END,
} from './listings/btrfsIomap.ts';
import {
  CHECK_CAN_NOCOW,
  CHECK_DATA_FREE_SPACE,
  DELALLOC_RELEASE_EXTENTS,
  DELALLOC_RELEASE_SPACE,
  DELALLOC_RESERVE_METADATA,
  LOCK_AND_CLEANUP,
  SET_EXTENT_DELALLOC,
  START_ORDERED_EXTENT,
} from './listings/btrfsSpace.ts';
import { BTRFS_FALLOCATE, PREALLOC_FILE_RANGE } from './listings/fallocate.ts';
import { HARNESS } from './listings/harness.ts';
import {
  IOMAP_APPLY,
  IOMAP_FILE_BUFFERED_WRITE,
  IOMAP_READ_PAGE_SYNC,
  IOMAP_WRITE_ACTOR,
  IOMAP_WRITE_BEGIN,
  IOMAP_WRITE_BEGIN_INNER,
  IOMAP_WRITE_END,
} from './listings/iomapCore.ts';
import {
  BTRFS_BUFFERED_WRITE,
  BTRFS_COPY_FROM_USER,
  BTRFS_DIRTY_PAGES,
  PREPARE_PAGES,
  PREPARE_UPTODATE_PAGE,
  WAIT_ON_PAGE_WRITEBACK,
} from './listings/legacyWrite.ts';
import {
  BTRFS_READPAGE,
  BTRFS_SYNC_FILE,
  COMMIT_TRANSACTION,
  COMPLETE_IO,
  FILEMAP_READ,
  POWER_CUT,
} from './listings/readAndCommit.ts';
import {
  COW_FILE_RANGE,
  DROP_EXTENTS,
  END_BIO_EXTENT_WRITEPAGE,
  EXTENT_WRITEPAGE,
  EXTENT_WRITEPAGES,
  FINISH_ORDERED_IO,
  INSERT_RESERVED_FILE_EXTENT,
  MARK_EXTENT_WRITTEN,
  RUN_DELALLOC_NOCOW,
  RUN_DELALLOC_RANGE,
  SUBMIT_DATA_BIO,
} from './listings/writeback.ts';
import {
  ASYNC_RECLAIM_DATA_SPACE,
  ASYNC_RECLAIM_METADATA_SPACE,
  CHUNK_ALLOC,
  FLUSH_SPACE,
  RESERVE_DATA_BYTES,
  RESERVE_METADATA_BYTES,
} from './listings/spaceReclaim.ts';
import type { Listing, ListingSet } from './types.ts';
import { XFS_LISTINGS } from './listings/xfs.ts';

const SETS: readonly ListingSet[] = [
  HARNESS,
  BTRFS_BUFFERED_WRITE,
  PREPARE_PAGES,
  PREPARE_UPTODATE_PAGE,
  BTRFS_COPY_FROM_USER,
  BTRFS_DIRTY_PAGES,
  WAIT_ON_PAGE_WRITEBACK,
  IOMAP_FILE_BUFFERED_WRITE,
  IOMAP_APPLY,
  IOMAP_WRITE_ACTOR,
  IOMAP_WRITE_BEGIN,
  IOMAP_WRITE_BEGIN_INNER,
  IOMAP_READ_PAGE_SYNC,
  IOMAP_WRITE_END,
  BTRFS_BUFFERED_IOMAP_BEGIN,
  BTRFS_BUFFERED_IOMAP_END,
  CHECK_DATA_FREE_SPACE,
  DELALLOC_RESERVE_METADATA,
  RESERVE_DATA_BYTES,
  RESERVE_METADATA_BYTES,
  ASYNC_RECLAIM_DATA_SPACE,
  ASYNC_RECLAIM_METADATA_SPACE,
  FLUSH_SPACE,
  CHUNK_ALLOC,
  DELALLOC_RELEASE_EXTENTS,
  DELALLOC_RELEASE_SPACE,
  LOCK_AND_CLEANUP,
  CHECK_CAN_NOCOW,
  SET_EXTENT_DELALLOC,
  START_ORDERED_EXTENT,
  EXTENT_WRITEPAGES,
  EXTENT_WRITEPAGE,
  RUN_DELALLOC_RANGE,
  COW_FILE_RANGE,
  RUN_DELALLOC_NOCOW,
  SUBMIT_DATA_BIO,
  END_BIO_EXTENT_WRITEPAGE,
  FINISH_ORDERED_IO,
  INSERT_RESERVED_FILE_EXTENT,
  DROP_EXTENTS,
  MARK_EXTENT_WRITTEN,
  BTRFS_READPAGE,
  FILEMAP_READ,
  BTRFS_SYNC_FILE,
  COMMIT_TRANSACTION,
  BTRFS_FALLOCATE,
  PREALLOC_FILE_RANGE,
  POWER_CUT,
  COMPLETE_IO,
];

/** A listing and the designs that show it. */
export interface CatalogEntry {
  /** The designs that show it; 'all' is every btrfs design (the xfs design has listings of its own). */
  readonly designs: readonly DesignId[] | 'all';
  readonly listing: Listing;
}

function entriesOf(set: ListingSet): CatalogEntry[] {
  return 'fn' in set
    ? [{ designs: 'all', listing: set }]
    : set.map((e) => ({ designs: e.designs, listing: e.listing }));
}

/** The xfs design's listings (it shows no btrfs listing). */
const XFS_ENTRIES: readonly CatalogEntry[] = XFS_LISTINGS.map((listing) => ({
  designs: ['xfs'],
  listing,
}));

/** Every listing of every function, each with the designs that show it. */
export const CATALOG: readonly CatalogEntry[] = [
  ...SETS.flatMap(entriesOf),
  ...XFS_ENTRIES,
];

const byFn = new Map<string, CatalogEntry[]>();
for (const entry of CATALOG) {
  const list = byFn.get(entry.listing.fn) ?? [];
  list.push(entry);
  byFn.set(entry.listing.fn, list);
}

/** The listing of `fn` under `design` ('' is the scenario runner), or undefined when none is written. */
export function listingFor(fn: string, design: DesignId): Listing | undefined {
  return byFn
    .get(fn)
    ?.find((e) =>
      e.designs === 'all' ? design !== 'xfs' : e.designs.includes(design),
    )?.listing;
}
