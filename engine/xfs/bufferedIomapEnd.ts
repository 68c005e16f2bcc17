// xfs_buffered_write_iomap_end (fs/xfs/xfs_iomap.c, 6.x): after a short write, give back the delalloc
// blocks this iteration reserved but did not write. Rule: only a NEW mapping is punched (blocks reserved
// by an earlier write are not ours to release), and never a block whose page-cache data is still dirty.

import type { IomapRec } from '../trace/records.ts';
import { punchDelalloc } from './forkExtents.ts';
import type { XfsSpace } from './freeSpace.ts';
import type { XfsInode } from './inode.ts';

/** What xfs_buffered_write_delalloc_punch released, for the trace. */
export interface Punched {
  readonly fork: 'data' | 'cow';
  /** The byte range iomap_write_delalloc_release scanned. */
  readonly start: number;
  readonly end: number;
  readonly blocks: number;
}

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;
const roundDown = (n: number, to: number) => Math.floor(n / to) * to;

/**
 * The iteration wrote `written` of the `length` bytes at `pos` under `iomap`. From the block after the last
 * written one (iomap_last_written_block; the write's first block when nothing was written) to the end of
 * the iteration, every delalloc block of the mapping's fork (the COW fork for IOMAP_F_SHARED) goes, unless
 * `dirtyBlock` says the page cache holds dirty data for it (iomap_write_delalloc_release keeps those).
 * SIMPLIFICATION: the kernel scans dirty folios with SEEK_DATA under the invalidate lock; we ask about
 * each block. No IOMAP_FAULT or IOMAP_ZERO callers.
 */
export function xfsBufferedWriteIomapEnd(
  ip: XfsInode,
  space: XfsSpace,
  iomap: IomapRec,
  pos: number,
  length: number,
  written: number,
  dirtyBlock: (fileBlock: number) => boolean,
): Punched | null {
  if (!iomap.flags.includes('NEW')) return null;
  const bs = ip.blockSize;
  const start = written > 0 ? roundUp(pos + written, bs) : roundDown(pos, bs);
  const end = roundUp(pos + length, bs);
  if (start >= end) return null;
  const which = iomap.flags.includes('SHARED') ? 'cow' : 'data';
  let blocks = 0;
  ip.withIlock(() => {
    for (let b = start / bs; b < end / bs; b++) {
      if (dirtyBlock(b)) continue;
      const fork = which === 'cow' ? ip.initCowFork() : ip.dataFork;
      const r = punchDelalloc(fork, b, 1);
      if (r.blocks === 0) continue;
      if (which === 'cow') ip.cowFork = r.fork;
      else ip.dataFork = r.fork;
      blocks += r.blocks;
    }
  });
  ip.delayedBlocks -= blocks;
  space.unreserveDelalloc(blocks);
  return { fork: which, start, end, blocks };
}
