// Reservations against the io tree (fs/btrfs/delalloc-space.c's "HOW DOES THIS WORK" lifecycle, as
// delallocHooks.ts models it): what the DELALLOC bits and the pending ordered extents say each counter
// must hold between operations, when no write holds a reservation of its own.

import { MAX_EXTENT_SIZE, type Fs, type FsInode } from '../../btrfs/fs.ts';
import { EXTENT } from '../../btrfs/ioTreeBits.ts';
import {
  inodeLabel,
  intersect,
  spanBytes,
  spansLabel,
  union,
  type Report,
  type Span,
} from './problems.ts';

/** io-tree ranges carrying every bit of `bits` and none of `without`. */
export function rangesWith(entry: FsInode, bits: number, without = 0): Span[] {
  return entry.ioTree
    .all()
    .filter((r) => (r.bits & bits) === bits && (r.bits & without) === 0)
    .map((r) => ({ start: r.start, end: r.end }));
}

function orderedOf(fs: Fs, entry: FsInode): { numBytes: number }[] {
  return [...fs.ordered.values()].filter((o) => o.ino === entry.inode.ino);
}

/** delalloc_bytes / new_delalloc_bytes == the bytes of the DELALLOC / DELALLOC_NEW ranges. */
export function checkDelallocBytes(fs: Fs, report: Report): void {
  const ss = fs.geo.sectorSize;
  for (const entry of fs.inodes.values()) {
    const { inode } = entry;
    const delalloc = rangesWith(entry, EXTENT.DELALLOC);
    const unaligned = delalloc.filter(
      (r) => r.start % ss !== 0 || r.end % ss !== 0,
    );
    if (unaligned.length > 0)
      report(
        'delalloc-accounting',
        `${inodeLabel(entry)}: DELALLOC ranges ${spansLabel(unaligned)} are not sector aligned (sector ${String(ss)})`,
      );
    const bytes = spanBytes(delalloc);
    if (inode.delallocBytes !== bytes)
      report(
        'delalloc-accounting',
        `${inodeLabel(entry)}: delalloc_bytes ${String(inode.delallocBytes)}, expected ${String(bytes)} (the DELALLOC ranges of its io tree)`,
      );
    const newBytes = spanBytes(rangesWith(entry, EXTENT.DELALLOC_NEW));
    if (inode.newDelallocBytes !== newBytes)
      report(
        'delalloc-accounting',
        `${inodeLabel(entry)}: new_delalloc_bytes ${String(inode.newDelallocBytes)}, expected ${String(newBytes)} (the DELALLOC_NEW ranges of its io tree)`,
      );
  }
}

/**
 * DELALLOC_NEW marks bytes over a hole (or past EOF), which st_blocks counts on top of nbytes until
 * completion inserts their file extent item and clears the bit. Over an existing item they count twice.
 */
export function checkDelallocNew(fs: Fs, report: Report): void {
  for (const entry of fs.inodes.values()) {
    const items = entry.extents
      .all()
      .map((i) => ({ start: i.offset, end: i.offset + i.numBytes }));
    const fresh = rangesWith(entry, EXTENT.DELALLOC_NEW);
    const over = intersect(fresh, items);
    if (over.length > 0)
      report(
        'delalloc-new-over-extent',
        `${inodeLabel(entry)}: DELALLOC_NEW over ${spansLabel(over)}, where file extent items exist (those bytes are already in nbytes)`,
      );
  }
}

/**
 * Data bytes_may_use == the DELALLOC bytes without NORESERVE over all inodes. A write reserves its
 * sector-aligned range and keeps exactly what it dirtied; re-dirtying frees the old reservation
 * (CLEAR_DATA_RESV); cow_file_range moves it to bytes_reserved and run_delalloc_nocow frees it as the
 * DELALLOC bits go. NORESERVE (the nocow fallback) reserved nothing, and fallback_to_cow adds it back only
 * to move it to bytes_reserved in the same step. Between operations nothing else may hold data may_use.
 */
export function checkDataMayUse(fs: Fs, report: Report): void {
  let expected = 0;
  const parts: string[] = [];
  for (const entry of fs.inodes.values()) {
    const bytes = spanBytes(
      rangesWith(entry, EXTENT.DELALLOC, EXTENT.NORESERVE),
    );
    expected += bytes;
    if (bytes > 0) parts.push(`${inodeLabel(entry)} ${String(bytes)}`);
  }
  if (fs.data.mayUse !== expected)
    report(
      'data-may-use',
      `data bytes_may_use ${String(fs.data.mayUse)}, expected ${String(expected)} (DELALLOC bytes without NORESERVE${parts.length > 0 ? `: ${parts.join(', ')}` : ''})`,
    );
}

/**
 * Per inode, between operations (no write holds its temporary extent):
 * - outstanding_extents = count_max_extents of each maximal DELALLOC run + one per pending ordered extent
 *   (set_delalloc +1 per new run, merges and splits adjust, add_ordered +1, clearing DELALLOC −1,
 *   remove_ordered −1). The model counts a run across ranges whose other bits differ as one.
 * - csum_bytes = DELALLOC bytes + the bytes of pending ordered extents (released at remove_ordered).
 * - the block reserve holds at most its size: every change of outstanding_extents or csum_bytes ends in
 *   btrfs_inode_rsv_release returning the excess. It may hold less: a delalloc run split into several
 *   ordered extents (nocow pieces, fallback_to_cow) grows the size and nothing refills it, as in btrfs.
 * - metadata bytes_may_use = the sum of the inodes' block reserves.
 */
export function checkMetadataLifecycle(fs: Fs, report: Report): void {
  let rsvTotal = 0;
  for (const entry of fs.inodes.values()) {
    const { inode } = entry;
    const runs = union(rangesWith(entry, EXTENT.DELALLOC));
    const runExtents = runs.reduce(
      (n, r) => n + Math.ceil((r.end - r.start) / MAX_EXTENT_SIZE),
      0,
    );
    const ordered = orderedOf(fs, entry);
    const expected = runExtents + ordered.length;
    if (inode.outstandingExtents !== expected)
      report(
        'outstanding-extents',
        `${inodeLabel(entry)}: outstanding_extents ${String(inode.outstandingExtents)}, expected ${String(expected)} (${String(runExtents)} for ${String(runs.length)} delalloc run(s) + ${String(ordered.length)} ordered extent(s))`,
      );
    const delallocBytes = spanBytes(runs);
    const orderedBytes = ordered.reduce((n, o) => n + o.numBytes, 0);
    // A NODATASUM inode counts no csum bytes (btrfs_delalloc_reserve_metadata).
    const csumBytes = inode.nodatasum ? 0 : delallocBytes + orderedBytes;
    if (inode.csumBytes !== csumBytes)
      report(
        'csum-bytes',
        `${inodeLabel(entry)}: csum_bytes ${String(inode.csumBytes)}, expected ${String(csumBytes)} (${inode.nodatasum ? 'NODATASUM: none' : `${String(delallocBytes)} delalloc + ${String(orderedBytes)} in ordered extents`})`,
      );
    if (inode.rsvReserved < 0 || inode.rsvReserved > inode.rsvSize)
      report(
        'meta-rsv',
        `${inodeLabel(entry)}: block reserve holds ${String(inode.rsvReserved)} bytes, expected 0 to its size ${String(inode.rsvSize)} (the excess goes back to bytes_may_use)`,
      );
    rsvTotal += inode.rsvReserved;
  }
  const globalRsv = fs.globalRsv.reserved;
  const delayedRefs = fs.delayedRefsRsv.reserved;
  const expected = rsvTotal + globalRsv + delayedRefs;
  if (fs.meta.mayUse !== expected)
    report(
      'meta-may-use',
      `metadata bytes_may_use ${String(fs.meta.mayUse)}, expected ${String(expected)} (the inodes' block reserves ${String(rsvTotal)} + the global reserve ${String(globalRsv)} + the delayed refs reserve ${String(delayedRefs)})`,
    );
  if (delayedRefs > fs.delayedRefsRsv.size)
    report(
      'meta-rsv',
      `the delayed refs reserve holds ${String(delayedRefs)} bytes, more than its size ${String(fs.delayedRefsRsv.size)}`,
    );
}
