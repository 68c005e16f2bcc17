// btrfs_buffered_iomap_begin / _end, the v1 series' port of btrfs_buffered_write onto iomap (patch 4/6):
// reserve data (or fall back to nocow), reserve metadata, lock the range, describe the mapping; at the
// end release what was not written, set the delalloc bits and unlock. Shared by every iomap design; the
// design decides only the mapping it reports (MappingDesign).

import { reserveWriteSpace } from './writeReservation.ts';
import { fail, ok, type Result } from '../core/errno.ts';
import { alignDown, alignUp } from '../core/units.ts';
import type { IterMaps } from '../iomap/bufferedWrite.ts';
import type { BtrfsWriteContext } from './writeContext.ts';
import type { IomapRec } from '../trace/records.ts';
import { clearExtentBits, setExtentBits } from './delallocHooks.ts';
import {
  lockAndCleanupExtent,
  unlockExtent,
  type LockedRange,
} from './extentLock.ts';
import type { Fs, FsInode } from './fs.ts';
import { EXTENT, EXTENT_DO_ACCOUNTING } from './ioTreeBits.ts';
import {
  releaseExtents,
  releaseMetadata,
  releaseSpace,
} from './reservations.ts';

export interface BtrfsIomapPrivate {
  readonly reservedBytes: number;
  readonly nocow: boolean;
  readonly locked: LockedRange | null;
  readonly v1Accounting: boolean;
}

export interface MappingDesign {
  /**
   * v1's accounting as posted: iomap->length = round_up(write_bytes, sectorsize) forgets the sector offset
   * of pos, and ->iomap_end releases round_down(reserved - written). The two errors cancel for the v1
   * design; a design that fixes the length must also release by dirtied sectors, as legacy btrfs does.
   */
  readonly v1Accounting: boolean;
  /** Builds the maps for a write at `pos` given the destination range [offset, offset + length). */
  map(
    ctx: BtrfsWriteContext,
    pos: number,
    writeBytes: number,
    offset: number,
    length: number,
  ): { iomap: IomapRec; srcmap: IomapRec | null };
}

export function btrfsBufferedIomapBegin(
  ctx: BtrfsWriteContext,
  pos: number,
  length: number,
  design: MappingDesign,
): Result<IterMaps<BtrfsIomapPrivate>> {
  const { fs, entry } = ctx;
  const ss = fs.geo.sectorSize;
  const sectorOffset = pos % ss;
  const reservation = reserveWriteSpace(fs, entry, pos, length);
  if (!reservation.ok)
    return fail(reservation.error.errno, reservation.error.message);
  const { writeBytes, reservedBytes, nocow } = reservation.value;
  let locked: LockedRange | null | 'EAGAIN';
  do {
    locked = lockAndCleanupExtent(fs, entry, pos, writeBytes);
  } while (locked === 'EAGAIN');
  const offset = alignDown(pos, ss);
  const iomapLength = design.v1Accounting
    ? alignUp(writeBytes, ss)
    : alignUp(writeBytes + sectorOffset, ss);
  const { iomap, srcmap } = design.map(
    ctx,
    pos,
    writeBytes,
    offset,
    iomapLength,
  );
  return ok({
    iomap,
    srcmap,
    private: {
      reservedBytes,
      nocow,
      locked,
      v1Accounting: design.v1Accounting,
    },
  });
}

export function btrfsBufferedIomapEnd(
  ctx: BtrfsWriteContext,
  pos: number,
  written: number,
  priv: BtrfsIomapPrivate,
): void {
  const { fs, entry } = ctx;
  const ss = fs.geo.sectorSize;
  const dirtied = written === 0 ? 0 : alignUp(written + (pos % ss), ss);
  const releaseBytes = priv.v1Accounting
    ? alignDown(priv.reservedBytes - written, ss)
    : priv.reservedBytes - dirtied;
  if (releaseBytes > 0) {
    if (priv.nocow)
      releaseMetadata(
        fs,
        entry.inode,
        releaseBytes,
        'the part of the nocow reservation that was not written',
      );
    else
      releaseSpace(
        fs,
        entry.inode,
        // Stryker disable next-line ArithmeticOperator: the position only aligns the release, and the count is whole sectors either way (qgroup ranges are not modelled)
        alignDown(pos + written, ss),
        releaseBytes,
        'the part of the reservation that was not written',
      );
  }
  const start = alignDown(pos, ss);
  const end = start + alignUp(written + pos - start, ss);
  if (written > 0) markDelalloc(fs, entry, start, end);
  if (priv.locked !== null) unlockExtent(fs, entry, priv.locked);
  if (priv.nocow && written > 0) {
    markNoreserve(fs, entry, start, alignUp(pos + written, ss));
  }
  releaseExtents(fs, entry.inode, priv.reservedBytes);
}

/** The nocow fallback wrote [start, end) with no data reservation: NORESERVE tells the hooks so. */
export function markNoreserve(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): void {
  setExtentBits(
    fs,
    entry,
    start,
    end,
    EXTENT.NORESERVE,
    'a nocow write: no data was reserved for this range',
  );
}

/** btrfs_dirty_pages' io-tree part: clear old accounting, find new bytes, set DELALLOC. */
export function markDelalloc(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): void {
  fs.rec.call(
    'btrfs_set_extent_delalloc',
    'the written sectors become delalloc',
    () => {
      clearExtentBits(
        fs,
        entry,
        start,
        end,
        EXTENT.DIRTY | EXTENT.DELALLOC | EXTENT_DO_ACCOUNTING | EXTENT.DEFRAG,
        'the range may already be delalloc: clear out the old accounting',
      );
      let extra = 0;
      if (start >= entry.inode.isize && !entry.inode.has('PREALLOC'))
        extra = EXTENT.DELALLOC_NEW;
      else findNewDelallocBytes(fs, entry, start, end);
      setExtentBits(
        fs,
        entry,
        start,
        end,
        EXTENT.DELALLOC | EXTENT.UPTODATE | extra,
        'btrfs_set_extent_delalloc',
      );
    },
  );
}

/** btrfs_find_new_delalloc_bytes: DELALLOC_NEW where btrfs_get_extent sees a hole. */
function findNewDelallocBytes(
  fs: Fs,
  entry: FsInode,
  start: number,
  end: number,
): void {
  for (let cursor = start; cursor < end;) {
    fs.counters.add('mappingLookups');
    // Stryker disable next-line ArithmeticOperator: a longer lookup only lengthens a hole's map, and stop clips it to end
    const em = entry.extents.lookup(cursor, end - cursor);
    const stop = Math.min(end, em.start + em.len);
    if (em.kind === 'hole')
      setExtentBits(
        fs,
        entry,
        cursor,
        stop,
        EXTENT.DELALLOC_NEW,
        'btrfs_find_new_delalloc_bytes: a hole, so these bytes are new',
      );
    cursor = stop;
  }
}
