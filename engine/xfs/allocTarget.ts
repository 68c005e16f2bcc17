// The block XFS aims an allocation at (xfs_bmap_btalloc_best_length's ap->blkno): the inode's own block,
// moved next to the fork's previous real extent by xfs_bmap_adjacent. Rule: pure; it only picks a target,
// the allocator (allocNear.ts) decides where the blocks really go.

import { extentEnd, type ForkExtents } from './forkExtents.ts';

/** The on-disk inode size mkfs.xfs 6.1 gives a v5 filesystem. */
export const INODE_SIZE = 512;

/** The first inode chunk (the root directory's, inodes 128..191) in bytes: agino 128 at 512 bytes each. */
export const ROOT_INODE_CHUNK = {
  offset: 128 * INODE_SIZE,
  length: 64 * INODE_SIZE,
};

/** XFS_INO_TO_FSB: the block holding inode `ino` (one allocation group: the agino is the inode number). */
export function inodeBlock(ino: number, blockSize: number): number {
  return Math.floor((ino * INODE_SIZE) / blockSize);
}

/** XFS_ALLOC_GAP_UNITS: how far (in multiples of the request) a gap may be and still be kept on disk. */
const GAP_UNITS = 4;

/**
 * The target for allocating `len` blocks at file block `off` of `fork` (xfs_bmap_adjacent as the
 * delalloc conversion calls it: not at EOF, and the extent after is the delalloc one being converted, so
 * only the previous extent counts). After a previous real extent: its end on disk, plus the file gap when
 * that gap is small against the request; else the inode's block.
 */
export function allocTarget(
  fork: ForkExtents,
  off: number,
  len: number,
  ino: number,
  blockSize: number,
): number {
  const prev = fork.filter((e) => e.startoff < off).at(-1);
  if (prev === undefined || prev.state === 'delalloc')
    return inodeBlock(ino, blockSize);
  const end = prev.startblock + prev.blockcount;
  const gap = off - extentEnd(prev);
  return gap <= GAP_UNITS * len ? end + gap : end;
}
