// Taking file blocks out of an XFS inode (xfs_bunmapi with its deferred frees, and
// xfs_reflink_cancel_cow_blocks for the COW fork): truncate, hole punching and a clone's destination all
// end here. Rule: a delalloc block gives its reservation back, a real data-fork block loses this file's
// reference (freed when it was the last), a real COW block is freed (it was never shared).

import { extentEnd, punchRange, trimExtent } from './forkExtents.ts';
import type { XfsFs } from './fs.ts';
import type { XfsInode } from './inode.ts';
import { decreaseRefcount } from './sharedBlocks.ts';

/** Whole file blocks [off, end) leave the data fork. */
export function unmapDataBlocks(
  fs: XfsFs,
  ip: XfsInode,
  off: number,
  end: number,
): void {
  if (end <= off) return;
  fs.rec.call(
    'xfs_bunmapi',
    () => `unmap file blocks [${String(off)}, ${String(end)}) of the data fork`,
    () => {
      ip.withIlock(() => {
        for (const whole of ip.dataFork) {
          if (extentEnd(whole) <= off || whole.startoff >= end) continue;
          const start = Math.max(whole.startoff, off);
          const e = trimExtent(
            whole,
            start,
            Math.min(extentEnd(whole), end) - start,
          );
          if (e.state === 'delalloc') {
            // xfs_bmap_del_extent_delay: the reserved blocks go back to fdblocks.
            fs.space.unreserveDelalloc(e.blockcount);
            ip.delayedBlocks -= e.blockcount;
            continue;
          }
          // xfs_bmap_del_extent_real -> xfs_refcount_decrease_extent / xfs_free_extent (deferred).
          const dropped = decreaseRefcount(
            fs.refcounts,
            e.startblock,
            e.blockcount,
          );
          fs.refcounts = dropped.records;
          for (const f of dropped.freed)
            fs.space.freeBlocks(f.startblock, f.blockcount);
        }
        ip.dataFork = punchRange(ip.dataFork, off, end - off);
      });
    },
  );
}

/** xfs_reflink_cancel_cow_blocks over file blocks [off, end): the COW fork forgets them. */
export function cancelCowBlocks(
  fs: XfsFs,
  ip: XfsInode,
  off: number,
  end: number,
): void {
  const cow = ip.cowFork;
  if (cow === null || end <= off) return;
  if (!cow.some((e) => extentEnd(e) > off && e.startoff < end)) return;
  fs.rec.call(
    'xfs_reflink_cancel_cow_blocks',
    () => `cancel the COW fork's blocks in [${String(off)}, ${String(end)})`,
    () => {
      ip.withIlock(() => {
        for (const whole of cow) {
          if (extentEnd(whole) <= off || whole.startoff >= end) continue;
          const start = Math.max(whole.startoff, off);
          const e = trimExtent(
            whole,
            start,
            Math.min(extentEnd(whole), end) - start,
          );
          if (e.state === 'delalloc') {
            fs.space.unreserveDelalloc(e.blockcount);
            ip.delayedBlocks -= e.blockcount;
          } else fs.space.freeBlocks(e.startblock, e.blockcount);
        }
        ip.cowFork = punchRange(cow, off, end - off);
      });
    },
  );
}
