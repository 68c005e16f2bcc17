// btrfs_inode_safe_disk_i_size_write on a NO_HOLES filesystem (mkfs's default since btrfs-progs 5.15, and
// this image format, which has no hole items): a gap without a file extent item is a hole, so disk_i_size
// simply follows i_size whenever the inode item is brought up to date (ordered-extent completion, truncate,
// fallocate, clone). Only filesystems without NO_HOLES keep a file_extent_tree that holds disk_i_size back
// to the range contiguous from offset 0; kernel 6.18 with the default mkfs records i_size past a gap of
// unwritten delalloc (see conformance).

import type { FsInode } from './fs.ts';

export function safeDiskIsize(entry: FsInode): number {
  return entry.inode.isize;
}
