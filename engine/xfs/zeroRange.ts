// iomap_zero_range as XFS calls it (xfs_zero_range): bytes of a range that could read back as anything
// but zeros are overwritten with zeros through the buffered write path, so writeback puts the zeros on
// disk. Rule: holes, unwritten and clean-cached-over-hole blocks are skipped (they read as zeros already);
// only written blocks and blocks with dirty page-cache data are zeroed.

import { ok, type Result } from '../core/errno.ts';
import { UserBuffer } from '../iomap/userBuffer.ts';
import { lookupMapping } from './forkExtents.ts';
import type { XfsFile, XfsFs } from './fs.ts';
import { xfsFileBufferedWrite } from './writeOps.ts';

/** Whether block `b` may hold bytes other than zeros: written on disk, or dirty in the page cache. */
function mayHoldData(file: XfsFile, b: number): boolean {
  return (
    lookupMapping(file.inode.dataFork, b, b + 1).state === 'written' ||
    file.dirtyBlock(b)
  );
}

/**
 * Zeroes bytes [from, to) where they may hold data. Like the kernel's zeroing, a write that ends past
 * i_size moves it: callers that zero past EOF set the size they mean afterwards.
 * SIMPLIFICATION: no IOMAP_ZERO mapping of its own (the zeros take the ordinary buffered-write path, so a
 * shared block is zeroed through the COW fork as a write would be).
 */
export function xfsZeroRange(
  fs: XfsFs,
  file: XfsFile,
  from: number,
  to: number,
): Result<void> {
  if (to <= from) return ok(undefined);
  const bs = file.inode.blockSize;
  return fs.rec.call(
    'iomap_zero_range',
    () => `zero [${String(from)}, ${String(to)}) where it may hold data`,
    () => {
      let b = Math.floor(from / bs);
      while (b * bs < to) {
        if (!mayHoldData(file, b)) {
          b++;
          continue;
        }
        let last = b;
        while ((last + 1) * bs < to && mayHoldData(file, last + 1)) last++;
        const start = Math.max(from, b * bs);
        const end = Math.min(to, (last + 1) * bs);
        const len = end - start;
        const r = xfsFileBufferedWrite(
          {
            fs,
            entry: file,
            buf: new UserBuffer(len, new Uint8Array(len), 0),
            base: start,
          },
          start,
          len,
        );
        if (!r.ok) return r;
        b = last + 1;
      }
      return ok(undefined);
    },
  );
}

/**
 * xfs_file_write_checks / xfs_setattr_size / xfs_reflink_zero_posteof: before the file grows to `newEnd`,
 * the tail of the old EOF block, [i_size, the block's end), is zeroed where it may hold data. Leaves
 * i_size where the zeroing put it (at most the block's end); the caller sets the new size.
 */
export function zeroPastEof(
  fs: XfsFs,
  file: XfsFile,
  newEnd: number,
): Result<void> {
  const isize = file.inode.isize;
  const bs = file.inode.blockSize;
  const blockEnd = Math.ceil(isize / bs) * bs;
  return xfsZeroRange(fs, file, isize, Math.min(newEnd, blockEnd));
}
