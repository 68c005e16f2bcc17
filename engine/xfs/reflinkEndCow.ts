// xfs_reflink_end_cow (fs/xfs/xfs_reflink.c, 6.x): at I/O completion, the written COW-fork blocks replace
// the data fork's mapping. Rule: each old real extent under them loses one reference (freed when it was
// the last), the COW extent moves into the data fork written, and the COW fork no longer holds it.

import {
  extentEnd,
  insertExtent,
  punchRange,
  trimExtent,
  type RealExtent,
} from './forkExtents.ts';
import type { XfsFs } from './fs.ts';
import type { XfsInode } from './inode.ts';
import { decreaseRefcount } from './sharedBlocks.ts';

/**
 * Remaps the COW fork's written extents inside file blocks [off, end) into the data fork. COW blocks that
 * are still unwritten (the cowextsize reservation around the write) stay in the COW fork for later writes.
 * SIMPLIFICATION: one transaction for the whole range (the kernel takes one per extent), and the CoW
 * staging refcount records (domain XFS_REFC_DOMAIN_COW) are not kept, as no log recovery reads them.
 */
export function xfsReflinkEndCow(
  fs: XfsFs,
  ip: XfsInode,
  off: number,
  end: number,
): void {
  fs.rec.call(
    'xfs_reflink_end_cow',
    `remap the written COW blocks of [${String(off)}, ${String(end)}) into the data fork`,
    () => {
      const cow = ip.cowFork ?? [];
      const written = cow.filter(
        (e): e is RealExtent =>
          e.state === 'written' && e.startoff < end && extentEnd(e) > off,
      );
      for (const whole of written) {
        const start = Math.max(whole.startoff, off);
        const piece = trimExtent(
          whole,
          start,
          Math.min(extentEnd(whole), end) - start,
        );
        endCowExtent(fs, ip, piece);
      }
    },
  );
}

/** xfs_reflink_end_cow_extent: one COW extent's remap. */
function endCowExtent(fs: XfsFs, ip: XfsInode, piece: RealExtent): void {
  fs.rec.call(
    'xfs_reflink_end_cow_extent',
    () =>
      `file blocks [${String(piece.startoff)}, +${String(piece.blockcount)}) now live at disk block ${String(piece.startblock)}`,
    () => {
      ip.withIlock(() => {
        for (const old of ip.dataFork) {
          if (
            extentEnd(old) <= piece.startoff ||
            old.startoff >= extentEnd(piece)
          )
            continue;
          const start = Math.max(old.startoff, piece.startoff);
          const under = trimExtent(
            old,
            start,
            Math.min(extentEnd(old), extentEnd(piece)) - start,
          );
          if (under.state === 'delalloc') {
            // A data-fork reservation the write bypassed (the COW fork covered it: found_cow comes
            // first): xfs_bunmapi removes it and its blocks go back to fdblocks.
            fs.space.unreserveDelalloc(under.blockcount);
            ip.delayedBlocks -= under.blockcount;
            continue;
          }
          // xfs_bmap_unmap_extent + xfs_refcount_decrease_extent: drop this file's reference.
          fs.rec.call(
            'xfs_refcount_decrease_extent',
            () =>
              `disk blocks [${String(under.startblock)}, +${String(under.blockcount)}) lose this file's reference; blocks no one else holds are freed`,
            () => {
              const dropped = decreaseRefcount(
                fs.refcounts,
                under.startblock,
                under.blockcount,
              );
              fs.refcounts = dropped.records;
              for (const f of dropped.freed)
                fs.space.freeBlocks(f.startblock, f.blockcount);
            },
          );
        }
        ip.dataFork = insertExtent(
          punchRange(ip.dataFork, piece.startoff, piece.blockcount),
          piece,
        );
        ip.cowFork = punchRange(
          ip.initCowFork(),
          piece.startoff,
          piece.blockcount,
        );
      });
    },
  );
}
