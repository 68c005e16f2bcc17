// xfs_iomap_prealloc_size (fs/xfs/xfs_iomap.c, 6.x): how far past EOF an extending buffered write reserves
// delalloc blocks in the data fork (speculative preallocation). Rule: pure; twice the contiguous extents
// before the write, throttled as free space runs low, never under m_allocsize_blocks once it applies.

import { MAX_EXTLEN, type ForkExtents } from './forkExtents.ts';

/** m_allocsize_log without the allocsize mount option: 64 KiB (XFS_DEFAULT_ALLOCSIZE_LOG = 16). */
export const ALLOCSIZE_BYTES = 64 * 1024;

export interface PreallocInput {
  readonly fork: ForkExtents;
  readonly blockSize: number;
  readonly isize: number;
  readonly offset: number;
  readonly count: number;
  /** m_fdblocks now, and the low-space throttle shift for it. */
  readonly freeBlocks: number;
  readonly lowSpaceShift: number;
}

const roundDownPow2 = (n: number) => 2 ** Math.floor(Math.log2(n));
const roundUpPow2 = (n: number) => 2 ** Math.ceil(Math.log2(n));

/**
 * The preallocation in blocks for a write at [offset, offset+count) that ends past i_size with no data-fork
 * extent at or after it. Measured on 6.18 (tracefs xfs_iomap_prealloc_size): a 4 KiB append to a file of
 * 64, 128 and 256 KiB written in one extent gave 32, 64 and 128 blocks; a file under 64 KiB gets none.
 * SIMPLIFICATION: no quota throttling, no stripe alignment (m_dalign is 0 on a loop device).
 */
export function preallocSize(input: PreallocInput): number {
  const { fork, blockSize: bs, isize, offset, count } = input;
  const allocsizeBlocks = ALLOCSIZE_BYTES / bs;
  if (offset + count <= isize) return 0;
  if (isize < ALLOCSIZE_BYTES) return 0;
  const offsetFsb = Math.floor(offset / bs);
  const before = fork.filter((e) => e.startoff < offsetFsb);
  const prev = before.at(-1);
  if (prev === undefined || prev.startoff + prev.blockcount < offsetFsb)
    return allocsizeBlocks;
  // Walk back over extents contiguous in the file and on disk (delalloc ones end the walk).
  let plen = prev.blockcount;
  let head = prev;
  for (let i = before.length - 2; i >= 0; i--) {
    const got = before[i];
    if (
      got === undefined ||
      plen > MAX_EXTLEN / 2 ||
      got.state === 'delalloc' ||
      head.state === 'delalloc' ||
      got.startoff + got.blockcount !== head.startoff ||
      got.startblock + got.blockcount !== head.startblock
    )
      break;
    plen += got.blockcount;
    head = got;
  }
  let alloc = plen * 2;
  if (alloc > MAX_EXTLEN) alloc = Math.ceil(offset / bs);
  alloc = Math.min(roundUpPow2(MAX_EXTLEN), alloc);
  if (input.lowSpaceShift > 0)
    alloc = Math.floor(alloc / 2 ** input.lowSpaceShift);
  if (alloc > 0) alloc = roundDownPow2(alloc);
  if (alloc > MAX_EXTLEN) alloc = MAX_EXTLEN;
  while (alloc > 0 && alloc >= input.freeBlocks) alloc = Math.floor(alloc / 16);
  return Math.max(alloc, allocsizeBlocks);
}

/**
 * Where the reservation ends with `prealloc` blocks (xfs_buffered_write_iomap_begin): the last byte of the
 * write rounded down to the 64 KiB allocation size, plus the preallocation; returns the extra blocks past
 * `endFsb`, the write's own end.
 */
export function preallocBeyond(
  prealloc: number,
  offset: number,
  count: number,
  endFsb: number,
  bs: number,
): number {
  if (prealloc === 0) return 0;
  const endOffset =
    Math.floor((offset + count - 1) / ALLOCSIZE_BYTES) * ALLOCSIZE_BYTES;
  const pEndFsb = Math.floor(endOffset / bs) + prealloc;
  return Math.max(0, pEndFsb - endFsb);
}
