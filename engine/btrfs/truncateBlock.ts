// btrfs_truncate_block: zero part of one block through the page cache, so that writeback rewrites the
// block with zeros there. Truncate, fallocate and hole punching use it for the partial blocks at the
// edges of their ranges: whole blocks can be dropped from the metadata, partial ones cannot.

import { fail, ok, type Result } from '../core/errno.ts';
import { alignDown, shortSize } from '../core/units.ts';
import { PG } from '../trace/records.ts';
import {
  lockAndCleanupExtent,
  unlockExtent,
  type LockedRange,
} from './extentLock.ts';
import type { Fs, FsInode } from './fs.ts';
import { markDelalloc, markNoreserve } from './bufferedIomap.ts';
import { readpage } from './readpage.ts';
import {
  releaseExtents,
  releaseMetadata,
  releaseSpace,
} from './reservations.ts';
import type { Page } from '../pagecache/page.ts';
import {
  reserveWriteSpace,
  type WriteReservation,
} from './writeReservation.ts';

/** The space truncateBlock needs for the block holding `at` (data, or the nocow fallback, and metadata). */
export function reserveBlock(
  fs: Fs,
  entry: FsInode,
  at: number,
): Result<WriteReservation> {
  const ss = fs.geo.sectorSize;
  return reserveWriteSpace(fs, entry, alignDown(at, ss), ss);
}

/** Gives back a reserveBlock reservation that truncateBlock will not use. */
export function releaseBlock(
  fs: Fs,
  entry: FsInode,
  at: number,
  reservation: WriteReservation,
  why: string,
): void {
  const ss = fs.geo.sectorSize;
  const blockStart = alignDown(at, ss);
  if (reservation.nocow) releaseMetadata(fs, entry.inode, ss, why);
  else releaseSpace(fs, entry.inode, blockStart, ss, why);
  releaseExtents(fs, entry.inode, ss);
}

/**
 * Zeroes file bytes [from, to), which must lie inside one block, with the space `reserved` for it (by
 * reserveBlock; only for a non-empty range), or reserving it now.
 */
export function truncateBlock(
  fs: Fs,
  entry: FsInode,
  from: number,
  to: number,
  reserved?: WriteReservation,
): Result<void> {
  const ss = fs.geo.sectorSize;
  const ps = fs.geo.pageSize;
  const blockStart = alignDown(from, ss);
  // An aligned size has no tail to zero (zeroEofBlockTail); the fallocate edges are never empty.
  if (to <= from) return ok(undefined);
  return fs.rec.call(
    'btrfs_truncate_block',
    `zero [${shortSize(from)}, ${shortSize(to)}) of the block at ${shortSize(blockStart)} through the page cache`,
    () => {
      const reservation =
        reserved === undefined
          ? reserveBlock(fs, entry, blockStart)
          : ok(reserved);
      if (!reservation.ok)
        return fail(reservation.error.errno, reservation.error.message);
      const { nocow } = reservation.value;
      const index = Math.floor(blockStart / ps);
      const pageStart = index * ps;
      let page: Page;
      let locked: LockedRange | null | 'EAGAIN';
      do {
        const p = entry.mapping.findOrCreateLocked(index);
        page = p;
        locked = lockAndCleanupExtent(fs, entry, blockStart, ss, () => {
          entry.mapping.setFlags(p, 0, PG.locked, 'unlock the page to wait');
        });
      } while (locked === 'EAGAIN');
      const [b0] = page.blockRange(
        blockStart - pageStart,
        // Stryker disable next-line ArithmeticOperator: the end sets only the second index, which is not used
        blockStart - pageStart + ss,
      );
      if (page.uptodate[b0] !== 1) {
        const read = readpage(fs, entry, page);
        if (!read.ok) {
          if (locked !== null) unlockExtent(fs, entry, locked);
          entry.mapping.setFlags(
            page,
            0,
            PG.locked,
            'unlock the page after the failed read',
          );
          releaseBlock(
            fs,
            entry,
            blockStart,
            reservation.value,
            'the block could not be read',
          );
          return fail(read.error.errno, read.error.message);
        }
      }
      markDelalloc(fs, entry, blockStart, blockStart + ss);
      if (nocow) markNoreserve(fs, entry, blockStart, blockStart + ss);
      entry.mapping.mutate(page, () => {
        page.data.fill(0, from - pageStart, to - pageStart);
      });
      fs.counters.add('bytesZeroed', to - from);
      fs.rec.emit(
        'page.zero',
        { ino: page.ino, index, ranges: [[from - pageStart, to - pageStart]] },
        'zero the bytes in the page; the block is now dirty and will be written back',
      );
      entry.mapping.setRangeDirty(
        page,
        blockStart - pageStart,
        blockStart - pageStart + ss,
      );
      if (locked !== null) unlockExtent(fs, entry, locked);
      entry.mapping.setFlags(page, 0, PG.locked, 'unlock the page');
      releaseExtents(fs, entry.inode, ss);
      return ok(undefined);
    },
  );
}
