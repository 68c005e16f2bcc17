// What must be empty once everything is written back and completed (the caller's promise): no pending
// I/O, no locks, no delalloc, no reservations; with a commit, nothing pinned either.

import type { Fs } from '../../btrfs/fs.ts';
import { EXTENT } from '../../btrfs/ioTreeBits.ts';
import { PG } from '../../trace/records.ts';
import { rangesWith } from './delalloc.ts';
import { inodeLabel, spansLabel, type Report } from './problems.ts';

export function checkNothingPending(fs: Fs, report: Report): void {
  for (const oe of fs.ordered.values())
    report(
      'ordered-left',
      `${oe.type} ordered extent ${String(oe.id)} (inode ${String(oe.ino)} file [${String(oe.fileOffset)}, +${String(oe.numBytes)}), ${oe.state}) is still pending`,
    );
  for (const bio of fs.inflight)
    report(
      'bio-inflight',
      `a bio of inode ${String(bio.ino)} at disk ${String(bio.bytenr)} (+${String(bio.length)}) is still in flight`,
    );
  for (const entry of fs.inodes.values()) {
    const locked = rangesWith(entry, EXTENT.LOCKED);
    if (locked.length > 0)
      report(
        'locked-range',
        `${inodeLabel(entry)}: io tree ranges ${spansLabel(locked)} are still LOCKED`,
      );
    for (const [bit, name] of [
      [EXTENT.DELALLOC, 'DELALLOC'],
      [EXTENT.DELALLOC_NEW, 'DELALLOC_NEW'],
    ] as const) {
      const left = rangesWith(entry, bit);
      if (left.length > 0)
        report(
          'delalloc-left',
          `${inodeLabel(entry)}: io tree ranges ${spansLabel(left)} are still ${name}`,
        );
    }
    for (const page of entry.mapping.all()) {
      const where = `${inodeLabel(entry)} page ${String(page.index)}`;
      if (page.has(PG.locked))
        report('locked-page', `${where} is still locked`);
      if (page.has(PG.writeback))
        report('writeback-page', `${where} is still under writeback`);
      if (page.has(PG.dirty) || page.dirty.some((b) => b === 1))
        report(
          'dirty-page',
          `${where} is still dirty (blocks ${page.dirty.join('')})`,
        );
    }
  }
}

export function checkNothingReserved(
  fs: Fs,
  committed: boolean,
  report: Report,
): void {
  // Metadata keeps the global block reserve in bytes_may_use for good, and the delayed refs reserve until
  // the delayed refs run (at the next commit).
  const metaHeld = fs.globalRsv.reserved + fs.delayedRefsRsv.reserved;
  for (const [s, held] of [
    [fs.data, 0],
    [fs.meta, metaHeld],
  ] as const)
    if (s.mayUse !== held)
      report(
        'leaked-may-use',
        `${s.kind} bytes_may_use is ${String(s.mayUse)} with nothing left to write, expected ${String(held)}${held > 0 ? ' (the global and delayed refs reserves)' : ''}`,
      );
  if (fs.data.reserved !== 0)
    report(
      'leaked-reserved',
      `data bytes_reserved is ${String(fs.data.reserved)} with no ordered extent pending, expected 0`,
    );
  for (const entry of fs.inodes.values()) {
    const { inode } = entry;
    if (inode.outstandingExtents !== 0)
      report(
        'outstanding-extents',
        `${inodeLabel(entry)}: outstanding_extents ${String(inode.outstandingExtents)}, expected 0`,
      );
    if (inode.csumBytes !== 0)
      report(
        'csum-bytes',
        `${inodeLabel(entry)}: csum_bytes ${String(inode.csumBytes)}, expected 0`,
      );
    if (inode.rsvReserved !== 0 || inode.rsvSize !== 0)
      report(
        'leaked-meta-rsv',
        `${inodeLabel(entry)}: block reserve size ${String(inode.rsvSize)}, reserved ${String(inode.rsvReserved)}, expected 0 and 0`,
      );
  }
  if (!committed) return;
  const pinned = fs.extentTree.pinned();
  if (fs.data.pinned !== 0 || pinned.length > 0)
    report(
      'leaked-pinned',
      `after a commit data bytes_pinned is ${String(fs.data.pinned)} and ${String(pinned.length)} range(s) are pinned (${pinned.map(([at, len]) => `[${String(at)}, +${String(len)})`).join(', ')}), expected none`,
    );
}
