// xfs_buffered_write_iomap_begin (fs/xfs/xfs_iomap.c, 6.x): the mapping and srcmap of one buffered-write
// iteration, decided under a single ILOCK cycle. Rule: data fork first, then the COW fork; a shared
// extent is never written in place — its blocks get a COW-fork delalloc reservation instead.

import { InvariantError } from '../core/assert.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import type { IomapRec } from '../trace/records.ts';
import { makeIomap, NULL_ADDR } from '../iomap/iomap.ts';
import {
  extentEnd,
  lookupExtent,
  trimExtent,
  type ForkExtent,
  type HoleExtent,
} from './forkExtents.ts';
import type { XfsSpace } from './freeSpace.ts';
import type { XfsInode } from './inode.ts';
import { preallocBeyond, preallocSize } from './preallocSize.ts';
import { reserveDelalloc, type DelallocRequest } from './reserveDelalloc.ts';
import { trimAroundShared, type RefcountRecords } from './sharedBlocks.ts';

/** What ->iomap_begin hands back, plus which fork it reserved in (for the trace and for ->iomap_end). */
export interface XfsWriteMaps {
  readonly iomap: IomapRec;
  /** null when the srcmap is left zeroed (a HOLE: "the same as iomap"). */
  readonly srcmap: IomapRec | null;
  /** The fork `iomap` describes. */
  readonly fork: 'data' | 'cow';
  /** The delalloc extent this call reserved, if any (the one IOMAP_F_NEW marks). */
  readonly reserved: ForkExtent | null;
}

/** What ->iomap_begin consults besides the inode: the refcount records and the free-space counters. */
export interface BeginEnv {
  readonly refcounts: RefcountRecords;
  readonly space: XfsSpace;
}

/** MAX_WRITEBACK_PAGES: how many pages one delalloc reservation in a hole may cover. */
const MAX_WRITEBACK_PAGES = 1024;

/** xfs_bmbt_to_iomap: an extent (or hole) in blocks to a struct iomap in bytes. */
export function bmbtToIomap(
  ip: XfsInode,
  e: ForkExtent | HoleExtent,
  flags: readonly string[],
): IomapRec {
  const bs = ip.blockSize;
  const offset = e.startoff * bs;
  const length = e.blockcount * bs;
  switch (e.state) {
    case 'hole':
      return makeIomap('HOLE', offset, length, NULL_ADDR, flags);
    case 'delalloc':
      return makeIomap('DELALLOC', offset, length, NULL_ADDR, flags);
    case 'unwritten':
      return makeIomap('UNWRITTEN', offset, length, e.startblock * bs, flags);
    case 'written':
      return makeIomap('MAPPED', offset, length, e.startblock * bs, flags);
  }
}

/**
 * The write of `count` bytes at `pos` into `ip`, whose written blocks are shared as `env.refcounts` says.
 * ENOSPC when fdblocks cannot cover the reservation (retried once without the preallocation).
 * SIMPLIFICATION: no IOMAP_F_DIRTY (it depends on a pinned inode log item), no IOMAP_ZERO/UNSHARE, and
 * no preallocation for a COW-fork reservation past EOF (the cowextsize alignment applies instead).
 */
export function xfsBufferedWriteIomapBegin(
  ip: XfsInode,
  env: BeginEnv,
  pos: number,
  count: number,
  pageSize: number,
): Result<XfsWriteMaps> {
  const offFsb = ip.blockOf(pos);
  const endFsb = ip.blocksTo(pos + count);
  return ip.withIlock(() => {
    const found = lookupExtent(ip.dataFork, offFsb);
    // eof (no data-fork extent at or after offFsb): a fake hole up to the end of the write.
    const imap: ForkExtent | HoleExtent = found ?? {
      state: 'hole',
      startoff: endFsb,
      blockcount: 0,
    };

    // The COW fork is searched even over a data-fork hole: a reservation there, shared or made by
    // the cowextsize alignment, is where this write goes.
    if (ip.isCowInode()) {
      const cmap = lookupExtent(ip.initCowFork(), offFsb);
      if (cmap !== undefined && cmap.startoff <= offFsb)
        return ok(foundCow(ip, offFsb, imap, cmap, []));
    }

    if (found !== undefined && found.startoff <= offFsb) {
      if (!ip.isCowInode()) return ok(foundImap(ip, found, [], null));
      // xfs_bmap_trim_cow: its own COW-fork check was the lookup above; what is left is the trim.
      const trimmed = trimAroundShared(
        env.refcounts,
        trimExtent(found, offFsb, endFsb - offFsb),
      );
      if (!trimmed.shared) return ok(foundImap(ip, trimmed.extent, [], null));
      // Fork every shared block from the write offset to the end of the shared run, aligned to the
      // cowextsize hint.
      const r = reserveIn(ip, env.space, 'cow', [
        {
          off: offFsb,
          len: extentEnd(trimmed.extent) - offFsb,
          extsz: ip.cowextszHint(),
        },
      ]);
      if (!r.ok) return r;
      return ok(foundCow(ip, offFsb, trimmed.extent, r.value, ['NEW']));
    }

    // A hole: delalloc in the data fork, at most MAX_WRITEBACK_PAGES pages, up to the next extent;
    // past EOF with no extent beyond, speculative preallocation too (retried without it on ENOSPC).
    const holeEnd = ip.blocksTo(
      pos + Math.min(count, MAX_WRITEBACK_PAGES * pageSize),
    );
    const exact: DelallocRequest = {
      off: offFsb,
      len: holeEnd - offFsb,
      extsz: 0,
    };
    const prealloc =
      found === undefined
        ? preallocBeyond(
            preallocSize({
              fork: ip.dataFork,
              blockSize: ip.blockSize,
              isize: ip.isize,
              offset: pos,
              count,
              freeBlocks: env.space.fdblocks,
              lowSpaceShift: env.space.lowSpaceShift(),
            }),
            pos,
            count,
            holeEnd,
            ip.blockSize,
          )
        : 0;
    const tries =
      prealloc > 0 ? [{ ...exact, len: exact.len + prealloc }, exact] : [exact];
    const r = reserveIn(ip, env.space, 'data', tries);
    if (!r.ok) return r;
    return ok(foundImap(ip, r.value, ['NEW'], r.value));
  });
}

/**
 * xfs_bmapi_reserve_delalloc with its fdblocks charge: the first request whose blocks are free is put in
 * the fork and charged to fdblocks and i_delayed_blks; ENOSPC when none fits.
 */
function reserveIn(
  ip: XfsInode,
  space: XfsSpace,
  fork: 'data' | 'cow',
  tries: readonly DelallocRequest[],
): Result<ForkExtent> {
  let last: Result<ForkExtent> | null = null;
  for (const req of tries) {
    const r = reserveDelalloc(
      fork === 'cow' ? ip.initCowFork() : ip.dataFork,
      req,
    );
    const charged = space.reserveDelalloc(r.extent.blockcount);
    if (!charged.ok) {
      last = fail(charged.error.errno, charged.error.message);
      continue;
    }
    if (fork === 'cow') ip.cowFork = r.fork;
    else ip.dataFork = r.fork;
    ip.delayedBlocks += r.extent.blockcount;
    return ok(r.extent);
  }
  if (last === null) throw new InvariantError('reserveIn: no request');
  return last;
}

function foundImap(
  ip: XfsInode,
  imap: ForkExtent,
  flags: readonly string[],
  reserved: ForkExtent | null,
): XfsWriteMaps {
  return {
    iomap: bmbtToIomap(ip, imap, flags),
    srcmap: null,
    fork: 'data',
    reserved,
  };
}

/**
 * found_cow: the COW-fork extent is the iomap (IOMAP_F_SHARED); the data-fork mapping under the write
 * offset is the srcmap the iomap core reads unaligned edges from. Over a data-fork hole there is no
 * srcmap, and the COW extent is clipped to end where the next data-fork extent begins.
 */
function foundCow(
  ip: XfsInode,
  offFsb: number,
  imap: ForkExtent | HoleExtent,
  cmap: ForkExtent,
  newFlag: readonly string[],
): XfsWriteMaps {
  const flags = [...newFlag, 'SHARED'];
  const reserved = newFlag.length > 0 ? cmap : null;
  if (imap.startoff <= offFsb) {
    return {
      iomap: bmbtToIomap(ip, cmap, flags),
      srcmap: bmbtToIomap(ip, imap, []),
      fork: 'cow',
      reserved,
    };
  }
  const clipped = trimExtent(cmap, offFsb, imap.startoff - offFsb);
  return {
    iomap: bmbtToIomap(ip, clipped, flags),
    srcmap: null,
    fork: 'cow',
    reserved,
  };
}
