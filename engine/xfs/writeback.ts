// XFS writeback (fs/xfs/xfs_aops.c, 6.x): iomap_writepages with xfs_map_blocks, delalloc conversion to real
// blocks, the data written, and I/O completion (xfs_end_ioend). Rule: a block is written where its COW-fork
// extent says if it has one, else where the data fork says; new blocks stay unwritten until their I/O ends.

import { InvariantError } from '../core/assert.ts';
import { shortSize } from '../core/units.ts';
import {
  extentEnd,
  insertExtent,
  lookupExtent,
  punchRange,
  trimExtent,
  type ForkExtent,
  type ForkExtents,
  type RealExtent,
} from './forkExtents.ts';
import { allocTarget } from './allocTarget.ts';
import type { XfsFile, XfsFs } from './fs.ts';
import type { XfsInode } from './inode.ts';
import { xfsReflinkEndCow } from './reflinkEndCow.ts';

/** One ioend: file blocks [startoff, +blockcount) written at [startblock, ...) through one fork. */
interface Ioend {
  readonly fork: 'data' | 'cow';
  readonly extent: RealExtent;
}

/** Writes back every dirty block of `file` and completes the I/O (fsync's filemap_write_and_wait). */
export function xfsWritepages(fs: XfsFs, file: XfsFile): void {
  const ip = file.inode;
  const bs = ip.blockSize;
  const dirty = dirtyBlocks(file);
  if (dirty.length === 0) return;
  fs.rec.call(
    'iomap_writepages',
    () =>
      `write back ${String(dirty.length)} dirty block(s) of ino ${String(ip.ino)}`,
    () => {
      const ioends: Ioend[] = [];
      for (const b of dirty) {
        const mapped = xfsMapBlocks(fs, ip, b);
        const one = trimExtent(mapped.extent, b, 1);
        const last = ioends.at(-1);
        if (
          last !== undefined &&
          last.fork === mapped.fork &&
          last.extent.state === one.state &&
          extentEnd(last.extent) === b &&
          last.extent.startblock + last.extent.blockcount === one.startblock
        )
          ioends[ioends.length - 1] = {
            fork: last.fork,
            extent: { ...last.extent, blockcount: last.extent.blockcount + 1 },
          };
        else ioends.push({ fork: mapped.fork, extent: one });
      }
      for (const io of ioends) submitIoend(fs, file, io, bs);
      for (const page of file.mapping.all())
        if (page.dirty.includes(1)) file.mapping.clearDirty(page);
      for (const io of ioends) endIoend(fs, ip, io);
    },
  );
}

/** File blocks whose page-cache data is dirty, in order. */
function dirtyBlocks(file: XfsFile): number[] {
  const out: number[] = [];
  const per = file.mapping.pageSize / file.inode.blockSize;
  for (const page of file.mapping.all())
    page.dirty.forEach((d, i) => {
      if (d === 1) out.push(page.index * per + i);
    });
  return out;
}

/**
 * xfs_map_blocks: the mapping that block `b` is written through — the COW fork's extent when one covers
 * it, else the data fork's — with a delalloc extent converted to real blocks first.
 */
function xfsMapBlocks(
  fs: XfsFs,
  ip: XfsInode,
  b: number,
): { fork: 'data' | 'cow'; extent: RealExtent } {
  return fs.rec.call(
    'xfs_map_blocks',
    () => `where does file block ${String(b)} go?`,
    () => {
      const cow = ip.cowFork === null ? undefined : covering(ip.cowFork, b);
      const fork: 'data' | 'cow' = cow !== undefined ? 'cow' : 'data';
      let got = cow ?? covering(ip.dataFork, b);
      if (got === undefined)
        throw new InvariantError(
          `xfs_map_blocks: dirty block ${String(b)} of ino ${String(ip.ino)} has no extent`,
        );
      if (got.state === 'delalloc') {
        convertDelalloc(fs, ip, fork, got);
        got = covering(fork === 'cow' ? ip.initCowFork() : ip.dataFork, b);
      }
      if (got === undefined || got.state === 'delalloc')
        throw new InvariantError(`xfs_map_blocks: block ${String(b)} unmapped`);
      return { fork, extent: got };
    },
  );
}

function covering(fork: ForkExtents, b: number): ForkExtent | undefined {
  const e = lookupExtent(fork, b);
  return e !== undefined && e.startoff <= b ? e : undefined;
}

/**
 * xfs_bmapi_convert_delalloc: the whole delalloc extent gets real blocks, as unwritten extents in either
 * fork (XFS_BMAPI_PREALLOC: stale disk contents must not show if the write never lands). Measured on 6.18:
 * a 1-block write into the S2 file's 32-block COW reservation allocated all 32 (xfs_map_blocks_alloc).
 */
function convertDelalloc(
  fs: XfsFs,
  ip: XfsInode,
  fork: 'data' | 'cow',
  del: ForkExtent,
): void {
  fs.rec.call(
    'xfs_bmapi_convert_delalloc',
    () =>
      `allocate disk blocks for the ${fork} fork's delalloc [${String(del.startoff)}, +${String(del.blockcount)})`,
    () => {
      ip.withIlock(() => {
        let list = punchRange(
          fork === 'cow' ? ip.initCowFork() : ip.dataFork,
          del.startoff,
          del.blockcount,
        );
        let near = allocTarget(
          list,
          del.startoff,
          del.blockcount,
          ip.ino,
          ip.blockSize,
        );
        for (let done = 0; done < del.blockcount;) {
          const got = fs.space.allocateDelalloc(del.blockcount - done, near);
          list = insertExtent(list, {
            state: 'unwritten',
            startoff: del.startoff + done,
            blockcount: got.blockcount,
            startblock: got.startblock,
          });
          done += got.blockcount;
          near = got.startblock + got.blockcount;
        }
        if (fork === 'cow') ip.cowFork = list;
        else ip.dataFork = list;
        ip.delayedBlocks -= del.blockcount;
      });
    },
  );
}

/** Sets the state of file blocks [extent) in a fork (xfs_bmapi_write's unwritten conversion). */
function setState(
  fork: ForkExtents,
  extent: RealExtent,
  state: RealExtent['state'],
): ForkExtents {
  return insertExtent(punchRange(fork, extent.startoff, extent.blockcount), {
    ...extent,
    state,
  });
}

/** The bio: xfs_reflink_convert_cow first for COW blocks (written before the I/O), then the data. */
function submitIoend(fs: XfsFs, file: XfsFile, io: Ioend, bs: number): void {
  const ip = file.inode;
  const { extent } = io;
  if (io.fork === 'cow')
    fs.rec.call(
      'xfs_reflink_convert_cow',
      'the COW blocks under this I/O become written extents of the COW fork',
      () => {
        ip.withIlock(() => {
          ip.cowFork = setState(ip.initCowFork(), extent, 'written');
        });
      },
    );
  const bytenr = extent.startblock * bs;
  const length = extent.blockcount * bs;
  const data = new Uint8Array(length);
  const ps = file.mapping.pageSize;
  for (let i = 0; i < extent.blockcount; i++) {
    const pos = (extent.startoff + i) * bs;
    const page = file.mapping.find(Math.floor(pos / ps));
    if (page !== undefined)
      data.set(page.data.subarray(pos % ps, (pos % ps) + bs), i * bs);
  }
  fs.device.write(bytenr, data);
  fs.rec.emit(
    'io.submit',
    { dir: 'write', bytenr, length },
    () =>
      `write ${shortSize(length)} of file offset ${shortSize(extent.startoff * bs)} to disk ${String(bytenr)} (${io.fork} fork)`,
  );
  fs.rec.advance(100);
  fs.rec.emit(
    'io.complete',
    { dir: 'write', bytenr, length },
    `the write of ${shortSize(length)} at disk ${String(bytenr)} completed`,
  );
}

/** xfs_end_ioend: COW blocks are remapped into the data fork; unwritten data-fork blocks become written. */
function endIoend(fs: XfsFs, ip: XfsInode, io: Ioend): void {
  const { extent } = io;
  fs.rec.call(
    'xfs_end_ioend',
    'the I/O is done: update the mapping it wrote through',
    () => {
      if (io.fork === 'cow') {
        xfsReflinkEndCow(fs, ip, extent.startoff, extentEnd(extent));
        return;
      }
      if (extent.state !== 'unwritten') return;
      fs.rec.call(
        'xfs_iomap_write_unwritten',
        'the written blocks are unwritten extents no longer',
        () => {
          ip.withIlock(() => {
            ip.dataFork = setState(ip.dataFork, extent, 'written');
          });
        },
      );
    },
  );
}
