// truncate(2) on XFS (xfs_setattr_size, fs/xfs/xfs_iops.c): growing zeroes the old EOF block's tail first;
// shrinking zeroes the new EOF block's tail (xfs_truncate_page), drops the page cache past the new size and
// unmaps every block past it from both forks (xfs_itruncate_extents, which cancels COW blocks too).
// Rule: after it, nothing past i_size can read back as anything but zeros.

import { ok, type Result } from '../core/errno.ts';
import { extentEnd } from './forkExtents.ts';
import type { XfsFile, XfsFs } from './fs.ts';
import { cancelCowBlocks, unmapDataBlocks } from './unmapRange.ts';
import { xfsZeroRange, zeroPastEof } from './zeroRange.ts';

/** The first file block past every extent of either fork (where "to the end of the file" stops). */
export function forksEnd(file: XfsFile): number {
  const ip = file.inode;
  const ends = [...ip.dataFork, ...(ip.cowFork ?? [])].map(extentEnd);
  return Math.max(0, ...ends);
}

/** Sets i_size to `newsize`. */
export function xfsSetattrSize(
  fs: XfsFs,
  file: XfsFile,
  newsize: number,
): Result<void> {
  const ip = file.inode;
  const old = ip.isize;
  return fs.rec.call(
    'xfs_setattr_size',
    () => `i_size ${String(old)} -> ${String(newsize)}`,
    () => {
      if (newsize > old) {
        const zeroed = zeroPastEof(fs, file, newsize);
        if (!zeroed.ok) return zeroed;
        ip.isize = newsize;
        return ok(undefined);
      }
      if (newsize === old) return ok(undefined);
      const bs = ip.blockSize;
      const firstGone = Math.ceil(newsize / bs);
      // xfs_truncate_page: the part of the new EOF block past the new size.
      const zeroed = xfsZeroRange(
        fs,
        file,
        newsize,
        Math.min(old, firstGone * bs),
      );
      if (!zeroed.ok) return zeroed;
      ip.isize = newsize;
      file.mapping.truncateRange(
        newsize,
        Math.max(old, forksEnd(file) * bs) + file.mapping.pageSize,
        'truncate_pagecache',
      );
      const end = forksEnd(file);
      unmapDataBlocks(fs, ip, firstGone, end);
      cancelCowBlocks(fs, ip, firstGone, end);
      return ok(undefined);
    },
  );
}
