// truncate(2) on btrfs (btrfs_setsize): growing zeroes the tail of the old EOF block and leaves a hole;
// shrinking drops the pages past the new EOF (their dirty data unwritten), writes back and waits for the
// new EOF block and what is already on its way to disk past it, and drops the file extent items
// (trimming the one that holds the new EOF). The same size takes the shrinking path without the
// writeback: it drops the items past EOF (a keep-size fallocate's).

import { ok, type Result } from '../core/errno.ts';
import { alignDown, alignUp, shortSize } from '../core/units.ts';
import { dropExtents } from './dropExtents.ts';
import { truncatePagecacheRange } from './invalidate.ts';
import type { Fs, FsInode } from './fs.ts';
import { safeDiskIsize } from './diskIsize.ts';
import { truncateBlock } from './truncateBlock.ts';
import { writepages } from './writeback.ts';
import { waitOnPageWriteback } from './ordered.ts';
import { PG } from '../trace/records.ts';

export function setSize(fs: Fs, entry: FsInode, newSize: number): Result<void> {
  const { inode } = entry;
  const oldSize = inode.isize;
  return fs.rec.call(
    'btrfs_setsize',
    `change i_size from ${shortSize(oldSize)} to ${shortSize(newSize)}`,
    () =>
      newSize > oldSize ? grow(fs, entry, newSize) : shrink(fs, entry, newSize),
  );
}

/**
 * btrfs_cont_expand on a NO_HOLES filesystem, before the file grows to `size`: zero the tail of the EOF
 * block through the page cache; the blocks from there to `size` become a hole. A regular extent can lie
 * there (written after a gap, then a power cut kept the older disk_i_size): its bytes must not appear.
 * SIMPLIFICATION: btrfs keeps such an item and hides it behind a hole extent map in memory; the engine,
 * which has no extent map cache, drops the item, as btrfs without NO_HOLES does (maybe_insert_hole).
 */
export function contExpand(fs: Fs, entry: FsInode, size: number): Result<void> {
  const ss = fs.geo.sectorSize;
  const holeStart = alignUp(entry.inode.isize, ss);
  const zeroed = zeroEofBlockTail(fs, entry, entry.inode.isize);
  if (!zeroed.ok) return zeroed;
  const holeEnd = alignUp(size, ss);
  for (const item of entry.extents.overlapping(holeStart, holeEnd)) {
    if (item.type !== 'regular') continue;
    const dropped = dropExtents(
      fs,
      entry,
      Math.max(holeStart, item.offset),
      Math.min(holeEnd, item.offset + item.numBytes),
    );
    entry.inode.update(() => {
      entry.inode.nbytes -= dropped;
    });
  }
  return ok(undefined);
}

/** Zeroes [size, end of its block). */
export function zeroEofBlockTail(
  fs: Fs,
  entry: FsInode,
  size: number,
): Result<void> {
  // An aligned size leaves an empty range, which truncateBlock returns from at once.
  return truncateBlock(fs, entry, size, alignUp(size, fs.geo.sectorSize));
}

function grow(fs: Fs, entry: FsInode, newSize: number): Result<void> {
  const { inode } = entry;
  const expanded = contExpand(fs, entry, newSize);
  if (!expanded.ok) return expanded;
  inode.update(() => {
    inode.isize = newSize;
    inode.diskIsize = safeDiskIsize(entry);
  });
  fs.rec.emit(
    'btrfs.inode',
    { ino: inode.ino },
    `i_size = disk_i_size = ${shortSize(newSize)}; the new range is a hole`,
  );
  return ok(undefined);
}

function shrink(fs: Fs, entry: FsInode, newSize: number): Result<void> {
  const { inode } = entry;
  const oldSize = inode.isize;
  const ss = fs.geo.sectorSize;
  // truncate_setsize: the pages past the new EOF wait for their writeback and leave the cache, their dirty
  // blocks past the EOF block with their delalloc reservations (btrfs_invalidate_folio): they are never
  // written (Linux 6.18: a 64 MiB file written, truncated to 4 KiB, then synced writes 364 KiB, metadata).
  // The EOF page keeps its blocks up to the new EOF; its bytes past it are zeroed in the cache only.
  const ps = fs.geo.pageSize;
  for (const page of entry.mapping.all())
    if ((page.index + 1) * ps > newSize && page.has(PG.writeback))
      waitOnPageWriteback(fs, inode.ino, page.index);
  inode.update(() => {
    inode.isize = newSize;
  });
  fs.rec.emit(
    'btrfs.inode',
    { ino: inode.ino },
    `truncate_setsize: i_size = ${shortSize(newSize)}`,
  );
  truncatePagecacheRange(
    fs,
    entry,
    newSize,
    Number.MAX_SAFE_INTEGER,
    'truncate_pagecache',
  );
  // btrfs_truncate: btrfs_wait_ordered_range from the block holding the new EOF, so nothing there or past
  // it is still on its way to disk when the items go. The dirty blocks below it stay dirty. A truncate to
  // the same size skips the wait and only drops what lies past EOF (a keep-size fallocate's extents:
  // Linux 6.18 frees them, measured on a loop image).
  if (newSize < oldSize)
    writepages(fs, entry, true, {
      start: alignDown(newSize, ss),
      end: Number.MAX_SAFE_INTEGER,
    });
  // btrfs_truncate_inode_items trims the extent holding the new EOF to whole blocks and drops the rest.
  // The EOF block's tail is not zeroed on disk: btrfs_truncate calls btrfs_truncate_block only for encoded
  // inline extents, which the engine does not model (Linux 6.18: a synced block keeps its old bytes past
  // the new EOF, in place). A read zeroes past i_size, and growing the file zeroes that tail first
  // (btrfs_cont_expand).
  const cut = alignUp(newSize, ss);
  fs.rec.call(
    'btrfs_truncate_inode_items',
    `drop the file extent items past ${shortSize(cut)}`,
    () => {
      const dropped = dropExtents(fs, entry, cut, Number.MAX_SAFE_INTEGER);
      inode.update(() => {
        inode.nbytes -= dropped;
        inode.diskIsize = newSize;
      });
      fs.rec.emit(
        'btrfs.inode',
        { ino: inode.ino },
        `disk_i_size = ${shortSize(newSize)}; ${shortSize(dropped)} of extents dropped`,
      );
    },
  );
  return ok(undefined);
}
