// Data and metadata reservations (fs/btrfs/delalloc-space.c, 6.18): bytes_may_use grows when a write
// reserves, shrinks when a reservation is released or consumed. Metadata is held in the inode's block
// reserve, sized from outstanding_extents and csum_bytes like btrfs_calculate_inode_block_rsv_size().
// Reserving goes through the space_infos (space/reserveBytes.ts): chunks, tickets and flushing.

import { alignDown, alignUp, shortSize } from '../core/units.ts';
import { MAX_EXTENT_SIZE, type Fs } from './fs.ts';
import type { BtrfsInode } from './inode.ts';
import { calcInsertMetadataSize, calcMetadataSize } from './space/globalRsv.ts';
import {
  reserveDataBytes,
  reserveMetadataBytes,
} from './space/reserveBytes.ts';

/** Bytes of a leaf usable for items, and csums per leaf (crc32c: 4 bytes each). */
function csumsPerLeaf(fs: Fs): number {
  const leafData = fs.geo.nodeSize - 101; // struct btrfs_header
  return Math.floor((leafData - 25) / 4); // one struct btrfs_item
}

function csumBytesToLeaves(fs: Fs, bytes: number): number {
  return Math.ceil(bytes / fs.geo.sectorSize / csumsPerLeaf(fs));
}

export function countMaxExtents(bytes: number): number {
  return Math.ceil(bytes / MAX_EXTENT_SIZE);
}

/** btrfs_check_data_free_space: reserve the sector-aligned range in data bytes_may_use (flushing), or ENOSPC. */
export function reserveData(fs: Fs, pos: number, len: number): boolean {
  const ss = fs.geo.sectorSize;
  const bytes = alignUp(pos + len, ss) - alignDown(pos, ss);
  return fs.rec.call(
    'btrfs_check_data_free_space',
    `reserve ${shortSize(bytes)} of data space for the write`,
    () => {
      const ok = reserveDataBytes(fs, bytes);
      if (ok) {
        fs.counters.add('dataReservations');
        fs.counters.add('dataReservedBytes', bytes);
      }
      fs.rec.emit(
        'btrfs.reserve',
        { space: 'data', bytes, ok },
        ok
          ? `data bytes_may_use += ${shortSize(bytes)}: the write will need new space when it is written back (CoW)`
          : `ENOSPC: only ${shortSize(Math.max(0, fs.data.free()))} of data space is free and the device has no room for another data chunk`,
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
  const ns = fs.geo.nodeSize;
  if (inode.outstandingExtents > 0)
    size =
      calcInsertMetadataSize(ns, inode.outstandingExtents) +
      calcMetadataSize(ns, 1); // + the inode update
  return (
    size + calcInsertMetadataSize(ns, csumBytesToLeaves(fs, inode.csumBytes))
  );
}

/**
 * Recomputes the block reserve's size and gives back any excess (btrfs_block_rsv_release): first to the
 * delayed refs reserve while it lacks bytes (they stay in bytes_may_use), the rest to the metadata
 * space_info.
 */
export function inodeRsvRelease(fs: Fs, inode: BtrfsInode, why: string): void {
  const size = rsvSize(fs, inode);
  const excess = Math.max(0, inode.rsvReserved - size);
  inode.update(() => {
    inode.rsvSize = size;
    inode.rsvReserved -= excess;
  });
  if (excess > 0) {
    fs.counters.add('metaReleasedBytes', excess);
    const kept = fs.delayedRefsRsv.absorb(excess);
    const returned = excess - kept;
    if (returned > 0) fs.meta.adjust({ mayUse: -returned });
    const keptNote = `${shortSize(kept)} fills the delayed refs reserve (still bytes_may_use until the delayed refs run)`;
    fs.rec.emit(
      'btrfs.release',
      { space: 'metadata', bytes: returned },
      returned > 0
        ? `metadata bytes_may_use -= ${shortSize(returned)}: ${why}${kept > 0 ? `; ${keptNote}` : ''}`
        : `the inode block reserve gives back ${shortSize(excess)} (${why}): ${keptNote}`,
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
 * btrfs_delalloc_reserve_metadata (6.x): reserve the worst case for this write alone (calc_inode_reservations:
 * its new extents and csum leaves, plus an inode update) with FLUSH_ALL, then count the outstanding extents
 * and csum bytes and add the bytes to the inode's block reserve. The excess goes back when the write's
 * temporary extents are released (btrfs_delalloc_release_extents).
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
      const ns = fs.geo.nodeSize;
      const nrExtents = countMaxExtents(aligned);
      const bytes =
        calcInsertMetadataSize(ns, nrExtents + csumBytesToLeaves(fs, aligned)) +
        calcMetadataSize(ns, 1);
      const ok = reserveMetadataBytes(fs, bytes);
      if (ok) {
        const csumBytes = inode.nodatasum ? 0 : aligned;
        inode.update(() => {
          inode.outstandingExtents += nrExtents;
          inode.csumBytes += csumBytes;
          inode.rsvSize = rsvSize(fs, inode);
          inode.rsvReserved += bytes;
        });
        fs.counters.add('metaReservations');
        fs.counters.add('metaReservedBytes', bytes);
      }
      fs.rec.emit(
        'btrfs.reserve',
        { space: 'metadata', bytes, ok },
        ok
          ? `metadata bytes_may_use += ${shortSize(bytes)} (the worst case for ${String(nrExtents)} new extent(s), their csums and an inode update); outstanding_extents += ${String(nrExtents)}`
          : 'ENOSPC: no metadata space for the write, even after flushing',
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
