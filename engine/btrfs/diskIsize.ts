// btrfs_inode_safe_disk_i_size_write: the i_size the inode item may record — at most the contiguous range
// from offset 0 that the file_extent_tree accounts for (items, and holes made on purpose). Data still on its
// way to disk past that point keeps disk_i_size behind, so a crash never shows bytes that never arrived.

import type { FsInode } from './fs.ts';

export function safeDiskIsize(entry: FsInode): number {
  return Math.min(entry.inode.isize, entry.extents.coverage.contiguousEnd());
}
