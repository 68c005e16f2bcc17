// fallocate(2) on btrfs: allocate (mode 0, with or without KEEP_SIZE), PUNCH_HOLE and ZERO_RANGE.
// btrfs refuses COLLAPSE_RANGE and INSERT_RANGE with EOPNOTSUPP, and the VFS refuses PUNCH_HOLE without
// KEEP_SIZE the same way. Each mode first writes back and waits for the range (btrfs_wait_ordered_range).

import { vfsFallocateChecks } from '../core/fallocateChecks.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import { alignDown, alignUp, shortSize } from '../core/units.ts';
import type { FallocMode } from '../scenario/types.ts';
import { safeDiskIsize } from './diskIsize.ts';
import { dropExtents } from './dropExtents.ts';
import { truncatePagecacheRange } from './invalidate.ts';
import type { Fs, FsInode } from './fs.ts';
import { reserveDataBytes } from './space/reserveBytes.ts';
import { preallocHoles } from './prealloc.ts';
import { releaseBlock, reserveBlock, truncateBlock } from './truncateBlock.ts';
import type { WriteReservation } from './writeReservation.ts';
import { contExpand } from './truncate.ts';
import { writepages } from './writeback.ts';

export interface FallocateArgs {
  readonly mode: FallocMode;
  readonly offset: number;
  readonly length: number;
  readonly keepSize: boolean;
}

export function fallocate(
  fs: Fs,
  entry: FsInode,
  args: FallocateArgs,
): Result<void> {
  const { mode, offset, length, keepSize } = args;
  const vfs = vfsFallocateChecks(mode, length, keepSize);
  if (!vfs.ok) return vfs;
  if (mode === 'collapse-range' || mode === 'insert-range')
    return fail('EOPNOTSUPP', `btrfs does not support ${mode}`);
  return fs.rec.call(
    mode === 'punch-hole'
      ? 'btrfs_punch_hole'
      : mode === 'zero-range'
        ? 'btrfs_zero_range'
        : 'btrfs_fallocate',
    `${mode} [${shortSize(offset)}, +${shortSize(length)})${keepSize ? ' keeping the size' : ''}`,
    () => {
      // Growing the file (even with keep-size) first zeroes the tail of the EOF block (btrfs_cont_expand /
      // btrfs_truncate_block); then btrfs_wait_ordered_range writes the range back and waits, so what
      // follows sees extents, not delalloc.
      const ss = fs.geo.sectorSize;
      if (mode !== 'punch-hole' && offset + length > entry.inode.isize) {
        const expanded = contExpand(fs, entry, offset + length);
        if (!expanded.ok) return expanded;
      }
      writepages(fs, entry, true, {
        start: alignDown(offset, ss),
        end: alignUp(offset + length, ss),
      });
      switch (mode) {
        case 'punch-hole':
          return punchHole(fs, entry, offset, length);
        case 'zero-range':
          return zeroRange(fs, entry, offset, length, keepSize);
        case 'allocate':
          return allocate(fs, entry, offset, length, keepSize);
      }
    },
  );
}

/** Grows i_size (and disk_i_size: the range is allocated) to `end` unless keepSize. */
function extendSize(
  fs: Fs,
  entry: FsInode,
  end: number,
  keepSize: boolean,
): void {
  const { inode } = entry;
  if (keepSize || end <= inode.isize) return;
  inode.update(() => {
    inode.isize = end;
    inode.diskIsize = safeDiskIsize(entry);
  });
  fs.rec.emit('btrfs.inode', { ino: inode.ino }, `i_size = ${shortSize(end)}`);
}

function allocate(
  fs: Fs,
  entry: FsInode,
  offset: number,
  length: number,
  keepSize: boolean,
): Result<void> {
  const ss = fs.geo.sectorSize;
  const end = offset + length;
  const r = preallocHoles(fs, entry, alignDown(offset, ss), alignUp(end, ss));
  if (!r.ok) return r;
  extendSize(fs, entry, end, keepSize);
  return ok(undefined);
}

/**
 * Zeroes the partial blocks at the edges of [offset, end) and returns the whole-block middle. The space for
 * both edge blocks is reserved before either is touched, so an ENOSPC changes nothing. SIMPLIFICATION:
 * btrfs_punch_hole and btrfs_zero_range reserve per block as they go, and can fail with ENOSPC after zeroing
 * the head block.
 */
function zeroEdges(
  fs: Fs,
  entry: FsInode,
  offset: number,
  end: number,
  limit: number,
): Result<{ start: number; end: number }> {
  const ss = fs.geo.sectorSize;
  const start = alignUp(offset, ss);
  const stop = alignDown(end, ss);
  // The partial-block ranges to zero: one when the range lies inside one block.
  const edges: [number, number][] =
    start > stop
      ? offset < limit
        ? [[offset, Math.min(end, limit)]]
        : []
      : [
          ...(offset < start && offset < limit
            ? [[offset, start] as [number, number]]
            : []),
          ...(stop < end && stop < limit
            ? [[stop, Math.min(end, limit)] as [number, number]]
            : []),
        ];
  const reserved: WriteReservation[] = [];
  for (const [from] of edges) {
    const r = reserveBlock(fs, entry, from);
    if (!r.ok) {
      reserved.forEach((x, i) => {
        releaseBlock(
          fs,
          entry,
          (edges[i] as [number, number])[0],
          x,
          'another edge block could not be reserved',
        );
      });
      return fail(r.error.errno, r.error.message);
    }
    reserved.push(r.value);
  }
  for (const [i, [from, to]] of edges.entries()) {
    const r = truncateBlock(fs, entry, from, to, reserved[i]);
    if (!r.ok) {
      for (let j = i + 1; j < edges.length; j++)
        releaseBlock(
          fs,
          entry,
          (edges[j] as [number, number])[0],
          reserved[j] as WriteReservation,
          'an earlier edge block failed',
        );
      return fail(r.error.errno, r.error.message);
    }
  }
  return ok(start > stop ? { start, end: start } : { start, end: stop });
}

/** Drops the pages and file extent items of the block-aligned [start, end). */
function dropRange(fs: Fs, entry: FsInode, start: number, end: number): void {
  if (start >= end) return;
  truncatePagecacheRange(fs, entry, start, end, 'truncate_pagecache_range');
  const dropped = dropExtents(fs, entry, start, end);
  entry.inode.update(() => {
    entry.inode.nbytes -= dropped;
  });
}

function punchHole(
  fs: Fs,
  entry: FsInode,
  offset: number,
  length: number,
): Result<void> {
  const isize = entry.inode.isize;
  const end = Math.min(offset + length, alignUp(isize, fs.geo.sectorSize));
  if (offset >= end) return ok(undefined);
  const middle = zeroEdges(fs, entry, offset, end, isize);
  if (!middle.ok) return fail(middle.error.errno, middle.error.message);
  dropRange(fs, entry, middle.value.start, middle.value.end);
  return ok(undefined);
}

function zeroRange(
  fs: Fs,
  entry: FsInode,
  offset: number,
  length: number,
  keepSize: boolean,
): Result<void> {
  const ss = fs.geo.sectorSize;
  const end = offset + length;
  const isize = entry.inode.isize;
  // Space first, so that ENOSPC leaves the file as it was: the middle is dropped (its old extents stay
  // pinned until commit) and preallocated anew with this reservation.
  const start = alignUp(offset, ss);
  const stop = alignDown(end, ss);
  const needed = Math.max(0, stop - start);
  if (needed > 0 && !reserveDataBytes(fs, needed))
    return fail(
      'ENOSPC',
      `no data space to preallocate ${shortSize(needed)} for zero-range`,
    );
  const middle = zeroEdges(fs, entry, offset, end, keepSize ? isize : end);
  if (!middle.ok) {
    if (needed > 0) fs.data.adjust({ mayUse: -needed });
    return fail(middle.error.errno, middle.error.message);
  }
  dropRange(fs, entry, middle.value.start, middle.value.end);
  const r = preallocHoles(
    fs,
    entry,
    middle.value.start,
    middle.value.end,
    needed,
  );
  if (!r.ok) return r;
  extendSize(fs, entry, end, keepSize);
  return ok(undefined);
}
