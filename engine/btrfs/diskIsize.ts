// btrfs_inode_safe_disk_i_size_write: the i_size the inode item may record. It may not pass data that is
// still on its way to disk (delalloc, or an ordered extent not yet finished): after a crash, the file would
// show zeros there instead of the old contents. Everything else below i_size is either on disk or a hole.

import type { Fs, FsInode } from './fs.ts';
import { EXTENT } from './ioTreeBits.ts';

/** The largest safe disk_i_size, ignoring the ordered extent `finishing` (it is being recorded now). */
export function safeDiskIsize(
  fs: Fs,
  entry: FsInode,
  finishing?: number,
): number {
  const { inode } = entry;
  let limit = inode.isize;
  for (const r of entry.ioTree.find(
    inode.diskIsize,
    inode.isize,
    EXTENT.DELALLOC,
  ))
    limit = Math.min(limit, r.start);
  for (const oe of fs.ordered.values())
    if (
      oe.ino === inode.ino &&
      oe.id !== finishing &&
      oe.fileOffset + oe.numBytes > inode.diskIsize
    )
      limit = Math.min(limit, oe.fileOffset);
  return Math.max(inode.diskIsize, limit);
}
