// xfs_buffered_write_iomap_begin (fs/xfs/xfs_iomap.c, 6.x): the mapping and srcmap of one buffered-write
// iteration, decided under a single ILOCK cycle. Rule: data fork first, then the COW fork; a shared
// extent is never written in place — its blocks get a COW-fork delalloc reservation instead.

import type { IomapRec } from '../trace/records.ts';
import { makeIomap, NULL_ADDR } from '../iomap/iomap.ts';
import {
  extentEnd,
  lookupExtent,
  trimExtent,
  type ForkExtent,
  type HoleExtent,
} from './forkExtents.ts';
import type { XfsInode } from './inode.ts';
import { reserveDelalloc } from './reserveDelalloc.ts';
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
 * The write of `count` bytes at `pos` into `ip`, whose written blocks are shared as `refcounts` says.
 * SIMPLIFICATION: no speculative EOF preallocation in the data fork. The kernel (xfs_iomap_prealloc_size)
 * reserves none while i_size is under m_allocsize_blocks (64 KiB by default) and sizes it from the file
 * beyond that (measured on 6.18: a 4 KiB append to a 64 KiB or 128 KiB file left blocks to 192 KiB).
 * SIMPLIFICATION: no IOMAP_F_DIRTY (it depends on a pinned inode log item), no IOMAP_ZERO/UNSHARE.
 */
export function xfsBufferedWriteIomapBegin(
  ip: XfsInode,
  refcounts: RefcountRecords,
  pos: number,
  count: number,
  pageSize: number,
): XfsWriteMaps {
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
        return foundCow(ip, offFsb, imap, cmap, []);
    }

    if (found !== undefined && found.startoff <= offFsb) {
      if (!ip.isCowInode()) return foundImap(ip, found, [], null);
      // xfs_bmap_trim_cow: its own COW-fork check was the lookup above; what is left is the trim.
      const trimmed = trimAroundShared(
        refcounts,
        trimExtent(found, offFsb, endFsb - offFsb),
      );
      if (!trimmed.shared) return foundImap(ip, trimmed.extent, [], null);
      // Fork every shared block from the write offset to the end of the shared run. With no EOF
      // preallocation here, xfs_bmapi_reserve_delalloc always applies the cowextsize hint.
      const r = reserveDelalloc(ip.initCowFork(), {
        off: offFsb,
        len: extentEnd(trimmed.extent) - offFsb,
        extsz: ip.cowextszHint(),
      });
      ip.cowFork = r.fork;
      ip.delayedBlocks += r.extent.blockcount;
      return foundCow(ip, offFsb, trimmed.extent, r.extent, ['NEW']);
    }

    // A hole: delalloc in the data fork, at most MAX_WRITEBACK_PAGES pages, up to the next extent.
    const holeEnd = ip.blocksTo(
      pos + Math.min(count, MAX_WRITEBACK_PAGES * pageSize),
    );
    const r = reserveDelalloc(ip.dataFork, {
      off: offFsb,
      len: holeEnd - offFsb,
      extsz: 0,
    });
    ip.dataFork = r.fork;
    ip.delayedBlocks += r.extent.blockcount;
    return foundImap(ip, r.extent, ['NEW'], r.extent);
  });
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
