// truncate_pagecache_range with btrfs_invalidatepage: before pages (or blocks of a page) leave the page
// cache, their delalloc state leaves the io tree with its reservations — dirty data that will never be
// written must not keep data and metadata space reserved.

import { alignDown, alignUp } from '../core/units.ts';
import { clearExtentBits } from './delallocHooks.ts';
import type { Fs, FsInode } from './fs.ts';
import { EXTENT, EXTENT_DO_ACCOUNTING } from './ioTreeBits.ts';

export function truncatePagecacheRange(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
  note: string,
): void {
  const ss = fs.geo.sectorSize;
  const from = alignUp(start, ss);
  const blockEnd = alignDown(end, ss);
  // An empty or inverted block range finds nothing.
  if (entry.ioTree.find(from, blockEnd, EXTENT.DELALLOC).length > 0)
    clearExtentBits(
      fs,
      entry,
      from,
      blockEnd,
      EXTENT.DELALLOC | EXTENT.DELALLOC_NEW | EXTENT_DO_ACCOUNTING,
      'btrfs_invalidatepage: the dirty data will never be written',
    );
  entry.mapping.truncateRange(start, end, note);
}
