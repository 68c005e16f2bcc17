// Ordered extents, in-flight bios and the page flags that mirror them: each ordered extent owns its disk
// range (a reserved allocation for CoW, the item it overwrites for nocow/prealloc), bios and the
// Writeback/Ordered page bits agree with what is pending, and dirty blocks and DELALLOC cover each other.

import type { Fs, FsInode } from '../../btrfs/fs.ts';
import { EXTENT } from '../../btrfs/ioTreeBits.ts';
import type { OrderedExtent } from '../../btrfs/orderedTypes.ts';
import { PG } from '../../trace/records.ts';
import { rangesWith } from './delalloc.ts';
import {
  inodeLabel,
  overlaps,
  spansLabel,
  subtract,
  union,
  type Report,
  type Span,
} from './problems.ts';

function oeLabel(oe: OrderedExtent): string {
  return `${oe.type} ordered extent ${String(oe.id)} (inode ${String(oe.ino)} file [${String(oe.fileOffset)}, +${String(oe.numBytes)}) -> disk ${String(oe.diskBytenr)})`;
}

/** The disk address each file byte of `oe` maps to through the inode's items must be oe's own. */
function checkInPlace(entry: FsInode, oe: OrderedExtent, report: Report): void {
  const want = oe.type === 'prealloc' ? 'prealloc' : 'regular';
  const span = { start: oe.fileOffset, end: oe.fileOffset + oe.numBytes };
  const items = entry.extents.overlapping(span.start, span.end);
  const uncovered = subtract(
    [span],
    items.map((i) => ({ start: i.offset, end: i.offset + i.numBytes })),
  );
  if (uncovered.length > 0)
    report(
      'ordered-extent',
      `${oeLabel(oe)}: writes in place but no file extent item covers ${spansLabel(uncovered)}`,
    );
  for (const item of items) {
    const itemDisk = item.diskBytenr + item.extentOffset - item.offset;
    const oeDisk = oe.diskBytenr - oe.fileOffset;
    if (itemDisk !== oeDisk || item.type !== want)
      report(
        'ordered-extent',
        `${oeLabel(oe)}: the ${item.type} item at file ${String(item.offset)} maps it to disk ${String(item.diskBytenr + item.extentOffset + Math.max(0, oe.fileOffset - item.offset))}, expected a ${want} item mapping to ${String(oe.diskBytenr + Math.max(0, item.offset - oe.fileOffset))}`,
      );
  }
}

/** Each ordered extent: a known inode, aligned, its disk range accounted; none overlap within an inode. */
export function checkOrderedExtents(fs: Fs, report: Report): void {
  const ss = fs.geo.sectorSize;
  const reserved = new Map(fs.extentTree.reserved());
  const claimed = new Set<number>();
  for (const oe of fs.ordered.values()) {
    const entry = fs.inodes.get(oe.ino);
    if (entry === undefined) {
      report('ordered-extent', `${oeLabel(oe)}: no such inode`);
      continue;
    }
    if (
      oe.fileOffset % ss !== 0 ||
      oe.numBytes % ss !== 0 ||
      oe.numBytes <= 0 ||
      oe.diskBytenr % ss !== 0
    )
      report(
        'ordered-extent',
        `${oeLabel(oe)}: not a non-empty run of whole ${String(ss)}-byte sectors`,
      );
    if (oe.type === 'regular') {
      const len = reserved.get(oe.diskBytenr);
      if (len !== oe.diskNumBytes)
        report(
          'ordered-extent',
          `${oeLabel(oe)}: expected a reserved range of ${String(oe.diskNumBytes)} bytes at ${String(oe.diskBytenr)}, found ${len === undefined ? 'none' : String(len)}`,
        );
      else if (claimed.has(oe.diskBytenr))
        report(
          'ordered-extent',
          `${oeLabel(oe)}: another ordered extent already owns the reserved range at ${String(oe.diskBytenr)}`,
        );
      else claimed.add(oe.diskBytenr);
    } else checkInPlace(entry, oe, report);
  }
  for (const [at, len] of reserved)
    if (!claimed.has(at))
      report(
        'reserved-without-ordered',
        `reserved range ${fs.extentTree.nameOf(at)} [${String(at)}, +${String(len)}) belongs to no pending regular ordered extent`,
      );
  for (const entry of fs.inodes.values()) {
    const spans = [...fs.ordered.values()]
      .filter((o) => o.ino === entry.inode.ino)
      .map((o) => ({
        id: o.id,
        start: o.fileOffset,
        end: o.fileOffset + o.numBytes,
      }));
    for (const [a, b] of overlaps(spans))
      report(
        'ordered-overlap',
        `${inodeLabel(entry)}: ordered extents ${String(a.id)} and ${String(b.id)} overlap in the file`,
      );
  }
}

/** 'submitted' while a bio carries it, 'io_done' after; every bio carries known ordered extents. */
export function checkOrderedState(fs: Fs, report: Report): void {
  for (const bio of fs.inflight)
    for (const id of bio.orderedIds)
      if (!fs.ordered.has(id))
        report(
          'ordered-state',
          `in-flight bio at disk ${String(bio.bytenr)} (+${String(bio.length)}) carries ordered extent ${String(id)}, which no longer exists`,
        );
  for (const oe of fs.ordered.values()) {
    const bios = fs.inflight.filter((b) => b.orderedIds.includes(oe.id)).length;
    if ((oe.state === 'submitted') !== bios > 0)
      report(
        'ordered-state',
        `${oeLabel(oe)}: state ${oe.state} with ${String(bios)} bio(s) in flight`,
      );
  }
}

/** PG_dirty, PG_writeback and PG_ordered against the block bitmap, the bios and the ordered extents. */
export function checkPageFlags(fs: Fs, report: Report): void {
  const ps = fs.geo.pageSize;
  for (const entry of fs.inodes.values()) {
    const ino = entry.inode.ino;
    const inBio = new Set(
      fs.inflight.filter((b) => b.ino === ino).flatMap((b) => b.pages),
    );
    const ordered = [...fs.ordered.values()].filter((o) => o.ino === ino);
    for (const page of entry.mapping.all()) {
      const where = `${inodeLabel(entry)} page ${String(page.index)}`;
      const dirtyBlocks = page.dirty.some((b) => b === 1);
      if (page.has(PG.dirty) !== dirtyBlocks)
        report(
          'page-dirty',
          `${where}: PG_dirty is ${page.has(PG.dirty) ? 'set' : 'clear'} but its dirty block bitmap is ${page.dirty.join('')}`,
        );
      if (page.has(PG.writeback) !== inBio.has(page.index))
        report(
          'page-writeback',
          `${where}: PG_writeback is ${page.has(PG.writeback) ? 'set' : 'clear'} but ${inBio.has(page.index) ? 'an' : 'no'} in-flight bio covers it`,
        );
      const start = page.index * ps;
      const covered = ordered.some(
        (o) => o.fileOffset < start + ps && o.fileOffset + o.numBytes > start,
      );
      if (page.has(PG.ordered) !== covered)
        report(
          'page-ordered',
          `${where}: PG_ordered is ${page.has(PG.ordered) ? 'set' : 'clear'} but ${covered ? 'an' : 'no'} ordered extent covers it`,
        );
    }
  }
}

/**
 * Dirty blocks and DELALLOC cover the same sectors: btrfs_dirty_pages / iomap_end set DELALLOC over exactly
 * the sectors they dirty, and writeback cleans a page as it turns its delalloc into ordered extents. A
 * dirty block without DELALLOC would be written without an allocation (the fixup-worker case); DELALLOC
 * without a dirty block would never be written back and its reservation would leak.
 */
export function checkDirtyDelalloc(fs: Fs, report: Report): void {
  const ps = fs.geo.pageSize;
  const ss = fs.geo.sectorSize;
  for (const entry of fs.inodes.values()) {
    const dirty: Span[] = [];
    for (const page of entry.mapping.all())
      page.dirty.forEach((b, i) => {
        const start = page.index * ps + i * page.blockSize;
        if (b === 1) dirty.push({ start, end: start + page.blockSize });
      });
    const delalloc = union(rangesWith(entry, EXTENT.DELALLOC));
    const dirtySectors = union(dirty).map((s) => ({
      start: Math.floor(s.start / ss) * ss,
      end: Math.ceil(s.end / ss) * ss,
    }));
    const noDelalloc = subtract(dirtySectors, delalloc);
    if (noDelalloc.length > 0)
      report(
        'dirty-without-delalloc',
        `${inodeLabel(entry)}: dirty blocks over ${spansLabel(noDelalloc)} carry no DELALLOC`,
      );
    const noDirty = subtract(delalloc, dirtySectors);
    if (noDirty.length > 0)
      report(
        'delalloc-without-dirty',
        `${inodeLabel(entry)}: DELALLOC over ${spansLabel(noDirty)} but no dirty block there`,
      );
  }
}
