// FICLONERANGE and FIDEDUPERANGE within one XFS file (xfs_file_remap_range: xfs_reflink_remap_prep, then
// xfs_reflink_remap_blocks): the destination's blocks are replaced by the source's written extents, whose
// reference counts grow — no data is copied. Rule: the source's holes and unwritten extents leave holes in
// the destination (both read as zeros); the file becomes a reflink inode.

import { remapChecks, type RemapArgs } from '../core/remapChecks.ts';
import { ok, type Result } from '../core/errno.ts';
import {
  extentEnd,
  insertExtent,
  trimExtent,
  type RealExtent,
} from './forkExtents.ts';
import type { XfsFile, XfsFs } from './fs.ts';
import { xfsReadRange } from './readFile.ts';
import { increaseRefcount } from './sharedBlocks.ts';
import { unmapDataBlocks } from './unmapRange.ts';
import { xfsWritepages } from './writeback.ts';
import { zeroPastEof } from './zeroRange.ts';

/**
 * Clones (or, with `dedupe`, dedupes when the bytes are equal) [srcOffset, +length) to `offset`; returns
 * the bytes remapped (0 when a dedupe finds the ranges differ).
 * SIMPLIFICATION: the whole file is written back where the kernel flushes the two ranges; the
 * destination's COW fork is left as it is (a later write through it remaps over the clone).
 */
export function xfsRemapRange(
  fs: XfsFs,
  file: XfsFile,
  args: RemapArgs,
  dedupe: boolean,
): Result<number> {
  const ip = file.inode;
  const bs = ip.blockSize;
  const checked = remapChecks(bs, ip.isize, args, dedupe);
  if (!checked.ok) return checked;
  const { len, blockLen } = checked.value;
  if (len === 0) return ok(0);
  const { srcOffset: src, offset: dst } = args;
  return fs.rec.call(
    dedupe ? 'xfs_reflink_remap_range (dedupe)' : 'xfs_reflink_remap_range',
    () =>
      `share [${String(src)}, +${String(len)}) at ${String(dst)}${dedupe ? ' if the bytes are equal' : ''}`,
    () => {
      // generic_remap_file_range_prep: both ranges reach the disk first.
      xfsWritepages(fs, file);
      if (dedupe) {
        const a = xfsReadRange(fs, file, src, len);
        const b = xfsReadRange(fs, file, dst, len);
        if (!a.every((byte, i) => byte === b[i])) return ok(0);
      }
      const oldSize = ip.isize;
      // xfs_reflink_zero_posteof: a destination past EOF first zeroes the old EOF block's tail.
      if (dst > oldSize) {
        const zeroed = zeroPastEof(fs, file, dst);
        if (!zeroed.ok) return zeroed;
        ip.isize = oldSize;
      }
      // xfs_flush_unmap_range over the destination (from the old EOF when it starts past it).
      xfsWritepages(fs, file);
      const unit = Math.max(bs, file.mapping.pageSize);
      const from = Math.min(dst, oldSize);
      file.mapping.truncateRange(
        Math.floor(from / unit) * unit,
        Math.ceil((dst + blockLen) / unit) * unit,
        'truncate_pagecache_range of the destination',
      );
      remapBlocks(fs, file, src / bs, dst / bs, blockLen / bs);
      if (dst + len > ip.isize) ip.isize = dst + len;
      return ok(len);
    },
  );
}

/** xfs_reflink_remap_blocks: file blocks [srcB, +count) are mapped again at dstB. */
function remapBlocks(
  fs: XfsFs,
  file: XfsFile,
  srcB: number,
  dstB: number,
  count: number,
): void {
  const ip = file.inode;
  const pieces: RealExtent[] = [];
  for (const e of ip.dataFork) {
    if (e.state !== 'written') continue;
    if (extentEnd(e) <= srcB || e.startoff >= srcB + count) continue;
    const start = Math.max(e.startoff, srcB);
    pieces.push(
      trimExtent(e, start, Math.min(extentEnd(e), srcB + count) - start),
    );
  }
  // References first: unmapping the destination must not free a block the source still maps.
  fs.rec.call(
    'xfs_refcount_increase_extent',
    () => `${String(pieces.length)} source extent(s) gain a reference`,
    () => {
      for (const p of pieces)
        fs.refcounts = increaseRefcount(
          fs.refcounts,
          p.startblock,
          p.blockcount,
        );
    },
  );
  unmapDataBlocks(fs, ip, dstB, dstB + count);
  ip.withIlock(() => {
    for (const p of pieces)
      ip.dataFork = insertExtent(ip.dataFork, {
        ...p,
        startoff: dstB + (p.startoff - srcB),
      });
    // xfs_reflink_set_inode_flag.
    ip.reflink = true;
    ip.initCowFork();
  });
}
