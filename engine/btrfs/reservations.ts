// Data and metadata reservations (fs/btrfs/delalloc-space.c): bytes_may_use grows when a write reserves,
// shrinks when a reservation is released or consumed. Metadata is held in the inode's block reserve, sized
// from outstanding_extents and csum_bytes like btrfs_calculate_inode_block_rsv_size().

import { alignDown, alignUp, shortSize } from '../core/units.ts';
import { MAX_EXTENT_SIZE, MAX_LEVEL, type Fs } from './fs.ts';
import type { BtrfsInode } from './inode.ts';

/** Bytes of a leaf usable for items, and csums per leaf (crc32c: 4 bytes each). */
function csumsPerLeaf(fs: Fs): number {
  const leafData = fs.geo.nodeSize - 101; // struct btrfs_header
  return Math.floor((leafData - 25) / 4); // one struct btrfs_item
}

/** btrfs_calc_insert_metadata_size: COW a path of MAX_LEVEL nodes, twice (split), per item. */
export function calcInsertMetadataSize(fs: Fs, items: number): number {
  return fs.geo.nodeSize * MAX_LEVEL * 2 * items;
}

function csumBytesToLeaves(fs: Fs, bytes: number): number {
  return Math.ceil(bytes / fs.geo.sectorSize / csumsPerLeaf(fs));
}

export function countMaxExtents(bytes: number): number {
  return Math.ceil(bytes / MAX_EXTENT_SIZE);
}

/** btrfs_check_data_free_space: reserve the sector-aligned range in data bytes_may_use, or ENOSPC. */
export function reserveData(fs: Fs, pos: number, len: number): boolean {
  const ss = fs.geo.sectorSize;
  const bytes = alignUp(pos + len, ss) - alignDown(pos, ss);
  return fs.rec.call(
    'btrfs_check_data_free_space',
    `reserve ${shortSize(bytes)} of data space for the write`,
    () => {
      // SIMPLIFICATION: one fixed data block group; no chunk allocation and no commit to reclaim pinned space.
      const ok = fs.data.free() >= bytes;
      if (ok) {
        fs.data.adjust({ mayUse: bytes });
        fs.counters.add('dataReservations');
        fs.counters.add('dataReservedBytes', bytes);
      }
      fs.rec.emit(
        'btrfs.reserve',
        { space: 'data', bytes, ok },
        ok
          ? `data bytes_may_use += ${shortSize(bytes)}: the write will need new space when it is written back (CoW)`
          : `ENOSPC: only ${shortSize(Math.max(0, fs.data.free()))} of data space is free`,
      );
      return ok;
    },
  );
}

/** btrfs_free_reserved_data_space: give back a data reservation. */
export function freeReservedData(
  fs: Fs,
  pos: number,
  len: number,
  why: string,
): void {
  const ss = fs.geo.sectorSize;
  const bytes = alignUp(pos + len, ss) - alignDown(pos, ss);
  if (bytes <= 0) return;
  fs.data.adjust({ mayUse: -bytes });
  fs.counters.add('dataReleasedBytes', bytes);
  fs.rec.emit(
    'btrfs.release',
    { space: 'data', bytes },
    `data bytes_may_use -= ${shortSize(bytes)}: ${why}`,
  );
}

function rsvSize(
  fs: Fs,
  inode: Pick<BtrfsInode, 'outstandingExtents' | 'csumBytes'>,
): number {
  let size = 0;
  if (inode.outstandingExtents > 0) {
    size =
      calcInsertMetadataSize(fs, inode.outstandingExtents) +
      fs.geo.nodeSize * MAX_LEVEL; // + inode update
  }
  return (
    size + calcInsertMetadataSize(fs, csumBytesToLeaves(fs, inode.csumBytes))
  );
}

/** Recomputes the block reserve's size and returns any excess to the metadata space_info. */
export function inodeRsvRelease(fs: Fs, inode: BtrfsInode, why: string): void {
  const size = rsvSize(fs, inode);
  const excess = Math.max(0, inode.rsvReserved - size);
  inode.update(() => {
    inode.rsvSize = size;
    inode.rsvReserved -= excess;
  });
  if (excess > 0) {
    fs.meta.adjust({ mayUse: -excess });
    fs.counters.add('metaReleasedBytes', excess);
    fs.rec.emit(
      'btrfs.release',
      { space: 'metadata', bytes: excess },
      `metadata bytes_may_use -= ${shortSize(excess)}: ${why}`,
    );
  } else {
    fs.rec.emit(
      'btrfs.inode',
      { ino: inode.ino },
      `inode block reserve resized to ${shortSize(size)}`,
    );
  }
}

/**
 * btrfs_delalloc_reserve_metadata (v5.2): count the new outstanding extents and csum bytes, resize the
 * inode's block reserve, then btrfs_inode_rsv_refill reserves whatever the reserve now lacks.
 */
export function reserveMetadata(
  fs: Fs,
  inode: BtrfsInode,
  numBytes: number,
): boolean {
  const aligned = alignUp(numBytes, fs.geo.sectorSize);
  return fs.rec.call(
    'btrfs_delalloc_reserve_metadata',
    `reserve metadata for ${shortSize(aligned)} of delalloc`,
    () => {
      const nrExtents = countMaxExtents(aligned);
      const size = rsvSize(fs, {
        outstandingExtents: inode.outstandingExtents + nrExtents,
        csumBytes: inode.csumBytes + aligned,
      });
      const bytes = Math.max(0, size - inode.rsvReserved);
      const ok = fs.meta.free() >= bytes;
      if (ok) {
        fs.meta.adjust({ mayUse: bytes });
        inode.update(() => {
          inode.rsvReserved += bytes;
          inode.outstandingExtents += nrExtents;
          inode.csumBytes += aligned;
          inode.rsvSize = size;
        });
        fs.counters.add('metaReservations');
        fs.counters.add('metaReservedBytes', bytes);
      }
      fs.rec.emit(
        'btrfs.reserve',
        { space: 'metadata', bytes, ok },
        ok
          ? `btrfs_inode_rsv_refill: metadata bytes_may_use += ${shortSize(bytes)}; outstanding_extents += ${String(nrExtents)}`
          : 'ENOSPC: no metadata space for the write',
      );
      return ok;
    },
  );
}

/** btrfs_delalloc_release_extents: drop the temporary outstanding extent(s) the reservation counted. */
export function releaseExtents(
  fs: Fs,
  inode: BtrfsInode,
  numBytes: number,
): void {
  fs.rec.call(
    'btrfs_delalloc_release_extents',
    'the write is accounted in the io tree now',
    () => {
      inode.update(() => {
        inode.outstandingExtents -= countMaxExtents(numBytes);
      });
      inodeRsvRelease(
        fs,
        inode,
        'the reservation shrinks to what outstanding extents still need',
      );
    },
  );
}

/** btrfs_delalloc_release_metadata: drop csum bytes for `numBytes` and return the excess. */
export function releaseMetadata(
  fs: Fs,
  inode: BtrfsInode,
  numBytes: number,
  why: string,
): void {
  const aligned = alignUp(numBytes, fs.geo.sectorSize);
  inode.update(() => {
    inode.csumBytes = Math.max(0, inode.csumBytes - aligned);
  });
  inodeRsvRelease(fs, inode, why);
}

/** btrfs_delalloc_release_space: release both the data and the metadata reservation of a range. */
export function releaseSpace(
  fs: Fs,
  inode: BtrfsInode,
  pos: number,
  len: number,
  why: string,
): void {
  fs.rec.call('btrfs_delalloc_release_space', why, () => {
    freeReservedData(fs, pos, len, why);
    releaseMetadata(fs, inode, len, why);
  });
}
