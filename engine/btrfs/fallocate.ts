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
import type { ExtentMap } from './fileExtents.ts';
import type { Fs, FsInode } from './fs.ts';
import { reserveDataBytes } from './space/reserveBytes.ts';
import {
  noteDataReservation,
  preallocHoles,
  preallocRange,
} from './prealloc.ts';
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

/** File bytes [from, to) inside one block, to zero through the page cache (btrfs_truncate_block). */
type Edge = readonly [number, number];

/** What covers the block holding `at` (btrfs_get_extent): a hole, a regular or a prealloc extent. */
function blockKind(fs: Fs, entry: FsInode, at: number): ExtentMap['kind'] {
  return entry.extents.lookup(at, fs.geo.sectorSize).kind;
}

/**
 * Zeroes the partial blocks `edges`. The space for every edge block is reserved before any is touched, so
 * an ENOSPC changes nothing. SIMPLIFICATION: btrfs_punch_hole and btrfs_zero_range reserve per block as
 * they go, and can fail with ENOSPC after zeroing the head block.
 */
function zeroEdges(
  fs: Fs,
  entry: FsInode,
  edges: readonly Edge[],
): Result<void> {
  const reserved: WriteReservation[] = [];
  for (const [from] of edges) {
    const r = reserveBlock(fs, entry, from);
    if (!r.ok) {
      reserved.forEach((x, i) => {
        releaseBlock(
          fs,
          entry,
          (edges[i] as Edge)[0],
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
          (edges[j] as Edge)[0],
          reserved[j] as WriteReservation,
          'an earlier edge block failed',
        );
      return fail(r.error.errno, r.error.message);
    }
  }
  return ok(undefined);
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

/**
 * btrfs_punch_hole: the whole blocks of the range lose their extents, past EOF too; a partial block at an
 * edge is zeroed through the page cache if it starts below the end of the EOF block and is not a hole
 * (find_first_non_hole skips holes, so punching next to a hole allocates nothing).
 */
function punchHole(
  fs: Fs,
  entry: FsInode,
  offset: number,
  length: number,
): Result<void> {
  const ss = fs.geo.sectorSize;
  const end = offset + length;
  const inoSize = alignUp(entry.inode.isize, ss);
  const start = alignUp(offset, ss);
  const stop = alignDown(end, ss);
  const partial = (from: number, to: number): Edge[] =>
    from < inoSize && blockKind(fs, entry, from) !== 'hole' ? [[from, to]] : [];
  // One partial block when the range lies inside one block.
  const edges =
    // Stryker disable next-line EqualityOperator: when start === stop the range starts or ends on that boundary, and both branches give its one partial block
    start > stop
      ? partial(offset, end)
      : [
          ...(offset < start ? partial(offset, start) : []),
          ...(stop < end ? partial(stop, end) : []),
        ];
  const zeroed = zeroEdges(fs, entry, edges);
  if (!zeroed.ok) return zeroed;
  dropRange(fs, entry, start, stop);
  return ok(undefined);
}

/** What btrfs_zero_range does: the partial blocks of written data it zeroes, the range it preallocates. */
interface ZeroPlan {
  readonly edges: readonly Edge[];
  readonly allocStart: number;
  readonly allocEnd: number;
}

/**
 * btrfs_zero_range past a prealloc extent at its start: a partial block of written data is zeroed through
 * the page cache; a partial block in a hole joins the range to preallocate; one in a prealloc extent
 * already reads as zeros and is left alone. Every extent of the range to preallocate is dropped and the
 * range preallocated anew, in one extent where the space allows.
 */
function zeroPlan(fs: Fs, entry: FsInode, from: number, end: number): ZeroPlan {
  const ss = fs.geo.sectorSize;
  if (alignDown(from, ss) === alignDown(end - 1, ss)) {
    const kind = blockKind(fs, entry, from);
    const block = alignDown(from, ss);
    if (kind === 'prealloc')
      return { edges: [], allocStart: block, allocEnd: block };
    if (kind === 'regular' && end - from < ss)
      return { edges: [[from, end]], allocStart: block, allocEnd: block };
    return { edges: [], allocStart: block, allocEnd: block + ss };
  }
  let allocStart = alignUp(from, ss);
  let allocEnd = alignDown(end, ss);
  const edges: Edge[] = [];
  // An unaligned `from` is the offset itself, whose block is not prealloc (zeroRange moved past that).
  if (from < allocStart) {
    if (blockKind(fs, entry, from) === 'hole') allocStart = alignDown(from, ss);
    else edges.push([from, allocStart]);
  }
  if (allocEnd < end) {
    const kind = blockKind(fs, entry, end);
    if (kind === 'hole') allocEnd = alignUp(end, ss);
    else if (kind === 'regular') edges.push([allocEnd, end]);
  }
  return { edges, allocStart, allocEnd };
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
  // A prealloc extent from the block holding `offset` on: its part of the range is left as it is.
  const first = entry.extents.lookup(offset, ss);
  const from = first.kind === 'prealloc' ? first.start + first.len : offset;
  // Stryker disable next-line EqualityOperator: at from === end zeroPlan finds nothing to zero or preallocate
  if (from >= end) {
    extendSize(fs, entry, end, keepSize);
    return ok(undefined);
  }
  const { edges, allocStart, allocEnd } = zeroPlan(fs, entry, from, end);
  // Space first, so that ENOSPC leaves the file as it was: the range is dropped (its old extents stay
  // pinned until commit) and preallocated anew with this reservation.
  const needed = allocEnd - allocStart;
  if (needed > 0) {
    if (!reserveDataBytes(fs, needed))
      return fail(
        'ENOSPC',
        `no data space to preallocate ${shortSize(needed)} for zero-range`,
      );
    noteDataReservation(fs, needed);
  }
  const zeroed = zeroEdges(fs, entry, edges);
  if (!zeroed.ok) {
    fs.data.adjust({ mayUse: -needed });
    return zeroed;
  }
  if (needed > 0) {
    dropRange(fs, entry, allocStart, allocEnd);
    preallocRange(fs, entry, allocStart, allocEnd);
  }
  extendSize(fs, entry, end, keepSize);
  return ok(undefined);
}
