// struct xfs_inode as the model needs it: i_size, the data fork, the COW fork, the reflink flag, the
// cowextsize hint and the ILOCK. Rule: implements the iomap core's IomapInode; forks change only under
// the ILOCK (withIlock), so a test can count the lock cycles an ->iomap_begin takes.

import { InvariantError } from '../core/assert.ts';
import type { IomapInode } from '../iomap/host.ts';
import { EMPTY_FORK, type ForkExtents } from './forkExtents.ts';

/**
 * XFS_DEFAULT_COWEXTSZ_HINT (fs/xfs/xfs_inode.h): 32 blocks. mkfs.xfs -m reflink=1 (xfsprogs 6.1)
 * leaves every inode's fsxattr.cowextsize at 0 (checked with xfs_io -c cowextsize on a loop image), so
 * xfs_get_cowextsz_hint falls back to this: 128 KiB with 4 KiB blocks.
 */
export const DEFAULT_COWEXTSZ_HINT = 32;

export interface XfsInodeInit {
  readonly ino: number;
  readonly blockSize: number;
  readonly isize?: number;
  readonly dataFork?: ForkExtents;
  /** XFS_DIFLAG2_REFLINK: set once the inode has shared an extent (xfs_reflink_set_inode_flag). */
  readonly reflink?: boolean;
  /** i_cowextsize in blocks with XFS_DIFLAG2_COWEXTSIZE set; 0 or absent means "no hint on the inode". */
  readonly cowextsize?: number;
}

export class XfsInode implements IomapInode {
  readonly ino: number;
  readonly blockSize: number;
  isize: number;
  dataFork: ForkExtents;
  /** ip->i_cowfp; null until xfs_ifork_init_cow (a reflink inode always has one). */
  cowFork: ForkExtents | null;
  reflink: boolean;
  readonly cowextsize: number;
  /** i_delayed_blks: blocks reserved by delalloc extents in either fork. */
  delayedBlocks = 0;
  /** How many times the ILOCK was taken and dropped. */
  ilockCycles = 0;
  private ilockHeld = false;

  constructor(init: XfsInodeInit) {
    this.ino = init.ino;
    this.blockSize = init.blockSize;
    this.isize = init.isize ?? 0;
    this.dataFork = init.dataFork ?? EMPTY_FORK;
    this.reflink = init.reflink ?? false;
    this.cowFork = this.reflink ? EMPTY_FORK : null;
    this.cowextsize = init.cowextsize ?? 0;
  }

  /** iomap_write_end's i_size_write when the write ends past EOF. */
  extendTo(end: number): void {
    if (end > this.isize) this.isize = end;
  }

  /**
   * xfs_is_cow_inode: whether writes must look for sharing. SIMPLIFICATION: no always_cow debug mode, so
   * this is the reflink flag alone.
   */
  isCowInode(): boolean {
    return this.reflink;
  }

  /**
   * xfs_get_cowextsz_hint: the larger of the inode's COW hint and its extent size hint, or the default
   * when both are 0. SIMPLIFICATION: we model no extent size hint (xfs_get_extsz_hint is always 0, which
   * is also what keeps buffered writes on the delalloc path).
   */
  cowextszHint(): number {
    return this.cowextsize > 0 ? this.cowextsize : DEFAULT_COWEXTSZ_HINT;
  }

  /** xfs_ifork_init_cow: the COW fork exists from here on. */
  initCowFork(): ForkExtents {
    this.cowFork ??= EMPTY_FORK;
    return this.cowFork;
  }

  /** XFS_B_TO_FSBT: the block holding byte `pos`. */
  blockOf(pos: number): number {
    return Math.floor(pos / this.blockSize);
  }

  /** XFS_B_TO_FSB: the number of blocks up to and covering byte offset `end`. */
  blocksTo(end: number): number {
    return Math.ceil(end / this.blockSize);
  }

  /** xfs_ilock(XFS_ILOCK_EXCL) … xfs_iunlock: one cycle around `fn`; taking it twice is a deadlock. */
  withIlock<T>(fn: () => T): T {
    if (this.ilockHeld)
      throw new InvariantError(`ino ${String(this.ino)}: ILOCK taken twice`);
    this.ilockHeld = true;
    this.ilockCycles++;
    try {
      return fn();
    } finally {
      this.ilockHeld = false;
    }
  }
}
