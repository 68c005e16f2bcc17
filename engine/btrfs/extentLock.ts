// Extent range locking for a write: lock_extent_bits over the sector-aligned range below i_size, and the
// ordered-extent check of lock_and_cleanup_extent_if_need (unlock, wait, -EAGAIN, retry).

import { alignDown, alignUp, shortSize } from '../core/units.ts';
import { clearExtentBits, setExtentBits } from './delallocHooks.ts';
import type { Fs, FsInode } from './fs.ts';
import { EXTENT } from './ioTreeBits.ts';
import { lookupOrderedRange, waitOrdered } from './ordered.ts';

export interface LockedRange {
  readonly start: number;
  readonly end: number;
}

export function lockExtent(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
  why: string,
): void {
  fs.counters.add('extentLockCycles');
  setExtentBits(
    fs,
    entry,
    start,
    end,
    EXTENT.LOCKED,
    `lock_extent_bits: ${why}`,
  );
}

export function unlockExtent(fs: Fs, entry: FsInode, range: LockedRange): void {
  clearExtentBits(
    fs,
    entry,
    range.start,
    range.end,
    EXTENT.LOCKED,
    'unlock_extent',
  );
}

/**
 * lock_and_cleanup_extent_if_need: below i_size, lock the range; if an ordered extent overlaps, unlock,
 * wait for it and report EAGAIN so the caller retries. Returns the locked range, null when nothing needed
 * locking (the write starts at or past EOF), or 'EAGAIN'.
 */
export function lockAndCleanupExtent(
  fs: Fs,
  entry: FsInode,
  pos: number,
  writeBytes: number,
  onUnlockPages?: () => void,
): LockedRange | null | 'EAGAIN' {
  const ss = fs.geo.sectorSize;
  const start = alignDown(pos, ss);
  const end = alignUp(pos + writeBytes, ss);
  return fs.rec.call(
    'lock_and_cleanup_extent_if_need',
    'keep writeback and ordered-extent completion off this range',
    () => {
      if (start >= entry.inode.isize) {
        fs.rec.emit(
          'btrfs.lock',
          { ino: entry.inode.ino, start, end: start },
          `no extent lock: the write starts at or past i_size (${shortSize(entry.inode.isize)})`,
        );
        return null;
      }
      lockExtent(
        fs,
        entry,
        start,
        end,
        'the write overlaps existing file data',
      );
      const ordered = lookupOrderedRange(fs, entry.inode.ino, start, end);
      if (ordered !== undefined) {
        unlockExtent(fs, entry, { start, end });
        onUnlockPages?.();
        waitOrdered(fs, ordered);
        fs.counters.add('eagainRetries');
        fs.rec.emit(
          'btrfs.eagain',
          {},
          '-EAGAIN: an ordered extent covered the range; retry now that it is finished',
        );
        return 'EAGAIN';
      }
      return { start, end };
    },
  );
}
